import type { DemoHttp } from './demo-http.js';

/** The public lists and what the demo counts on each, read through the API like any client. */
export const DEMO_LISTS = {
  needs: '/needs',
  projects: '/projects',
  donations: '/donations',
  volunteers: '/volunteers',
  socialWorkers: '/social-workers',
  organisations: '/organisations',
  communities: '/communities',
} as const;
export type DemoList = keyof typeof DEMO_LISTS;

export interface DemoListCounts {
  counts: Record<DemoList, number>;
  needsByStatus: Record<string, number>;
  projectsByStatus: Record<string, number>;
  /** Unallocated charity balance on the resources list, in fen. */
  donationBalanceFen: number;
  /** Hours delivered on the projects list. */
  deliveredHours: number;
}

type Item = Record<string, unknown>;

/** Every item of a list, page by page (cursor pagination), once the read models hold `minPosition`. */
export const readWholeList = async (http: DemoHttp, path: string, minPosition = 0): Promise<Item[]> => {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '100', ...(minPosition > 0 ? { minPosition: String(minPosition) } : {}), ...(cursor ? { cursor } : {}) });
    const response = await http.request('GET', `${path}?${query.toString()}`);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    const page = response.body as { items: Item[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
};

const tally = (items: Item[], field: string): Record<string, number> =>
  items.reduce<Record<string, number>>((counts, item) => {
    const value = String(item[field]);
    counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  }, {});

export const countDemoLists = async (http: DemoHttp, minPosition = 0): Promise<DemoListCounts> => {
  const lists = Object.fromEntries(
    await Promise.all(Object.entries(DEMO_LISTS).map(async ([name, path]) => [name, await readWholeList(http, path, minPosition)] as const)),
  ) as Record<DemoList, Item[]>;
  return {
    counts: Object.fromEntries(Object.entries(lists).map(([name, items]) => [name, items.length])) as Record<DemoList, number>,
    needsByStatus: tally(lists.needs, 'status'),
    projectsByStatus: tally(lists.projects, 'status'),
    donationBalanceFen: lists.donations.reduce((sum, donation) => sum + Number(donation.balanceFen ?? 0), 0),
    deliveredHours: lists.projects.reduce((sum, project) => sum + Number(project.deliveredHours ?? 0), 0),
  };
};
