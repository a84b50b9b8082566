import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  type AuthenticatedActor, CommandService, creatorOf, managesWebhookSubscription, type WebhookCommandInput, webhookCommands, WebhookSecrets, webhookSubscriberOf, webhookSubscriptionIdFor,
} from '#application';
import { forbidden, notFound, webhookDecider, type WebhookSubscriptionRecord } from '#domain';
import type { CommandEnvelope } from '#event-store';
import { type WebhookDeliveryItem, WebhookOutboxStore, type WebhookSubscriptionItem } from '#read-models';
import { authenticatedActor } from '../../http/authentication.js';
import { Envelope } from '../../http/command-context.js';
import { type CommandResponseDto, CommandResponseDto as CommandResponse, toCommandResponse } from '../../http/command-response.js';
import { newId } from '../../http/ids.js';
import { HttpApiError } from '../../http/api-error.js';
import { RunCommand } from '../../infrastructure/run-command.js';
import {
  SubscribeWebhookDto, SubscriptionIdParams, WebhookDeliveriesQueryDto, WebhookDeliveryPageDto, WebhookSecretResponseDto, WebhookSubscriptionDto, WebhookSubscriptionListDto,
} from './webhook.dto.js';

const toItem = (record: WebhookSubscriptionRecord): WebhookSubscriptionItem => ({
  subscriptionId: record.subscriptionId,
  subscriber: record.subscriber,
  url: record.url,
  topics: [...record.topics],
  secretVersion: record.secretVersion,
  status: record.status,
  subscribedAt: record.subscribedAt,
  removedAt: record.removedAt,
});

const encodeCursor = (item: WebhookDeliveryItem): string => Buffer.from(JSON.stringify({ createdAt: item.createdAt, deliveryId: item.deliveryId })).toString('base64url');
const decodeCursor = (cursor: string): { createdAt: string; deliveryId: string } => {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { createdAt?: unknown; deliveryId?: unknown };
    if (typeof parsed.createdAt === 'string' && typeof parsed.deliveryId === 'string') return { createdAt: parsed.createdAt, deliveryId: parsed.deliveryId };
  } catch {
    // falls through to the refusal
  }
  throw new HttpApiError(400, 'CURSOR_INVALID', 'The cursor is not one this list gave');
};

