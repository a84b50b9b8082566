/**
 * Values shared by every aggregate. Administrative levels (DOMAIN.md): city > district/county >
 * street/town > community/village. Districts and streets are codes carried on the community;
 * events carry the full area so consumers never need a join to place a fact.
 */
export interface Area {
  readonly city: string;
  readonly district: string;
  readonly street: string;
  readonly community: string;
}

export const AREA_LEVELS = ['city', 'district', 'street', 'community'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

/**
 * The first level at which `area` lies outside `scope`, or null when it lies within. A scope marks
 * the levels above its reach with '' (a district-wide project has street '' and community '').
 */
export const levelOutsideScope = (scope: Partial<Area>, area: Area): AreaLevel | null =>
  AREA_LEVELS.find((level) => {
    const within = scope[level];
    return within !== undefined && within !== '' && area[level] !== within;
  }) ?? null;

/** Service categories used by needs, projects, volunteers' skills and donation earmarks. */
export const SERVICE_CATEGORIES = {
  elderly_care: '养老服务',
  child_welfare: '儿童关爱',
  disability_support: '助残服务',
  social_assistance: '社会救助',
  family_support: '家庭服务',
  mental_health: '心理健康',
  health: '健康服务',
  education: '教育辅导',
  employment: '就业帮扶',
  community_governance: '社区治理',
  culture_sports: '文体活动',
  emergency_relief: '应急救助',
} as const;
export type ServiceCategory = keyof typeof SERVICE_CATEGORIES;
export const serviceCategories = Object.keys(SERVICE_CATEGORIES) as ServiceCategory[];

/** Urgency of a need, low to critical; matching weighs coverage by it. */
export const URGENCIES = ['low', 'medium', 'high', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Social worker grades (社会工作者职业水平). */
export const SOCIAL_WORKER_GRADES = {
  assistant: '助理社会工作师',
  intermediate: '社会工作师',
  senior: '高级社会工作师',
} as const;
export type SocialWorkerGrade = keyof typeof SOCIAL_WORKER_GRADES;

/** Money is integer fen (分, 1/100 yuan) so no amount is ever rounded. */
export type Fen = number;

/** ISO-8601 date (YYYY-MM-DD) or instant strings in events: events are JSON. */
export type IsoDate = string;
export type IsoInstant = string;
