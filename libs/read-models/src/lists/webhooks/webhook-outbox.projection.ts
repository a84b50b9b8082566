import type { Transaction } from 'kysely';
import {
  accountOf, type DonationMatchedData, type DonationPledgedData, type NeedListedData, type NeedMatchedData, type OrganisationContractedData,
  type ProjectDesignedData, type WebhookSecretRotatedData, type WebhookSubscribedData, type WebhookSubscriptionRemovedData,
} from '#domain';
import { deterministicUuid, type RecordedEvent } from '#event-store';
import type { AnyProjection, Projection } from '../../framework/projection.js';
import { addParties, anySubscriptionTakes, enqueueNotice, partiesOf, subscriberKey } from './webhook-notices.js';
import { WEBHOOK_OUTBOX, type WebhookOutboxTables, webhookOutboxTables } from './webhooks.tables.js';

type Trx = Transaction<WebhookOutboxTables>;

/** The facts the outbox follows, with their data. */
interface OutboxEvents {
  WebhookSubscribed: WebhookSubscribedData;
  WebhookSecretRotated: WebhookSecretRotatedData;
  WebhookSubscriptionRemoved: WebhookSubscriptionRemovedData;
  NeedListed: NeedListedData;
  NeedVerified: unknown;
  NeedReconfirmed: unknown;
  DonationPledged: DonationPledgedData;
  ProjectDesigned: ProjectDesignedData;
  OrganisationContracted: OrganisationContractedData;
  DonationMatched: DonationMatchedData;
  NeedMatched: NeedMatchedData;
}

/** A matcher proposal worth telling: the demand (a need or a project's funding gap) and the resource proposed for it. */
export interface ProposalNotice {
  readonly demand: { readonly kind: 'need'; readonly needId: string } | { readonly kind: 'project'; readonly projectId: string };
  readonly resource: { readonly kind: string; readonly id: string };
  /** 0-100. */
  readonly score: number;
  readonly offer: { readonly amountFen?: number; readonly hoursPerWeek?: number };
}

/**
 * The matcher's proposals a fact brings about (a need listed, verified or reconfirmed; a donation
 * pledged; a project designed). Supplied by the application, which owns the matching engine; the
 * proposals are the engine's view at the fact's position, which is why this projection is never
 * replayed from 0 (`sideEffects`).
 */
export type ProposalSource = (event: RecordedEvent) => Promise<readonly ProposalNotice[]>;

const recordKeyOf = (kind: string, id: string): string => `${kind}:${id}`;
const demandKeyOf = (demand: ProposalNotice['demand']): string => (demand.kind === 'need' ? recordKeyOf('need', demand.needId) : recordKeyOf('project', demand.projectId));

/** Who a resource is: a donation's parties are its donor's; an organisation is its own party. */
const resourceParties = async (trx: Trx, resource: { kind: string; id: string }): Promise<string[]> => {
  if (resource.kind === 'organisation') return [subscriberKey('organisation', resource.id)];
  if (resource.kind === 'donation' || resource.kind === 'project') return partiesOf(trx, recordKeyOf(resource.kind, resource.id));
  return [];
};

const tellProposals = async (trx: Trx, event: RecordedEvent, proposals: ProposalSource | null): Promise<void> => {
  if (!proposals || !(await anySubscriptionTakes(trx, 'proposals'))) return;
  for (const proposal of await proposals(event)) {
    const demandKey = demandKeyOf(proposal.demand);
    const resourceKey = recordKeyOf(proposal.resource.kind, proposal.resource.id);
    const parties = [...(await partiesOf(trx, demandKey)), ...(await resourceParties(trx, proposal.resource))];
    await enqueueNotice(
      trx,
      {
        // A pair is news once: proposed again after a reconfirmation, it is not told again.
        eventId: deterministicUuid('webhook-proposal', demandKey, resourceKey),
        type: 'proposal.created',
        topic: 'proposals',
        occurredAt: event.metadata.occurredAt,
        data: { demand: proposal.demand, resource: proposal.resource, score: proposal.score, offer: proposal.offer },
      },
      parties,
      new Date(),
    );
  }
};

const tellMatch = async (trx: Trx, event: RecordedEvent, match: { matchId: string; demand: ProposalNotice['demand']; resource: { kind: string; id: string }; amountFen: number | null; hoursPerWeek: number | null; automatic: boolean }) => {
  const parties = [...(await partiesOf(trx, demandKeyOf(match.demand))), ...(await resourceParties(trx, match.resource))];
  await enqueueNotice(
    trx,
    { eventId: deterministicUuid('webhook-match', match.matchId), type: 'match.recorded', topic: 'matches', occurredAt: event.metadata.occurredAt, data: match },
    parties,
    new Date(),
  );
};

/**
 * 对接方通知: the outbox of webhook deliveries, derived from the log. It follows the subscriptions
 * and who is party to each need, donation and project, and for every proposal and match puts one
 * delivery per concerned subscription in `webhook_deliveries`, in the same transaction as its
 * checkpoint. Deadlines are added by the deadline clock (libs/application/src/webhooks).
 */
