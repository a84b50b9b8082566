import { expect, test } from '@playwright/test';
import { checkPage, choose, COMMUNITY_B, ensureCommunities, signInAsDemoUser } from './support';

test.beforeAll(ensureCommunities);

/**
 * 特殊困难老年人探访 (seed 003 column 3): the committee registers a person (personal data to the vault, never shown
 * back), records a home visit and sees this month's rate against the 100 % target move (GET /indicators homeVisits);
 * a person taken off the register is visited no more (409 ELDER_NOT_ON_REGISTER in Chinese), an unknown number neither.
 */
test('a committee registers an elderly person, records a visit, sees the month\'s rate, and is refused a visit after removal', async ({ page }) => {
  await signInAsDemoUser(page, COMMUNITY_B.label);
  await page.getByRole('menuitem', { name: '特殊困难老年人探访' }).click();
  await expect(page.getByRole('heading', { name: `特殊困难老年人探访 · ${COMMUNITY_B.id}` })).toBeVisible();
  const registered = page.getByTestId('elders-registered');
  const visited = page.getByTestId('elders-visited');
  await expect(registered).toBeVisible();
  const before = { registered: Number(await registered.textContent()), visited: Number(await visited.textContent()) };
  await expect(page.getByTestId('visit-target')).toHaveText('100%');

  // 登记: the form asks for a circumstance before sending; the name goes to the vault and is not shown back.
  await page.getByRole('button', { name: '登记老人' }).click();
  const form = page.getByRole('dialog', { name: '登记特殊困难老年人' });
  await form.getByRole('textbox', { name: '老人姓名' }).fill('黄阿婆');
  await form.getByRole('textbox', { name: '联系电话' }).fill('13906001122');
  await form.getByRole('textbox', { name: '住址' }).fill('沙坡尾大学路 12 号 301 室');
  await form.getByRole('button', { name: '登记', exact: true }).click();
  await expect(form).toContainText('请至少选择一项困难情形');
  await form.locator('.el-checkbox', { hasText: /^独居$/ }).click();
  await form.locator('.el-checkbox', { hasText: /^高龄$/ }).click();
  await expect(form.getByRole('checkbox', { name: '独居' })).toBeChecked();
  await form.getByRole('button', { name: '登记', exact: true }).click();
  await expect(page.getByText('已登记到名册')).toBeVisible();
  await expect(form).toBeHidden();
  await expect(registered).toHaveText(String(before.registered + 1));
  await expect(visited).toHaveText(String(before.visited));
  await expect(page.getByTestId('visit-met')).toHaveText('未达标');
  const register = page.getByLabel('特殊困难老年人名册');
  const row = register.getByRole('row').nth(1);
  const elderId = (await row.getByRole('cell').first().textContent())!.trim();
  expect(elderId).not.toBe('');
  await expect(page.locator('body')).not.toContainText('黄阿婆');
  await expect(page.locator('body')).not.toContainText('13906001122');

  // 记录走访: seen at home today; the rate counts the person as visited this month.
  await row.getByRole('button', { name: '记录走访' }).click();
  const visit = page.getByRole('dialog', { name: '记录上门走访' });
  await expect(visit).toContainText(elderId);
  await choose(page, '走访情况', '安好');
  await visit.getByRole('button', { name: '记录', exact: true }).click();
  await expect(page.getByText('走访已记录')).toBeVisible();
  await expect(visited).toHaveText(String(before.visited + 1));
  if (before.registered === before.visited) {
    await expect(page.getByTestId('visit-rate')).toHaveText('100%');
    await expect(page.getByTestId('visit-met')).toHaveText('达标');
  }
  await checkPage(page, 'committee-elders', true);

  // 移出名册 (迁出): off the register, out of the rate's denominator, and off this page's list.
  await row.getByRole('button', { name: '移出名册' }).click();
  const removal = page.getByRole('dialog', { name: '移出名册' });
  await choose(page, '移出原因', '迁出');
  await removal.getByRole('button', { name: '移出', exact: true }).click();
  await expect(page.getByText('已移出名册')).toBeVisible();
  await expect(registered).toHaveText(String(before.registered));
  await expect(register.getByRole('row', { name: new RegExp(elderId) })).toHaveCount(0);

  // The number typed in again: a visit is refused in Chinese, and nothing changes.
  await page.getByRole('textbox', { name: '按编号添加老人' }).fill(elderId);
  await page.getByRole('button', { name: '添加到本页' }).click();
  await register.getByRole('row', { name: new RegExp(elderId) }).getByRole('button', { name: '记录走访' }).click();
  await visit.getByRole('button', { name: '记录', exact: true }).click();
  await expect(visit).toContainText('这位老人已移出名册，不再记录走访');
  await expect(visit).not.toContainText('ELDER_NOT_ON_REGISTER');
  await expect(visited).toHaveText(String(before.visited));
  await page.keyboard.press('Escape');

  // A number nobody registered: 404 ELDER_NOT_FOUND in Chinese.
  await page.getByRole('textbox', { name: '按编号添加老人' }).fill('no-such-elder');
  await page.getByRole('button', { name: '添加到本页' }).click();
  await register.getByRole('row', { name: /no-such-elder/ }).getByRole('button', { name: '记录走访' }).click();
  await visit.getByRole('button', { name: '记录', exact: true }).click();
  await expect(visit).toContainText('名册中没有这位老人，请核对编号');
});
