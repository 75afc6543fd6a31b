import { expect, test } from '@playwright/test';
import { screenshot, signIn } from './helpers';

const AWAITING = '00000000-0000-4000-8000-000000000001';
const OWN = '00000000-0000-4000-8000-000000000009';

test.describe('Approvals', () => {
  test('approves a release from the inbox, then moves it to deploy', async ({
    page,
  }) => {
    await signIn(page, '/releases/approvals');
    const inbox = page.getByRole('list', {
      name: 'Releases waiting for your approval',
    });
    const item = inbox.getByRole('listitem', {
      name: 'Payments API 2.5: 3-D Secure 2',
    });
    await expect(item).toBeVisible();
    await expect(
      item.getByText('cab-for-major: 1 of 2 from Change Advisory Board'),
    ).toBeVisible();
    await screenshot(page, 'approvals-inbox');

    await item.getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByLabel('Comment')
      .fill('Rollback plan and staging results reviewed.');
    await dialog.getByRole('button', { name: 'Approve release' }).click();
    await expect(
      page.getByText('Approved "Payments API 2.5: 3-D Secure 2"'),
    ).toBeVisible();
    await expect(item).toHaveCount(0);

    await page.goto(`/releases/${AWAITING}`);
    await page.getByRole('button', { name: 'Move to Deploy' }).click();
    await expect(
      page.getByText('"Payments API 2.5: 3-D Secure 2" is now in Deploy'),
    ).toBeVisible();
    await screenshot(page, 'release-in-deploy');
  });

  test('refuses to let the creator approve their own release', async ({
    page,
    request,
  }) => {
    await signIn(page, `/releases/${OWN}`);
    await expect(
      page.getByText(
        /separation of duties: you created this release, so someone else must approve it/i,
      ),
    ).toBeVisible();
    await expect(
      page.getByRole('button', { name: 'Approve', exact: true }),
    ).toHaveCount(0);
    await screenshot(page, 'approvals-own-release');

    const token = (
      await (
        await request.post('http://localhost:7007/api/auth/guest/refresh', {
          headers: { 'X-Requested-With': 'XMLHttpRequest' },
        })
      ).json()
    ).backstageIdentity.token;
    const refused = await request.post(
      `http://localhost:7007/api/releases/releases/${OWN}/approvals`,
      {
        headers: { Authorization: `Bearer ${token}` },
        data: { decision: 'approved' },
      },
    );
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toContain(
      'separation of duties',
    );
  });
});
