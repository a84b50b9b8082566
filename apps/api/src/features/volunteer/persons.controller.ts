import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { CommandEnvelope } from '#event-store';
import { HttpApiError } from '../../http/api-error.js';
import { Envelope } from '../../http/command-context.js';
import { PersonalDataStep } from '#application';
import { PersonRefParams } from './volunteer.dto.js';

/** Only the civil-affairs bureau, which answers for the registers, may forget a person (PIPL). */
const ERASING_ROLE = 'civil_affairs_bureau';

/**
 * 个人信息删除: crypto-shredding. The person's key and data are destroyed in the vault; the events
 * that name the person by reference stay, and from now on resolve to nobody.
 */
@ApiTags('persons 个人信息')
@Controller('persons')
export class PersonsController {
  constructor(private readonly personalData: PersonalDataStep) {}

  @Delete(':personRef') @HttpCode(204)
  @ApiNoContentResponse({ description: 'Erased (repeating it, or erasing an unknown reference, is harmless)' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN_ROLE: only civil_affairs_bureau erases personal data' })
  async erase(@Param() { personRef }: PersonRefParams, @Envelope() { actor }: CommandEnvelope): Promise<void> {
    if (actor.role !== ERASING_ROLE) {
      throw new HttpApiError(403, 'FORBIDDEN_ROLE', `Only ${ERASING_ROLE} may erase personal data`, { role: actor.role, requiredRole: ERASING_ROLE });
    }
    await this.personalData.erase(personRef);
  }
}
