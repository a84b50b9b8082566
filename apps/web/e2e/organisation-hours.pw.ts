import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { api, checkPage, cliToken, repository, signInWithToken } from './support';

/**
 * 时长确认 by the organisation contracted for a project: it confirms or declines the hours volunteers report on its
 * projects, and sees nothing of those on a community's needs (the committee's). A contract is signed only after the
 * award's standstill (质疑期, working days) that a browser test cannot wait out, so this spec runs its own service
 * as `npm run demo` does (DEMO_SCALE=0.1): the demo district's history, contracts included, is loaded on the demo's
 * clock, which then catches up with real time; everything below is done through the API and the console as usual.
 */
test.describe.configure({ timeout: 180_000 });

let demo: ChildProcess | undefined;
let origin = '';
let dataDir = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dataDir = mkdtempSync(join(tmpdir(), 'wushe-web-demo-'));
  const port = Number(process.env.WUSHE_WEB_PORT) + 1;
  origin = `http://127.0.0.1:${port}`;
  const child = spawn('node', ['dist/apps/api/src/demo.js'], {
    cwd: repository,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_SCALE: '0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  demo = child;
  await new Promise<void>((loaded, failed) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Wushe 五社联动 demo on')) loaded();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => failed(new Error(`the demo service stopped (${code}): ${output.slice(-2000)}`)));
  });
});

test.afterAll(() => {
  demo?.kill('SIGTERM');
});

const beijingToday = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

test('an organisation confirms and declines the hours volunteers report on its project, not those on a need', async ({ page }) => {
  const at = (path: string) => `${origin}${path}`;
  const bureau = cliToken('civil_affairs_bureau', 'siming-civil-affairs', 'xiamen/siming', undefined, dataDir);
  const projects = await api<{ items: { projectId: string; title: string; area: { street: string }; contractor: { organisationId: string } | null }[] }>('GET', at('/projects?status=contracted&limit=50'), bureau);
  const project = projects.items.find((each) => each.contractor && each.area.street)!;
  expect(project).toBeDefined();
  const organisationId = project.contractor!.organisationId;
  const communities = await api<{ items: { communityId: string; area: { street: string; district: string } }[] }>('GET', at(`/communities?street=${project.area.street}&limit=1`), bureau);
  const community = communities.items[0]!;

  // A volunteer registers itself in a community of the project's street and says it has six hours a week.
  const volunteerToken = cliToken('volunteer', 'org-hours-volunteer', 'xiamen', undefined, dataDir);
  const volunteer = await api('POST', at('/volunteers'), volunteerToken, { person: { name: '郑海涛' }, communityId: community.communityId });
  await api('POST', at(`/volunteers/${volunteer.id}/availability`), volunteerToken, { hoursPerWeek: 6 });

  // The contractor takes it on for its project; the committee assigns it to one of the community's needs.
  const organisationToken = cliToken('social_organisation', 'contractor-staff', 'xiamen/siming', organisationId, dataDir);
  const onProject = await api('POST', at(`/volunteers/${volunteer.id}/assign`), organisationToken, { target: { kind: 'project', id: project.projectId }, hoursPerWeek: 2 });
  const committee = cliToken('community_committee', `committee-${community.communityId}`, `xiamen/${community.area.district}/${community.area.street}/${community.communityId}`, undefined, dataDir);
  const need = await api('POST', at('/needs'), committee, {
    communityId: community.communityId, category: 'elderly_care', title: '独居老人周末陪伴', description: '每周六上午陪伴聊天', urgency: 'medium', source: 'visit', beneficiaries: 1, hoursPerWeek: 2,
  });
  const onNeed = await api('POST', at(`/volunteers/${volunteer.id}/assign`), committee, { target: { kind: 'need', id: need.id }, hoursPerWeek: 2 });

  // It reports 3 and 1 hours on the project and 2 on the need: all wait for a coordinator.
  const servedOn = beijingToday();
  for (const [assignment, hours] of [[onProject, 3], [onProject, 1], [onNeed, 2]] as const) {
    await api('POST', at(`/volunteers/${volunteer.id}/hours`), volunteerToken, { assignmentId: assignment.assignmentId, hours, servedOn });
  }

  // The organisation's 时长确认 lists the two on its project, with the project's title, and not the need's.
  await signInWithToken(page, organisationToken, origin);
  await page.getByRole('menuitem', { name: '时长确认' }).click();
  await expect(page.getByTestId('own-projects')).toContainText(project.title);
  const pending = page.getByLabel('待确认时长');
  const rows = pending.getByRole('row', { name: new RegExp(volunteer.id) });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(`项目：${project.title}`);
  await expect(pending).not.toContainText('需求');
  await checkPage(page, 'organisation-hours', true);

  await pending.getByRole('row', { name: new RegExp(`${volunteer.id}.*3 小时`) }).getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByText('已确认 3 小时')).toBeVisible();
  await expect(rows).toHaveCount(1);

  // A reason of blanks passes the form but not the API: 400 VOLUNTEER_HOURS_DECLINE_REASON_REQUIRED, in Chinese.
  await pending.getByRole('row', { name: new RegExp(`${volunteer.id}.*1 小时`) }).getByRole('button', { name: '不予确认' }).click();
  const decline = page.getByRole('dialog', { name: '不予确认时长' });
  await decline.getByRole('textbox', { name: '不予确认的理由' }).fill('   ');
  await decline.getByRole('button', { name: '确认不予确认' }).click();
  await expect(decline).toContainText('请填写不予确认的理由');
  await expect(decline).not.toContainText('VOLUNTEER_HOURS_DECLINE_REASON_REQUIRED');
  await decline.getByRole('textbox', { name: '不予确认的理由' }).fill('当天项目未安排服务');
  await decline.getByRole('button', { name: '确认不予确认' }).click();
  await expect(page.getByText('已不予确认，并记录理由')).toBeVisible();
  await expect(rows).toHaveCount(0);

  // What the volunteer's record says now: 3 counted, 1 declined, the need's 2 still waiting for the committee.
  const hours = await api<{ totals: { confirmed: number; pending: number; declined: number } }>('GET', at(`/volunteers/${volunteer.id}/hours`), volunteerToken);
  expect(hours.totals).toEqual({ confirmed: 3, pending: 2, declined: 1 });
});
