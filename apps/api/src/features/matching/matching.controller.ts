import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { conflict, notFound } from '#domain';
import type { CommandEnvelope, HandledCommand } from '#event-store';
import { parseResourceKey } from '#matching';
import { Envelope } from '../../http/command-context.js';
import { type CommandResponseDto, CommandResponseDto as CommandResponse, toCommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import {
  AcceptProposalDto, AllocationRequestDto, DeclineProposalDto, MatchingNeedIdParams, MatchingProjectIdParams, ProposalsQueryDto,
  ProposalsResponseDto, ResourceKeyParams,
} from './matching.dto.js';
import { ProposalScope } from './proposal-scope.js';
import { toProposalView } from './proposal-view.js';
import { checkRole, donationCommands, MatchingService, needCommands, volunteerCommands } from '#application';
import { ReadConsistency } from '../../infrastructure/read-consistency.js';
import { RunCommand } from '../../infrastructure/run-command.js';

/** The accepted proposal's fact: where it landed and which match it made. */
export interface AcceptedProposalResponse extends CommandResponseDto {
  readonly resourceKey: string;
  /** The matchId (donation, organisation, social worker) or assignmentId (volunteer); null for a project. */
  readonly matchId: string | null;
}

/** The command an accepted proposal of each resource kind becomes, and the table whose roles decide it. */
const ACCEPTED_AS: Record<string, (actor: CommandEnvelope['actor']) => unknown> = {
  donation: (actor) => checkRole(donationCommands.authority, 'MatchDonation', actor),
  volunteer: (actor) => checkRole(volunteerCommands.authority, 'AssignVolunteer', actor),
  'social-worker': (actor) => checkRole(needCommands.authority, 'RecordNeedMatch', actor),
  organisation: (actor) => checkRole(needCommands.authority, 'RecordNeedMatch', actor),
  project: (actor) => checkRole(needCommands.authority, 'CoverNeedByProject', actor),
};

/**
 * 资源与需求对接: proposals with their reasons, and the two decisions a person takes on them.
 * Proposals come from the in-memory matcher (read your writes with `minPosition`); decisions go
 * through the aggregates' own command handlers, so every rule (balance, earmark, hours) still holds.
 */
@ApiTags('matching 资源对接')
@ApiNotFoundResponse({ description: 'OPEN_NEED_NOT_FOUND, MATCHING_RESOURCE_NOT_FOUND, OPEN_PROJECT_NOT_FOUND, MATCH_PROPOSAL_NOT_FOUND' })
@ApiConflictResponse({ description: 'MATCH_PROPOSAL_DECLINED, or a concurrent change (code)' })
@ApiUnprocessableEntityResponse({ description: 'A rule forbids it: DONATION_BALANCE_EXCEEDED, EARMARK_MISMATCH, VOLUNTEER_HOURS_EXCEEDED …' })
@Controller()
export class MatchingController {
  constructor(
    private readonly matching: MatchingService,
    private readonly commands: CommandBus,
    private readonly scope: ProposalScope,
    private readonly readConsistency: ReadConsistency,
  ) {}

  @Get('needs/:needId/proposals')
  @ApiOkResponse({ type: ProposalsResponseDto, description: 'The best resources of each kind the need still wants, best first' })
  @ApiConflictResponse({ description: 'NEED_STALE: not reconfirmed within NEED_STALE_AFTER_DAYS (需求失效); reconfirm it first' })
  @ApiNotFoundResponse({ description: 'OPEN_NEED_NOT_FOUND: no open need, or one whose detail the token does not see in full (its committee, the offices, charity bases and auditors of its area; not told apart)' })
  async proposalsForNeed(@Param() { needId }: MatchingNeedIdParams, @Query() query: ProposalsQueryDto, @Req() request: FastifyRequest): Promise<ProposalsResponseDto> {
    await this.waitFor(query.minPosition);
    await this.scope.need(request, needId);
    return { position: this.matching.position, proposals: this.matching.proposalsForNeed(needId, query.limit).map(toProposalView) };
  }

  @Get('matching/resources/:resourceKey/proposals')
  @ApiOkResponse({ type: ProposalsResponseDto, description: 'The needs (and, for a donation, project funding gaps) a resource fits best' })
  @ApiNotFoundResponse({
    description: 'MATCHING_RESOURCE_NOT_FOUND: no such resource with anything left, or one the token does not see in full (a donation: its donor and the offices; a volunteer: itself and its coordinators; an organisation: its own staff and the offices; not told apart)',
  })
  async proposalsForResource(@Param() { resourceKey }: ResourceKeyParams, @Query() query: ProposalsQueryDto, @Req() request: FastifyRequest): Promise<ProposalsResponseDto> {
    await this.waitFor(query.minPosition);
    await this.scope.resource(request, resourceKey);
    return { position: this.matching.position, proposals: this.matching.proposalsForResource(resourceKey, query.limit).map(toProposalView) };
  }

  @Get('projects/:projectId/proposals')
  @ApiOkResponse({ type: ProposalsResponseDto, description: 'Donations that could fill the project\'s funding gap' })
  @ApiNotFoundResponse({ description: 'OPEN_PROJECT_NOT_FOUND: no open project, or one whose detail the token does not see in full (not told apart)' })
  async fundingProposals(@Param() { projectId }: MatchingProjectIdParams, @Query() query: ProposalsQueryDto, @Req() request: FastifyRequest): Promise<ProposalsResponseDto> {
    await this.waitFor(query.minPosition);
    await this.scope.project(request, projectId);
    return { position: this.matching.position, proposals: this.matching.fundingProposalsForProject(projectId, query.limit).map(toProposalView) };
  }

  @Post('matching/allocations') @HttpCode(200)
  @ApiOkResponse({ description: 'The optimal plan for the needs in the area, with the solver path each part took. Nothing is committed.' })
  async allocate(@Body() dto: AllocationRequestDto) {
    await this.matching.waitForPosition(dto.minPosition);
    const area = dto.district || dto.street || dto.community
      ? { ...(dto.district ? { district: dto.district } : {}), ...(dto.street ? { street: dto.street } : {}), ...(dto.community ? { community: dto.community } : {}) }
      : undefined;
    const plan = this.matching.allocate(area, dto.compareWithGreedy ?? false);
    return {
      committed: false,
      position: this.matching.position,
      area: area ?? null,
      at: plan.at,
      solver: plan.solver,
      candidateMode: plan.candidateMode,
      objective: plan.objective,
      greedyObjective: dto.compareWithGreedy ? plan.networks.reduce((sum, network) => sum + (network.greedy?.objective ?? 0), 0) : null,
      networks: plan.networks,
      assignments: plan.assignments.map((assignment) => ({
        demandKind: assignment.demand.kind,
        demandId: assignment.demand.kind === 'need' ? assignment.demand.needId : assignment.demand.projectId,
        resourceKey: assignment.resourceKey,
        quantity: assignment.quantity,
        score: assignment.score,
        reasons: assignment.reasons,
      })),
    };
  }

  @Post('needs/:needId/proposals/accept') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'DonationMatched, VolunteerAssigned, NeedMatched or NeedCoveredByProject' })
  async accept(
    @Param() { needId }: MatchingNeedIdParams,
    @Body() dto: AcceptProposalDto,
    @Envelope() envelope: CommandEnvelope,
  ): Promise<AcceptedProposalResponse> {
    const { kind, id } = parseResourceKey(dto.resourceKey)!;
    // A role that may never record this match learns nothing about proposals first (the command checks again, with the area).
    ACCEPTED_AS[kind]!(envelope.actor);
    if (this.matching.isDeclined(needId, dto.resourceKey)) {
      throw conflict('MATCH_PROPOSAL_DECLINED', 'This resource was declined for this need', { needId, resourceKey: dto.resourceKey });
    }
    // These three are recorded on the need's stream alone: only the matcher knows the resource exists and is available.
    if ((kind === 'organisation' || kind === 'project' || kind === 'social-worker') && !this.matching.feed.hasResource(dto.resourceKey)) {
      throw notFound('MATCHING_RESOURCE_NOT_FOUND', `No resource ${dto.resourceKey} with anything left to offer`, { resourceKey: dto.resourceKey });
    }
    const offer = this.matching.proposalFor(needId, dto.resourceKey)?.offer;
    const required = <T>(value: T | undefined, field: string): T => {
      if (value === undefined) {
        throw notFound('MATCH_PROPOSAL_NOT_FOUND', `The matcher proposes no ${field} of ${dto.resourceKey} for need ${needId}; give ${field} explicitly`, {
          needId,
          resourceKey: dto.resourceKey,
        });
      }
      return value;
    };
    const matchId = newId(envelope, `accept:${needId}:${dto.resourceKey}`);
    const respond = (aggregateId: string, handled: HandledCommand, recorded: string | null): AcceptedProposalResponse =>
      ({ ...toCommandResponse(aggregateId, handled), resourceKey: dto.resourceKey, matchId: recorded });
    switch (kind) {
      case 'donation': {
        const amountFen = dto.amountFen ?? required(offer?.amountFen, 'amountFen');
        const handled = await this.commands.execute(
          new RunCommand(donationCommands, id, { type: 'MatchDonation', data: { donationId: id, matchId, target: { kind: 'need', id: needId }, amountFen } }, envelope),
        );
        return respond(id, handled, matchId);
      }
      case 'volunteer': {
        const hoursPerWeek = dto.hoursPerWeek ?? required(offer?.hoursPerWeek, 'hoursPerWeek');
        const handled = await this.commands.execute(
          new RunCommand(volunteerCommands, id, { type: 'AssignVolunteer', data: { volunteerId: id, assignmentId: matchId, target: { kind: 'need', id: needId }, hoursPerWeek } }, envelope),
        );
        return respond(id, handled, matchId);
      }
      case 'social-worker': {
        const hoursPerWeek = dto.hoursPerWeek ?? required(offer?.hoursPerWeek, 'hoursPerWeek');
        const handled = await this.commands.execute(
          new RunCommand(needCommands, needId, { type: 'RecordNeedMatch', data: { matchId, resource: { kind: 'social_worker', id }, hoursPerWeek } }, envelope),
        );
        return respond(needId, handled, matchId);
      }
      case 'organisation': {
        const handled = await this.commands.execute(
          new RunCommand(needCommands, needId, { type: 'RecordNeedMatch', data: { matchId, resource: { kind: 'organisation', id } } }, envelope),
        );
        return respond(needId, handled, matchId);
      }
      case 'project': {
        const handled = await this.commands.execute(new RunCommand(needCommands, needId, { type: 'CoverNeedByProject', data: { projectId: id } }, envelope));
        return respond(needId, handled, null);
      }
    }
  }

  /** The matcher and the read models the scope is read from, both at least at `minPosition` (when given). */
  private async waitFor(minPosition: number | undefined): Promise<void> {
    await Promise.all([this.matching.waitForPosition(minPosition), this.readConsistency.atLeast(minPosition)]);
  }

  @Post('needs/:needId/proposals/decline') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'MatchProposalDeclined: the pair is never proposed again' })
  async decline(@Param() { needId }: MatchingNeedIdParams, @Body() dto: DeclineProposalDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const handled = await this.commands.execute(
      new RunCommand(needCommands, needId, { type: 'DeclineMatchProposal', data: { resourceKey: dto.resourceKey, reason: dto.reason } }, envelope),
    );
    return toCommandResponse(needId, handled);
  }
}
