import { expect, test } from '@playwright/test';
import { api, checkPage, choose, cliToken, COMMUNITY_A, demoToken, ensureCommunities, signInAsDemoUser, signInWithToken } from './support';

test.beforeAll(ensureCommunities);

/** A Beijing wall-clock minute `minutes` from now, as the round's deadlines are written. */
const beijingIn = (minutes: number) => new Date(Date.now() + 8 * 3_600_000 + minutes * 60_000).toISOString().slice(0, 16);

test('公益创投: the bureau opens a round, an organisation applies, a reviewer scores, the bureau awards', async ({ browser }) => {
  test.setTimeout(300_000);
  const bureauToken = await demoToken('siming-civil-affairs');
  const organisationId = (await api('POST', '/organisations', bureauToken, {
    name: '思明区阳光创投社工中心', kind: 'social_work_agency', unifiedSocialCreditCode: '52350203MJ00PW001X', budgetFunded: false,
    city: 'xiamen', district: 'siming', serviceCategories: ['elderly_care'], capacity: 5,
  })).id;

  // The bureau opens a round whose applications close in two minutes, and appoints a reviewer.
  const bureau = await (await browser.newContext()).newPage();
  await signInAsDemoUser(bureau, '思明区民政局');
  await bureau.goto('/#/grants');
  await bureau.getByRole('button', { name: '发布公益创投' }).click();
  const opening = bureau.getByRole('dialog', { name: '发布公益创投' });
  await opening.getByRole('textbox', { name: '创投名称' }).fill('2027 年思明区社区公益创投（浏览器）');
  await opening.getByRole('textbox', { name: '资助方名称' }).fill('思明区民政局');
  await opening.getByRole('textbox', { name: '申报截止（北京时间）' }).fill(beijingIn(2));
  await opening.getByRole('button', { name: '发布' }).click();
  await expect(bureau.getByRole('heading', { name: /2027 年思明区社区公益创投（浏览器）（申报中）/ })).toBeVisible();
  await bureau.getByRole('button', { name: '聘请评审专家' }).click();
  await bureau.getByRole('dialog', { name: '聘请评审专家' }).getByRole('textbox', { name: '专家账号' }).fill('pw-expert');
  await bureau.getByRole('dialog', { name: '聘请评审专家' }).getByRole('button', { name: '聘请' }).click();

  // The organisation's staff apply in their own browser.
  const staff = await (await browser.newContext()).newPage();
  await signInWithToken(staff, cliToken('social_organisation', 'pw-staff', 'xiamen/siming', organisationId));
  await staff.goto('/#/grants');
  await staff.getByRole('row', { name: /2027 年思明区社区公益创投（浏览器）/ }).getByRole('button', { name: '查看' }).click();
  await staff.getByRole('button', { name: '申报项目' }).click();
  const form = staff.getByRole('dialog', { name: '申报公益创投项目' });
  await form.getByRole('textbox', { name: '项目名称' }).fill('长者助餐点');
  await choose(staff, '服务类别', '养老服务');
  await form.getByRole('textbox', { name: '项目简介' }).fill('为独居长者提供午餐');
  await form.getByRole('textbox', { name: '服务社区编号' }).fill(COMMUNITY_A.id);
  await form.getByRole('button', { name: '申报' }).click();
  await expect(staff.getByRole('row', { name: /长者助餐点/ })).toContainText('0 / 1');

  // Applications close at the deadline, not before: the bureau closes once it has passed.
  await bureau.getByRole('row', { name: /2027 年思明区社区公益创投（浏览器）/ }).getByRole('button', { name: '查看' }).click();
  await bureau.getByRole('button', { name: '截止申报' }).click();
  await expect(async () => {
    await bureau.getByRole('button', { name: '截止申报' }).click();
    await expect(bureau.getByRole('heading', { name: /（评审中）/ })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 200_000, intervals: [10_000] });

  // The reviewer scores the application.
  const expert = await (await browser.newContext()).newPage();
  await signInWithToken(expert, cliToken('social_worker', 'pw-expert', 'xiamen/siming'));
  await expert.goto('/#/grants');
  await expert.getByRole('row', { name: /2027 年思明区社区公益创投（浏览器）/ }).getByRole('button', { name: '查看' }).click();
  await expert.getByRole('row', { name: /长者助餐点/ }).getByRole('button', { name: '评分' }).click();
  const scoring = expert.getByRole('dialog', { name: /评分：长者助餐点/ });
  await scoring.getByRole('spinbutton', { name: '需求分析' }).fill('25');
  await scoring.getByRole('spinbutton', { name: '项目设计' }).fill('35');
  await scoring.getByRole('spinbutton', { name: '预算合理性' }).fill('25');
  await scoring.getByRole('button', { name: '提交评分' }).click();
  await expect(expert.getByRole('row', { name: /长者助餐点/ })).toContainText('1 / 1');

  // The bureau awards: the one application is funded.
  await bureau.getByRole('button', { name: '公布立项结果' }).click();
  await expect(bureau.getByRole('row', { name: /长者助餐点/ })).toContainText('立项资助');
  await expect(bureau.getByRole('row', { name: /长者助餐点/ })).toContainText('85');
  await checkPage(bureau, 'grants');
});
