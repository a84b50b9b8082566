/**
 * The matching feed's state at a log position, as plain JSON: every fold (what each open need still
 * asks for, what each resource still has) and the declined pairs. A restart restores it and follows
 * the log from its position instead of replaying the whole log; what the engine derives (buckets,
 * scores) is rebuilt from the folds.
 *
 * A checkpoint is a cache of the log, never a source of truth: a checkpoint of another fold version,
 * or past the log's head (another store), is ignored and the feed replays from position 0.
 */
import type { DeclinedPair } from '../declined-pairs.js';
import type { MatchingEngineConfig } from '../matching-engine.js';
import {
  MatchingFeed, type DonationFold, type NeedFold, type OrganisationFold, type ProjectFold, type SocialWorkerFold, type VolunteerFold,
} from './matching-feed.js';

/**
 * Bump when a fold changes what it keeps or how it reads an event: checkpoints of an older version
 * are then replayed over instead of restored.
 */
export const MATCHING_CHECKPOINT_VERSION = 2; // 2: resources keep what they received lately (fairness)

type Plain<Fold, MapKeys extends keyof Fold, SetKeys extends keyof Fold> = Omit<Fold, MapKeys | SetKeys> & {
  [K in MapKeys]: [string, number][];
} & { [K in SetKeys]: string[] };

/** A need's fold as checkpoints have always written it (hoursLeft and fenLeft), so older ones still restore. */
export type NeedCheckpoint = Omit<NeedFold, 'hoursPerWeek' | 'amountFen'> & { hoursLeft: number; fenLeft: number };

export interface MatchingCheckpoint {
  readonly version: number;
  /** The last log position folded in. */
  readonly position: number;
  /** The log's clock at that position (ISO). */
  readonly clock: string;
  readonly needs: NeedCheckpoint[];
  readonly volunteers: Plain<VolunteerFold, 'assignedHours', never>[];
  readonly socialWorkers: Plain<SocialWorkerFold, 'projectHours' | 'needHours', never>[];
  readonly donations: Plain<DonationFold, never, 'matchIds'>[];
  readonly organisations: Plain<OrganisationFold, never, 'needMatches' | 'stationContracts'>[];
  readonly projects: ProjectFold[];
  readonly declined: DeclinedPair[];
}

/**
 * The feed's state now (synchronous: taken between two folds, it is the state at feed.position). Each
 * fold is copied with whatever later folds change in place (its maps, sets and receipts), so the
 * snapshot may be serialised bit by bit while the feed folds on (matching-checkpoint-file.ts): on 1M
 * events serialising takes seconds, and must not hold the event loop that long. What stays shared
 * (areas, skill lists, earmarks, receipts) is never changed in place.
 */
export const checkpointOf = (feed: MatchingFeed): MatchingCheckpoint => {
  const { needs, volunteers, socialWorkers, donations, organisations, projects } = feed.folds;
  return {
    version: MATCHING_CHECKPOINT_VERSION,
    position: feed.position,
    clock: feed.clockAt,
    needs: [...needs.values()].map(({ hoursPerWeek, amountFen, ...fold }) => ({ ...fold, hoursLeft: hoursPerWeek, fenLeft: amountFen })),
    volunteers: [...volunteers.values()].map((fold) => ({ ...fold, assignedHours: [...(fold.assignedHours ?? [])], received: [...fold.received] })),
    socialWorkers: [...socialWorkers.values()].map((fold) => ({ ...fold, projectHours: [...(fold.projectHours ?? [])], needHours: [...(fold.needHours ?? [])], received: [...fold.received] })),
    donations: [...donations.values()].map((fold) => ({ ...fold, matchIds: [...(fold.matchIds ?? [])] })),
    organisations: [...organisations.values()].map((fold) => ({
      ...fold, needMatches: [...(fold.needMatches ?? [])], stationContracts: [...(fold.stationContracts ?? [])], received: [...fold.received],
    })),
    projects: [...projects.values()].map((fold) => ({ ...fold, received: [...fold.received] })),
    declined: feed.engine.declinedPairs(),
  };
};

