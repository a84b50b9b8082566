import { describe, expect, it } from '@jest/globals';
import { actorFromClaims, areaWithin, claimsOfActor, envelopeActor, formatAreaPath, IdentityError, parseAreaPath, PERSON_ROLES } from './actor.js';

const claims = (extra: Record<string, unknown> = {}) => ({ iss: 'urn:wushe:embedded', sub: 'committee-1', role: 'community_committee', area: 'xiamen/siming/zhonghua/zhonghua-1', ...extra });
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as IdentityError).code;
  }
  return 'accepted';
};

describe('the actor of verified claims', () => {
  it('reads subject, role, area path, organisation and issuer', () => {
    expect(actorFromClaims(claims({ org: 'org-1' }))).toEqual({
      id: 'committee-1', role: 'community_committee', area: { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'zhonghua-1' }, organisationId: 'org-1', issuer: 'urn:wushe:embedded',
    });
  });

  it('refuses role system with ROLE_NOT_ALLOWED, and an unknown role, no area or a bad subject with TOKEN_INVALID', () => {
    expect(PERSON_ROLES).not.toContain('system');
    expect(codeOf(() => actorFromClaims(claims({ role: 'system' })))).toBe('ROLE_NOT_ALLOWED');
    for (const bad of [{ role: 'emperor' }, { role: undefined }, { area: undefined }, { area: '' }, { area: 'a//b' }, { area: 'a/b/c/d/e' }, { area: 'xia men' }, { sub: 'a b' }, { sub: 7 }, { iss: '' }, { org: 'x y' }]) {
      expect({ bad, code: codeOf(() => actorFromClaims(claims(bad))) }).toEqual({ bad, code: 'TOKEN_INVALID' });
    }
  });

  it('area paths round-trip, and an area lies within a scope that is its prefix', () => {
    for (const path of ['xiamen', 'xiamen/siming', 'xiamen/siming/zhonghua', 'xiamen/siming/zhonghua/zhonghua-1']) expect(formatAreaPath(parseAreaPath(path))).toBe(path);
    const community = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'zhonghua-1' };
    expect(areaWithin(community, { city: 'xiamen' })).toBe(true);
    expect(areaWithin(community, { city: 'xiamen', district: 'siming', street: 'zhonghua' })).toBe(true);
    expect(areaWithin(community, { city: 'xiamen', district: 'huli' })).toBe(false);
    expect(areaWithin({ city: 'xiamen' }, { city: 'xiamen', district: 'siming' })).toBe(false);
  });

  it('claimsOfActor is the inverse of actorFromClaims; the envelope records the whole identity', () => {
    const actor = actorFromClaims(claims({ org: 'org-1' }));
    expect(actorFromClaims({ ...claimsOfActor(actor), iss: actor.issuer })).toEqual(actor);
    expect(envelopeActor(actor)).toEqual({ id: 'committee-1', role: 'community_committee', area: actor.area, organisationId: 'org-1', issuer: 'urn:wushe:embedded' });
  });
});
