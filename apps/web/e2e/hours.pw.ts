import { expect, test } from '@playwright/test';
import { api, checkPage, cliToken, COMMUNITY_A, demoToken, ensureCommunities, expectLive, signInAsDemoUser, signInWithToken } from './support';

test.beforeAll(ensureCommunities);

/**
 * 志愿服务时长: self-reported hours wait for the coordinator (the community committee) and count once confirmed
 * (POST /volunteers/{id}/hours, GET …/hours, …/hours/{entryId}/confirm | decline).
 */
test('a volunteer logs hours and a coordinator confirms them', async ({ browser }) => {
  const committeeToken = await demoToken(COMMUNITY_A.committee);
  const need = await api('POST', '/needs', committeeToken, {
    communityId: COMMUNITY_A.id, category: 'elderly_care', title: '独居老人周末陪伴', description: '每周日下午陪伴散步', urgency: 'medium', source: 'visit', beneficiaries: 1, hoursPerWeek: 2,
  });

  // A volunteer of its own (a token of the embedded issuer) registers in the console.
  const volunteer = await (await browser.newContext()).newPage();
  await signInWithToken(volunteer, cliToken('volunteer', 'volunteer-hours', 'xiamen'));
  await volunteer.getByRole('textbox', { name: '姓名' }).fill('林晓东');
  await volunteer.getByRole('textbox', { name: '服务社区编码' }).fill(COMMUNITY_A.id);
  await volunteer.getByRole('button', { name: '注册' }).click();
  const number = await volunteer.getByText(/^志愿者编号 /).textContent();
  const volunteerId = /志愿者编号 (\S+)；/.exec(number ?? '')![1]!;
  await volunteer.getByRole('spinbutton', { name: '每周可服务时长（小时）' }).fill('4');
  await volunteer.getByRole('button', { name: '更新' }).click();
  await expect(volunteer.getByText('当前：可服务 4')).toBeVisible();
  await expectLive(volunteer);

  // Its coordinator assigns it; the volunteer logs 3 hours and then 1 more, and sees both pending.
  await api('POST', `/volunteers/${volunteerId}/assign`, committeeToken, { target: { kind: 'need', id: need.id }, hoursPerWeek: 2 });
  const assignment = volunteer.getByLabel('我的派单').getByRole('row').nth(1);
  const hours = volunteer.getByLabel('我的服务时长');
  for (const logged of ['3', '1']) {
    await assignment.getByRole('button', { name: '记录时长' }).click();
    const log = volunteer.getByRole('dialog', { name: '记录服务时长' });
    await log.getByRole('spinbutton', { name: '服务时长（小时）' }).fill(logged);
    await log.getByRole('button', { name: '提交' }).click();
    await expect(log).toBeHidden();
  }
  await expect(hours.getByRole('row', { name: /3 小时/ })).toContainText('待确认');
  await expect(volunteer.getByTestId('pending-hours')).toHaveText('4');
  await expect(volunteer.getByTestId('confirmed-hours')).toHaveText('0');
  await checkPage(volunteer, 'volunteer-hours', true);

  // The committee confirms the 3 hours and declines the 1 with a reason, in its 待确认时长 list.
  const committee = await (await browser.newContext()).newPage();
  await signInAsDemoUser(committee, COMMUNITY_A.label);
  await committee.getByRole('menuitem', { name: '志愿者与服务时长' }).click();
  const pending = committee.getByLabel('待确认时长');
  await expect(pending.getByRole('row', { name: new RegExp(volunteerId) })).toHaveCount(2);
  await checkPage(committee, 'committee-pending-hours', true);
  await pending.getByRole('row', { name: new RegExp(`${volunteerId}.*3 小时`) }).getByRole('button', { name: '确认', exact: true }).click();
  await expect(committee.getByText('已确认 3 小时')).toBeVisible();
  await pending.getByRole('row', { name: new RegExp(`${volunteerId}.*1 小时`) }).getByRole('button', { name: '不予确认' }).click();
  const decline = committee.getByRole('dialog', { name: '不予确认时长' });
  await decline.getByRole('button', { name: '确认不予确认' }).click();
  await expect(decline).toContainText('请填写理由');
  await decline.getByRole('textbox', { name: '不予确认的理由' }).fill('当天未参加服务');
  await decline.getByRole('button', { name: '确认不予确认' }).click();
  await expect(pending.getByRole('row', { name: new RegExp(volunteerId) })).toHaveCount(0);

  // The volunteer sees both decided without reloading: 3 hours confirmed, 1 declined with the reason.
  await expect(hours.getByRole('row', { name: /3 小时/ })).toContainText('已确认');
  await expect(hours.getByRole('row', { name: /1 小时/ })).toContainText('未通过');
  await expect(hours.getByRole('row', { name: /1 小时/ })).toContainText('当天未参加服务');
  await expect(volunteer.getByTestId('confirmed-hours')).toHaveText('3');
  await expect(volunteer.getByTestId('pending-hours')).toHaveText('0');
});
