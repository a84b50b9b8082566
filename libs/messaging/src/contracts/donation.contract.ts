import type {
  DonationDisbursedData,
  DonationEvent,
  DonationExpiredData,
  DonationMatchedData,
  DonationMatchReleasedData,
  DonationPledgedData,
  DonationReceiptCorrectedData,
  DonationRefundedData,
  DonationTarget,
} from '#domain';
import { published, withheld, type ContractDecision } from './integration-event.js';
import {
  area,
  areaCode,
  boolean,
  categories,
  category,
  date,
  donatedResource,
  donorKind,
  fen,
  id,
  nullable,
  object,
  tagged,
} from './json-schema.js';

/** A need or project with the category and area it was checked against: also the target of a matching pool's match. */
export const donationTargetSchema = (description = 'Where the donation goes: a need or a project, with the category and area its earmark was checked against') =>
  tagged(
    'kind',
    {
      need: { needId: id(), category: category(), area: area("The need's area") },
      project: { projectId: id(), categories: categories(), area: area("The project's area") },
    },
    description,
  );

export const toDonationTarget = (value: DonationTarget) =>
  value.kind === 'need'
    ? { kind: 'need' as const, needId: value.needId, category: value.category, area: { ...value.area } }
    : { kind: 'project' as const, projectId: value.projectId, categories: [...value.categories], area: { ...value.area } };

/**
 * Donors appear only as a kind: neither their name (a resident's would be personal data, an
 * enterprise's may be a sole proprietor's), nor their vault reference, nor the description or
 * the reasons written for a release or a refund.
 */
export const donationContract = {
  DonationPledged: published(
    'donation',
    'pledged',
    'Money, goods or venue time was pledged, optionally earmarked by category and area',
    object({
      donationId: id(),
      donorKind: donorKind(),
      resource: donatedResource(),
      amountFen: fen('Money in fen; the appraised value in fen for goods and venue time'),
      earmark: nullable(
        object(
          {
            category: nullable(category()),
            district: nullable(areaCode('District')),
            street: nullable(areaCode('Street')),
            community: nullable(areaCode('Community')),
          },
          'Where the donation may go (rule 12); null fields place no restriction',
        ),
      ),
      area: area('Where it was pledged'),
      expiresOn: nullable(date('Last date it may be matched')),
      autoMatch: nullable(
        object(
          { categories: nullable(categories()), maxPerNeedFen: nullable(fen('The most automatic matching may give one need')) },
          "The donor's consent to automatic matching",
        ),
      ),
    }),
    (data: DonationPledgedData) => ({
      donationId: data.donationId,
      donorKind: data.donor.kind,
      resource: data.resource,
      amountFen: data.amountFen,
      earmark: data.earmark
        ? { category: data.earmark.category, district: data.earmark.district, street: data.earmark.street, community: data.earmark.community }
        : null,
      area: { ...data.area },
      expiresOn: data.expiresOn,
      autoMatch: data.autoMatch
        ? { categories: data.autoMatch.categories ? [...data.autoMatch.categories] : null, maxPerNeedFen: data.autoMatch.maxPerNeedFen }
        : null,
    }),
  ),
  DonationMatched: published(
    'donation',
    'matched',
    'Part or all of a donation was matched to a need or a project (design card: donation matched)',
    object({
      donationId: id(),
      matchId: id(),
      target: donationTargetSchema(),
      amountFen: fen(),
      resource: donatedResource(),
      donorKind: donorKind(),
      automatic: boolean('Made by the matching engine under the donor’s consent'),
      balanceFen: fen('Unallocated balance after this match'),
    }),
    (data: DonationMatchedData) => ({
      donationId: data.donationId,
      matchId: data.matchId,
      target: toDonationTarget(data.target),
      amountFen: data.amountFen,
      resource: data.resource,
      donorKind: data.donorKind,
      automatic: data.automatic,
      balanceFen: data.balanceFen,
    }),
  ),
  DonationMatchReleased: published(
    'donation',
    'match-released',
    'A match was released: its amount returned to the unallocated balance',
    object({ donationId: id(), matchId: id(), target: donationTargetSchema(), amountFen: fen(), balanceFen: fen('Unallocated balance after the release') }),
    (data: DonationMatchReleasedData) => ({
      donationId: data.donationId,
      matchId: data.matchId,
      target: toDonationTarget(data.target),
      amountFen: data.amountFen,
      balanceFen: data.balanceFen,
    }),
  ),
  DonationDisbursed: published(
    'donation',
    'disbursed',
    'Matched funds were paid out to the need or project',
    object({
      donationId: id(),
      matchId: id(),
      target: donationTargetSchema(),
      resource: donatedResource(),
      amountFen: fen(),
      disbursedFen: fen('Disbursed on this match so far, this disbursement included'),
    }),
    (data: DonationDisbursedData) => ({
      donationId: data.donationId,
      matchId: data.matchId,
      target: toDonationTarget(data.target),
      resource: data.resource,
      amountFen: data.amountFen,
      disbursedFen: data.disbursedFen,
    }),
  ),
  DonationReceipted: withheld(
    'donation',
    'Its content is the receipt number (公益事业捐赠票据), which is issued to the named donor and so links back to them, and the amount it states, which DonationMatched and DonationRefunded already carry; no indicator needs it.',
  ),
  DonationReceiptCorrected: published(
    'donation',
    'receipt-corrected',
    'A refund took back receipted money: the receipt now states less, or is void at 0 (the receipt number, which links to the donor, is withheld)',
    object({
      donationId: id(),
      previousAmountFen: fen('What the receipt stated before the refund'),
      amountFen: fen('What the receipt states now'),
      voided: boolean('True when nothing receipted is left'),
      refundedFen: fen('The refund that caused the correction'),
    }),
    (data: DonationReceiptCorrectedData) => ({
      donationId: data.donationId,
      previousAmountFen: data.previousAmountFen,
      amountFen: data.amountFen,
      voided: data.voided,
      refundedFen: data.refundedFen,
    }),
  ),
  DonationRefunded: published(
    'donation',
    'refunded',
    'Part or all of the unallocated balance went back to the donor',
    object({ donationId: id(), amountFen: fen(), balanceFen: fen('Unallocated balance after the refund') }),
    (data: DonationRefundedData) => ({ donationId: data.donationId, amountFen: data.amountFen, balanceFen: data.balanceFen }),
  ),
  DonationExpired: published(
    'donation',
    'expired',
    'The donation passed its expiry date: its balance is no longer offered for matching',
    object({ donationId: id(), expiresOn: date(), unallocatedFen: fen() }),
    (data: DonationExpiredData) => ({ donationId: data.donationId, expiresOn: data.expiresOn, unallocatedFen: data.unallocatedFen }),
  ),
} as const satisfies Record<DonationEvent['type'], ContractDecision>;
