import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ANONYMOUS_DONOR_NAME } from '#domain';
import type { CommandEnvelope } from '#event-store';
import { Envelope } from '../../http/command-context.js';
import { type CommandResponseDto, CommandResponseDto as CommandResponse, toCommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import { PersonalDataStep } from '#application';
import type {DonationCommandInput } from '#application';
import {
  DisburseDonationDto, DonationIdParams, DonationMatchedResponseDto, MatchDonationDto, PledgeDonationDto, ReceiptDonationDto,
  RefundDonationDto, ReleaseDonationMatchDto,
} from './donation.dto.js';
import { donationCommands } from '#application';
import { RunCommand } from '../../infrastructure/run-command.js';

/** 社区公益慈善资源: pledges, matches to needs and projects (rule 12), disbursement, receipts, refunds. */
@ApiTags('donations 慈善资源')
@ApiBadRequestResponse({ description: 'Invalid input (VALIDATION_FAILED or a domain code such as DONOR_NAME_IS_PERSONAL_DATA)' })
@ApiNotFoundResponse({ description: 'DONATION_NOT_FOUND, DONATION_MATCH_NOT_FOUND, COMMUNITY_NOT_FOUND, NEED_NOT_FOUND, PROJECT_NOT_FOUND' })
@ApiConflictResponse({ description: 'Invalid state transition (DONATION_EXPIRED, DONATION_MATCH_RELEASED, ...) or a concurrent change' })
@ApiUnprocessableEntityResponse({ description: 'Rule 12: DONATION_BALANCE_EXCEEDED, EARMARK_MISMATCH, DONATION_DISBURSEMENT_EXCEEDED, REFUND_EXCEEDS_BALANCE' })
@Controller('donations')
export class DonationCommandsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly personalData: PersonalDataStep,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: CommandResponse, description: "DonationPledged (a resident's identity only in the vault)" })
  pledge(@Body() dto: PledgeDonationDto, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    const donationId = newId(envelope, 'donation');
    const { donor, earmark, autoMatch } = dto;
    // Residents appear as 匿名; their identity, if given, goes to the vault for the receipt.
    const displayName = donor.displayName ?? (donor.kind === 'resident' ? ANONYMOUS_DONOR_NAME : '');
    const pledge = (donorRef: string | null) =>
      this.send(
        donationId,
        {
          type: 'PledgeDonation',
          data: {
            donationId,
            donor: { kind: donor.kind, displayName, donorRef },
            resource: dto.resource,
            amountFen: dto.amountFen,
            description: dto.description ?? '',
            earmark: earmark ? { category: earmark.category, district: earmark.district, street: earmark.street, community: earmark.community } : null,
            communityId: dto.communityId,
            expiresOn: dto.expiresOn ?? null,
            autoMatch: autoMatch ? { categories: autoMatch.categories ? [...autoMatch.categories] : null, maxPerNeedFen: autoMatch.maxPerNeedFen ?? null } : null,
          },
        },
        envelope,
      );
    return donor.person ? this.personalData.withPerson(donor.person, pledge) : pledge(null);
  }

  @Post(':donationId/match') @HttpCode(200)
  @ApiOkResponse({ type: DonationMatchedResponseDto, description: 'DonationMatched' })
  async match(
    @Param() { donationId }: DonationIdParams,
    @Body() dto: MatchDonationDto,
    @Envelope() envelope: CommandEnvelope,
  ): Promise<DonationMatchedResponseDto> {
    const matchId = dto.matchId ?? newId(envelope, 'donation-match');
    const target = { kind: dto.target.kind, id: dto.target.id };
    const response = await this.send(donationId, { type: 'MatchDonation', data: { donationId, matchId, target, amountFen: dto.amountFen } }, envelope);
    return { ...response, matchId };
  }

  @Post(':donationId/release-match') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'DonationMatchReleased: the amount returns to the balance' })
  releaseMatch(@Param() { donationId }: DonationIdParams, @Body() dto: ReleaseDonationMatchDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(donationId, { type: 'ReleaseDonationMatch', data: { ...dto, donationId } }, envelope);
  }

  @Post(':donationId/disburse') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'DonationDisbursed' })
  disburse(@Param() { donationId }: DonationIdParams, @Body() dto: DisburseDonationDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(donationId, { type: 'DisburseDonation', data: { ...dto, donationId } }, envelope);
  }

  @Post(':donationId/receipt') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'DonationReceipted' })
  receipt(@Param() { donationId }: DonationIdParams, @Body() dto: ReceiptDonationDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(donationId, { type: 'ReceiptDonation', data: { ...dto, donationId } }, envelope);
  }

  @Post(':donationId/refund') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'DonationRefunded (only the unallocated balance)' })
  refund(@Param() { donationId }: DonationIdParams, @Body() dto: RefundDonationDto, @Envelope() envelope: CommandEnvelope) {
    return this.send(donationId, { type: 'RefundDonation', data: { ...dto, donationId } }, envelope);
  }

  @Post(':donationId/expire') @HttpCode(200)
  @ApiOkResponse({ type: CommandResponse, description: 'DonationExpired (after its expiry date; no event when already expired)' })
  expire(@Param() { donationId }: DonationIdParams, @Envelope() envelope: CommandEnvelope) {
    return this.send(donationId, { type: 'ExpireDonation', data: { donationId } }, envelope);
  }

  private async send(donationId: string, command: DonationCommandInput, envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(donationId, await this.commands.execute(new RunCommand(donationCommands, donationId, command, envelope)));
  }
}
