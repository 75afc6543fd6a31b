import { expect, test } from '@playwright/test';
import { screenshot, signIn } from './helpers';

test.describe('Release calendar', () => {
  test('shows the demo freeze windows and a collision in the month view', async ({
    page,
  }) => {
    await signIn(page, '/releases/calendar');
    await expect(
      page.getByRole('heading', { name: 'Release calendar' }).first(),
    ).toBeVisible();
    // "No Friday deploys" recurs every week of the demo month.
    await expect(page.getByText('No Friday deploys').first()).toBeVisible();
    await expect(
      page.getByRole('heading', { name: 'Collisions' }),
    ).toBeVisible();
    await expect(
      page
        .getByText(
          /change components linked by dependsOn|change the two sides of/,
        )
        .first(),
    ).toBeVisible();
    await screenshot(page, 'calendar-month');
  });

  test('keeps filters in the URL', async ({ page }) => {
    await signIn(page, '/releases/calendar?type=major');
    await expect(
      page.getByText('Payments API 2.5: 3-D Secure 2').first(),
    ).toBeVisible();
    await expect(page.getByText('One-page checkout')).toHaveCount(0);
  });
});
