import { expect, test } from '@playwright/test';
import { ensureCommunities, signInAsDemoUser } from './support';

test.beforeAll(ensureCommunities);

test('a form checks its fields before sending, and shows an API error in Chinese next to its field', async ({ page }) => {
  const sent: string[] = [];
  page.on('request', (request) => request.method() === 'POST' && request.url().endsWith('/volunteers') && sent.push(request.url()));
  await signInAsDemoUser(page, '志愿者');
  const form = page.getByRole('form', { name: '志愿者实名注册' });
  const field = (label: string) => form.locator('.el-form-item', { hasText: label });

  // Checked in the browser: nothing is sent.
  await form.getByRole('textbox', { name: '姓名' }).fill('吴海燕');
  await form.getByRole('textbox', { name: '手机号' }).fill('12345');
  await form.getByRole('textbox', { name: '服务社区编码' }).fill('no-such-community');
  await form.getByRole('button', { name: '注册' }).click();
  await expect(field('手机号')).toContainText('请输入 11 位手机号');
  expect(sent).toEqual([]);

  // Only the API knows the community does not exist: its 404 COMMUNITY_NOT_FOUND lands next to the community field.
  await form.getByRole('textbox', { name: '手机号' }).fill('13806001234');
  await form.getByRole('button', { name: '注册' }).click();
  await expect(field('服务社区编码')).toContainText('社区不存在');
  expect(sent).toHaveLength(1);
  await expect(form).not.toContainText('COMMUNITY_NOT_FOUND');
  await expect(form).not.toContainText('{');
});
