/**
 * Events of an elderly person in special difficulty (特殊困难老年人: living alone, empty-nest,
 * disabled, on low income, of advanced age) on a community's register, and the home visits made to
 * them. Seed 003 column 3 sets the target: every such person visited every month (100 %).
 * The person appears only as a pseudonymous `beneficiaryRef` (the vault holds who it is), the
 * visitor as the id of a social worker or volunteer record, or a committee member's account.
 */
import type { DomainEvent } from '../shared/decider.js';
import type { Area, IsoDate, IsoInstant } from '../shared/values.js';

/** Why the community keeps an eye on the person (seed 003: 空巢、独居、留守、失能、困难老人). */
export const ELDER_CIRCUMSTANCES = {
  living_alone: '独居',
  empty_nest: '空巢',
  left_behind: '留守',
  disabled: '失能半失能',
  low_income: '低保特困',
  advanced_age: '高龄',
} as const;
export type ElderCircumstance = keyof typeof ELDER_CIRCUMSTANCES;

/** Who made the visit: the five forces' people who knock on doors. */
export const HOME_VISITOR_KINDS = {
  social_worker: '社工',
  volunteer: '志愿者',
  committee_member: '社区工作人员',
} as const;
export type HomeVisitorKind = keyof typeof HOME_VISITOR_KINDS;

/**
 * What the visitor found. `not_met` (nobody answered, the person was away) is recorded, so the
 * attempt is on file, but it is not a visit for the monthly rate: the seed wants the person seen.
 */
export const HOME_VISIT_OUTCOMES = {
  well: '安好',
  concern: '发现问题，需跟进',
  urgent: '紧急情况，已处置或转介',
  not_met: '未见到本人',
} as const;
export type HomeVisitOutcome = keyof typeof HOME_VISIT_OUTCOMES;

export const ELDER_REMOVAL_REASONS = {
  deceased: '去世',
  moved_away: '迁出',
  entered_care_home: '入住养老机构',
  no_longer_in_difficulty: '不再属于特殊困难',
} as const;
export type ElderRemovalReason = keyof typeof ELDER_REMOVAL_REASONS;

export interface HomeVisitor {
  readonly kind: HomeVisitorKind;
  /** socialWorkerId, volunteerId, or the committee member's account: never a name. */
  readonly ref: string;
}

export interface ElderInDifficultyRegisteredData {
  readonly elderId: string;
  readonly communityId: string;
  readonly area: Area;
  /** Pseudonymous reference; the vault maps it to the person. */
  readonly beneficiaryRef: string;
  readonly circumstances: readonly ElderCircumstance[];
  readonly registeredAt: IsoInstant;
}

/** Area and the reference ride along so the monthly rate per area needs no join. */
export interface HomeVisitRecordedData {
  readonly elderId: string;
  readonly visitId: string;
  readonly communityId: string;
  readonly area: Area;
  readonly beneficiaryRef: string;
  /** The Beijing calendar date of the visit; the month it falls in is the month it counts for. */
  readonly visitedOn: IsoDate;
  readonly visitor: HomeVisitor;
  readonly outcome: HomeVisitOutcome;
  readonly recordedAt: IsoInstant;
}

export interface ElderInDifficultyRemovedData {
  readonly elderId: string;
  readonly communityId: string;
  readonly area: Area;
  readonly reason: ElderRemovalReason;
  readonly removedAt: IsoInstant;
}

export type ElderInDifficultyRegistered = DomainEvent<'ElderInDifficultyRegistered', ElderInDifficultyRegisteredData>;
export type HomeVisitRecorded = DomainEvent<'HomeVisitRecorded', HomeVisitRecordedData>;
export type ElderInDifficultyRemoved = DomainEvent<'ElderInDifficultyRemoved', ElderInDifficultyRemovedData>;

export type ElderEvent = ElderInDifficultyRegistered | HomeVisitRecorded | ElderInDifficultyRemoved;

/** Stored type name -> current schemaVersion. */
export const elderEventTypes = {
  ElderInDifficultyRegistered: 1,
  HomeVisitRecorded: 1,
  ElderInDifficultyRemoved: 1,
} as const satisfies Record<ElderEvent['type'], number>;
