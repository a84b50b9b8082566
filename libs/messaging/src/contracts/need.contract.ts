import type {
  NeedCoveredByProjectData,
  NeedEvent,
  NeedFulfilledData,
  NeedListedData,
  NeedMatchedData,
  NeedReconfirmedData,
  NeedVerifiedData,
  NeedWithdrawnData,
} from '#domain';
import { published, withheld, type ContractDecision } from './integration-event.js';
import { area, boolean, category, date, fen, id, instant, integer, needResourceKind, needSource, nullable, number, object, urgency } from './json-schema.js';

/**
 * Beneficiaries are often the most vulnerable residents: the beneficiary reference, the title,
 * the description, required skills, the fulfilment note and the withdrawal reason all stay
 * inside. What remains places and sizes the need without pointing at anyone.
 */
export const needContract = {
  NeedListed: published(
    'need',
    'listed',
    "A resident's need was put on the needs list (居民需求清单) (design card: needs listed)",
    object({
      needId: id(),
      communityId: id(),
      area: area(),
      category: category(),
      urgency: urgency(),
      beneficiaries: integer(1, 'How many people the need concerns'),
      hoursPerWeek: nullable(number(0)),
      amountFen: nullable(fen('The money gap, if any')),
      window: nullable(object({ from: date(), to: date() }, 'Inclusive dates between which the need must be met')),
      source: needSource(),
      listedAt: instant(),
    }),
    (data: NeedListedData) => ({
      needId: data.needId,
      communityId: data.communityId,
      area: { ...data.area },
      category: data.category,
      urgency: data.urgency,
      beneficiaries: data.beneficiaries,
      hoursPerWeek: data.hoursPerWeek,
      amountFen: data.amountFen,
      window: data.window ? { from: data.window.from, to: data.window.to } : null,
      source: data.source,
      listedAt: data.listedAt,
    }),
  ),
  NeedVerified: published(
    'need',
    'verified',
    'The community verified the need',
    object({ needId: id(), verifiedAt: instant() }),
    (data: NeedVerifiedData) => ({ needId: data.needId, verifiedAt: data.verifiedAt }),
  ),
  NeedReconfirmed: published(
    'need',
    'reconfirmed',
    'The community reconfirmed that the need still stands (its freshness); the note stays inside (free text may name people)',
    object({ needId: id(), reconfirmedAt: instant() }),
    (data: NeedReconfirmedData) => ({ needId: data.needId, reconfirmedAt: data.reconfirmedAt }),
  ),
  NeedMatched: published(
    'need',
    'matched',
    'A resource was matched to the need; the first match ends its time to first match',
    object({
      needId: id(),
      matchId: id(),
      resource: object({ kind: needResourceKind(), id: id() }, 'The matched resource on the resources list'),
      amountFen: nullable(fen()),
      hoursPerWeek: nullable(number(0)),
      firstMatch: boolean('True for the need’s first match'),
      listedAt: instant(),
      matchedAt: instant(),
      area: area(),
      category: category(),
    }),
    (data: NeedMatchedData) => ({
      needId: data.needId,
      matchId: data.matchId,
      resource: { kind: data.resource.kind, id: data.resource.id },
      amountFen: data.amountFen,
      hoursPerWeek: data.hoursPerWeek,
      firstMatch: data.firstMatch,
      listedAt: data.listedAt,
      matchedAt: data.matchedAt,
      area: { ...data.area },
      category: data.category,
    }),
  ),
  NeedCoveredByProject: published(
    'need',
    'covered-by-project',
    'A service project now covers the need',
    object({ needId: id(), projectId: id(), coveredAt: instant() }),
    (data: NeedCoveredByProjectData) => ({ needId: data.needId, projectId: data.projectId, coveredAt: data.coveredAt }),
  ),
  NeedFulfilled: published(
    'need',
    'fulfilled',
    'The need was met',
    object({ needId: id(), listedAt: instant(), fulfilledAt: instant(), area: area(), category: category() }),
    (data: NeedFulfilledData) => ({
      needId: data.needId,
      listedAt: data.listedAt,
      fulfilledAt: data.fulfilledAt,
      area: { ...data.area },
      category: data.category,
    }),
  ),
  NeedWithdrawn: published(
    'need',
    'withdrawn',
    'The need was withdrawn from the list',
    object({ needId: id(), withdrawnAt: instant(), area: area(), category: category() }),
    (data: NeedWithdrawnData) => ({ needId: data.needId, withdrawnAt: data.withdrawnAt, area: { ...data.area }, category: data.category }),
  ),
  // A decline's free-text reason may describe the beneficiary; analytics gains nothing from it.
  MatchProposalDeclined: withheld('need', 'A matching decision with a free-text reason; internal to matching'),
} as const satisfies Record<NeedEvent['type'], ContractDecision>;
