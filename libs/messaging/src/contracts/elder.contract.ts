import {
  ELDER_CIRCUMSTANCES,
  HOME_VISIT_OUTCOMES,
  HOME_VISITOR_KINDS,
  type ElderEvent,
  type ElderInDifficultyRegisteredData,
  type ElderInDifficultyRemovedData,
  type HomeVisitRecordedData,
} from '#domain';
import { published, type ContractDecision } from './integration-event.js';
import { area, arrayOf, date, enumOf, id, object } from './json-schema.js';

/**
 * 特殊困难老年人 and their home visits, for the monthly visit rate (seed 003 column 3). The person's
 * vault reference, the visitor's reference (an account may name a person) and why someone left the
 * register (a death is nobody's analytics) stay inside: consumers count by the record's id and area.
 */
export const elderContract = {
  ElderInDifficultyRegistered: published(
    'elder',
    'registered',
    'An elderly person in special difficulty was put on a community register: visited every month from now on',
    object({
      elderId: id('The register entry; not the person'),
      area: area('The community the person lives in'),
      circumstances: arrayOf(enumOf(Object.keys(ELDER_CIRCUMSTANCES)), 'Why the community keeps an eye on the person'),
    }),
    (data: ElderInDifficultyRegisteredData) => ({ elderId: data.elderId, area: { ...data.area }, circumstances: [...data.circumstances] }),
  ),
  HomeVisitRecorded: published(
    'elder',
    'home-visit-recorded',
    "A home visit to an elderly person in special difficulty: the day, who visited (kind only) and what was found; 'not_met' is not a visit for the monthly rate",
    object({
      elderId: id(),
      visitId: id(),
      area: area(),
      visitedOn: date('Beijing date of the visit; the month it counts for'),
      visitorKind: enumOf(Object.keys(HOME_VISITOR_KINDS), 'Social worker, volunteer or committee member; never who'),
      outcome: enumOf(Object.keys(HOME_VISIT_OUTCOMES), 'What the visitor found'),
    }),
    (data: HomeVisitRecordedData) => ({
      elderId: data.elderId,
      visitId: data.visitId,
      area: { ...data.area },
      visitedOn: data.visitedOn,
      visitorKind: data.visitor.kind,
      outcome: data.outcome,
    }),
  ),
  ElderInDifficultyRemoved: published(
    'elder',
    'removed',
    'An elderly person left the register (the reason is not published): no longer counted in the monthly rate',
    object({ elderId: id(), area: area() }),
    (data: ElderInDifficultyRemovedData) => ({ elderId: data.elderId, area: { ...data.area } }),
  ),
} as const satisfies Record<ElderEvent['type'], ContractDecision>;