/** 对接方通知 (issue 13 item 6): webhook subscriptions of organisations, committees and donors. */
@ApiTags('webhooks 对接方通知')
@ApiBadRequestResponse({ description: 'VALIDATION_FAILED, WEBHOOK_URL_INVALID (not http(s), credentials or a fragment in it), WEBHOOK_TOPIC_UNKNOWN' })
@Controller('webhooks')
export class WebhookController {
  constructor(
    private readonly bus: CommandBus,
    private readonly commands: CommandService,
    @Inject(WebhookSecrets) private readonly secrets: WebhookSecrets,
    @Inject(WebhookOutboxStore) private readonly outbox: WebhookOutboxStore,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Subscribe an endpoint to notices about your own records',
    description:
      'An organisation\'s staff subscribe for their organisation (token `org`), a community committee for its community, a donor (donor, resident, ' +
      'charity_base) for its own pledges. Deliveries: new matcher proposals for its needs, donations and projects; matches; deadlines (reports due, ' +
      'rule 10). Answers the secret ONCE; deliveries are signed with it (HMAC-SHA256 over `<timestamp>.<body>`).',
  })
  @ApiCreatedResponse({ type: WebhookSecretResponseDto, description: 'WebhookSubscribed' })
  @ApiUnprocessableEntityResponse({ description: 'WEBHOOK_URL_NOT_ALLOWED: a loopback, private or link-local target (SSRF)' })
  @ApiConflictResponse({
    description: 'WEBHOOK_ALREADY_SUBSCRIBED: the subscriber already has an active subscription to this URL (the same after canonicalising it, whatever ' +
      'the topics); details.subscriptionId names it. Remove it first to change its topics; a removed one may be subscribed again, with a new secret',
  })
  async subscribe(@Body() dto: SubscribeWebhookDto, @Envelope() envelope: CommandEnvelope, @Req() request: FastifyRequest): Promise<WebhookSecretResponseDto> {
    const actor = authenticatedActor(request)!;
    const subscriber = webhookSubscriberOf(actor);
    // A role that subscribes nothing (or a token without its org / community) sends an empty subscriber: the command's authority refuses it.
    const data = { subscriber: subscriber?.input ?? {}, area: { ...actor.area }, url: dto.url, ...(dto.topics ? { topics: dto.topics } : {}) };
    // One subscription per subscriber and URL: its id says which (a second one answers 409 WEBHOOK_ALREADY_SUBSCRIBED).
    const subscriptionId = webhookSubscriptionIdFor(data) ?? newId(envelope, 'webhook');
    const response = await this.send(subscriptionId, { type: 'SubscribeWebhook', data: { subscriptionId, ...data } }, envelope);
    return this.withSecret(response, await this.managed(subscriptionId, actor));
  }

  @Get()
  @ApiOperation({ summary: 'Your subscriber\'s subscriptions (never their secrets)', description: 'Follows the log within moments; a subscription just made is at `GET /webhooks/:id` at once.' })
  @ApiOkResponse({ type: WebhookSubscriptionListDto })
  async list(@Req() request: FastifyRequest): Promise<WebhookSubscriptionListDto> {
    return { items: await this.outbox.subscriptionsOf(this.subscriberKey(authenticatedActor(request)!)) };
  }

  @Get(':subscriptionId')
  @ApiOkResponse({ type: WebhookSubscriptionDto })
  @ApiNotFoundResponse({ description: "WEBHOOK_SUBSCRIPTION_NOT_FOUND: none, or another subscriber's (not told apart)" })
  async detail(@Param() { subscriptionId }: SubscriptionIdParams, @Req() request: FastifyRequest): Promise<WebhookSubscriptionItem> {
    return toItem(await this.managed(subscriptionId, authenticatedActor(request)!));
  }

  @Post(':subscriptionId/rotate-secret') @HttpCode(200)
  @ApiOperation({ summary: 'A new signing secret, shown once; the old one stops verifying at once' })
  @ApiOkResponse({ type: WebhookSecretResponseDto, description: 'WebhookSecretRotated' })
  @ApiNotFoundResponse({ description: 'WEBHOOK_SUBSCRIPTION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'WEBHOOK_SUBSCRIPTION_REMOVED' })
  async rotate(@Param() { subscriptionId }: SubscriptionIdParams, @Envelope() envelope: CommandEnvelope, @Req() request: FastifyRequest): Promise<WebhookSecretResponseDto> {
    const response = await this.send(subscriptionId, { type: 'RotateWebhookSecret', data: { subscriptionId } }, envelope);
    return this.withSecret(response, await this.managed(subscriptionId, authenticatedActor(request)!));
  }

  @Delete(':subscriptionId')
  @ApiOperation({ summary: 'Stop the subscription; its deliveries still waiting are cancelled' })
  @ApiOkResponse({ type: CommandResponse, description: 'WebhookSubscriptionRemoved (no event when already removed)' })
  @ApiNotFoundResponse({ description: 'WEBHOOK_SUBSCRIPTION_NOT_FOUND' })
  remove(@Param() { subscriptionId }: SubscriptionIdParams, @Envelope() envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return this.send(subscriptionId, { type: 'RemoveWebhookSubscription', data: { subscriptionId } }, envelope);
  }

  @Get(':subscriptionId/deliveries')
  @ApiOperation({ summary: 'What was sent to the subscription and how each attempt went, newest first' })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiNotFoundResponse({ description: 'WEBHOOK_SUBSCRIPTION_NOT_FOUND' })
  async deliveries(@Param() { subscriptionId }: SubscriptionIdParams, @Query() query: WebhookDeliveriesQueryDto, @Req() request: FastifyRequest): Promise<WebhookDeliveryPageDto> {
    await this.managed(subscriptionId, authenticatedActor(request)!);
    const limit = query.limit ?? 20;
    const items = await this.outbox.deliveriesOf(subscriptionId, {
      limit: limit + 1,
      ...(query.status ? { status: query.status } : {}),
      ...(query.cursor ? { before: decodeCursor(query.cursor) } : {}),
    });
    const page = items.slice(0, limit);
    return { items: page as WebhookDeliveryPageDto['items'], nextCursor: items.length > limit ? encodeCursor(page[page.length - 1]!) : null };
  }

  private async send(subscriptionId: string, command: WebhookCommandInput, envelope: CommandEnvelope): Promise<CommandResponseDto> {
    return toCommandResponse(subscriptionId, await this.bus.execute(new RunCommand(webhookCommands, subscriptionId, command, envelope)));
  }

  /** The subscription, read from its stream (no lag), when the actor manages it; otherwise 404, as for none. */
  private async managed(subscriptionId: string, actor: AuthenticatedActor): Promise<WebhookSubscriptionRecord> {
    const { state, history } = await this.commands.load(webhookDecider, subscriptionId);
    if (state.status === 'absent' || !managesWebhookSubscription(state, creatorOf(history), actor)) {
      throw notFound('WEBHOOK_SUBSCRIPTION_NOT_FOUND', `Webhook subscription ${subscriptionId} does not exist`, { subscriptionId });
    }
    return state;
  }

  private withSecret(response: CommandResponseDto, subscription: WebhookSubscriptionRecord): WebhookSecretResponseDto {
    return { ...response, subscription: toItem(subscription), secret: this.secrets.secretOf(subscription.subscriptionId, subscription.secretVersion) };
  }

  private subscriberKey(actor: AuthenticatedActor): string {
    const subscriber = webhookSubscriberOf(actor);
    if (!subscriber) throw forbidden('ROLE_NOT_PERMITTED', `A ${actor.role} has no webhook subscriptions`, { role: actor.role });
    return subscriber.key;
  }
}
