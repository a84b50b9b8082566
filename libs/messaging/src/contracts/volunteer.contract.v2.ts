import type { VolunteerEvent, VolunteerHoursLoggedData } from '#domain';
import { type ContractDecision, integrationEventType, published, type PublishedDecision } from './integration-event.js';
import { hoursEntryData, toTarget, volunteerContract } from './volunteer.contract.js';

/**
 * The volunteer aggregate's v2 contract (topic `<prefix>.volunteer.v2`): hours-logged.v2 carries every
 * hours entry with its entryId and status, so a consumer follows an entry through hours-confirmed
 * and hours-declined. Every other volunteer fact is published on v2 too, with its v1 shape under a
 * .v2 type, so one topic keeps a volunteer's facts in order. v1 stays published beside it (deprecated)
 * until consumers have moved.
 */
const sameShapeInV2 = (decision: ContractDecision): ContractDecision => {
  if (!decision.publish) return decision;
  // A v2 topic starts with the current shapes: what an earlier release wrote on v1 was never on it.
  const { earlierShapes: _earlier, ...current } = decision;
  return { ...current, major: 2, type: integrationEventType(decision.aggregate, factOf(decision), 2) } satisfies PublishedDecision;
};

/** `hours-confirmed` from `wushe.volunteer.hours-confirmed.v1`. */
const factOf = (decision: PublishedDecision): string => decision.type.split('.').slice(2, -1).join('.');

export const volunteerContractV2 = {
  ...(Object.fromEntries(Object.entries(volunteerContract).map(([type, decision]) => [type, sameShapeInV2(decision)])) as Record<VolunteerEvent['type'], ContractDecision>),
  VolunteerHoursLogged: published(
    'volunteer',
    'hours-logged',
    'Hours served on an assignment were logged by hand. `pending`: the volunteer reported them itself and they count only once ' +
      'hours-confirmed follows (never if hours-declined does); `confirmed`: they count now (typed by the coordinator, or logged before confirmation existed)',
    hoursEntryData(),
    (data: VolunteerHoursLoggedData) => ({
      volunteerId: data.volunteerId,
      entryId: data.entryId,
      status: data.status,
      assignmentId: data.assignmentId,
      target: toTarget(data.target),
      hours: data.hours,
      servedOn: data.servedOn,
      area: { ...data.area },
    }),
    { major: 2 },
  ),
} as const satisfies Record<VolunteerEvent['type'], ContractDecision>;
