import { expect, test } from '@playwright/test';
import { api, choose, COMMUNITY_A, demoToken, ensureCommunities, signInAsDemoUser } from './support';

test.beforeAll(ensureCommunities);

test('a volunteer registers and logs hours on its assignment; its coordinator sees them waiting', async ({ browser }) => {
  const committeeToken = await demoToken(COMMUNITY_A.committee);
  await api('POST', '/needs', committeeToken, {
    communityId: COMMUNITY_A.id, category: 'elderly_care', title: '周末陪伴独居老人', description: '每周六上午陪伴聊天', urgency: 'medium', source: 'visit', beneficiaries: 1, hoursPerWeek: 2,
  });

  // 实名注册 in the console.
  const volunteer = await (await browser.newContext()).newPage();
  await signInAsDemoUser(volunteer, '志愿者');
  await volunteer.getByRole('textbox', { name: '姓名' }).fill('吴海燕');
  await volunteer.getByRole('textbox', { name: '手机号' }).fill('13806001234');
  await volunteer.getByRole('textbox', { name: '服务社区编码' }).fill(COMMUNITY_A.id);
  await volunteer.getByRole('button', { name: '注册' }).click();
  await expect(volunteer.getByTestId('my-hours')).toHaveText('0');
  await volunteer.getByRole('spinbutton', { name: '每周可服务时长（小时）' }).fill('4');
  await volunteer.getByRole('button', { name: '更新' }).click();
  await expect(volunteer.getByText('当前：可服务 4')).toBeVisible();

  // The committee, its coordinator, assigns it to the need.
  const committee = await (await browser.newContext()).newPage();
  await signInAsDemoUser(committee, COMMUNITY_A.label);
  await committee.getByRole('menuitem', { name: '志愿者与服务时长' }).click();
  const row = committee.getByLabel('志愿者列表').getByRole('row').nth(1);
  await row.getByRole('button', { name: '派单' }).click();
  await choose(committee, '需求', '周末陪伴独居老人');
  await committee.getByRole('dialog', { name: '派单到需求' }).getByRole('button', { name: '派单' }).click();
  await expect(committee.getByText('已派单')).toBeVisible();

  // The volunteer's page shows the assignment without a reload, and it logs 3 hours.
  const assignment = volunteer.getByLabel('我的派单').getByRole('row').nth(1);
  await assignment.getByRole('button', { name: '记录时长' }).click();
  const log = volunteer.getByRole('dialog', { name: '记录服务时长' });
  await log.getByRole('spinbutton', { name: '服务时长（小时）' }).fill('3');
  await log.getByRole('button', { name: '提交' }).click();
  // Reported by the volunteer itself, they wait for the coordinator and do not count yet.
  await expect(volunteer.getByTestId('pending-hours')).toHaveText('3');
  await expect(volunteer.getByTestId('my-hours')).toHaveText('0');

  // The coordinator sees them waiting for it, live.
  await expect(committee.getByLabel('待确认时长')).toContainText('3 小时');
});
