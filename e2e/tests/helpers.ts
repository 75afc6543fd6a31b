import { APIRequestContext, Page, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

export const BACKEND = 'http://localhost:7007';
const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');

/**
 * Signs in as the demo guest user (once per browser context): waits until
 * either the sign-in page or the signed-in app shows (the dev server may
 * still be compiling the first visit's bundle), then enters if asked to.
 */
export async function signIn(page: Page, to = '/') {
  await page.goto(to);
  const enter = page.getByRole('button', { name: 'Enter' });
  // The nav element itself has no size; its links do.
  const sidebar = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link')
    .first();
  await expect(enter.or(sidebar).first()).toBeVisible({ timeout: 120_000 });
  if (await enter.isVisible()) {
    await enter.click();
    await expect(sidebar).toBeVisible();
  }
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: path.join(SCREENSHOTS, `${name}.png`),
    fullPage: true,
  });
}

/** A guest token for calling the API directly, as a script would. */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.post(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).backstageIdentity.token;
}

export async function countReleases(
  request: APIRequestContext,
  token: string,
  query = '',
) {
  const res = await request.get(
    `${BACKEND}/api/releases/releases?limit=1${query}`,
    {
      headers: { Authorization: `Bearer ${token}` },
    },
  );
  expect(res.ok()).toBeTruthy();
  return (await res.json()).totalCount as number;
}

/** A datetime-local value `days` from now at `hour`:00 local time. */
export function localDateTime(days: number, hour: number) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  d.setHours(hour, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(
    d.getHours(),
  )}:${pad(d.getMinutes())}`;
}
