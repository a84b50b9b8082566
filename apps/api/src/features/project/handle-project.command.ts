import { Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type AwardContractData, conflict, type DeliverServiceData, DomainError, levelOutsideScope, notFound, organisationDecider, type ProjectCommand, projectDecider, ruleBroken,
  socialWorkerDecider, type SubmitBidData,
} from '#domain';
import { type CommandEnvelope, type HandledCommand, IdempotencyKeyReusedError, WrongExpectedRevisionError } from '#event-store';
import { CommandExecutor } from '../../infrastructure/command-executor.js';
import { FactsLoader } from '#application';

/** SubmitBid as a caller sends it: the bidder by id; the handler loads its standing (rules 7, 11). */
export type SubmitBidInput = { type: 'SubmitBid'; data: Omit<SubmitBidData, 'bidder'> & { organisationId: string } };
/** AwardContract as a caller sends it: the contractor is the bid's organisation, loaded by the handler. */
export type AwardContractInput = { type: 'AwardContract'; data: Omit<AwardContractData, 'contractor'> };
/** AssignProjectStaff as a caller sends it: the social worker by id and the weekly hours reserved on them. */
export type AssignProjectStaffInput = { type: 'AssignProjectStaff'; data: { socialWorkerId: string; hoursPerWeek: number } };
/** DeliverService as a caller sends it: the community by id; the handler files the delivery in its area. */
export type DeliverServiceInput = { type: 'DeliverService'; data: Omit<DeliverServiceData, 'community'> & { communityId: string } };
export type ProjectCommandInput =
  | SubmitBidInput
  | AwardContractInput
  | AssignProjectStaffInput
  | DeliverServiceInput
  | Exclude<ProjectCommand, { type: 'SubmitBid' | 'AwardContract' | 'AssignProjectStaff' | 'DeliverService' }>;

export class HandleProjectCommand extends Command<HandledCommand> {
  constructor(
    readonly projectId: string,
    readonly command: ProjectCommandInput,
    readonly envelope: CommandEnvelope,
  ) {
    super();
  }
}

/** Refusals where the project stream certainly stored nothing: only then is a reservation undone. */
const isRefusal = (error: unknown): boolean =>
  error instanceof DomainError || error instanceof WrongExpectedRevisionError || error instanceof IdempotencyKeyReusedError;

/** The stable code of a refusal, for the compensating event's reason. */
const reasonOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'refused';
};

/** The project's answer, with the global position of the last fact ANY touched stream got (read-your-writes). */
const reaching = (handled: HandledCommand, ...others: readonly (HandledCommand | null)[]): HandledCommand => ({
  ...handled,
  position: Math.max(handled.position, ...others.map((other) => other?.position ?? 0)),
});

/**
 * Runs project commands. Commands that change another aggregate too go stream by stream (each
 * stream is its own consistency boundary): the other stream is reserved FIRST, then the project
 * decides; if the project refuses, the reservation this request made is compensated.
 * - AwardContract of a social-work station: organisation RecordStationContract (rule 5) first.
 * - AssignProjectStaff: social worker AssignSocialWorker (40 h a week cap) first.
 * - ReleaseProjectStaff, and a contract that ends (terminated, evaluated unqualified, completed):
 *   the project first, then the releases, which are idempotent, so a durable policy may repeat them.
 */
@CommandHandler(HandleProjectCommand)
export class HandleProjectCommandHandler implements ICommandHandler<HandleProjectCommand> {
  private readonly logger = new Logger('HandleProjectCommand');

  constructor(
    private readonly executor: CommandExecutor,
    private readonly facts: FactsLoader,
  ) {}

