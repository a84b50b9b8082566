import { expect, test } from '@playwright/test';
import { api, choose, cliToken, demoToken, ensureCommunities, signInAsDemoUser, signInWithToken } from './support';

test.beforeAll(ensureCommunities);

/** A Beijing wall-clock time as the date picker's input takes it: YYYY-MM-DD HH:mm:ss. */
const beijingInput = (instant: Date) => instant.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' });

test('the bureau runs a purchase from design to the award announced; no contract while the standstill runs', async ({ browser }) => {
  // An agency registered and inspected by the bureau, whose staff bid through the console.
  const bureauToken = await demoToken('siming-civil-affairs');
  const agency = await api('POST', '/organisations', bureauToken, {
    name: '思明区鹭岛社会工作服务中心', kind: 'social_work_agency', unifiedSocialCreditCode: '52350203MJ0000001X', budgetFunded: false,
    city: 'xiamen', district: 'siming', serviceCategories: ['elderly_care', 'social_assistance'], capacity: 5,
  });
  await api('POST', `/organisations/${agency.id}/inspections`, bureauToken, { year: new Date().getFullYear() - 1, result: 'passed' });
  // A rival that bids too and, having lost, challenges the award.
  const rival = await api('POST', '/organisations', bureauToken, {
    name: '思明区海沧社工事务所', kind: 'social_work_agency', unifiedSocialCreditCode: '52350203MJ0000002X', budgetFunded: false,
    city: 'xiamen', district: 'siming', serviceCategories: ['elderly_care'], capacity: 5,
  });
  await api('POST', `/organisations/${rival.id}/inspections`, bureauToken, { year: new Date().getFullYear() - 1, result: 'passed' });
  const rivalToken = cliToken('social_organisation', 'haicang-staff', 'xiamen', rival.id);

  const bureau = await (await browser.newContext()).newPage();
  await signInAsDemoUser(bureau, '思明区民政局');
  await expect(bureau.getByRole('heading', { name: '民生项目清单' })).toBeVisible();

  // 设计
  await bureau.getByRole('button', { name: '设计项目' }).click();
  const design = bureau.getByRole('dialog', { name: '设计民生项目' });
  await design.getByRole('textbox', { name: '项目名称' }).fill('中华街道居家养老服务项目');
  await choose(bureau, '服务类别', '养老服务');
  await design.getByRole('spinbutton', { name: '预算（元）' }).fill('800000');
  await design.getByRole('textbox', { name: '服务要求' }).fill('为辖区独居老人提供助餐、探访服务');
  await design.getByRole('textbox', { name: '服务内容（每行一项）' }).fill('老年人助餐\n居家探访');
  await design.getByRole('button', { name: '保存设计' }).click();
  const flow = bureau.getByRole('dialog', { name: '采购流程：中华街道居家养老服务项目' });
  await expect(flow.getByTestId('project-status')).toHaveText('已设计');

  // 发布招标, bids taken for 20 seconds.
  const deadline = new Date(Date.now() + 20_000);
  const picker = flow.getByRole('combobox', { name: '投标截止时间' });
  await picker.fill(beijingInput(deadline));
  await picker.press('Enter');
  await flow.getByRole('button', { name: '发布' }).click();
  await expect(flow.getByTestId('project-status')).toHaveText('招标中');

  // 投标: the agency's staff, in their own browser with a token naming their organisation.
  const staff = await (await browser.newContext()).newPage();
  await signInWithToken(staff, cliToken('social_organisation', 'ludao-staff', 'xiamen', agency.id));
  await staff.getByRole('row', { name: /中华街道居家养老服务项目/ }).getByRole('button', { name: '投标' }).click();
  const bid = staff.getByRole('dialog', { name: /投标：/ });
  await bid.getByRole('spinbutton', { name: '报价（元）' }).fill('750000');
  await bid.getByRole('textbox', { name: '服务方案' }).fill('组建 3 人社工团队，每日助餐配送');
  await bid.getByRole('button', { name: '提交投标' }).click();
  await expect(staff.getByText('投标已提交')).toBeVisible();

  const project = (await api<{ items: { projectId: string; title: string }[] }>('GET', '/projects?status=published&limit=100', bureauToken)).items.find((item) => item.title === '中华街道居家养老服务项目')!;
  await api('POST', `/projects/${project.projectId}/bids`, rivalToken, { organisationId: rival.id, priceFen: 78_000_000, proposal: '两人团队，隔日送餐' });

  // The bureau's drawer shows the bid live; bidding closes at the deadline, not before.
  await expect(flow.getByTestId('bids-table')).toContainText('¥750,000.00');
  await bureau.waitForTimeout(Math.max(0, deadline.getTime() - Date.now() + 500));
  await flow.getByRole('button', { name: '截止投标' }).click();
  await expect(flow.getByTestId('project-status')).toHaveText('已截标');

  // 中标公示: the bid chosen is announced; bidders may challenge it during the standstill (质疑期).
  await flow.getByRole('row', { name: /¥750,000.00/ }).getByRole('button', { name: '选为中标' }).click();
  await flow.getByRole('button', { name: '公示中标结果' }).click();
  await expect(flow.getByTestId('project-status')).toHaveText('公示期');
  await expect(flow.getByTestId('standstill')).toContainText('期间不得签约');

  // 签订合同 with rule 4's six terms: refused while the standstill runs (seven working days, not waited for here).
  await flow.getByRole('textbox', { name: '服务内容' }).fill('居家养老助餐与探访服务');
  await flow.getByRole('textbox', { name: '服务数量' }).fill('每日助餐 30 份，每月探访 120 人次');
  await flow.getByRole('textbox', { name: '服务质量' }).fill('满意度不低于 90%');
  await expect(flow.getByRole('spinbutton', { name: '合同价格（元）' })).toHaveValue('750000.00');
  await flow.getByRole('button', { name: '签订合同' }).click();
  await expect(flow).toContainText('质疑期未满，暂不能签订合同');
  await expect(flow.getByTestId('project-status')).toHaveText('公示期');

  // 质疑: the rival's staff challenge the award from their bids; the bureau sees 质疑中 and answers.
  const rivalStaff = await (await browser.newContext()).newPage();
  await signInWithToken(rivalStaff, rivalToken);
  await rivalStaff.getByRole('tab', { name: '我的投标' }).click();
  await rivalStaff.getByRole('row', { name: /中华街道居家养老服务项目/ }).getByRole('button', { name: '提出质疑' }).click();
  await rivalStaff.getByRole('textbox', { name: '质疑事项及理由' }).fill('评分未按招标公告的标准执行');
  await rivalStaff.getByRole('button', { name: '提交质疑' }).click();
  await expect(rivalStaff.getByText('质疑已提交，等待采购人答复')).toBeVisible();
  await expect(flow.getByTestId('project-status')).toHaveText('质疑中');
  await expect(flow.getByTestId('challenges-table')).toContainText('评分未按招标公告的标准执行');
  await flow.getByRole('textbox', { name: '答复理由' }).fill('复核评分无误，维持中标结果');
  await flow.getByRole('button', { name: '不成立' }).click();
  await expect(flow.getByTestId('project-status')).toHaveText('公示期');
  await expect(flow.getByTestId('challenges-table')).toContainText('复核评分无误');
});
