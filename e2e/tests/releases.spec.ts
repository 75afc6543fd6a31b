import { expect, test } from '@playwright/test';
import {
  countReleases,
  guestToken,
  localDateTime,
  screenshot,
  signIn,
} from './helpers';

test.describe('Releases tab', () => {
  test('shows the demo releases of a component', async ({ page }) => {
    await signIn(page, '/catalog/default/component/payments-api/releases');
    await expect(
      page.getByRole('heading', { name: 'In progress' }),
    ).toBeVisible();
    await expect(
      page.getByText('Payments API 2.5: 3-D Secure 2').first(),
    ).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Upcoming' })).toBeVisible();
    // Releases of other components collide with payments-api's: the tab's
    // timeline warns of them though they are not on it.
    for (const collision of [
      /and "Fraud model retraining" both change Fraud Detector/,
      /and "Storefront holiday theme" change the two sides of payments-rest-api/,
      /and "One-page checkout" change components linked by dependsOn: Payments API ↔ Checkout Service/,
    ]) {
      await expect(page.getByText(collision)).toBeVisible();
    }
    await screenshot(page, 'releases-tab');
  });

  test('plans a release through the dialog, moves it to design and sees the history', async ({
    page,
  }) => {
    const title = `E2E release ${Date.now()}`;
    await signIn(page, '/catalog/default/component/payments-api/releases');
    await page.getByRole('button', { name: 'Plan release' }).first().click();

    const dialog = page.getByRole('dialog');
    await expect(
      dialog.getByRole('heading', { name: 'Plan a release' }),
    ).toBeVisible();
    await dialog.getByLabel('Title', { exact: true }).fill(title);
    await dialog.getByLabel('Planned start').fill(localDateTime(9, 9));
    await dialog.getByLabel('Planned end').fill(localDateTime(9, 17));
    await dialog.getByLabel('Version of Payments API').fill('2.6.0');
    await screenshot(page, 'plan-release-dialog');
    await dialog.getByRole('button', { name: 'Create' }).click();

    // The new release opens inside the tab.
    await expect(
      page.getByRole('heading', { name: title, level: 2 }),
    ).toBeVisible();
    await expect(
      page.getByRole('button', { name: 'Move to Design' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Back to' })).toHaveCount(0);

    await page.getByRole('button', { name: 'Move to Design' }).click();
    await expect(page.getByText(`"${title}" is now in Design`)).toBeVisible();

    const history = page.getByRole('list', { name: 'Release history' });
    await expect(
      history.getByText('moved the release from Plan to Design'),
    ).toBeVisible();
    await expect(history.getByText('created the release')).toBeVisible();
    await expect(
      page.getByRole('button', { name: 'Back to Plan' }),
    ).toBeVisible();
    await screenshot(page, 'release-detail');
  });

  test('an invalid dialog shows the messages and creates nothing', async ({
    page,
    request,
  }) => {
    const token = await guestToken(request);
    const before = await countReleases(request, token);
    const posts: string[] = [];
    page.on('request', r => {
      if (r.method() === 'POST' && r.url().endsWith('/api/releases/releases'))
        posts.push(r.url());
    });

    await signIn(page, '/catalog/default/component/payments-api/releases');
    await page.getByRole('button', { name: 'Plan release' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Title', { exact: true }).fill('');
    await dialog.getByLabel('Planned start').fill(localDateTime(5, 17));
    await dialog.getByLabel('Planned end').fill(localDateTime(5, 9));
    await dialog.getByRole('button', { name: 'Create' }).click();

    await expect(dialog.getByText('Title is required')).toBeVisible();
    await expect(
      dialog.getByText('Planned end must be after planned start'),
    ).toBeVisible();
    await screenshot(page, 'plan-release-invalid');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    expect(posts).toEqual([]);
    expect(await countReleases(request, token)).toBe(before);
  });

  test('the API refuses bad input, illegal moves and anonymous calls', async ({
    request,
  }) => {
    const token = await guestToken(request);
    const headers = { Authorization: `Bearer ${token}` };
    const before = await countReleases(request, token);

    const noTitle = await request.post(
      'http://localhost:7007/api/releases/releases',
      {
        headers,
        data: { type: 'minor' },
      },
    );
    expect(noTitle.status()).toBe(400);
    expect((await noTitle.json()).error.message).toContain(
      'title: is required',
    );
    expect(await countReleases(request, token)).toBe(before);

    const illegal = await request.post(
      'http://localhost:7007/api/releases/releases/00000000-0000-4000-8000-000000000004/transitions',
      { headers, data: { to: 'deploy' } },
    );
    expect(illegal.status()).toBe(409);
    expect((await illegal.json()).error.message).toContain(
      'legal moves are design, cancelled',
    );

    const anonymous = await request.get(
      'http://localhost:7007/api/releases/releases',
    );
    expect(anonymous.status()).toBe(401);
  });
});
