import { invalid, socialWorkerDecider, type RegisterSocialWorkerData, type SocialWorkerBase, type SocialWorkerCommand } from '#domain';
import { commandTable } from '../command-handling/command-table.js';
import type { FactsLoader } from '../facts/facts-loader.js';
import type { SocialWorkerState } from '#domain';
import { areaOfBase, areaOfRecord } from '../authority/areas.js';
import type { ActingActor, AuthorityFacts } from '../authority/authority.js';

/** Where a caller says the social worker is based: a community by id, or a district by its codes. */
export type SocialWorkerBaseInput = { level: 'community'; communityId: string } | { level: 'district'; city: string; district: string };
export type RegisterSocialWorkerInput = {
  type: 'RegisterSocialWorker';
  data: Omit<RegisterSocialWorkerData, 'base'> & { base: SocialWorkerBaseInput };
};
/**
 * What a caller may ask of a social worker. Assignment and release are absent on purpose: a worker
 * joins or leaves a project only through the project (AssignProjectStaff, ReleaseProjectStaff), which
 * reserves or frees the hours here, so both streams always tell the same story (rule 6 on every path).
 */
export type SocialWorkerCommandInput =
  | RegisterSocialWorkerInput
  | Exclude<SocialWorkerCommand, { type: 'RegisterSocialWorker' | 'AssignSocialWorker' | 'ReleaseSocialWorker' }>;

const baseOf = async (base: SocialWorkerBaseInput, facts: FactsLoader): Promise<SocialWorkerBase> => {
  if (base.level === 'community') return { level: 'community', area: (await facts.community(base.communityId)).area };
  const city = base.city.trim();
  const district = base.district.trim();
  if (city === '' || district === '') throw invalid('SOCIAL_WORKER_BASE_INVALID', 'A district base names its city and district');
  return { level: 'district', city, district };
};

/** An employer named must exist: a worker employed by nothing would skew rules 1 and 6 later. */
const requireEmployer = async (organisationId: string | null, facts: FactsLoader): Promise<void> => {
  if (organisationId !== null) await facts.organisation(organisationId);
};

const ofTheWorker = (state: SocialWorkerState) => areaOfRecord(state, (worker) => areaOfBase(worker.base));
/** An organisation's staff act for the workers it employs. */
const employs = ({ state }: AuthorityFacts<SocialWorkerState>, actor: ActingActor): boolean =>
  state.status !== 'absent' && actor.organisationId !== undefined && state.employerOrganisationId === actor.organisationId;

/** 社会工作者: registered under real name, certified, employed, deregistered. */
export const socialWorkerCommands = commandTable<SocialWorkerCommandInput>()(socialWorkerDecider, {
  RegisterSocialWorker: async ({ base, ...data }, { facts }) => {
    await requireEmployer(data.employerOrganisationId, facts);
    return { type: 'RegisterSocialWorker', data: { ...data, base: await baseOf(base, facts) } };
  },
  ChangeEmployer: async (data, { facts }) => {
    await requireEmployer(data.employerOrganisationId, facts);
    return { type: 'ChangeEmployer', data };
  },
}, {
  RegisterSocialWorker: {
    roles: ['civil_affairs_bureau', 'social_organisation'],
    area: ({ data }) => areaOfBase(data.base),
    own: { social_organisation: ({ data }, _facts, actor) => data.employerOrganisationId !== null && data.employerOrganisationId === actor.organisationId },
  },
  CertifySocialWorker: { roles: ['civil_affairs_bureau'], area: (_command, { state }) => ofTheWorker(state) },
  ChangeEmployer: {
    roles: ['civil_affairs_bureau', 'social_organisation'],
    area: (_command, { state }) => ofTheWorker(state),
    // Only the current employer lets a worker go (or moves her); hiring another's worker is the bureau's to record.
    own: { social_organisation: (_command, facts, actor) => employs(facts, actor) },
    ownHides: ['social_organisation'],
  },
  DeregisterSocialWorker: {
    roles: ['civil_affairs_bureau', 'social_organisation'],
    area: (_command, { state }) => ofTheWorker(state),
    own: { social_organisation: (_command, facts, actor) => employs(facts, actor) },
    ownHides: ['social_organisation'],
  },
  // Only the project's staffing flow and the contract-ending workflow move a worker's hours (rule 6).
  AssignSocialWorker: { roles: [], area: () => null },
  ReleaseSocialWorker: { roles: [], area: () => null },
});
