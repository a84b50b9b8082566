import {
  type AnnounceAwardData, type AwardContractData, conflict, type DeliverServiceData, levelOutsideScope, type ProjectCommand, projectDecider, ruleBroken,
  type ProjectState, socialWorkerDecider, type SubmitBidData,
} from '#domain';
import type { CommandEnvelope, HandledCommand } from '#event-store';
import type { CommandService } from '../command-handling/command-service.js';
import { commandTable } from '../command-handling/command-table.js';
import { areaOfRecord } from '../authority/areas.js';
import { type AuthorityRule, checkAuthority, checkRole, creatorOf } from '../authority/authority.js';
import type { FactsLoader } from '../facts/facts-loader.js';
import type { ReportDrafts } from '../reports/report-drafts.js';
import type { StepOutcome, WorkflowLogger, WorkflowRunner } from '../workflows/index.js';

/** SubmitBid as a caller sends it: the bidder by id; the handler loads its standing (rules 7, 11). */
export type SubmitBidInput = { type: 'SubmitBid'; data: Omit<SubmitBidData, 'bidder'> & { organisationId: string } };
/** AwardContract as a caller sends it: the contractor is the bid's organisation, loaded by the handler. */
export type AwardContractInput = { type: 'AwardContract'; data: Omit<AwardContractData, 'contractor'> };
/** AnnounceAward as a caller sends it: the bidder is loaded, the standstill is the platform's setting. */
export type AnnounceAwardInput = { type: 'AnnounceAward'; data: Omit<AnnounceAwardData, 'bidder' | 'standstill'> };
/** AssignProjectStaff as a caller sends it: the social worker by id and the weekly hours reserved on them. */
export type AssignProjectStaffInput = { type: 'AssignProjectStaff'; data: { socialWorkerId: string; hoursPerWeek: number } };
/** DeliverService as a caller sends it: the community by id; the handler files the delivery in its area. */
export type DeliverServiceInput = { type: 'DeliverService'; data: Omit<DeliverServiceData, 'community'> & { communityId: string } };
export type ProjectCommandInput =
  | SubmitBidInput
  | AnnounceAwardInput
  | AwardContractInput
  | AssignProjectStaffInput
  | DeliverServiceInput
  | Exclude<ProjectCommand, { type: 'SubmitBid' | 'AnnounceAward' | 'AwardContract' | 'AssignProjectStaff' | 'DeliverService' }>;

/** A project answers listed, still open needs of its own area: anything else is a mistake in the design. */
const requireNeedsInArea = async (data: Extract<ProjectCommand, { type: 'DesignProject' }>['data'], facts: FactsLoader): Promise<void> => {
  const needs = await Promise.all([...new Set(data.needIds)].map((needId) => facts.need(needId)));
  for (const need of needs) {
    if (need.status === 'fulfilled') throw conflict('NEED_ALREADY_FULFILLED', 'The need is already fulfilled', { needId: need.needId });
    if (need.status === 'withdrawn') throw conflict('NEED_WITHDRAWN', 'The need was withdrawn', { needId: need.needId });
    const outside = levelOutsideScope(data.area, need.area);
    if (outside) {
      throw ruleBroken('NEED_OUTSIDE_PROJECT_AREA', 'A project answers needs of its own area', {
        needId: need.needId,
        level: outside,
        needArea: need.area,
        projectArea: data.area,
      });
    }
  }
};

const ofTheProject = (state: ProjectState) => areaOfRecord(state, (project) => project.area);

/** The buyer's side of a purchase: the civil-affairs office over the project's area. */
const byTheBureau: AuthorityRule<unknown, ProjectState> = { roles: ['civil_affairs_bureau'], area: (_command, { state }) => ofTheProject(state) };

/** The contract's organisation; a project without one (unknown, not yet bought) is the decider's to refuse, with its reason. */
const isContractor = (state: ProjectState, organisationId: string | undefined): boolean =>
  state.status === 'absent' || state.contract === null || (organisationId !== undefined && state.contract.organisationId === organisationId);

/**
 * The contractor's side: only the contracted organisation's staff, and its social workers for
 * deliveries and reports (rule 6: no one else delivers its service).
 */
const byTheContractor: AuthorityRule<unknown, ProjectState> = {
  roles: ['social_organisation', 'social_worker'],
  area: (_command, { state }) => ofTheProject(state),
  own: {
    social_organisation: (_command, { state }, actor) => isContractor(state, actor.organisationId),
    social_worker: (_command, { state }, actor) => isContractor(state, actor.organisationId),
  },
};

