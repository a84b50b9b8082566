import { expect, test } from '@playwright/test';
import { COMMUNITY_A, ensureCommunities } from './support';

test.beforeAll(ensureCommunities);

test('signing in and opening a form work with the keyboard alone', async ({ page }) => {
  await page.goto('/#/login');
  await page.getByRole('combobox', { name: '演示账号' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('option', { name: new RegExp(`^${COMMUNITY_A.label}`) })).toBeVisible();
  // Options in the order of GET /auth/demo-users: the bureau, then 中华社区居委会.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: '演示账号' })).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tabpanel', { name: '演示账号' }).getByRole('button', { name: '登录' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `居民需求清单 · ${COMMUNITY_A.id}` })).toBeVisible();

  await page.getByRole('button', { name: '登记需求' }).focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('dialog', { name: '登记居民需求' });
  await expect(form).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
});
