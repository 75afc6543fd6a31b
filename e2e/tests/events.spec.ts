import { expect, test } from '@playwright/test';
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BACKEND, screenshot, signIn } from './helpers';

/** The portal's demo secret (app-config.yaml, events.modules.github). */
const SECRET = process.env.GITHUB_WEBHOOK_SECRET ?? 'local-demo-github-secret';
const FIXTURE = path.resolve(
  __dirname,
  '../../plugins/releases-backend-module-github/src/__fixtures__/deployment_status.json',
);

test.describe('Deployments from GitHub', () => {
  test('a signed deployment_status webhook lands on the Versions tab of the annotated component', async ({
    page,
    request,
  }) => {
    const version = `4.2.${Date.now() % 1000}`;
    const event = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
    const deploymentId = Date.now();
    // fraud-detector is annotated github.com/project-slug: acme/fraud-detector.
    for (const key of ['repository_url', 'url', 'statuses_url']) {
      event.deployment[key] = String(event.deployment[key])
        .replace('acme/payments-api', 'acme/fraud-detector')
        .replace('1459887461', String(deploymentId));
    }
    event.deployment.id = deploymentId;
    event.deployment.ref = `v${version}`;
    event.deployment.environment = 'staging';
    event.deployment.original_environment = 'staging';
    event.deployment.production_environment = false;
    event.deployment_status.environment = 'staging';
    event.repository.full_name = 'acme/fraud-detector';
    event.repository.name = 'fraud-detector';
    const body = JSON.stringify(event);
    const sign = (secret: string) =>
      `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const deliver = (signature: string) =>
      request.post(`${BACKEND}/api/events/http/github`, {
        headers: {
          'Content-Type': 'application/json',
          'X-GitHub-Event': 'deployment_status',
          'X-GitHub-Delivery': randomUUID(),
          'X-Hub-Signature-256': signature,
        },
        data: body,
      });

    // A forged delivery is refused; the signed one is taken.
    expect((await deliver(sign('not-the-secret'))).status()).toBe(403);
    expect((await deliver(sign(SECRET))).status()).toBe(202);

    await signIn(page, '/catalog/default/component/fraud-detector/versions');
    await expect(page.getByText(`v${version}`).first()).toBeVisible();
    await screenshot(page, 'versions-tab-github-event');
  });
});
