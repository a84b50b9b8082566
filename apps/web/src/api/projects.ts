/** The shapes of GET /projects and GET /projects/:id the console shows (see the API's OpenAPI document). */
export interface ProjectItem {
  projectId: string; title: string; kind: string; stationLevel: string | null; status: string; categories: string[];
  area: { city: string; district?: string; street?: string; community?: string };
  budgetFen: number; contractPriceFen: number | null; contractor: { organisationId: string; name: string | null } | null;
  fundingMatchedFen: number; fundingGapFen: number; deliveries: number; deliveredHours: number; beneficiariesServed: number;
  satisfaction: { good: number; bad: number; ratings: number; averageScore: number | null };
  reports: { filed: number; overdue: number };
  staff: { count: number; qualified: number; meetsStationRule: boolean | null };
  /** 中标公示 and its standstill (质疑期); null before an award and after one is cancelled. */
  award: {
    bidId: string; organisationId: string; name: string | null; priceFen: number; announcedAt: string;
    standstillLastDay: string; standstillEndsAt: string; standstillRunning: boolean;
  } | null;
  challenges: { lodged: number; open: number };
  designedAt: string; signedAt: string | null; endsAt: string | null;
}

export interface ChallengeItem {
  challengeId: string; organisationId: string; awardedBidId: string; grounds: string; status: string; lodgedAt: string; answeredAt: string | null; reasons: string | null;
}

export interface BidItem {
  bidId: string; projectId: string; organisationId: string; organisationKind: string; priceFen: number; proposal: string; status: string; submittedAt: string;
}

export interface ProjectDetail extends ProjectItem {
  requirements: string; publishedAt: string | null; bidDeadline: string | null; minimumGrade: number | null;
  contract: { bidId: string; termMonths: number | null; settlementMethod: string | null; staffOnPostDeadline: string | null; staffOnPostAt: string | null } | null;
  staffMembers: { socialWorkerId: string; organisationId: string; qualified: boolean; grade: string | null; active: boolean; assignedAt: string }[];
  reportsFiled: { reportId: string; kind: string; period: string; filedAt: string }[];
  reportsOwed: { kind: string; period: string; dueAt: string }[];
  evaluations: { year: number; grade: string; score: number; continues: boolean; evaluatedAt: string }[];
  bids: BidItem[];
  challengeLog: ChallengeItem[];
  weeklyHours: { socialWorkerId: string; weekOf: string; hours: number; meetsRule2: boolean }[];
}

/** The purchase flow's steps in order (政府购买服务), and where a status stands in it. */
export const PURCHASE_STEPS = ['设计', '发布招标', '投标', '截标', '中标公示', '签订合同', '人员到岗', '服务与评估'] as const;
export const purchaseStep = (project: ProjectDetail): number => {
  switch (project.status) {
    case 'designed': return 1;
    case 'published': return project.bids.length > 0 ? 3 : 2;
    case 'bidding_closed': return 4;
    case 'awarded':
    case 'challenged': return 5;
    case 'contracted': return project.contract?.staffOnPostAt ? 7 : 6;
    default: return 8;
  }
};
