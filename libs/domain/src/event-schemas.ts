import { communityEventTypes } from './community/index.js';
import { correctionEventTypes } from './correction/event-correction.js';
import { donationEventTypes } from './donation/index.js';
import { matchingPoolEventTypes } from './matching-pool/index.js';
import { grantRoundEventTypes } from './grant-round/index.js';
import { elderEventTypes } from './elder/index.js';
import { needEventTypes } from './need/index.js';
import { organisationEventTypes } from './organisation/index.js';
import { personEventTypes } from './person/index.js';
import { projectEventTypes } from './project/index.js';
import { EventRegistry, type Upcaster } from './shared/event-registry.js';
import { socialWorkerEventTypes } from './social-worker/index.js';
import { volunteerEventTypes } from './volunteer/index.js';
import { webhookEventTypes } from './webhook/index.js';

/**
 * Upcasters from old schema versions, oldest first; a changed event shape adds its version bump in
 * `<aggregate>EventTypes` and its upcaster here.
 */
const upcasters: Upcaster[] = [
  // v1 receipts did not state their amount; the donation decider counts it from the stream (amount less refunds before it).
  { type: 'DonationReceipted', from: 1, upcast: (data) => ({ ...data, amountFen: null }) },
  // v1 ratings did not say who rated: no resident's earlier rating is known.
  { type: 'ReportFiled', from: 1, upcast: (data) => ({ ...data, figures: [] }) },
  { type: 'ServiceRated', from: 1, upcast: (data) => ({ ...data, residentRater: null }) },
  // v1 registrations named the district alone: the city is the seat's when there is one, else unknown (authority fails closed).
  { type: 'OrganisationRegistered', from: 1, upcast: (data) => ({ ...data, city: (data.area as { city?: string } | null)?.city ?? null }) },
  // v1 hours were counted at once, before confirmation existed (issue 13): they stay counted, as
  // confirmed, and the fact's own eventId is their entry id (unique, and the same on every read).
  {
    type: 'VolunteerHoursLogged',
    from: 1,
    upcast: (data, stored) => {
      if (stored.eventId === undefined) throw new Error('VolunteerHoursLogged v1 is upcast from a recorded event, with its eventId');
      return { ...data, entryId: stored.eventId, status: 'confirmed' };
    },
  },
];

/** Every event type the product stores, with its current schema version and upcasters. */
export const domainEventRegistry = new EventRegistry(
  [
    communityEventTypes,
    organisationEventTypes,
    socialWorkerEventTypes,
    volunteerEventTypes,
    donationEventTypes,
    matchingPoolEventTypes,
    grantRoundEventTypes,
    needEventTypes,
    projectEventTypes,
    personEventTypes,
    elderEventTypes,
    correctionEventTypes,
    webhookEventTypes,
  ],
  upcasters,
);
