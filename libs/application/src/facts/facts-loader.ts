import {
  communityDecider, needDecider, notFound, organisationDecider, projectDecider, socialWorkerDecider, toCommunityFacts,
  toNeedFacts, toOrganisationFacts, toProjectFacts, toSocialWorkerFacts, volunteerDecider, type CommunityFacts, type NeedFacts,
  type OrganisationFacts, type ProjectFacts, type SocialWorkerFacts, type VolunteerAssignmentTarget,
} from '#domain';
import { AggregateStore } from '#event-store';
import type { ActingActor } from '../authority/authority.js';
import { readAccess, type ReadKind, type ReadRecord } from '../authority/read-access.js';
import type { AuthenticatedActor } from '../identity/actor.js';

const unknownCommunity = (communityId: string) => notFound('COMMUNITY_NOT_FOUND', `No community ${communityId}`, { communityId });
const unknownNeed = (needId: string) => notFound('NEED_NOT_FOUND', `No need ${needId}`, { needId });
const unknownProject = (projectId: string) => notFound('PROJECT_NOT_FOUND', `No project ${projectId}`, { projectId });

/**
 * Loads what a decision needs to know about OTHER aggregates, from their streams (not from read
 * models, which may lag), so rules like 7, 11 and 6 are checked against the latest facts.
 *
 * One loader is shared by the process (the service's own flows, which may load any record); it holds
 * nothing between calls. A command a person asks gets its own (`forOneCommand`), which answers a
 * community, need or project named by the caller's id that the person may not read (readAccess: the
 * same rule as the record's detail) exactly as an unknown id, before any rule looks at the record
 * (README "Who may do what"): no check, in the preparation or the decider, tells that it exists.
 */
export class FactsLoader {
  /** `reader`: the person a per-command loader loads for; undefined for the shared loader and the service's own processes. */
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly reader?: AuthenticatedActor,
  ) {}

  /** A loader for one command asked by `actor`: the records it names by id are the ones `actor` may read, or unknown. */
  forOneCommand(actor: ActingActor): FactsLoader {
    return new FactsLoader(this.aggregates, actor.role === 'system' ? undefined : (actor as AuthenticatedActor));
  }

  /** Throws the record's not-found (built only then) when the reader may not read it. */
  private readable(kind: ReadKind, record: ReadRecord, unknown: () => Error): void {
    if (this.reader !== undefined && !readAccess(this.reader, kind).sees(record)) throw unknown();
  }

  async community(communityId: string): Promise<CommunityFacts> {
    const { state, revision } = await this.aggregates.load(communityDecider, communityId);
    if (revision < 0) throw unknownCommunity(communityId);
    const facts = toCommunityFacts(state);
    this.readable('community', { area: facts.area }, () => unknownCommunity(communityId));
    return facts;
  }

  async organisation(organisationId: string): Promise<OrganisationFacts> {
    const { state, revision } = await this.aggregates.load(organisationDecider, organisationId);
    if (revision < 0) throw notFound('ORGANISATION_NOT_FOUND', `No organisation ${organisationId}`, { organisationId });
    return toOrganisationFacts(state);
  }

  async socialWorker(socialWorkerId: string): Promise<SocialWorkerFacts> {
    const { state, revision } = await this.aggregates.load(socialWorkerDecider, socialWorkerId);
    if (revision < 0) throw notFound('SOCIAL_WORKER_NOT_FOUND', `No social worker ${socialWorkerId}`, { socialWorkerId });
    return toSocialWorkerFacts(state);
  }

  /**
   * The organisation employing the social worker a token is linked to (claim `person`); null when the
   * person is no social worker (a volunteer) or has no employer. A reviewer's tie (公益创投 回避).
   */
  async employerOfPerson(personId: string | undefined): Promise<string | null> {
    if (personId === undefined) return null;
    const { state, revision } = await this.aggregates.load(socialWorkerDecider, personId);
    return revision < 0 ? null : toSocialWorkerFacts(state).employerOrganisationId;
  }

  async need(needId: string): Promise<NeedFacts> {
    const { state, revision } = await this.aggregates.load(needDecider, needId);
    if (revision < 0) throw unknownNeed(needId);
    const facts = toNeedFacts(state);
    this.readable('need', { area: facts.area }, () => unknownNeed(needId));
    return facts;
  }

  /** The organisation that made a bid on a project: the contractor an award would sign. */
  async bidderOf(projectId: string, bidId: string): Promise<OrganisationFacts> {
    const { state, revision } = await this.aggregates.load(projectDecider, projectId);
    if (revision < 0 || state.status === 'absent') throw notFound('PROJECT_NOT_FOUND', 'No such project', { projectId });
    const bid = state.bids.find((candidate) => candidate.bidId === bidId);
    if (!bid) throw notFound('BID_NOT_FOUND', 'No such bid on this project', { bidId });
    return this.organisation(bid.organisationId);
  }

  /**
   * The organisation that coordinates a volunteer's assignment: the contractor of the project it
   * serves; null for a need (the community's committee coordinates) or an unknown assignment.
   */
  async assignmentCoordinator(volunteerId: string, assignmentId: string): Promise<string | null> {
    const { state } = await this.aggregates.load(volunteerDecider, volunteerId);
    return this.coordinatorOf(state.status === 'absent' ? undefined : state.assignments[assignmentId]?.target);
  }

  /** The organisation that coordinates the assignment an hours entry was logged for (as assignmentCoordinator). */
  async hoursEntryCoordinator(volunteerId: string, entryId: string): Promise<string | null> {
    const { state } = await this.aggregates.load(volunteerDecider, volunteerId);
    return this.coordinatorOf(state.status === 'absent' ? undefined : state.hoursEntries[entryId]?.target);
  }

  /** The contractor of the project a volunteer serves; null for a need or nothing known. */
  private async coordinatorOf(target: VolunteerAssignmentTarget | undefined): Promise<string | null> {
    if (target?.kind !== 'project') return null;
    // A project the stored assignment names, not one the caller named: not checked against the reader.
    return (await this.projectFacts(target.projectId)).contractorOrganisationId;
  }

  /** A project named by the caller's id (a gift's target, a need's covering project). */
  async project(projectId: string): Promise<ProjectFacts> {
    const facts = await this.projectFacts(projectId);
    this.readable('project', { area: facts.area, contractorOrganisationId: facts.contractorOrganisationId }, () => unknownProject(projectId));
    return facts;
  }

  private async projectFacts(projectId: string): Promise<ProjectFacts> {
    const { state, revision } = await this.aggregates.load(projectDecider, projectId);
    if (revision < 0) throw unknownProject(projectId);
    return toProjectFacts(state);
  }
}
