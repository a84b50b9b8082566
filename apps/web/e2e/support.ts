import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** Helpers of the browser tests: the API's own endpoints and CLI, nothing behind its back. */
export const repository = resolve(import.meta.dirname, '../../..');
export const baseUrl = () => `http://127.0.0.1:${process.env.WUSHE_WEB_PORT}`;

export interface Answer { id: string; position: number; bidId?: string; assignmentId?: string; [key: string]: unknown }

/** A command or query over HTTP as any client sends it (a path of the test service, or a full URL); throws with the error body on a non-2xx. */
export const api = async <T = Answer>(method: 'GET' | 'POST', path: string, token?: string, body?: unknown): Promise<T> => {
  const response = await fetch(path.startsWith('http') ? path : baseUrl() + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as T & { code?: string };
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
};

/** The token the demo sign-in gives a demo user. */
export const demoToken = async (name: string): Promise<string> => (await api<{ token: string }>('POST', '/auth/demo-sign-in', undefined, { name })).token;

/** A token of the embedded issuer for any actor, from `npm run -s token` (its last line), as the README says; `dataDir`: another service's keys. */
export const cliToken = (role: string, subject: string, area: string, organisation?: string, dataDir = process.env.WUSHE_WEB_DATA_DIR): string =>
  execFileSync('node', ['dist/apps/api/src/token.js', '--role', role, '--subject', subject, '--area', area, ...(organisation ? ['--organisation', organisation] : [])], {
    cwd: repository,
    env: { ...process.env, DATA_DIR: dataDir },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim().split('\n').pop()!;

export const COMMUNITY_A = { id: 'zhonghua-zhonghua', name: '中华社区', street: 'zhonghua', committee: 'committee-zhonghua-zhonghua', label: '中华社区居委会' };
export const COMMUNITY_B = { id: 'xiagang-shapowei', name: '沙坡尾社区', street: 'xiagang', committee: 'committee-xiagang-shapowei', label: '沙坡尾社区居委会' };

/** The two demo communities, registered by the bureau once per run. */
export const ensureCommunities = async (): Promise<void> => {
  const bureau = await demoToken('siming-civil-affairs');
  for (const community of [COMMUNITY_A, COMMUNITY_B]) {
    await api('POST', '/communities', bureau, {
      communityId: community.id, name: community.name, area: { city: 'xiamen', district: 'siming', street: community.street }, kind: 'urban', residents: 9000, households: 3000,
    }).catch((error: Error) => {
      if (!/ALREADY/.test(error.message)) throw error;
    });
  }
};

/** 登录 as a demo user through the sign-in page. */
export const signInAsDemoUser = async (page: Page, label: string): Promise<void> => {
  await page.goto('/#/login');
  await page.getByRole('combobox', { name: '演示账号' }).click({ force: true });
  await page.getByRole('option', { name: new RegExp(`^${label}`) }).click();
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
};

/** 登录 with a pasted token (users the demo list does not hold: an organisation's staff); `origin`: another service's console. */
export const signInWithToken = async (page: Page, token: string, origin = ''): Promise<void> => {
  await page.goto(`${origin}/#/login`);
  await page.getByRole('tab', { name: '使用令牌' }).click();
  await page.getByRole('textbox', { name: '访问令牌' }).fill(token);
  await page.getByRole('tabpanel', { name: '使用令牌' }).getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
};

/** Picks an option of an Element Plus select by its label. */
export const choose = async (page: Page, field: string, option: string | RegExp): Promise<void> => {
  await page.getByRole('combobox', { name: field }).click({ force: true });
  await page.getByRole('option', { name: option }).last().click();
};

/** The live stream is connected (the header says so): what happens from now on reaches the page. */
export const expectLive = (page: Page) => expect(page.getByText('● 实时更新已连接')).toBeVisible();

const screenshots = resolve(import.meta.dirname, '../../../docs/screenshots');

/**
 * No serious or critical axe-core violation (WCAG 2.1 A/AA) on the page as it stands, each page's result reported;
 * with `screenshot`, a full-page screenshot (copied to docs/screenshots/ with UPDATE_SCREENSHOTS=1).
 */
export const checkPage = async (page: Page, name: string, screenshot = false) => {
  // Not 'networkidle': the live stream keeps a request open for as long as the page lives.
  await page.waitForLoadState('load');
  // A toast (ElMessage) mid fade-in or fade-out is half transparent: axe would judge its contrast at that
  // opacity. Judge the page once the toasts are gone (they close by themselves after 3 s).
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 10_000 });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  test.info().annotations.push({ type: 'axe', description: `${name}: ${results.violations.length} violations (${serious.length} serious or critical), ${results.passes.length} rules passed` });
  console.log(`axe ${name}: ${serious.length} serious/critical, ${results.violations.length - serious.length} minor/moderate (${results.violations.map((v) => `${v.id}:${v.impact}`).join(', ') || 'none'})`);
  expect(serious.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join('; ')})`)).toEqual([]);
  if (screenshot) {
    const file = test.info().outputPath(`${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(screenshots, { recursive: true });
      copyFileSync(file, resolve(screenshots, `${name}.png`));
    }
  }
};
