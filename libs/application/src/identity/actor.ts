/**
 * Who is acting: the identity authentication vouches for, in the shape the command layer checks
 * authority against. Plain TypeScript: the HTTP layer extracts it from a verified bearer token, a
 * future CLI or import path from its own credentials; nothing here knows about either.
 */

/** Every role an actor may hold. `system` is the service's own policies: never a token's role. */
export const ACTOR_ROLES = [
  'community_committee',
  'civil_affairs_bureau',
  'social_organisation',
  'social_worker',
  'volunteer',
  'donor',
  'charity_base',
  'resident',
  /** Reads the indicators and lists of its area; asks nothing. */
  'analytics_reader',
  /** Reads everything in its area for an audit; asks nothing. */
  'auditor',
  'system',
] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** The roles a person (a token) may hold. */
export const PERSON_ROLES = ACTOR_ROLES.filter((role): role is Exclude<ActorRole, 'system'> => role !== 'system');
export type PersonRole = (typeof PERSON_ROLES)[number];

/** Administrative levels, broadest first (DOMAIN.md: city > district > street > community). */
export const AREA_SCOPE_LEVELS = ['city', 'district', 'street', 'community'] as const;

/**
 * The administrative area a role acts in: a path prefix of the tree. A city bureau has {city}, a
 * street office {city, district, street}, a committee all four. A level is present only when every
 * broader level is.
 */
export interface AreaScope {
  readonly city: string;
  readonly district?: string;
  readonly street?: string;
  readonly community?: string;
}

/** An authenticated person. Produced only from verified credentials (see actorFromClaims). */
export interface AuthenticatedActor {
  /** The token's subject (`sub`): stable per issuer. */
  readonly id: string;
  readonly role: PersonRole;
  readonly area: AreaScope;
  /** The organisation a social_organisation's staff member or a social worker acts for, when the token names one. */
  readonly organisationId?: string;
  /**
   * The volunteer or social worker record this account is (claim `person`: its volunteerId or
   * socialWorkerId), so a volunteer registered by its committee acts for itself. Set by the issuer
   * (the embedded token command's --person, or the OIDC provider's mapping), never by a request.
   */
  readonly personId?: string;
  /** The token's issuer (`iss`): the subject is unique only within it. */
  readonly issuer: string;
}

/** The issuer-qualified account key (`<iss>#<sub>`); defined beside the decisions that keep it (#domain). */
export { accountOf } from '#domain';

/** The custom claims a Wushe token carries besides iss, aud, sub, iat, exp. */
export const ACTOR_CLAIMS = {
  role: 'role',
  /** Area path, broadest first: `xiamen/siming/zhonghua/zhonghua-1`. */
  area: 'area',
  organisation: 'org',
  /** The volunteer or social worker record the account is (AuthenticatedActor.personId). */
  person: 'person',
} as const;

/** Why a set of verified claims does not make an actor. The HTTP layer maps codes to 401/403. */
export class IdentityError extends Error {
  constructor(
    readonly code: 'TOKEN_INVALID' | 'ROLE_NOT_ALLOWED',
    message: string,
  ) {
    super(message);
    this.name = 'IdentityError';
  }
}

const SUBJECT = /^[A-Za-z0-9._:@|-]{1,128}$/;
const ORGANISATION = /^[A-Za-z0-9._:-]{1,128}$/;
// One level's code: no separator, no whitespace or control characters, at most 64 characters (as the area DTOs).
const AREA_SEGMENT = /^[^/\s\p{Cc}]{1,64}$/u;

