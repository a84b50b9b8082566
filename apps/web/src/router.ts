import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { session, type Role } from './api/session';

/** One menu entry: a page of a role, loaded on demand (each role's pages are their own chunks). */
export interface Page {
  path: string;
  title: string;
  roles: Role[];
  component: RouteRecordRaw['component'];
}

const COMMITTEE: Role[] = ['community_committee'];
const BUREAU: Role[] = ['civil_affairs_bureau'];
const READERS: Role[] = ['civil_affairs_bureau', 'analytics_reader', 'auditor'];
const ORGANISATION: Role[] = ['social_organisation', 'social_worker'];
const CHARITY: Role[] = ['donor', 'charity_base', 'resident'];

export const PAGES: Page[] = [
  { path: '/committee/needs', title: '居民需求', roles: COMMITTEE, component: () => import('./pages/committee/NeedsPage.vue') },
  { path: '/committee/volunteers', title: '志愿者与服务时长', roles: COMMITTEE, component: () => import('./pages/committee/VolunteersPage.vue') },
  { path: '/committee/elders', title: '特殊困难老年人探访', roles: COMMITTEE, component: () => import('./pages/committee/EldersPage.vue') },
  { path: '/committee/ratings', title: '服务评价', roles: COMMITTEE, component: () => import('./pages/committee/RatingsPage.vue') },
  { path: '/bureau/projects', title: '民生项目', roles: BUREAU, component: () => import('./pages/bureau/ProjectsPage.vue') },
  { path: '/bureau/organisations', title: '社会组织', roles: BUREAU, component: () => import('./pages/bureau/OrganisationsPage.vue') },
  { path: '/bureau/indicators', title: '指标看板', roles: READERS, component: () => import('./pages/bureau/IndicatorsPage.vue') },
  { path: '/organisation/work', title: '项目与合同', roles: ORGANISATION, component: () => import('./pages/organisation/WorkPage.vue') },
  // Only the contractor's organisation account confirms hours (the command table's coordinator rule), not its social workers.
  { path: '/organisation/hours', title: '时长确认', roles: ['social_organisation'], component: () => import('./pages/organisation/HoursPage.vue') },
  { path: '/charity/donations', title: '捐赠与去向', roles: CHARITY, component: () => import('./pages/charity/DonationsPage.vue') },
  // Donors pledge pools; the charity base reads them (GET /matching-pools reaches both).
  { path: '/charity/matching-pools', title: '配捐', roles: ['donor', 'charity_base'], component: () => import('./pages/charity/MatchingPoolsPage.vue') },
  { path: '/grants', title: '公益创投', roles: ['civil_affairs_bureau', 'charity_base', 'social_organisation', 'social_worker'], component: () => import('./pages/grants/GrantRoundsPage.vue') },
  { path: '/volunteer/home', title: '我的志愿服务', roles: ['volunteer'], component: () => import('./pages/volunteer/VolunteerPage.vue') },
];

export const pagesOf = (role: Role): Page[] => PAGES.filter((page) => page.roles.includes(role));

export const router = createRouter({
  // Hash routes: the built console is plain files any web server serves, with no fallback rule to configure.
  history: createWebHashHistory(),
  routes: [
    { path: '/login', component: () => import('./pages/SignIn.vue'), meta: { title: '登录' } },
    ...PAGES.map((page) => ({ path: page.path, component: page.component!, meta: { title: page.title, roles: page.roles } })),
    { path: '/:rest(.*)*', redirect: () => (session.value ? (pagesOf(session.value.role)[0]?.path ?? '/login') : '/login') },
  ],
});

// A user sees only its role's pages: another role's address sends it to its own first page.
router.beforeEach((to) => {
  const s = session.value;
  if (to.path === '/login') return s ? (pagesOf(s.role)[0]?.path ?? true) : true;
  if (!s) return { path: '/login', query: { next: to.fullPath } };
  const roles = to.meta.roles as Role[] | undefined;
  if (roles && !roles.includes(s.role)) return pagesOf(s.role)[0]?.path ?? '/login';
  return true;
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} · 五社联动工作台`;
});
