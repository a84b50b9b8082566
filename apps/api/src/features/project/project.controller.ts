import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { CommandEnvelope } from '#event-store';
import { Envelope } from '../../http/command-context.js';
import { type CommandResponseDto, CommandResponseDto as CommandResponse, toCommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import type { ProjectCommandInput } from '#application';
import { invalid } from '#domain';
import { HandleProjectCommand } from './handle-project.command.js';
import { placedInSheet, readWorkbook } from '../report-drafts/report-workbook.js';
import {
  AssignProjectStaffDto, AwardContractDto, BidSubmittedResponseDto, DeliverServiceDto, DesignProjectDto, EvaluateContractDto, FileReportDto,
  ProjectBidParams, ProjectIdParams, ProjectStaffParams, PublishProjectDto, RateServiceDto, ReleaseProjectStaffDto, SubmitBidDto,
  TerminateContractDto,
} from './project.dto.js';

/** 民生项目清单: a project's purchase of services, from design to completion or termination. */
@ApiTags('projects 民生项目')
@ApiNotFoundResponse({ description: 'PROJECT_NOT_FOUND, or another aggregate the command names (code)' })
@ApiConflictResponse({ description: 'Invalid state transition or a concurrent change (code)' })
@ApiUnprocessableEntityResponse({ description: 'A rule forbids it (code; details.rule names the seeds’ rule)' })
@Controller('projects')
export class ProjectCommandsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiCreatedResponse({ type: CommandResponse, description: 'ProjectDesigned' })
  design(@Body() dto: DesignProjectDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const projectId = newId(envelope, 'project');
    const { area, needIds, serviceItems, period, ...project } = dto;
    return this.send(
      projectId,
      {
        type: 'DesignProject',
        data: {
          ...project,
          projectId,
          // The domain marks a level above the project's scope with ''.
          area: { city: area.city, district: area.district, street: area.street ?? '', community: area.community ?? '' },
          needIds: needIds ?? [],
          period: { ...period },
          serviceItems: serviceItems.map((item) => ({ ...item })),
        },
      },
      envelope,
    );
  }

  @Post(':projectId/publish') @HttpCode(200) @ApiOkResponse({ type: CommandResponse, description: 'ProjectPublishedForPurchase' })
  publish(@Param() { projectId }: ProjectIdParams, @Body() dto: PublishProjectDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(projectId, { type: 'PublishProjectForPurchase', data: { deadline: dto.deadline, eligibility: { ...dto.eligibility } } }, envelope);
  }

  @Post(':projectId/bids') @HttpCode(200) @ApiOkResponse({ type: BidSubmittedResponseDto, description: 'BidSubmitted (rules 7, 11)' })
  async submitBid(@Param() { projectId }: ProjectIdParams, @Body() dto: SubmitBidDto, @Envelope() envelope: CommandEnvelope): Promise<BidSubmittedResponseDto> {
    const bidId = newId(envelope, 'bid');
    return { ...(await this.send(projectId, { type: 'SubmitBid', data: { ...dto, bidId } }, envelope)), bidId };
  }

  @Post(':projectId/bids/:bidId/withdraw') @HttpCode(200) @ApiOkResponse({ type: CommandResponse, description: 'BidWithdrawn' })
  withdrawBid(@Param() { projectId, bidId }: ProjectBidParams, @Envelope() envelope: CommandEnvelope) {
    return this.send(projectId, { type: 'WithdrawBid', data: { bidId } }, envelope);
  }

  @Post(':projectId/close-bidding') @HttpCode(200) @ApiOkResponse({ type: CommandResponse, description: 'BiddingClosed (at the deadline)' })
  closeBidding(@Param() { projectId }: ProjectIdParams, @Envelope() envelope: CommandEnvelope) {
    return this.send(projectId, { type: 'CloseBidding', data: {} }, envelope);
  }

  @Post(':projectId/contract') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'OrganisationContracted (rule 4; rule 5 for stations)' })
  awardContract(@Param() { projectId }: ProjectIdParams, @Body() dto: AwardContractDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(projectId, { type: 'AwardContract', data: { bidId: dto.bidId, contract: { ...dto.contract } } }, envelope);
  }

  @Post(':projectId/staff') @HttpCode(200) @ApiOkResponse({ type: CommandResponse, description: 'ProjectStaffAssigned (rule 6)' })
  assignStaff(@Param() { projectId }: ProjectIdParams, @Body() dto: AssignProjectStaffDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(projectId, { type: 'AssignProjectStaff', data: { ...dto } }, envelope);
  }

  @Post(':projectId/staff/:socialWorkerId/release') @HttpCode(200) @ApiOkResponse({ type: CommandResponse, description: 'ProjectStaffReleased' })
  releaseStaff(
    @Param() { projectId, socialWorkerId }: ProjectStaffParams,
    @Body() dto: ReleaseProjectStaffDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.send(projectId, { type: 'ReleaseProjectStaff', data: { socialWorkerId, reason: dto.reason } }, envelope);
  }

  @Post(':projectId/staff-on-post') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'StaffOnPostConfirmed (rules 1, 3)' })
  confirmStaffOnPost(@Param() { projectId }: ProjectIdParams, @Envelope() envelope: CommandEnvelope) {
    return this.send(projectId, { type: 'ConfirmStaffOnPost', data: {} }, envelope);
  }

  @Post(':projectId/deliveries') @HttpCode(200) @ApiOkResponse({ type: CommandResponse, description: 'ServiceDelivered (rules 2, 6, 8)' })
  deliver(@Param() { projectId }: ProjectIdParams, @Body() dto: DeliverServiceDto, @Envelope() envelope: CommandEnvelope) {
    const { deliveredBy, serviceItem, hoursBySocialWorker, hoursByVolunteer, ...delivery } = dto;
    return this.send(
      projectId,
      {
        type: 'DeliverService',
        data: {
          ...delivery,
          deliveredBy: { ...deliveredBy },
          serviceItem: { ...serviceItem },
          ...(hoursBySocialWorker ? { hoursBySocialWorker: { ...hoursBySocialWorker } } : {}),
          ...(hoursByVolunteer ? { hoursByVolunteer: { ...hoursByVolunteer } } : {}),
        },
      },
      envelope,
    );
  }

  @Post(':projectId/reports') @HttpCode(200) @ApiOkResponse({ type: CommandResponse, description: 'ReportFiled (rule 10)' })
  @ApiBadRequestResponse({ description: 'REPORT_FIGURES_TWICE; REPORT_FIGURES_INVALID (details.problems: key, code, index or row); REPORT_WORKBOOK_INVALID (details.problems: row, column, code); REPORT_WORKBOOK_UNREADABLE' })
  async fileReport(@Param() { projectId }: ProjectIdParams, @Body() dto: FileReportDto, @Envelope() envelope: CommandEnvelope) {
    const { workbook, figures, ...report } = dto;
    if (workbook !== undefined && figures !== undefined) throw invalid('REPORT_FIGURES_TWICE', 'Send the figures or the workbook, not both');
    const sheet = workbook === undefined ? null : await readWorkbook(Buffer.from(workbook, 'base64'));
    try {
      return await this.send(projectId, { type: 'FileReport', data: { ...report, figures: sheet?.figures ?? figures?.map(({ key, value }) => ({ key, value })) ?? [] } }, envelope);
    } catch (error) {
      throw sheet ? placedInSheet(error, sheet.rows) : error;
    }
  }

  @Post(':projectId/ratings') @HttpCode(200) @ApiOkResponse({ type: CommandResponse, description: 'ServiceRated (好差评)' })
  rate(@Param() { projectId }: ProjectIdParams, @Body() dto: RateServiceDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(projectId, { type: 'RateService', data: { ...dto } }, envelope);
  }

  @Post(':projectId/evaluations') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: "ContractEvaluated; 'unqualified' also ContractTerminated (rule 9)" })
  evaluate(@Param() { projectId }: ProjectIdParams, @Body() dto: EvaluateContractDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(projectId, { type: 'EvaluateContract', data: { ...dto } }, envelope);
  }

  @Post(':projectId/terminate') @HttpCode(200) @ApiOkResponse({ type: CommandResponse, description: 'ContractTerminated' })
  terminate(@Param() { projectId }: ProjectIdParams, @Body() dto: TerminateContractDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(projectId, { type: 'TerminateContract', data: { reason: dto.reason } }, envelope);
  }

  @Post(':projectId/complete') @HttpCode(200) @ApiOkResponse({ type: CommandResponse, description: 'ProjectCompleted (rule 10: reports filed)' })
  complete(@Param() { projectId }: ProjectIdParams, @Envelope() envelope: CommandEnvelope) {
    return this.send(projectId, { type: 'CompleteProject', data: {} }, envelope);
  }

  private async send(projectId: string, command: ProjectCommandInput, envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(projectId, await this.commands.execute(new HandleProjectCommand(projectId, command, envelope)));
  }
}
