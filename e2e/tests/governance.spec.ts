import { APIRequestContext, expect, test } from '@playwright/test';
import {
  BACKEND,
  guestToken,
  localDateTime,
  screenshot,
  signIn,
} from './helpers';

// The portal signs everyone in as the demo guest, a member of the CAB group
// (which chairs the Weekly CAB in app-config.e2e.yaml): the guest plays the
// change manager, the engineer and the administrator in turn.

const STOREFRONT = 'Storefront 8.0: new product pages';
const CHECKOUT = 'Checkout: saved payment methods';

/** Lifts every runtime freeze still in force that this spec declared, so later specs can deploy. */
async function liftLeftovers(request: APIRequestContext, prefix: string) {
  const token = await guestToken(request);
  const headers = { Authorization: `Bearer ${token}` };
  const res = await request.get(`${BACKEND}/api/releases/freezes`, { headers });
  expect(res.ok()).toBeTruthy();
  for (const freeze of (await res.json()).items as {
    id: string;
    name: string;
  }[]) {
    if (freeze.name.startsWith(prefix)) {
      await request.delete(`${BACKEND}/api/releases/freezes/${freeze.id}`, {
        headers,
      });
    }
  }
}

const FREEZE_PREFIX = 'E2E stop the line';

test.describe('Change governance', () => {
  // Even when a step fails, no freeze of this spec outlives it.
  test.afterAll(async ({ playwright }) => {
    const request = await playwright.request.newContext();
    await liftLeftovers(request, FREEZE_PREFIX);
    await request.dispose();
  });

  test('a change manager opens the next CAB meeting, approves one item and defers another', async ({
    page,
  }) => {
    await signIn(page, '/releases/cab');
    await expect(
      page.getByRole('heading', { name: 'Weekly CAB' }),
    ).toBeVisible();
    await screenshot(page, 'cab-boards');
    await page.getByText('Next meeting:').getByRole('link').click();

    await expect(
      page.getByRole('heading', { name: 'Agenda', exact: true }),
    ).toBeVisible();
    const storefront = page.getByRole('article', { name: STOREFRONT });
    const checkout = page.getByRole('article', { name: CHECKOUT });
    await expect(storefront).toBeVisible();
    await expect(checkout).toBeVisible();
    await expect(
      storefront.getByText('Point the CDN back at the 7.x bundle', {
        exact: false,
      }),
    ).toBeVisible();
    await expect(storefront.getByText('Waiting for the board')).toBeVisible();
    await screenshot(page, 'cab-meeting-agenda');

    await page.getByRole('button', { name: `Approve ${STOREFRONT}` }).click();
    const approve = page.getByRole('dialog');
    await approve.getByLabel('Comment').fill('Rollback rehearsed in staging.');
    await approve.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(approve).toHaveCount(0);
    await expect(storefront.getByText('Approved by the board')).toBeVisible();
    await expect(
      storefront.getByText(/Rollback rehearsed in staging/),
    ).toBeVisible();
    await expect(
      page.getByRole('button', { name: `Approve ${STOREFRONT}` }),
    ).toHaveCount(0);

    await page.getByRole('button', { name: `Defer ${CHECKOUT}` }).click();
    const defer = page.getByRole('dialog');
    await defer.getByLabel('Comment').fill('Needs the PCI review first.');
    await defer.getByRole('button', { name: 'Defer', exact: true }).click();
    await expect(defer).toHaveCount(0);
    await expect(
      checkout.getByText('Deferred', { exact: true }).first(),
    ).toBeVisible();
    await expect(
      checkout.getByText(/Needs the PCI review first/),
    ).toBeVisible();

    await page
      .getByLabel('Minutes')
      .fill(
        'Storefront 8.0 approved; saved payment methods deferred until the PCI review.',
      );
    await page.getByRole('button', { name: 'Save minutes' }).click();
    await expect(page.getByText('Minutes saved.')).toBeVisible();
    await screenshot(page, 'cab-meeting-decided');

    // The board's approval is on the release.
    await storefront.getByRole('link', { name: STOREFRONT }).click();
    await expect(
      page.getByRole('heading', { name: STOREFRONT }).first(),
    ).toBeVisible();
    await expect(
      page
        .getByText('Point the CDN back at the 7.x bundle', { exact: false })
        .first(),
    ).toBeVisible();
  });

  test('an engineer plans a standard change and deploys it without approvals', async ({
    page,
  }) => {
    const title = `E2E search index rebuild ${Date.now()}`;
    await signIn(page, '/catalog/default/component/search-service/releases');
    await page.getByRole('button', { name: 'Plan release' }).first().click();
    const dialog = page.getByRole('dialog');
    await expect(
      dialog.getByRole('heading', { name: 'Plan a release' }),
    ).toBeVisible();
    const picker = dialog.getByLabel('Standard change');
    await expect(
      picker.locator('option', { hasText: 'Search index rebuild' }),
    ).toHaveCount(1);
    await picker.selectOption({ label: 'Search index rebuild' });
    await expect(
      dialog.getByText('Index rebuilt and spot-checked in staging'),
    ).toBeVisible();
    await expect(
      dialog.getByRole('checkbox', { name: 'production' }),
    ).toBeChecked();
    await expect(
      dialog.getByRole('checkbox', { name: 'staging' }),
    ).toBeChecked();
    await dialog.getByLabel('Title', { exact: true }).fill(title);
    await dialog.getByLabel('Planned start').fill(localDateTime(1, 9));
    await dialog.getByLabel('Planned end').fill(localDateTime(1, 11));
    await dialog.getByLabel('Version of Search Service').fill('4.2.0');
    await dialog
      .getByLabel('Rollback plan')
      .fill('Swap the alias back to the previous index.');
    await screenshot(page, 'standard-change-dialog');
    await dialog.getByRole('button', { name: 'Create' }).click();

    await expect(
      page.getByRole('heading', { name: title, level: 2 }),
    ).toBeVisible();
    await expect(
      page.getByText('Standard change: Search index rebuild'),
    ).toBeVisible();
    await expect(
      page.getByText(/Pre-approved by the template "Search index rebuild"/),
    ).toBeVisible();
    await expect(
      page.getByText('Swap the alias back to the previous index.'),
    ).toBeVisible();

    for (const phase of ['Design', 'Build', 'Test', 'Deploy']) {
      await page.getByRole('button', { name: `Move to ${phase}` }).click();
      await expect(
        page.getByText(`"${title}" is now in ${phase}`),
      ).toBeVisible();
    }
    await screenshot(page, 'standard-change-deployed');
  });

  test('an administrator stops the line from the calendar, the Releases tab shows the freeze, then lifts it', async ({
    page,
  }) => {
    const name = `${FREEZE_PREFIX} ${Date.now()}`;
    await signIn(page, '/releases/calendar');
    await page.getByRole('button', { name: 'Stop the line' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stop the line' });
    await dialog.getByLabel('Name').fill(name);
    await dialog
      .getByLabel('Reason')
      .fill('Checkout errors since the last deploy; investigating.');
    await expect(
      dialog.getByRole('checkbox', { name: 'Production' }),
    ).toBeChecked();
    await screenshot(page, 'stop-the-line-dialog');
    await dialog.getByRole('button', { name: 'Stop deployments' }).click();

    await expect(
      page.getByText(
        `"${name}" is in force: deployments to Production are stopped.`,
      ),
    ).toBeVisible();
    const freeze = page.getByRole('listitem', { name });
    await expect(freeze).toBeVisible();
    // The calendar shows it like a configured freeze window.
    await expect(
      page.getByRole('region', { name: 'Calendar' }).getByText(name).first(),
    ).toBeVisible();
    await screenshot(page, 'stop-the-line-calendar');

    await page.goto('/catalog/default/component/search-service/releases');
    const banner = page.getByRole('status', {
      name: `Freeze in force: ${name}`,
    });
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('Checkout errors since the last deploy');
    await expect(banner).toContainText(
      'Deployments to Production are stopped until lifted.',
    );
    await screenshot(page, 'stop-the-line-releases-tab');

    await page.goto('/releases/calendar');
    await page.getByRole('button', { name: `Lift ${name}` }).click();
    const lift = page.getByRole('dialog');
    await lift.getByLabel('Reason').fill('Fixed by the hotfix.');
    await lift.getByRole('button', { name: 'Lift freeze' }).click();
    await expect(
      page.getByText(`"${name}" is lifted: deployments may proceed.`),
    ).toBeVisible();
    await expect(page.getByRole('listitem', { name })).toHaveCount(0);
  });
});