  async execute({ projectId, command, envelope }: HandleProjectCommand): Promise<HandledCommand> {
    // A retry answers its first attempt before any pre-check or step on another stream: the needs may
    // be fulfilled, or the station released, since; neither may change what already happened.
    const earlier = await this.executor.earlierAttempt(projectDecider, projectId, envelope);
    if (earlier) return earlier;
    switch (command.type) {
      case 'DesignProject':
        await this.requireNeedsInArea(command.data);
        return this.onProject(projectId, command, envelope);
      case 'SubmitBid': {
        const { organisationId, ...bid } = command.data;
        const bidder = await this.facts.organisation(organisationId);
        return this.onProject(projectId, { type: 'SubmitBid', data: { ...bid, bidder } }, envelope);
      }
      case 'AwardContract':
        return this.awardContract(projectId, command.data, envelope);
      case 'DeliverService': {
        const { communityId, ...delivery } = command.data;
        const community = await this.facts.community(communityId);
        return this.onProject(projectId, { type: 'DeliverService', data: { ...delivery, community } }, envelope);
      }
      case 'AssignProjectStaff':
        return this.assignStaff(projectId, command.data, envelope);
      case 'ReleaseProjectStaff': {
        const handled = await this.onProject(projectId, command, envelope);
        const { socialWorkerId, reason } = command.data;
        const released = await this.followUp(handled, 'release social worker', (causation) =>
          this.executor.execute(socialWorkerDecider, socialWorkerId, { type: 'ReleaseSocialWorker', data: { socialWorkerId, projectId, reason } }, causation),
        );
        return reaching(handled, released);
      }
      case 'EvaluateContract':
      case 'TerminateContract':
      case 'CompleteProject':
        return this.mayEndContract(projectId, command, envelope);
      default:
        return this.onProject(projectId, command, envelope);
    }
  }

  private onProject(projectId: string, command: ProjectCommand, envelope: CommandEnvelope): Promise<HandledCommand> {
    return this.executor.execute(projectDecider, projectId, command, envelope);
  }

  /** A project answers listed, still open needs of its own area: anything else is a mistake in the design. */
  private async requireNeedsInArea(data: Extract<ProjectCommand, { type: 'DesignProject' }>['data']): Promise<void> {
    const needs = await Promise.all([...new Set(data.needIds)].map((needId) => this.facts.need(needId)));
    for (const need of needs) {
      if (need.status === 'fulfilled') throw conflict('NEED_ALREADY_FULFILLED', 'The need is already fulfilled', { needId: need.needId });
      if (need.status === 'withdrawn') throw conflict('NEED_WITHDRAWN', 'The need was withdrawn', { needId: need.needId });
      const outside = levelOutsideScope(data.area, need.area);
      if (outside) {
        throw ruleBroken('NEED_OUTSIDE_PROJECT_AREA', "A project answers needs of its own area", {
          needId: need.needId,
          level: outside,
          needArea: need.area,
          projectArea: data.area,
        });
      }
    }
  }

  private async awardContract(projectId: string, data: AwardContractInput['data'], envelope: CommandEnvelope): Promise<HandledCommand> {
    const { state } = await this.executor.load(projectDecider, projectId);
    if (state.status === 'absent') throw notFound('PROJECT_NOT_FOUND', 'No such project', { projectId });
    const bid = state.bids.find((candidate) => candidate.bidId === data.bidId);
    if (!bid) throw notFound('BID_NOT_FOUND', 'No such bid on this project', { bidId: data.bidId });
    const contractor = await this.facts.organisation(bid.organisationId);
    const award: ProjectCommand = { type: 'AwardContract', data: { ...data, contractor } };
    if (state.kind !== 'social_work_station' || state.stationLevel === null) return this.onProject(projectId, award, envelope);

    const organisationId = contractor.organisationId;
    // Rule 5 lives on the organisation stream: hold the station there before the project signs.
    const reserved = await this.executor.execute(
      organisationDecider,
      organisationId,
      { type: 'RecordStationContract', data: { organisationId, projectId, district: state.area.district, stationLevel: state.stationLevel } },
      this.sideStep(envelope),
    );
    try {
      return reaching(await this.onProject(projectId, award, envelope), reserved);
    } catch (error) {
      // Only what this request recorded is undone: a station held before stays held.
      if (reserved.events.length > 0 && isRefusal(error)) {
        await this.compensate(error, 'release station contract', () =>
          this.executor.execute(
            organisationDecider,
            organisationId,
            { type: 'ReleaseStationContract', data: { organisationId, projectId, reason: `contract not awarded: ${reasonOf(error)}` } },
            this.sideStep(envelope),
          ),
        );
      }
      throw error;
    }
  }

