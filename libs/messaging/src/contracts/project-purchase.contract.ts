import {
  type AwardAnnouncedData,
  type BidSubmittedData,
  type BidWithdrawnData,
  type BiddingClosedData,
  type ProjectEvent,
  type ProjectPublishedForPurchaseData,
} from '#domain';
import { published, type ContractDecision } from './integration-event.js';
import { area, arrayOf, date, fen, id, instant, integer, object, organisationKind } from './json-schema.js';

/** The purchase (政府购买服务): publication, bids, the close of bidding and the announced award. */
export const projectPurchaseContract = {
  ProjectPublishedForPurchase: published(
    'project',
    'published-for-purchase',
    'The project was published for government purchase (政府购买服务)',
    object({ projectId: id(), deadline: instant(), minimumGrade: integer(0, 'Lowest organisation grade that may bid; 0: any', 5), publishedAt: instant() }),
    (data: ProjectPublishedForPurchaseData) => ({
      projectId: data.projectId,
      deadline: data.deadline,
      minimumGrade: data.eligibility.minimumGrade,
      publishedAt: data.publishedAt,
    }),
  ),
  BidSubmitted: published(
    'project',
    'bid-submitted',
    'An organisation bid for the project',
    object({ projectId: id(), bidId: id(), organisationId: id(), organisationKind: organisationKind(), priceFen: fen(), submittedAt: instant() }),
    (data: BidSubmittedData) => ({
      projectId: data.projectId,
      bidId: data.bidId,
      organisationId: data.organisationId,
      organisationKind: data.organisationKind,
      priceFen: data.priceFen,
      submittedAt: data.submittedAt,
    }),
  ),
  BidWithdrawn: published(
    'project',
    'bid-withdrawn',
    'A bid was withdrawn',
    object({ projectId: id(), bidId: id(), organisationId: id(), withdrawnAt: instant() }),
    (data: BidWithdrawnData) => ({ projectId: data.projectId, bidId: data.bidId, organisationId: data.organisationId, withdrawnAt: data.withdrawnAt }),
  ),
  BiddingClosed: published(
    'project',
    'bidding-closed',
    'Bidding closed with the bids still standing',
    object({ projectId: id(), bidIds: arrayOf(id()), closedAt: instant() }),
    (data: BiddingClosedData) => ({ projectId: data.projectId, bidIds: [...data.bidIds], closedAt: data.closedAt }),
  ),
  AwardAnnounced: published(
    'project',
    'award-announced',
    'The award was announced (中标结果公示): bidders may challenge it until the standstill ends; no contract before',
    object({
      projectId: id(),
      bidId: id(),
      organisationId: id(),
      priceFen: fen('The awarded bid\'s price'),
      area: area(),
      announcedAt: instant(),
      standstillWorkingDays: integer(1, 'PURCHASE_STANDSTILL_WORKING_DAYS when announced'),
      standstillLastDay: date('The last Beijing working day a challenge may be lodged'),
      standstillEndsAt: instant('Midnight Beijing time after the last day: the earliest a contract may be signed'),
    }),
    (data: AwardAnnouncedData) => ({
      projectId: data.projectId,
      bidId: data.bidId,
      organisationId: data.organisationId,
      priceFen: data.priceFen,
      area: { ...data.area },
      announcedAt: data.announcedAt,
      standstillWorkingDays: data.standstill.workingDays,
      standstillLastDay: data.standstill.lastDay,
      standstillEndsAt: data.standstill.endsAt,
    }),
  ),
} as const satisfies Partial<Record<ProjectEvent['type'], ContractDecision>>;
