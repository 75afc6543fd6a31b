import { expect, test } from '@playwright/test';
import {
  BACKEND,
  guestToken,
  localDateTime,
  screenshot,
  signIn,
} from './helpers';

test.describe('Live updates', () => {
  test("one user moves a release and the other's page follows without a reload", async ({
    browser,
    request,
  }) => {
    // A release of its own, so that no other spec depends on its phase.
    const token = await guestToken(request);
    const title = `Live e2e ${Date.now()}`;
    const created = await request.post(`${BACKEND}/api/releases/releases`, {
      headers: { Authorization: `Bearer ${token}` },
      data: {
        title,
        type: 'minor',
        plannedStart: new Date(localDateTime(12, 9)).toISOString(),
        plannedEnd: new Date(localDateTime(12, 17)).toISOString(),
        owner: 'group:default/payments-team',
        components: [{ entityRef: 'component:default/notification-service' }],
      },
    });
    expect(created.status()).toBe(201);
    const { id } = await created.json();

    // Two browser contexts: two separate sessions, each signed in on its own.
    const mover = await (await browser.newContext()).newPage();
    const watcher = await (await browser.newContext()).newPage();
    try {
      for (const page of [mover, watcher]) {
        await signIn(page, `/releases/${id}`);
        await expect(
          page.getByRole('heading', { name: title }).first(),
        ).toBeVisible();
        await expect(
          page.getByRole('button', { name: 'Move to Design' }),
        ).toBeVisible();
      }
      // A reload or navigation would start a new document and lose this mark.
      await watcher.evaluate(() => {
        (window as any).__liveE2eMark = true;
      });

      await mover.getByRole('button', { name: 'Move to Design' }).click();
      await expect(
        mover.getByText(`"${title}" is now in Design`),
      ).toBeVisible();

      // The backend signals releases:release:<id>; the watcher's page asks again.
      await expect(
        watcher.getByRole('button', { name: 'Back to Plan' }),
      ).toBeVisible({ timeout: 10_000 });
      await expect(
        watcher.getByRole('button', { name: 'Move to Design' }),
      ).toHaveCount(0);
      await expect(
        watcher
          .getByRole('list', { name: 'Release history' })
          .getByText('moved the release from Plan to Design'),
      ).toBeVisible({ timeout: 10_000 });
      expect(await watcher.evaluate(() => (window as any).__liveE2eMark)).toBe(
        true,
      );
      await screenshot(watcher, 'live-update-watcher');
    } finally {
      await mover.context().close();
      await watcher.context().close();
    }
  });

  test("a new release of a component appears on its system's and its owner's Releases tabs without a reload", async ({
    browser,
    request,
  }) => {
    // notification-service is part of the platform system, owned by platform-team.
    const viewers = await Promise.all(
      [
        '/catalog/default/system/platform/releases',
        '/catalog/default/group/platform-team/releases',
      ].map(async path => {
        const page = await (await browser.newContext()).newPage();
        await signIn(page, path);
        await expect(
          page.getByRole('heading', { name: 'Upcoming' }).first(),
        ).toBeVisible({ timeout: 30_000 });
        await page.evaluate(() => {
          (window as any).__liveE2eMark = true;
        });
        return page;
      }),
    );
    try {
      const token = await guestToken(request);
      const title = `Live tab e2e ${Date.now()}`;
      const created = await request.post(`${BACKEND}/api/releases/releases`, {
        headers: { Authorization: `Bearer ${token}` },
        data: {
          title,
          type: 'minor',
          // Earlier than any other upcoming release, so first in its section.
          plannedStart: new Date(Date.now() + 3600_000).toISOString(),
          plannedEnd: new Date(Date.now() + 2 * 3600_000).toISOString(),
          owner: 'group:default/platform-team',
          components: [{ entityRef: 'component:default/notification-service' }],
        },
      });
      expect(created.status()).toBe(201);

      for (const page of viewers) {
        await expect(page.getByText(title).first()).toBeVisible({
          timeout: 10_000,
        });
        expect(await page.evaluate(() => (window as any).__liveE2eMark)).toBe(
          true,
        );
      }
      await screenshot(viewers[0], 'live-update-system-tab');
    } finally {
      for (const page of viewers) {
        await page.context().close();
      }
    }
  });
});
