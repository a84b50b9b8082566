import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import { notFound, volunteerDecider } from '#domain';
import { CommandService, type VolunteerCommandInput } from '#application';
import type { CommandEnvelope } from '#event-store';
import { Envelope } from '../../http/command-context.js';
import { type CommandResponseDto, CommandResponseDto as CommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import {
  OpenServiceSessionDto, ServiceSessionOpenedResponseDto, ServiceSessionParams, SessionCodeDto, SessionCodeQueryDto, SessionCodeResponseDto,
} from './service-session.dto.js';
import { sendVolunteerCommand } from './send-volunteer-command.js';
import { VolunteerIdParams } from './volunteer.dto.js';

/**
 * 扫码签到签退 (issue 13 item 1): the coordinator opens a service session and shows its code as a QR
 * image; the volunteer's app scans it to check in, and a fresh one to check out. The hours follow
 * from the pair (VolunteerCheckedOut), never typed.
 */
@ApiTags('volunteers 志愿者')
@ApiBadRequestResponse({ description: 'VALIDATION_FAILED, or SESSION_CODE_INVALID: not a code this service signed' })
@ApiNotFoundResponse({ description: 'VOLUNTEER_NOT_FOUND, VOLUNTEER_ASSIGNMENT_NOT_FOUND, SERVICE_SESSION_NOT_FOUND' })
@Controller('volunteers')
export class ServiceSessionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly service: CommandService,
  ) {}

  /** Opened by the coordinator: the committee or civil-affairs office of the volunteer's area, or the contractor of the project served. */
  @Post(':volunteerId/sessions')
  @ApiCreatedResponse({ type: ServiceSessionOpenedResponseDto, description: 'VolunteerServiceSessionOpened, with a first code' })
  @ApiConflictResponse({ description: 'VOLUNTEER_ASSIGNMENT_ENDED, VOLUNTEER_DEREGISTERED, SERVICE_SESSION_ALREADY_EXISTS' })
  async open(@Param() { volunteerId }: VolunteerIdParams, @Body() dto: OpenServiceSessionDto, @Envelope() envelope: CommandEnvelope): Promise<ServiceSessionOpenedResponseDto> {
    const sessionId = dto.sessionId ?? newId(envelope, 'service-session');
    const response = await this.send(volunteerId, { type: 'OpenServiceSession', data: { volunteerId, assignmentId: dto.assignmentId, sessionId } }, envelope);
    return { ...response, sessionId, ...this.service.settings.sessionCodes.issue(sessionId, volunteerId) };
  }

  /**
   * A fresh code for the session, as a QR image (PNG or SVG) or as JSON; each valid for
   * SESSION_CODE_TTL_SECONDS (default 300). Only the session's coordinators may fetch one: the request
   * runs the session's opening again (records nothing) so the same authority rules apply.
   */
  @Get(':volunteerId/sessions/:sessionId/code')
  @ApiProduces('image/png', 'image/svg+xml', 'application/json')
  @ApiOkResponse({ type: SessionCodeResponseDto, description: 'The QR image (format=png|svg) or the code (format=json)' })
  async code(
    @Param() { volunteerId, sessionId }: ServiceSessionParams,
    @Query() { format = 'png' }: SessionCodeQueryDto,
    @Envelope() envelope: CommandEnvelope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionCodeResponseDto | Buffer | string> {
    const { state } = await this.service.load(volunteerDecider, volunteerId);
    const session = state.status === 'absent' ? undefined : state.sessions[sessionId];
    if (!session) throw notFound('SERVICE_SESSION_NOT_FOUND', `Volunteer ${volunteerId} has no service session ${sessionId}`, { sessionId });
    await this.send(volunteerId, { type: 'OpenServiceSession', data: { volunteerId, assignmentId: session.assignmentId, sessionId } }, envelope);
    const issued = this.service.settings.sessionCodes.issue(sessionId, volunteerId);
    void reply.header('cache-control', 'no-store').header('x-code-expires-at', issued.expiresAt);
    if (format === 'json') return issued;
    if (format === 'svg') {
      void reply.type('image/svg+xml');
      return QRCode.toString(issued.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    }
    void reply.type('image/png');
    return QRCode.toBuffer(issued.code, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
  }

  @Post(':volunteerId/sessions/:sessionId/check-in') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'VolunteerCheckedIn (a repeated scan records nothing)' })
  @ApiConflictResponse({ description: 'VOLUNTEER_SESSION_OVERLAP: still checked in elsewhere; SERVICE_SESSION_CLOSED' })
  @ApiUnprocessableEntityResponse({ description: 'SESSION_CODE_EXPIRED, SESSION_CODE_MISMATCH (the code belongs to another session)' })
  checkIn(@Param() { volunteerId, sessionId }: ServiceSessionParams, @Body() { code }: SessionCodeDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(volunteerId, { type: 'CheckInVolunteer', data: { volunteerId, sessionId, code } }, envelope);
  }

  /** Hours = check-out - check-in (0.01 h), on the Beijing date of the check-in, within VOLUNTEER_MAX_HOURS_PER_DAY with that day's other hours. */
  @Post(':volunteerId/sessions/:sessionId/check-out') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'VolunteerCheckedOut with the hours derived (a repeated scan records nothing)' })
  @ApiConflictResponse({ description: 'CHECK_OUT_BEFORE_CHECK_IN' })
  @ApiUnprocessableEntityResponse({ description: 'SESSION_CODE_EXPIRED, SESSION_CODE_MISMATCH, VOLUNTEER_DAILY_HOURS_EXCEEDED' })
  checkOut(@Param() { volunteerId, sessionId }: ServiceSessionParams, @Body() { code }: SessionCodeDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(volunteerId, { type: 'CheckOutVolunteer', data: { volunteerId, sessionId, code } }, envelope);
  }

  private send(volunteerId: string, command: VolunteerCommandInput, envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return sendVolunteerCommand(this.commands, volunteerId, command, envelope);
  }
}