/** A fold keeps no empty map or set (matching-folds.ts): none for an empty list. */
const mapOrNone = (entries: [string, number][]) => (entries.length === 0 ? undefined : new Map(entries));
const setOrNone = (values: string[]) => (values.length === 0 ? undefined : new Set(values));

/** Whether `checkpoint` can stand for the log whose head is `headPosition`. */
export const checkpointUsable = (checkpoint: MatchingCheckpoint | null, headPosition: number): checkpoint is MatchingCheckpoint =>
  checkpoint !== null && checkpoint.version === MATCHING_CHECKPOINT_VERSION && checkpoint.position > 0 && checkpoint.position <= headPosition;

/**
 * A feed for the checkpoint, and the steps that fill it: first the folds, one step each, then the
 * engine (feed.restoreSteps). The caller runs them, yielding to the event loop between batches (on
 * 1M events filling the folds alone took ~1.3 s, all of it /health/live silence when it ran at
 * once). The parsed checkpoint is let go between the two phases, so the engine can take the room
 * its copies held; the feed's position is the checkpoint's once the last step ran, 0 before.
 */
export const restoreFeed = (
  checkpoint: MatchingCheckpoint,
  config: Omit<MatchingEngineConfig, 'now' | 'proposeOnUpsert'> = {},
): { feed: MatchingFeed; steps: Generator<void> } => {
  const feed = new MatchingFeed(config);
  return { feed, steps: restoring(feed, { checkpoint }) };
};

function* restoring(feed: MatchingFeed, parsed: { checkpoint: MatchingCheckpoint | null }): Generator<void> {
  const { position, clock } = parsed.checkpoint!;
  yield* fillFolds(feed, parsed.checkpoint!);
  parsed.checkpoint = null;
  yield* feed.restoreSteps(position, clock);
}

function* fillFolds(feed: MatchingFeed, checkpoint: MatchingCheckpoint): Generator<void> {
  const { needs, volunteers, socialWorkers, donations, organisations, projects } = feed.folds;
  // Parsed JSON holds a copy of every area and name per fold: shared again, as folding shares them.
  const { intern } = feed;
  for (const { hoursLeft, fenLeft, ...fold } of checkpoint.needs) {
    needs.set(fold.needId, { ...fold, hoursPerWeek: hoursLeft, amountFen: fenLeft, area: intern.place(fold.area), category: intern.string(fold.category), urgency: intern.string(fold.urgency), requiredSkills: intern.list(fold.requiredSkills) });
    yield;
  }
  for (const fold of checkpoint.volunteers) {
    volunteers.set(fold.volunteerId, { ...fold, area: intern.place(fold.area), skills: intern.list(fold.skills), categories: intern.list(fold.categories), assignedHours: mapOrNone(fold.assignedHours) });
    yield;
  }
  for (const fold of checkpoint.socialWorkers) {
    socialWorkers.set(fold.socialWorkerId, { ...fold, area: intern.place(fold.area), projectHours: mapOrNone(fold.projectHours), needHours: mapOrNone(fold.needHours) });
    yield;
  }
  for (const fold of checkpoint.donations) {
    donations.set(fold.donationId, { ...fold, area: intern.place(fold.area), matchIds: setOrNone(fold.matchIds) });
    yield;
  }
  for (const fold of checkpoint.organisations) {
    organisations.set(fold.organisationId, {
      ...fold, district: intern.string(fold.district), ...(fold.city === undefined ? {} : { city: intern.string(fold.city) }), categories: intern.list(fold.categories),
      needMatches: setOrNone(fold.needMatches), stationContracts: setOrNone(fold.stationContracts),
    });
    yield;
  }
  for (const fold of checkpoint.projects) {
    projects.set(fold.projectId, { ...fold, area: intern.place(fold.area), categories: intern.list(fold.categories) });
    yield;
  }
  feed.engine.restoreDeclined(checkpoint.declined);
}
