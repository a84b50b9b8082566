import { expect, test } from '@playwright/test';
import { api, checkPage, cliToken, COMMUNITY_B, demoToken, ensureCommunities, signInAsDemoUser } from './support';

test.beforeAll(ensureCommunities);

/**
 * 配捐: a donor pledges a pool in the console (a cap above the pool is refused in Chinese beside its field), another
 * donor's gift is matched up to the per-donor cap, the sponsor's own gift is left unmatched with its reason, and the
 * donor and the charity base see matched, left and each gift's outcome in Chinese (GET /matching-pools[/:id[/history]]).
 */
test('a donor pledges a matching pool; gifts are matched or left unmatched, with the reasons in Chinese', async ({ browser }) => {
  const committee = await demoToken(COMMUNITY_B.committee);
  const sponsorToken = await demoToken('demo-donor');
  const otherDonor = cliToken('donor', 'shapowei-bakery', 'xiamen');
  const need = await api('POST', '/needs', committee, {
    communityId: COMMUNITY_B.id, category: 'elderly_care', title: '沙坡尾长者助餐经费', description: '为 12 位独居长者每日送餐', urgency: 'high', source: 'visit', beneficiaries: 12, amountFen: 100_000,
  });

  const donor = await (await browser.newContext()).newPage();
  await signInAsDemoUser(donor, '爱心企业');
  await donor.getByRole('menuitem', { name: '配捐' }).click();
  await expect(donor.getByRole('heading', { name: '配捐', exact: true })).toBeVisible();
  await donor.getByRole('button', { name: '发起配捐' }).click();
  const form = donor.getByRole('dialog', { name: '发起配捐' });
  await form.getByRole('textbox', { name: '配捐方名称' }).fill('厦门鹭岛科技有限公司');
  await form.getByRole('spinbutton', { name: '配捐总额（元）' }).fill('1000');
  await form.getByRole('spinbutton', { name: '每位捐赠人上限（元）' }).fill('2000');
  await form.getByRole('spinbutton', { name: '每个需求或项目上限（元）' }).fill('500');
  await form.getByRole('textbox', { name: '区编码', exact: true }).fill('siming');
  await form.getByRole('textbox', { name: '街道编码' }).fill(COMMUNITY_B.street);
  await form.getByRole('textbox', { name: '社区编码' }).fill(COMMUNITY_B.id);
  // Only the API knows the rule (a cap above the pool caps nothing): 400 POOL_CAP_INVALID beside the cap, nothing stored.
  await form.getByRole('button', { name: '发起', exact: true }).click();
  await expect(form.locator('.el-form-item', { hasText: '每位捐赠人上限' })).toContainText('上限应大于 0 且不超过配捐总额');
  await expect(form).not.toContainText('POOL_CAP_INVALID');
  const pledged = async () => (await api<{ sponsor: { name: string } }[]>('GET', '/matching-pools', sponsorToken)).filter((pool) => pool.sponsor.name === '厦门鹭岛科技有限公司');
  expect(await pledged()).toHaveLength(0);
  await form.getByRole('spinbutton', { name: '每位捐赠人上限（元）' }).fill('300');
  await form.getByRole('button', { name: '发起', exact: true }).click();
  await expect(donor.getByText('配捐池已登记')).toBeVisible();
  const row = donor.getByLabel('配捐池列表').getByRole('row', { name: /厦门鹭岛科技有限公司/ });
  await expect(row).toContainText('1:1');
  await expect(row).toContainText('配捐中');
  await expect(row.getByTestId('pool-matched')).toHaveText('¥0.00');
  await expect(row.getByTestId('pool-balance')).toHaveText('¥1,000.00');
  await checkPage(donor, 'charity-matching-pools', true);

  // Another donor gives 400 yuan to the need (1:1 gives 400; its cap, 300); the sponsor gives 100 of its own.
  const gift = await api('POST', '/donations', otherDonor, { donor: { kind: 'enterprise', displayName: '沙坡尾老字号饼店' }, resource: 'money', amountFen: 40_000, communityId: COMMUNITY_B.id });
  await api('POST', `/donations/${gift.id}/match`, otherDonor, { target: { kind: 'need', id: need.id }, amountFen: 40_000 });
  const own = await api('POST', '/donations', sponsorToken, { donor: { kind: 'enterprise', displayName: '鹭岛科技自有捐赠' }, resource: 'money', amountFen: 10_000, communityId: COMMUNITY_B.id });
  await api('POST', `/donations/${own.id}/match`, sponsorToken, { target: { kind: 'need', id: need.id }, amountFen: 10_000 });

  // The service tells the pool of each gift just after the gift: the pool's facts come down the live stream, no 刷新 needed.
  await expect(row.getByTestId('pool-gifts')).toHaveText('配捐 1，未配捐 1', { timeout: 20_000 });
  await expect(row.getByTestId('pool-matched')).toHaveText('¥300.00');
  await expect(row.getByTestId('pool-balance')).toHaveText('¥700.00');

  await row.getByRole('button', { name: '明细' }).click();
  const detail = donor.getByRole('dialog', { name: '配捐明细：厦门鹭岛科技有限公司' });
  await expect(detail.getByTestId('pool-gift-outcomes')).toHaveText('已配捐 1 笔，未配捐 1 笔，因捐赠撤回退回 0 笔');
  await expect(detail.getByLabel('未配捐原因')).toContainText('配捐方自己的捐赠不配捐');
  const gifts = detail.getByLabel('逐笔配捐记录');
  await expect(gifts.getByRole('row', { name: /已配捐/ })).toContainText('受捐赠人上限限制');
  await expect(gifts.getByRole('row', { name: /已配捐/ })).toContainText('¥300.00');
  await expect(gifts.getByRole('row', { name: /未配捐/ })).toContainText('配捐方自己的捐赠不配捐');
  await expect(detail.getByLabel('获配捐的需求与项目')).toContainText(need.id);
  expect((await detail.textContent())!.replace(/[0-9a-f-]{36}/g, '')).not.toMatch(/donor_cap|pool_owner_gift|GiftMatched/);
  await checkPage(donor, 'charity-matching-pool-detail');
  await donor.keyboard.press('Escape');

  // The sponsor's own gift says, on its trail, why the pool left it unmatched.
  await donor.getByRole('menuitem', { name: '捐赠与去向' }).click();
  await donor.getByRole('row', { name: /鹭岛科技自有捐赠/ }).getByRole('button', { name: '去向' }).click();
  await expect(donor.getByLabel('配捐情况')).toContainText('未配捐');
  await expect(donor.getByLabel('配捐情况')).toContainText('配捐方自己的捐赠不配捐');

  // The charity base of the district reads the pool, and may not pledge one.
  const base = await (await browser.newContext()).newPage();
  await signInAsDemoUser(base, '思明区慈善基地');
  await base.getByRole('menuitem', { name: '配捐' }).click();
  await expect(base.getByLabel('配捐池列表').getByRole('row', { name: /厦门鹭岛科技有限公司/ }).getByTestId('pool-matched')).toHaveText('¥300.00');
  await expect(base.getByRole('button', { name: '发起配捐' })).toHaveCount(0);
});