/** `xiamen/siming/zhonghua` -> { city: 'xiamen', district: 'siming', street: 'zhonghua' }. */
export const parseAreaPath = (path: unknown): AreaScope => {
  if (typeof path !== 'string' || path.length === 0) throw new IdentityError('TOKEN_INVALID', 'The token has no area (claim "area": a path such as xiamen/siming)');
  const segments = path.split('/');
  if (segments.length > AREA_SCOPE_LEVELS.length || !segments.every((segment) => AREA_SEGMENT.test(segment))) {
    throw new IdentityError('TOKEN_INVALID', 'The token\'s area must be city[/district[/street[/community]]], each level 1-64 characters without "/" or spaces');
  }
  const [city, district, street, community] = segments as [string, string?, string?, string?];
  return { city, ...(district ? { district } : {}), ...(street ? { street } : {}), ...(community ? { community } : {}) };
};

/** The inverse of parseAreaPath. */
export const formatAreaPath = (area: AreaScope): string =>
  AREA_SCOPE_LEVELS.map((level) => area[level]).filter((code): code is string => code !== undefined).join('/');

/** True when `area` lies inside `scope` (the scope is a prefix of the area's path). */
export const areaWithin = (area: Partial<AreaScope>, scope: AreaScope): boolean =>
  AREA_SCOPE_LEVELS.every((level) => scope[level] === undefined || scope[level] === area[level]);

/**
 * The actor a verified token's claims describe. The signature, issuer, audience and lifetime are
 * checked before this (by the verifier); this checks what the claims say.
 */
export const actorFromClaims = (claims: Readonly<Record<string, unknown>>): AuthenticatedActor => {
  const { sub, iss } = claims;
  if (typeof sub !== 'string' || !SUBJECT.test(sub)) throw new IdentityError('TOKEN_INVALID', 'The token\'s subject (sub) must be 1-128 characters of [A-Za-z0-9._:@|-]');
  if (typeof iss !== 'string' || iss.length === 0) throw new IdentityError('TOKEN_INVALID', 'The token has no issuer (iss)');
  const role = claims[ACTOR_CLAIMS.role];
  if (role === 'system') throw new IdentityError('ROLE_NOT_ALLOWED', 'The role system belongs to the service\'s own policies; no token may claim it');
  if (typeof role !== 'string' || !(PERSON_ROLES as readonly string[]).includes(role)) {
    throw new IdentityError('TOKEN_INVALID', `The token's role must be one of ${PERSON_ROLES.join(', ')}`);
  }
  const area = parseAreaPath(claims[ACTOR_CLAIMS.area]);
  const organisationId = claims[ACTOR_CLAIMS.organisation];
  if (organisationId !== undefined && (typeof organisationId !== 'string' || !ORGANISATION.test(organisationId))) {
    throw new IdentityError('TOKEN_INVALID', 'The token\'s organisation (org) must be 1-128 characters of [A-Za-z0-9._:-]');
  }
  const personId = claims[ACTOR_CLAIMS.person];
  if (personId !== undefined && (typeof personId !== 'string' || !ORGANISATION.test(personId))) {
    throw new IdentityError('TOKEN_INVALID', 'The token\'s person (person) must be 1-128 characters of [A-Za-z0-9._:-]');
  }
  return { id: sub, role: role as PersonRole, area, ...(organisationId ? { organisationId } : {}), ...(personId ? { personId } : {}), issuer: iss };
};

/** The claims to sign for an actor (the embedded issuer and the token command use it). */
export const claimsOfActor = (actor: Omit<AuthenticatedActor, 'issuer'>): Record<string, string> => ({
  sub: actor.id,
  [ACTOR_CLAIMS.role]: actor.role,
  [ACTOR_CLAIMS.area]: formatAreaPath(actor.area),
  ...(actor.organisationId ? { [ACTOR_CLAIMS.organisation]: actor.organisationId } : {}),
  ...(actor.personId ? { [ACTOR_CLAIMS.person]: actor.personId } : {}),
});

/** What a command's envelope (and so every event's metadata) records of the actor: the audit trail. */
export const envelopeActor = (actor: AuthenticatedActor) => ({
  id: actor.id,
  role: actor.role,
  area: { ...actor.area },
  ...(actor.organisationId ? { organisationId: actor.organisationId } : {}),
  ...(actor.personId ? { personId: actor.personId } : {}),
  issuer: actor.issuer,
});
