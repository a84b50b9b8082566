import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import { accountOf } from '../identity/actor.js';
import { donationCommands } from '../commands/donation.commands.js';
import { checkAuthority, creatorOf } from './authority.js';

const pledgedBy = (actor: { id: string; role: string; issuer?: string }) =>
  [{ eventId: 'e-1', type: 'DonationPledged', schemaVersion: 1, streamId: 'donation-d-1', revision: 0, position: 1, data: {}, metadata: { correlationId: 'c', causationId: null, actor, occurredAt: '2026-11-20T00:00:00.000Z' } }] as RecordedEvent[];

/** Ids from tokens are unique only per issuer: ownership compares issuer-qualified accounts. */
describe('whose record (issuer-qualified accounts)', () => {
  it('an account is <iss>#<sub>; facts stored before issuers were recorded keep the bare id', () => {
    expect(accountOf({ id: 'donor-1', issuer: 'https://sso.example' })).toBe('https://sso.example#donor-1');
    expect(accountOf({ id: 'donor-1' })).toBe('donor-1');
    expect(creatorOf(pledgedBy({ id: 'donor-1', role: 'donor', issuer: 'urn:wushe:embedded' }))).toBe('urn:wushe:embedded#donor-1');
  });

  it('the same subject from another issuer is another person: not its donation to refund', () => {
    const createdBy = creatorOf(pledgedBy({ id: 'donor-1', role: 'donor', issuer: 'urn:wushe:embedded' }));
    const command = { type: 'RefundDonation', data: { donationId: 'd-1', amountFen: 100, reason: '退款' } } as never;
    const state = { status: 'pledged', area: { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'z-1' } } as never;
    const attempt = (issuer: string) => () =>
      checkAuthority(donationCommands.authority, command, { state, createdBy }, { id: 'donor-1', role: 'donor', area: { city: 'xiamen' }, issuer });
    expect(attempt('urn:wushe:embedded')).not.toThrow();
    expect(attempt('https://sso.example')).toThrow(expect.objectContaining({ code: 'NOT_YOUR_RECORD' }));
  });
});