  private async assignStaff(projectId: string, data: AssignProjectStaffInput['data'], envelope: CommandEnvelope): Promise<HandledCommand> {
    const { socialWorkerId, hoursPerWeek } = data;
    // The project's facts go with the reservation: rule 6 and the contract in force are checked before any hour is held.
    const project = await this.facts.project(projectId);
    const before = await this.executor.load(socialWorkerDecider, socialWorkerId);
    if (before.state.status === 'absent') {
      throw notFound('SOCIAL_WORKER_NOT_FOUND', `No social worker ${socialWorkerId}`, { socialWorkerId });
    }
    const previousHours = before.state.assignments[projectId];

    const reserved = await this.executor.execute(
      socialWorkerDecider,
      socialWorkerId,
      { type: 'AssignSocialWorker', data: { socialWorkerId, project, hoursPerWeek } },
      this.sideStep(envelope),
    );
    try {
      // Fresh facts: the reservation above is the latest word on the social worker.
      const socialWorker = await this.facts.socialWorker(socialWorkerId);
      return reaching(await this.onProject(projectId, { type: 'AssignProjectStaff', data: { socialWorker } }, envelope), reserved);
    } catch (error) {
      if (reserved.events.length > 0 && isRefusal(error)) {
        const reason = `project staff not assigned: ${reasonOf(error)}`;
        await this.compensate(error, 'undo social worker assignment', async () => {
          // Undo only our own change: if another request set other hours meanwhile, theirs stand.
          const now = await this.executor.load(socialWorkerDecider, socialWorkerId);
          if (now.state.status === 'absent' || now.state.assignments[projectId] !== hoursPerWeek) return null;
          return this.executor.execute(
            socialWorkerDecider,
            socialWorkerId,
            previousHours === undefined
              ? { type: 'ReleaseSocialWorker', data: { socialWorkerId, projectId, reason } }
              : { type: 'AssignSocialWorker', data: { socialWorkerId, project, hoursPerWeek: previousHours } },
            this.sideStep(envelope),
          );
        });
      }
      throw error;
    }
  }

  /** A contract that ended frees the station level on the organisation (rule 5) and its staff's hours. */
  private async mayEndContract(projectId: string, command: ProjectCommand, envelope: CommandEnvelope): Promise<HandledCommand> {
    const handled = await this.onProject(projectId, command, envelope);
    const ending = handled.events.find((event) => event.type === 'ContractTerminated' || event.type === 'ProjectCompleted');
    if (!ending) return handled;
    const { state } = await this.executor.load(projectDecider, projectId);
    if (state.status === 'absent' || !state.contract) return handled;
    const contract = state.contract;
    const reason = ending.type === 'ProjectCompleted' ? 'project completed' : `contract terminated: ${(ending.data as { reason: string }).reason}`;
    const followUps: (HandledCommand | null)[] = [];

    if (state.kind === 'social_work_station') {
      const organisationId = contract.organisationId;
      followUps.push(
        await this.followUp(handled, 'release station contract', (causation) =>
          this.executor.execute(organisationDecider, organisationId, { type: 'ReleaseStationContract', data: { organisationId, projectId, reason } }, causation),
        ),
      );
    }
    for (const socialWorkerId of Object.keys(contract.staff)) {
      followUps.push(
        await this.followUp(handled, 'release social worker', (causation) =>
          this.executor.execute(socialWorkerDecider, socialWorkerId, { type: 'ReleaseSocialWorker', data: { socialWorkerId, projectId, reason } }, causation),
        ),
      );
    }
    return reaching(handled, ...followUps);
  }

  /**
   * A step on another stream within the same request: same correlation and actor. It carries no
   * Idempotency-Key: a replayed reservation would hide a compensation that ran after it, so these
   * steps rely on the domain's own idempotency (per projectId, release of what is not held).
   */
  private sideStep(envelope: CommandEnvelope): CommandEnvelope {
    return { correlationId: envelope.correlationId, causationId: envelope.causationId, actor: envelope.actor };
  }

  /**
   * A consequence of facts the project stream already holds. Caused by the project's last event,
   * so a retry derives the same eventIds; a failure is logged, not thrown: the project's change
   * stands and the durable policy repeats the idempotent release.
   */
  private async followUp(
    handled: HandledCommand,
    what: string,
    run: (envelope: CommandEnvelope) => Promise<HandledCommand>,
  ): Promise<HandledCommand | null> {
    const cause = handled.events.at(-1);
    if (!cause) return null;
    try {
      return await run({ correlationId: cause.metadata.correlationId, causationId: cause.eventId, actor: cause.metadata.actor });
    } catch (error) {
      this.logger.error({ err: error, streamId: handled.streamId, causationId: cause.eventId }, `Could not ${what} after ${cause.type}`);
      return null;
    }
  }

  /** Undoes a reservation; if even that fails, the original refusal still reaches the caller. */
  private async compensate(refusal: unknown, what: string, run: () => Promise<HandledCommand | null>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.logger.error({ err: error, refusal: reasonOf(refusal) }, `Could not ${what}; the reservation is left behind`);
    }
  }
}