/**
 * 民生项目: designed, published, bid on (rules 7, 11), awarded and challenged (质疑), contracted (rules 4, 5), staffed (rules 1, 3, 6),
 * delivered, reported (rule 10), evaluated (rule 9). The facts of other aggregates each decision needs.
 */
export const projectCommands = commandTable<Exclude<ProjectCommandInput, AssignProjectStaffInput>>()(projectDecider, {
  DesignProject: async (data, { facts }) => {
    await requireNeedsInArea(data, facts);
    return { type: 'DesignProject', data };
  },
  SubmitBid: async ({ organisationId, ...bid }, { facts }) => ({ type: 'SubmitBid', data: { ...bid, bidder: await facts.organisation(organisationId) } }),
  AnnounceAward: async (data, { facts, settings }, projectId) => ({
    type: 'AnnounceAward', data: { ...data, bidder: await facts.bidderOf(projectId, data.bidId), standstill: settings.purchaseStandstill },
  }),
  // The contractor's facts carry the stations it holds: rule 5 is checked before anything is written.
  AwardContract: async (data, { facts }, projectId) => ({ type: 'AwardContract', data: { ...data, contractor: await facts.bidderOf(projectId, data.bidId) } }),
  DeliverService: async ({ communityId, ...delivery }, { facts }) => ({
    type: 'DeliverService', data: { ...delivery, community: await facts.community(communityId) },
  }),
}, {
  DesignProject: { roles: ['civil_affairs_bureau', 'community_committee'], area: ({ data }) => data.area },
  PublishProjectForPurchase: byTheBureau,
  CloseBidding: byTheBureau,
  AnnounceAward: byTheBureau,
  // 质疑: an organisation for itself; whether it bid in this purchase is the decider's (NOT_A_BIDDER).
  LodgeChallenge: {
    roles: ['social_organisation'],
    area: (_command, { state }) => ofTheProject(state),
    own: { social_organisation: ({ data }, _facts, actor) => data.organisationId === actor.organisationId },
  },
  AnswerChallenge: byTheBureau,
  AwardContract: byTheBureau,
  ConfirmStaffOnPost: byTheBureau,
  // Rule 9: the buyer evaluates; an organisation never evaluates its own contract.
  EvaluateContract: byTheBureau,
  TerminateContract: byTheBureau,
  CompleteProject: byTheBureau,
  SubmitBid: {
    roles: ['social_organisation'],
    area: (_command, { state }) => ofTheProject(state),
    own: { social_organisation: ({ data }, _facts, actor) => data.bidder.organisationId === actor.organisationId },
  },
  WithdrawBid: {
    roles: ['social_organisation'],
    area: (_command, { state }) => ofTheProject(state),
    own: {
      // An unknown bid is the decider's to answer (404); a known one only its bidder may withdraw.
      social_organisation: ({ data }, { state }, actor) => {
        const bid = state.status === 'absent' ? undefined : state.bids.find((candidate) => candidate.bidId === data.bidId);
        return bid === undefined || bid.organisationId === actor.organisationId;
      },
    },
  },
  AssignProjectStaff: { ...byTheContractor, roles: ['social_organisation'] },
  ReleaseProjectStaff: { ...byTheContractor, roles: ['social_organisation', 'civil_affairs_bureau'] },
  DeliverService: byTheContractor,
  FileReport: byTheContractor,
  // 好差评: residents rate the service, or their committee records the rating.
  RateService: { roles: ['resident', 'community_committee', 'civil_affairs_bureau'], area: (_command, { state }) => ofTheProject(state), overlaps: true },
});

/** The project's answer, with the global position of the last fact ANY touched stream got (read-your-writes). */
const reaching = (handled: HandledCommand, ...others: readonly (HandledCommand | null)[]): HandledCommand => ({
  ...handled,
  position: Math.max(handled.position, ...others.map((other) => other?.position ?? 0)),
});

/**
 * Runs project commands. A command that also changes another aggregate checks first, then writes:
 * the other aggregate's facts ride in the command (the contractor's stations for rule 5; the
 * project's contract for the worker's hours and rule 6), so a refusal stores nothing on any stream.
 * What follows on the other stream is a workflow's step (libs/domain/src/workflows): run here at
 * once so the answer includes it, and repeated durably by the projector until done, with the same
 * eventIds. A step refused in a race is compensated by the workflow, as a fact, never here.
 * - AwardContract: the project signs; the station-contract workflow records the station (rule 5).
 * - AssignProjectStaff: the social worker's hours are reserved, then the project takes them on;
 *   the project-staffing workflow repeats that step and releases the hours if the project refuses.
 * - ReleaseProjectStaff, and a contract that ends: the contract-ending workflow frees station and hours.
 */
