import { expect, test } from '@playwright/test';
import { BACKEND, screenshot, signIn } from './helpers';

const CI_TOKEN = process.env.RELEASES_CI_TOKEN ?? 'local-demo-ci-token';

test.describe('Configuration items', () => {
  test('a deployment reported by a pipeline shows on the Versions tab and, unauthorized, in the audit', async ({
    page,
    request,
  }) => {
    const version = `9.9.${Date.now() % 1000}-e2e`;
    const reported = await request.post(`${BACKEND}/api/releases/deployments`, {
      headers: { Authorization: `Bearer ${CI_TOKEN}` },
      data: {
        entityRef: 'component:default/search-service',
        environment: 'production',
        version,
        status: 'succeeded',
        source: 'e2e-pipeline',
        externalId: `run-${version}`,
      },
    });
    expect(reported.status()).toBe(201);
    const deployment = await reported.json();
    expect(deployment.authorized).toBe(false);
    expect(deployment.actor).toBe('ci-pipeline');

    await signIn(page, '/catalog/default/component/search-service/versions');
    await expect(page.getByText(version).first()).toBeVisible();
    await expect(page.getByText('Unauthorized').first()).toBeVisible();
    await screenshot(page, 'versions-tab');

    await page.goto('/releases/audit');
    await expect(
      page.getByRole('heading', { name: 'Unauthorized changes' }),
    ).toBeVisible();
    await expect(page.getByText(version).first()).toBeVisible();
    await screenshot(page, 'configuration-audit');
  });
});
