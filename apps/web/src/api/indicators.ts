import { get, type Page } from './client';
import type { Session } from './session';

/** GET /indicators?level=&code=[&asOf=]: the figures of an area with each seed target beside its figure. */
export type Level = 'city' | 'district' | 'street' | 'community';
export const LEVELS: Level[] = ['city', 'district', 'street', 'community'];
export const LEVEL_NAMES: Record<Level, string> = { city: '市', district: '区', street: '街道', community: '社区' };

export interface TargetCheck { indicator: string; seed: string; figure: number | null; target: number; met: boolean | null }
export interface Indicators {
  level: Level; code: string; asOf: string | null;
  population: { communities: number; residents: number; households: number };
  socialWorkers: { active: number; qualified: number; per1000Residents: number | null; perCommunity: number | null; targetPer1000Residents: number; targetPerCommunity: number | null };
  organisations: { registered: number; perCommunity: number | null; targetPerCommunity: number | null };
  volunteers: { active: number; shareOfResidents: number | null; targetShare: number };
  stations: { streets: number; streetsWithStation: number; coverage: number | null; target: number };
  needs: { listed: number; open: number; fulfilled: number; fulfilledShare: number | null; timeToFirstMatch: { medianHours: number | null } };
  serviceHours: { socialWorkers: number; volunteers: number };
  satisfaction: { goodShare: number | null };
  /** 特殊困难老年人月探访率 (seed 003 col. 3): on the register, seen at home this month (not `not_met`), their share, target 1. */
  homeVisits: { month: string; registered: number; visited: number; rate: number | null; target: number };
  targets: TargetCheck[];
}

export const indicatorsOf = (level: Level, code: string, asOf?: string, minPosition?: number) =>
  get<Indicators>('/indicators', { level, code, asOf, minPosition });

/** A figure the dashboard charts: how to read it and its target off the answer, in the unit people read. */
export interface Measure { title: string; unit: string; figure: (i: Indicators) => number | null; target: (i: Indicators) => number | null }
const percent = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value * 1000) / 10);
const targetOf = (i: Indicators, indicator: string) => i.targets.find((check) => check.indicator === indicator)?.target ?? null;
export const MEASURES: Measure[] = [
  { title: '每千名居民社工数', unit: '人/千人', figure: (i) => i.socialWorkers.per1000Residents, target: (i) => targetOf(i, 'socialWorkers.per1000Residents') },
  { title: '每社区社工数', unit: '人', figure: (i) => i.socialWorkers.perCommunity, target: (i) => targetOf(i, 'socialWorkers.perCommunity') },
  { title: '每社区社会组织数', unit: '个', figure: (i) => i.organisations.perCommunity, target: (i) => targetOf(i, 'organisations.perCommunity') },
  { title: '志愿者占居民比例', unit: '%', figure: (i) => percent(i.volunteers.shareOfResidents), target: (i) => percent(targetOf(i, 'volunteers.shareOfResidents')) },
  { title: '街道社工站覆盖率', unit: '%', figure: (i) => percent(i.stations.coverage), target: (i) => percent(targetOf(i, 'stations.coverage')) },
  { title: '需求办结率', unit: '%', figure: (i) => percent(i.needs.fulfilledShare), target: () => null },
];

/** The API's target checks (seeds 002, 003, 004) in the words of the policy texts. */
export const targetText = (check: TargetCheck): { name: string; figure: string; target: string } => {
  const street = /^volunteers\.byStreet\[(.+)\]\.shareOfResidents$/.exec(check.indicator)?.[1];
  const share = check.indicator.endsWith('shareOfResidents') || check.indicator === 'stations.coverage' || check.indicator === 'homeVisits.rate';
  const shown = (value: number | null) => (value === null ? '无数据' : share ? `${percent(value)}%` : String(value));
  const names: Record<string, string> = {
    'socialWorkers.per1000Residents': '每千名居民社工数（人）', 'socialWorkers.perCommunity': '每社区社工数（城市社区 3 人、农村社区 1 人）',
    'organisations.perCommunity': '每社区社会组织数（城市 10 个、农村 5 个）', 'volunteers.shareOfResidents': '注册志愿者占居民比例',
    'stations.coverage': '街道（乡镇）社工站覆盖率', 'homeVisits.rate': '特殊困难老年人本月探访率',
  };
  return { name: street ? `${street} 街道志愿者占居民比例` : (names[check.indicator] ?? '其他指标'), figure: shown(check.figure), target: `≥ ${shown(check.target)}` };
};
export const seedText = (seed: string) => `政策 ${seed.replace(/ col\. (\d+)/g, ' 第 $1 栏').replace(/,/g, '、')}`;

/** An area the user may read: its level, code and a name to show (communities have names; streets and districts only codes). */
export interface AreaOption { level: Level; code: string; name: string; path: string[] }

/**
 * The areas within the user's own, known by the communities registered there (as the API knows them): the user's
 * own area and every district, street and community below it. Nothing outside the user's area is offered.
 */
export const areasWithin = async (me: Session): Promise<AreaOption[]> => {
  const filters = { ...(me.area.district ? { district: me.area.district } : {}), ...(me.area.street ? { street: me.area.street } : {}), ...(me.area.community ? { community: me.area.community } : {}) };
  const communities: { communityId: string; name: string; area: { city: string; district: string; street: string; community: string } }[] = [];
  let cursor: string | undefined;
  do {
    const page = await get<Page<(typeof communities)[number]>>('/communities', { ...filters, limit: 100, cursor });
    communities.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const own = LEVELS.indexOf(ownLevel(me));
  const found = new Map<string, AreaOption & { communities: number }>();
  for (const { name, area } of communities) {
    const path = [area.city, area.district, area.street, area.community];
    LEVELS.forEach((level, depth) => {
      if (depth < own) return;
      const key = path.slice(0, depth + 1).join('/');
      const known = found.get(key) ?? { level, code: path[depth]!, name, path: path.slice(0, depth + 1), communities: 0 };
      known.communities += 1;
      if (level !== 'community') known.name = `${path[depth]} ${LEVEL_NAMES[level]}（${known.communities} 个社区）`;
      found.set(key, known);
    });
  }
  return [...found.values()].map(({ communities: _, ...option }) => option);
};

export const ownLevel = (me: Session): Level => (me.area.community ? 'community' : me.area.street ? 'street' : me.area.district ? 'district' : 'city');

/** The areas one level below `area` (a district's streets, a street's communities). */
export const childrenOf = (areas: AreaOption[], area: AreaOption): AreaOption[] => {
  const depth = LEVELS.indexOf(area.level);
  return areas.filter((each) => LEVELS.indexOf(each.level) === depth + 1 && area.path.every((code, index) => each.path[index] === code));
};

/** The end of each of the last `months` months in Beijing (YYYY-MM-DD, the API's asOf), oldest first. */
export const pastMonthEnds = (today: string, months: number): string[] => {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: months }, (_, index) => {
    // Day 0 of a month is the last day of the one before it.
    const end = new Date(Date.UTC(year, month - 1 - (months - 1 - index), 0));
    return end.toISOString().slice(0, 10);
  });
};
