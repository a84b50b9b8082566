/**
 * A test flow that produces every stored event type through the real deciders, with a marker in
 * every field that holds personal data or free text. A published message that contains one of
 * the markers leaks something the contract promised to keep inside.
 *
 * The steps run in this order, one file each (marked-flow-*.ts); later steps name what earlier ones made,
 * and the flow's clock only moves on, so the order is part of the flow.
 */
import { donationDecider, volunteerDecider, webhookDecider } from '#domain';
import type { EventStore } from '#event-store';
import { DAY, startMarkedFlow, type MarkedFlowOptions } from './marked-flow-context.js';
import { giveDonations } from './marked-flow-donations.js';
import { runGrantRound, visitElders } from './marked-flow-elders-and-grants.js';
import { listNeedsAndVolunteers } from './marked-flow-needs-and-volunteers.js';
import { buyAndRunProjects } from './marked-flow-projects.js';
import { fillRegisters } from './marked-flow-registers.js';

export { MARKER_PREFIX, type MarkedFlowOptions } from './marked-flow-context.js';

export interface MarkedFlowResult {
  /** Every marker value put into the flow; none may appear in a published message. */
  markers: string[];
  headPosition: number;
}

/** Runs the flow; about 100 events over every event type in the domain registry. */
export async function runMarkedDomainFlow(store: EventStore, options: MarkedFlowOptions = {}): Promise<MarkedFlowResult> {
  const flow = startMarkedFlow(store, options);
  const { send, mark, idOf, advance } = flow;
  const registers = await fillRegisters(flow);
  const needs = await listNeedsAndVolunteers(flow, registers);
  const donations = await giveDonations(flow, registers, needs);
  await buyAndRunProjects(flow, registers, needs, donations);

  // --- the volunteer's assignment ends; the resident's goods lapse -----------------------------------
  advance(2 * DAY);
  await send(volunteerDecider, needs.vol1, { type: 'EndVolunteerAssignment', data: { volunteerId: needs.vol1, assignmentId: needs.assignment, reason: mark('assignment-end-reason') } });
  await send(donationDecider, donations.d2, { type: 'ExpireDonation', data: { donationId: donations.d2 } });

  // --- a donor's webhook subscription, rotated and removed (withheld from the contract) -------------
  const hook = idOf('hook-1');
  const url = `https://hooks.example.org/${mark('webhook-path')}`;
  await send(webhookDecider, hook, { type: 'SubscribeWebhook', data: { subscriptionId: hook, subscriber: { account: mark('webhook-account') }, area: { city: 'xiamen' }, url, allowPrivateTargets: false } });
  await send(webhookDecider, hook, { type: 'RotateWebhookSecret', data: { subscriptionId: hook } });
  await send(webhookDecider, hook, { type: 'RemoveWebhookSubscription', data: { subscriptionId: hook } });

  await visitElders(flow, registers, needs);
  await runGrantRound(flow, registers);

  // --- an operator corrects a stored fact (withheld from the contract) ------------------------------
  const community = `community-${registers.c2}`;
  const [registration] = await store.readStream(community);
  await flow.aggregates.correct(
    community,
    { eventId: registration!.eventId, data: { ...(registration!.data as object), name: mark('corrected-village-name') }, reason: mark('correction-reason') },
    { correlationId: 'marked-flow-correction', causationId: null, actor: { id: mark('operator'), role: 'operator' } },
  );

  return { markers: flow.markers, headPosition: await store.headPosition() };
}