export class ProjectCommands {
  constructor(
    private readonly commands: CommandService,
    private readonly facts: FactsLoader,
    private readonly workflows: WorkflowRunner,
    private readonly logger: Pick<WorkflowLogger, 'error'>,
    /** A filed report's figures are checked against the drafted ones. */
    private readonly reports: ReportDrafts,
  ) {}

  async handle(projectId: string, command: ProjectCommandInput, envelope: CommandEnvelope): Promise<HandledCommand> {
    // A retry answers its first attempt before any pre-check or step on another stream: the needs may
    // be fulfilled, or the station released, since; neither may change what already happened.
    const earlier = await this.commands.earlierAttempt(projectDecider, projectId, envelope);
    if (earlier) return earlier;
    switch (command.type) {
      case 'AssignProjectStaff':
        return this.assignStaff(projectId, command.data, envelope);
      case 'AwardContract':
        // A station the organisation may not take (rule 5) was refused before signing; a race is told here.
        return this.advanceWorkflows(await this.commands.handle(projectCommands, projectId, command, envelope), { surfaceRefusals: true });
      case 'ReleaseProjectStaff':
      case 'EvaluateContract':
      case 'TerminateContract':
      case 'CompleteProject':
        return this.advanceWorkflows(await this.commands.handle(projectCommands, projectId, command, envelope));
      case 'FileReport':
        // The facts' figures ride in the command (report-drafts.ts): the filed figures are checked and kept next to them.
        return this.commands.handle(projectCommands, projectId, { type: 'FileReport', data: await this.reports.withFiguresFromFacts(projectId, command.data) }, envelope);
      default:
        return this.commands.handle(projectCommands, projectId, command, envelope);
    }
  }

  private async assignStaff(projectId: string, data: AssignProjectStaffInput['data'], envelope: CommandEnvelope): Promise<HandledCommand> {
    const { socialWorkerId, hoursPerWeek } = data;
    checkRole(projectCommands.authority, 'AssignProjectStaff', envelope.actor);
    // Who may staff the project is checked before any hour is held on the worker: only its contractor.
    const { state, history } = await this.commands.load(projectDecider, projectId);
    const asked: ProjectCommand = { type: 'AssignProjectStaff', data: { socialWorker: await this.facts.socialWorker(socialWorkerId) } };
    checkAuthority(projectCommands.authority, asked, { state, createdBy: creatorOf(history) }, envelope.actor);
    // The project's facts go with the reservation: rule 6 and the contract in force are checked before any hour is held.
    const project = await this.facts.project(projectId);
    const reserved = await this.commands.execute(
      socialWorkerDecider,
      socialWorkerId,
      { type: 'AssignSocialWorker', data: { socialWorkerId, project, hoursPerWeek } },
      this.sideStep(envelope),
    );
    // The caller's own command, with its Idempotency-Key. Refused in a race (the contract ended since
    // the check), the refusal answers the caller and the project-staffing workflow releases the hours.
    const socialWorker = await this.facts.socialWorker(socialWorkerId);
    return reaching(await this.commands.decide(projectCommands, projectId, { type: 'AssignProjectStaff', data: { socialWorker } }, envelope), reserved);
  }

  /**
   * Runs at once the steps the workflows owe for the facts just stored, so the answer includes them.
   * The projector's workflow runner repeats them durably with the same eventIds: a failure here is
   * logged and finished there. A refused step was already compensated by its workflow; `surfaceRefusals`
   * tells the caller, whose command did not hold.
   */
  private async advanceWorkflows(handled: HandledCommand, options: { surfaceRefusals?: boolean } = {}): Promise<HandledCommand> {
    if (handled.replayed) return handled;
    const reached: HandledCommand[] = [];
    for (const event of handled.events) {
      let outcomes: StepOutcome[];
      try {
        outcomes = await this.workflows.advance(event);
      } catch (error) {
        this.logger.error({ err: String(error), streamId: handled.streamId, causationId: event.eventId }, `Workflow steps after ${event.type} left to the projector`);
        continue;
      }
      for (const outcome of outcomes) {
        if ('handled' in outcome) reached.push(outcome.handled);
        else if (options.surfaceRefusals) throw outcome.refused;
        else reached.push(...outcome.compensations);
      }
    }
    return reaching(handled, ...reached);
  }

  /**
   * A step on another stream within the same request: same correlation and actor. It carries no
   * Idempotency-Key: a replayed reservation would hide a compensation that ran after it, so these
   * steps rely on the domain's own idempotency (per projectId, release of what is not held).
   */
  private sideStep(envelope: CommandEnvelope): CommandEnvelope {
    return { correlationId: envelope.correlationId, causationId: envelope.causationId, actor: envelope.actor };
  }
}
