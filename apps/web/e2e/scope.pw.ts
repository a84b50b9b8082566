import { expect, test } from '@playwright/test';
import { api, COMMUNITY_A, COMMUNITY_B, demoToken, ensureCommunities, expectLive, signInAsDemoUser } from './support';

test.beforeAll(ensureCommunities);

test('a committee of community A neither sees nor acts on community B', async ({ page }) => {
  const committeeB = await demoToken(COMMUNITY_B.committee);
  const needOfB = await api('POST', '/needs', committeeB, {
    communityId: COMMUNITY_B.id, category: 'child_welfare', title: '沙坡尾留守儿童课业辅导', description: '放学后作业辅导', urgency: 'medium', source: 'questionnaire', beneficiaries: 6,
  });

  await signInAsDemoUser(page, COMMUNITY_A.label);
  await expectLive(page);
  const needs = page.getByTestId('needs-table');
  await expect(page.getByRole('heading', { name: `居民需求清单 · ${COMMUNITY_A.id}` })).toBeVisible();
  await expect(needs).not.toContainText('沙坡尾留守儿童课业辅导');

  // A new need of B while A watches: A's stream is not told, A's list does not show it.
  await api('POST', '/needs', committeeB, {
    communityId: COMMUNITY_B.id, category: 'elderly_care', title: '沙坡尾老人理发', description: '每月一次上门理发', urgency: 'low', source: 'visit', beneficiaries: 3,
  });
  await page.waitForTimeout(1000);
  await expect(needs).not.toContainText('沙坡尾');

  // Another role's page is not A's to open: the console sends it back to its own.
  await page.goto('/#/bureau/projects');
  await expect(page).toHaveURL(/#\/committee\/needs$/);

  // Acting on B's need with A's own session is refused by the API as for a need that does not exist (its existence is not told).
  const refusal = await page.evaluate(async (needId) => {
    const token = sessionStorage.getItem('wushe.session');
    const response = await fetch(`/needs/${needId}/verify`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, code: ((await response.json()) as { code: string }).code };
  }, needOfB.id);
  expect(refusal).toEqual({ status: 404, code: 'NEED_NOT_FOUND' });
});
