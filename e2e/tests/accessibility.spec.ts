import AxeBuilder from '@axe-core/playwright';
import { Page, expect, test } from '@playwright/test';
import type { NodeResult } from 'axe-core';
import { screenshot, signIn } from './helpers';

/**
 * Each of the plugin's screens in the portal: a screenshot and an axe-core
 * scan against WCAG 2.1 A and AA. No serious or critical violation may be
 * left in the plugin's own markup.
 */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Backstage core's own contrast gap, not the plugin's: on the new frontend
 * system the app background is Backstage UI's `--bui-bg-app` (#f5f5f5) while
 * the Material UI theme's `text.secondary` is #717171, 4.47:1 instead of 4.5:1.
 * Every secondary text of every plugin (Backstage's own included) drawn
 * straight on the page has it, MUI's input labels among them. Only that exact
 * pair is left out; any other colour on any background still counts.
 */
function isBackstageSecondaryTextOnAppBackground(
  rule: string,
  node: NodeResult,
) {
  if (rule !== 'color-contrast') {
    return false;
  }
  const data = node.any.find(c => c.id === 'color-contrast')?.data as
    | { fgColor?: string; bgColor?: string }
    | undefined;
  return data?.fgColor === '#717171' && data?.bgColor === '#f5f5f5';
}

async function scan(page: Page, name: string) {
  await screenshot(page, name);
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const violations = result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .filter(n => !isBackstageSecondaryTextOnAppBackground(v.id, n))
        .map(n => `${n.target.join(' ')}: ${n.failureSummary}`),
    }))
    .filter(v => v.nodes.length > 0);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual(
    [],
  );
}

test.describe('Accessibility of every releases screen', () => {
  test('Releases tab on Payments API', async ({ page }) => {
    await signIn(page, '/catalog/default/component/payments-api/releases');
    await expect(
      page.getByRole('heading', { name: 'In progress' }),
    ).toBeVisible();
    await expect(
      page.getByText('Payments API 2.5: 3-D Secure 2').first(),
    ).toBeVisible();
    await scan(page, 'a11y-releases-tab');
  });

  test('Versions tab on Payments API', async ({ page }) => {
    await signIn(page, '/catalog/default/component/payments-api/versions');
    await expect(
      page.getByText('Versions per environment').first(),
    ).toBeVisible();
    await expect(page.getByText('Deployment history').first()).toBeVisible();
    await scan(page, 'a11y-versions-tab');
  });

  test('release calendar', async ({ page }) => {
    await signIn(page, '/releases/calendar');
    await expect(
      page.getByRole('heading', { name: 'Release calendar' }).first(),
    ).toBeVisible();
    await expect(page.getByText('No Friday deploys').first()).toBeVisible();
    await scan(page, 'a11y-calendar');
  });

  test('approvals inbox with the sidebar badge', async ({ page }) => {
    await signIn(page, '/releases/approvals');
    const inbox = page.getByRole('list', {
      name: 'Releases waiting for your approval',
    });
    await expect(inbox.getByRole('listitem').first()).toBeVisible();
    await expect(
      page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('img', {
          name: /^Approvals, \d+ waiting for your decision$/,
        }),
    ).toBeVisible();
    await scan(page, 'a11y-approvals');
  });

  test('configuration audit', async ({ page }) => {
    await signIn(page, '/releases/audit');
    await expect(
      page.getByRole('heading', { name: 'Unauthorized changes' }),
    ).toBeVisible();
    await scan(page, 'a11y-audit');
  });

  test('metrics', async ({ page }) => {
    await signIn(page, '/releases/metrics');
    await expect(page.getByText('Change failure rate').first()).toBeVisible();
    await expect(page.locator('.recharts-surface').first()).toBeVisible();
    await scan(page, 'a11y-metrics');
  });

  test('approval policies', async ({ page }) => {
    await signIn(page, '/releases/policies');
    await expect(
      page.getByRole('heading', { name: 'Approval policies' }).first(),
    ).toBeVisible();
    await scan(page, 'a11y-policies');
  });
});
