import { expect, test } from '@playwright/test';
import { api, choose, COMMUNITY_A, demoToken, ensureCommunities, expectLive, signInAsDemoUser } from './support';

test.beforeAll(ensureCommunities);

test('a committee lists a need, a donor accepts the proposal, the committee sees it matched live and confirms delivery', async ({ browser }) => {
  // The committee lists a need from a home visit in the console.
  const committee = await (await browser.newContext()).newPage();
  await signInAsDemoUser(committee, COMMUNITY_A.label);
  await expect(committee.getByRole('heading', { name: `居民需求清单 · ${COMMUNITY_A.id}` })).toBeVisible();
  await expectLive(committee);
  await committee.getByRole('button', { name: '登记需求' }).click();
  const form = committee.getByRole('dialog', { name: '登记居民需求' });
  await choose(committee, '服务类别', '养老服务');
  await form.getByRole('textbox', { name: '需求标题' }).fill('独居老人助餐经费');
  await form.getByRole('textbox', { name: '需求描述' }).fill('八旬独居老人，需要每日午餐送餐上门');
  await form.getByRole('spinbutton', { name: '资金缺口（元）' }).fill('1200');
  await form.getByRole('textbox', { name: '受益人姓名' }).fill('陈阿婆');
  await form.getByRole('textbox', { name: '受益人电话' }).fill('13700001111');
  await form.getByRole('button', { name: '提交' }).click();
  const row = committee.getByRole('row', { name: /独居老人助餐经费/ });
  await expect(row).toContainText('已登记');

  // An enterprise pledges 5,000 yuan earmarked for elderly care (over the API, as its own system would).
  const donorToken = await demoToken('demo-donor');
  await api('POST', '/donations', donorToken, {
    donor: { kind: 'enterprise', displayName: '厦门鹭岛科技有限公司' }, resource: 'money', amountFen: 500_000, communityId: COMMUNITY_A.id, earmark: { category: 'elderly_care' },
  });

  // The donor, in its own browser, opens the proposals of its gift and accepts the need.
  const donor = await (await browser.newContext()).newPage();
  await signInAsDemoUser(donor, '爱心企业');
  await donor.getByRole('row', { name: /厦门鹭岛科技有限公司/ }).getByRole('button', { name: '匹配建议' }).click();
  const proposal = donor.getByRole('row', { name: /独居老人助餐经费/ });
  await expect(proposal).toContainText('定向用于养老服务');
  await proposal.getByRole('button', { name: '接受' }).click();
  await expect(donor.getByText('已接受匹配')).toBeVisible();

  // The committee's page, never reloaded, shows the need matched: the server-sent event refreshed it.
  await expect(row).toContainText('已匹配');
  await expect(row).toContainText('¥1,200.00');

  // The committee confirms the delivery after its follow-up visit.
  await row.getByRole('button', { name: '确认送达' }).click();
  const confirm = committee.getByRole('dialog', { name: '确认服务送达' });
  await confirm.getByRole('textbox', { name: '回访记录' }).fill('已回访，午餐每日按时送达');
  await confirm.getByRole('button', { name: '确认' }).click();
  await expect(row).toContainText('已办结');
});
