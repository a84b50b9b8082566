import { donationDecider, type DonationCommand, type DonationTarget, type MatchDonationData, type PledgeDonationData } from '#domain';
import { commandTable } from '../command-handling/command-table.js';
import type { FactsLoader } from '../facts/facts-loader.js';

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

/** 慈善资源: pledged, matched (rule 12), disbursed, receipted, refunded or expired. */
export const donationCommands = commandTable<DonationCommandInput>()(donationDecider, {
  PledgeDonation: async ({ communityId, ...data }, { facts }) => ({
    type: 'PledgeDonation', data: { ...data, area: (await facts.community(communityId)).area },
  }),
  MatchDonation: async ({ target, ...data }, { facts }) => ({ type: 'MatchDonation', data: { ...data, target: await targetOf(target, facts) } }),
});