export const webhookOutboxProjection = (proposals: ProposalSource | null): AnyProjection => {
  const proposalsOnly = async (event: RecordedEvent, trx: Trx) => tellProposals(trx, event, proposals);
  const projection: Projection<WebhookOutboxTables, OutboxEvents> = {
    name: WEBHOOK_OUTBOX,
    version: 1,
    // Never replayed from 0: that would send every past notice again.
    sideEffects: true,
    tables: webhookOutboxTables,
    on: {
      WebhookSubscribed: async ({ data }: RecordedEvent<WebhookSubscribedData>, trx: Trx) => {
        await trx
          .insertInto('webhook_subscriptions')
          .values({
            subscription_id: data.subscriptionId,
            subscriber_key: subscriberKey(data.subscriber.kind, data.subscriber.id),
            subscriber_kind: data.subscriber.kind,
            subscriber_id: data.subscriber.id,
            url: data.url,
            topics: JSON.stringify(data.topics),
            secret_version: data.secretVersion,
            status: 'active',
            subscribed_at: data.subscribedAt,
            removed_at: null,
          })
          // Subscribed again after a removal (the same subscriber and URL name the same subscription): active again, new secret.
          .onConflict((conflict) => conflict.column('subscription_id').doUpdateSet({
            url: data.url, topics: JSON.stringify(data.topics), secret_version: data.secretVersion, status: 'active', subscribed_at: data.subscribedAt, removed_at: null,
          }))
          .execute();
      },
      WebhookSecretRotated: async ({ data }: RecordedEvent<WebhookSecretRotatedData>, trx: Trx) => {
        await trx.updateTable('webhook_subscriptions').set({ secret_version: data.secretVersion }).where('subscription_id', '=', data.subscriptionId).execute();
      },
      WebhookSubscriptionRemoved: async ({ data }: RecordedEvent<WebhookSubscriptionRemovedData>, trx: Trx) => {
        await trx.updateTable('webhook_subscriptions').set({ status: 'removed', removed_at: data.removedAt }).where('subscription_id', '=', data.subscriptionId).execute();
        await trx.updateTable('webhook_deliveries').set({ status: 'cancelled', lease_until: null }).where('subscription_id', '=', data.subscriptionId).where('status', '=', 'pending').execute();
      },
      NeedListed: async (event: RecordedEvent<NeedListedData>, trx: Trx) => {
        await addParties(trx, recordKeyOf('need', event.data.needId), [subscriberKey('community', event.data.communityId)]);
        await tellProposals(trx, event, proposals);
      },
      NeedVerified: proposalsOnly,
      NeedReconfirmed: proposalsOnly,
      DonationPledged: async (event: RecordedEvent<DonationPledgedData>, trx: Trx) => {
        // The pledging account owns the donation, as the authority rules and the donor's own view read it.
        await addParties(trx, recordKeyOf('donation', event.data.donationId), [subscriberKey('donor', accountOf(event.metadata.actor))]);
        await tellProposals(trx, event, proposals);
      },
      ProjectDesigned: async (event: RecordedEvent<ProjectDesignedData>, trx: Trx) => {
        const { projectId, area, needIds } = event.data;
        const needParties = (await Promise.all(needIds.map((needId) => partiesOf(trx, recordKeyOf('need', needId))))).flat();
        await addParties(trx, recordKeyOf('project', projectId), [...(area.community ? [subscriberKey('community', area.community)] : []), ...needParties]);
        await tellProposals(trx, event, proposals);
      },
      OrganisationContracted: async ({ data }: RecordedEvent<OrganisationContractedData>, trx: Trx) => {
        await addParties(trx, recordKeyOf('project', data.projectId), [subscriberKey('organisation', data.organisationId)]);
      },
      DonationMatched: async (event: RecordedEvent<DonationMatchedData>, trx: Trx) => {
        const { matchId, donationId, target, amountFen, automatic } = event.data;
        const demand: ProposalNotice['demand'] = target.kind === 'need' ? { kind: 'need', needId: target.needId } : { kind: 'project', projectId: target.projectId };
        await tellMatch(trx, event, { matchId, demand, resource: { kind: 'donation', id: donationId }, amountFen, hoursPerWeek: null, automatic });
      },
      NeedMatched: async (event: RecordedEvent<NeedMatchedData>, trx: Trx) => {
        const { matchId, needId, resource, amountFen, hoursPerWeek } = event.data;
        // A donation's match is told from DonationMatched (same matchId), which names its target and donor.
        if (resource.kind === 'donation') return;
        await tellMatch(trx, event, { matchId, demand: { kind: 'need', needId }, resource: { kind: resource.kind, id: resource.id }, amountFen, hoursPerWeek, automatic: false });
      },
    },
  };
  return projection;
};
