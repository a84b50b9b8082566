import { accountOf, isRecord, matchingPoolDecider, type MatchingPoolCommand, type MatchingPoolState } from '#domain';
import { areaOfRecord } from '../authority/areas.js';
import { commandTable } from '../command-handling/command-table.js';
import type { AuthorityRule } from '../authority/authority.js';

const areaOfPool = (state: MatchingPoolState) => areaOfRecord(state, (pool) => pool.area);
/** The pool's sponsor (the account that pledged it); an unknown pool is left to the decider (404 MATCHING_POOL_NOT_FOUND), as its area is. */
const sponsorOnly: AuthorityRule<unknown, MatchingPoolState>['own'] = {
  donor: (_command, { createdBy }, actor) => createdBy === null || createdBy === accountOf(actor),
};

/**
 * 配捐 (issue 13 item 2). A donor pledges its own pool, for an area inside its token's, and it alone
 * tops it up or closes it; gifts are told to the pool only by the matching-gifts policy (`system`):
 * no token matches or reverses a gift.
 */
export const matchingPoolCommands = commandTable<MatchingPoolCommand>()(matchingPoolDecider, {}, {
  // A body without an area is refused by the decider (AREA_INVALID); a partial one fails closed (OUTSIDE_YOUR_AREA).
  PledgeMatchingPool: { roles: ['donor'], area: ({ data }) => (isRecord(data.area) ? data.area : null) },
  MatchGift: { roles: [], area: (_command, { state }) => areaOfPool(state) },
  ReverseGiftMatch: { roles: [], area: (_command, { state }) => areaOfPool(state) },
  // Only the sponsor that pledged the pool (its account) raises or closes it.
  TopUpMatchingPool: { roles: ['donor'], area: (_command, { state }) => areaOfPool(state), own: sponsorOnly },
  CloseMatchingPool: { roles: ['donor'], area: (_command, { state }) => areaOfPool(state), own: sponsorOnly },
});
