import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { WEBHOOK_TOPICS, type WebhookTopic } from '#domain';
import type { WebhookDeliveryStatus } from '#read-models';
import { ListQueryDto } from '../../http/list-query.dto.js';
import { IsId, Optional } from '../../http/validators.js';
import { CommandResponseDto } from '../../http/command-response.js';

const DELIVERY_STATUSES = ['pending', 'delivered', 'cancelled'] as const satisfies readonly WebhookDeliveryStatus[];

export class SubscribeWebhookDto {
  @ApiProperty({
    description:
      'Where deliveries are POSTed: an absolute http(s) URL without credentials or fragment. 400 WEBHOOK_URL_INVALID otherwise; ' +
      '422 WEBHOOK_URL_NOT_ALLOWED for a loopback, private or link-local host (unless WEBHOOK_ALLOW_PRIVATE_TARGETS)',
    example: 'https://integrator.example.org/wushe/webhooks',
    maxLength: 2048,
  })
  @IsString() @MaxLength(2048)
  url!: string;

  @ApiPropertyOptional({ enum: WEBHOOK_TOPICS, isArray: true, description: 'What to be told of; default all: proposals, matches, deadlines' })
  @Optional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(WEBHOOK_TOPICS.length) @IsIn(WEBHOOK_TOPICS, { each: true })
  topics?: WebhookTopic[];
}

export class SubscriptionIdParams {
  @ApiProperty() @IsId() subscriptionId!: string;
}

/** The lists' paging; no `minPosition`: the deliveries follow the log through the outbox, not the lists. */
export class WebhookDeliveriesQueryDto extends OmitType(ListQueryDto, ['minPosition'] as const) {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @Optional() @IsIn(DELIVERY_STATUSES) status?: WebhookDeliveryStatus;
}

export class WebhookSubscriberDto {
  @ApiProperty({ enum: ['organisation', 'community', 'donor'] }) kind!: string;
  @ApiProperty({ description: "The organisation's or community's id, or the donor's account (<issuer>#<subject>)" }) id!: string;
}

export class WebhookSubscriptionDto {
  @ApiProperty() subscriptionId!: string;
  @ApiProperty({ type: WebhookSubscriberDto }) subscriber!: WebhookSubscriberDto;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_TOPICS, isArray: true }) topics!: string[];
  @ApiProperty({ description: 'Which secret signs deliveries now (1, then +1 per rotation)' }) secretVersion!: number;
  @ApiProperty({ enum: ['active', 'removed'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) subscribedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) removedAt!: string | null;
}

/** What subscribing or rotating answers: the facts, and the secret, shown this once. */
export class WebhookSecretResponseDto extends CommandResponseDto {
  @ApiProperty({ type: WebhookSubscriptionDto }) subscription!: WebhookSubscriptionDto;
  @ApiProperty({
    description: 'The signing secret (whsec_…), shown only in this answer: keep it. Verify each delivery with it (README, "Notifications to integrators")',
  })
  secret!: string;
}

export class WebhookSubscriptionListDto {
  @ApiProperty({ type: [WebhookSubscriptionDto] }) items!: WebhookSubscriptionDto[];
}

export class WebhookDeliveryDto {
  @ApiProperty({ description: 'Stable across attempts and restarts: dedupe on it (header Wushe-Delivery-Id)' }) deliveryId!: string;
  @ApiProperty({ description: 'The notice; the same for every subscriber told of it' }) eventId!: string;
  @ApiProperty({ example: 'match.recorded', description: 'proposal.created, match.recorded, deadline.report_due' }) type!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, description: 'pending until a 2xx acknowledges it; cancelled when the subscription was removed first' }) status!: string;
  @ApiProperty({ description: 'Attempts made so far' }) attempts!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastAttemptAt!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: "The receiver's last HTTP status (null: no answer)" }) lastStatus!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the last attempt failed (HTTP 500, connection refused, no answer within … ms)' }) lastError!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it is tried next, while pending' }) nextAttemptAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deliveredAt!: string | null;
  @ApiProperty({ description: 'The JSON body sent: {deliveryId, eventId, type, occurredAt, subscriptionId, data}' }) body!: object;
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items!: WebhookDeliveryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
