import { donationDecider, type DonationCommand, type DonationTarget, type MatchDonationData, type PledgeDonationData } from '#domain';
import { commandTable } from '../command-handling/command-table.js';
import type { FactsLoader } from '../facts/facts-loader.js';
import type { DonationState } from '#domain';
import { areaOfRecord } from '../authority/areas.js';
import type { AuthorityRule } from '../authority/authority.js';
import { accountOf } from '../identity/actor.js';

/** PledgeDonation as a caller sends it: the community by id; the donation is placed in its area. */
export type PledgeDonationInput = { type: 'PledgeDonation'; data: Omit<PledgeDonationData, 'area'> & { communityId: string } };
/**
 * MatchDonation as a caller sends it: the need or project by kind and id. The target's category
 * and area are read from its stream, so the earmark (rule 12) is checked against facts, never
 * against what a client claims.
 */
export type MatchDonationInput = {
  type: 'MatchDonation';
  data: Omit<MatchDonationData, 'target'> & { target: { kind: DonationTarget['kind']; id: string } };
};
export type DonationCommandInput = PledgeDonationInput | MatchDonationInput | Exclude<DonationCommand, { type: 'PledgeDonation' | 'MatchDonation' }>;

const targetOf = async ({ kind, id }: MatchDonationInput['data']['target'], facts: FactsLoader): Promise<DonationTarget> => {
  if (kind === 'need') {
    const need = await facts.need(id);
    return { kind: 'need', needId: need.needId, category: need.category, area: need.area };
  }
  const project = await facts.project(id);
  return { kind: 'project', projectId: project.projectId, categories: project.categories, area: project.area };
};

const areaOfDonation = (state: DonationState) => areaOfRecord(state, (donation) => donation.area);


/**
 * A donor (or resident) acts only on its own donations, the ones it pledged; the charity base and
 * the civil-affairs office manage the donations of their area; `others` may act too, in their area.
 */
const ofTheDonation = (others: AuthorityRule<unknown, DonationState>['roles']): AuthorityRule<unknown, DonationState> => ({
  roles: ['donor', 'resident', 'charity_base', 'civil_affairs_bureau', ...others],
  area: (_command, { state }) => areaOfDonation(state),
  own: {
    donor: (_command, { createdBy }, actor) => createdBy === accountOf(actor),
    resident: (_command, { createdBy }, actor) => createdBy === accountOf(actor),
  },
});

/** 慈善资源: pledged, matched (rule 12), disbursed, receipted, refunded or expired. */
export const donationCommands = commandTable<DonationCommandInput>()(donationDecider, {
  PledgeDonation: async ({ communityId, ...data }, { facts }) => ({
    type: 'PledgeDonation', data: { ...data, area: (await facts.community(communityId)).area },
  }),
  MatchDonation: async ({ target, ...data }, { facts }) => ({ type: 'MatchDonation', data: { ...data, target: await targetOf(target, facts) } }),
}, {
  PledgeDonation: { roles: ['donor', 'resident', 'charity_base', 'civil_affairs_bureau'], area: ({ data }) => data.area },
  // A committee may take a donation for a need of its own community (accepting the matcher's proposal).
  MatchDonation: {
    ...ofTheDonation(['community_committee']),
    area: ({ data }, facts) => (data.target.kind === 'need' ? data.target.area : areaOfDonation(facts.state)),
    // A charity base or office spends only the donations of its own area, whatever the target's.
    alsoWithin: { charity_base: (_command, { state }) => areaOfDonation(state), civil_affairs_bureau: (_command, { state }) => areaOfDonation(state) },
  },
  ReleaseDonationMatch: ofTheDonation([]),
  DisburseDonation: ofTheDonation([]),
  ReceiptDonation: { roles: ['charity_base', 'civil_affairs_bureau'], area: (_command, { state }) => areaOfDonation(state) },
  RefundDonation: ofTheDonation([]),
  ExpireDonation: { roles: ['charity_base', 'civil_affairs_bureau'], area: (_command, { state }) => areaOfDonation(state) },
});
