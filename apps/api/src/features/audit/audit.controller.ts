import { Controller, Get, Inject, Req } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type EventStore, type IntegrityReport, isTamperEvident } from '#event-store';
import { HttpApiError } from '../../http/api-error.js';
import { authenticatedActor } from '../../http/authentication.js';
import { EVENT_STORE } from '../../infrastructure/tokens.js';
import { IntegrityReportDto } from './audit.dto.js';

/** Who may ask for a verification of the whole log: the city's auditors and its civil-affairs bureau. */
export const VERIFYING_ROLES = ['auditor', 'civil_affairs_bureau'] as const;

/**
 * 审计核验: the auditors' check of the tamper-evident record (issue 12, item 5). Recomputes every
 * event's link and every checkpoint of the whole log, so it is asked at city level only: an office
 * of a district or street would learn of streams outside its area.
 */
@ApiTags('audit 审计')
@Controller('audit')
export class AuditController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('verify')
  @ApiOperation({
    summary: 'Recompute the hash chains and checkpoints of the event log; name the first broken link',
    description:
      'Each stored event carries a SHA-256 link chained to the previous event of its stream, and the log a checkpoint every 1,000 positions ' +
      '(canonical encoding: libs/event-store/README.md, "Tamper-evident record"). `ok: false` names the first broken link: its kind, stream, revision and position. ' +
      'Roles: auditor or civil_affairs_bureau whose area is a whole city. The whole log is read: seconds per million events.',
  })
  @ApiOkResponse({ type: IntegrityReportDto, description: 'The report; 200 also when a link is broken (the finding is the answer)' })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_PERMITTED: not an auditor or civil_affairs_bureau; OUTSIDE_YOUR_AREA: the role acts below city level' })
  @ApiServiceUnavailableResponse({ description: 'INTEGRITY_NOT_KEPT: the configured store (EventStoreDB) keeps no hash chain yet' })
  async verify(@Req() request: FastifyRequest): Promise<IntegrityReport> {
    const actor = authenticatedActor(request);
    if (!actor || !(VERIFYING_ROLES as readonly string[]).includes(actor.role)) {
      throw new HttpApiError(403, 'ROLE_NOT_PERMITTED', `Only ${VERIFYING_ROLES.join(' or ')} may verify the event log`, {
        role: actor?.role ?? null,
        roles: VERIFYING_ROLES,
      });
    }
    if (actor.area.district !== undefined) {
      throw new HttpApiError(403, 'OUTSIDE_YOUR_AREA', 'Verifying the whole log is asked at city level', { actorArea: actor.area });
    }
    if (!isTamperEvident(this.store)) {
      throw new HttpApiError(503, 'INTEGRITY_NOT_KEPT', 'The configured event store keeps no tamper-evident record');
    }
    return this.store.verifyIntegrity();
  }
}
