import { expect, test } from '@playwright/test';
import { screenshot, signIn } from './helpers';

const IN_REVIEW = '00000000-0000-4000-8000-000000000003';

test.describe('Review and KPIs', () => {
  test('opens the Metrics page with charts of the demo history', async ({
    page,
  }) => {
    await signIn(page, '/releases/metrics');
    await expect(
      page.getByRole('heading', { name: 'Release metrics' }).first(),
    ).toBeVisible();
    await expect(page.getByText('Change failure rate').first()).toBeVisible();
    await expect(page.locator('.recharts-surface').first()).toBeVisible();
    await screenshot(page, 'metrics');
  });

  test('submits a post-implementation review', async ({ page }) => {
    await signIn(page, `/releases/${IN_REVIEW}`);
    await expect(
      page.getByRole('button', { name: 'Submit review' }),
    ).toBeVisible();
    await page
      .getByLabel('Outcome')
      .selectOption('successful')
      .catch(async () => {
        await page.getByLabel('Outcome').click();
        await page.getByRole('option', { name: 'Successful' }).click();
      });
    await page
      .getByLabel('What went well')
      .fill('Rotation fixed within the hour.');
    await page.getByLabel('What went wrong').fill('The alert fired late.');
    await page.getByRole('button', { name: 'Submit review' }).click();
    await expect(
      page.getByText('Rotation fixed within the hour.'),
    ).toBeVisible();
    await expect(
      page.getByRole('button', { name: 'Submit review' }),
    ).toHaveCount(0);
    await screenshot(page, 'review-submitted');
  });
});
