import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InvariantResult } from './invariants';

/** The portal's demo secret (app-config.yaml, events.modules.github). */
const SECRET = process.env.GITHUB_WEBHOOK_SECRET ?? 'local-demo-github-secret';
const FIXTURE = path.resolve(
  __dirname,
  '../../../plugins/releases-backend-module-github/src/__fixtures__/deployment_status.json',
);

/**
 * GitHub redelivers a webhook, and a load balancer may hand each delivery to
 * another replica: the same `deployment_status` posted to both replicas at
 * once, several times, must be recorded exactly once.
 */
export async function checkWebhookOnce(options: {
  replicas: string[];
  token: string;
}): Promise<InvariantResult> {
  const { replicas, token } = options;
  const result: InvariantResult = {
    name: 'a GitHub deployment_status delivered to both replicas at once, three times each, is recorded exactly once',
    checked: 0,
    violations: [],
    notes: [],
  };
  const expect = (ok: boolean, message: string) => {
    result.checked += 1;
    if (!ok) {
      result.violations.push(message);
    }
  };

  const event = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  const deploymentId = Date.now();
  event.deployment.id = deploymentId;
  event.deployment.url = `https://api.github.com/repos/acme/payments-api/deployments/${deploymentId}`;
  event.deployment.environment = 'staging';
  event.deployment.original_environment = 'staging';
  event.deployment.production_environment = false;
  event.deployment_status.environment = 'staging';
  const body = JSON.stringify(event);
  const signature = `sha256=${createHmac('sha256', SECRET)
    .update(body)
    .digest('hex')}`;
  const delivery = randomUUID();

  const answers = await Promise.all(
    [...replicas, ...replicas, ...replicas].map(base =>
      fetch(`${base}/api/events/http/github`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-GitHub-Event': 'deployment_status',
          'X-GitHub-Delivery': delivery,
          'X-Hub-Signature-256': signature,
        },
        body,
      }).then(res => res.status),
    ),
  );
  expect(
    answers.every(status => status === 202),
    `the ingress answered ${answers.join(', ')} (202 expected)`,
  );

  const externalId = `api.github.com/deployments/${deploymentId}`;
  const recorded = async () => {
    const counts: number[] = [];
    for (const base of replicas) {
      const res = await fetch(
        `${base}/api/releases/deployments?entityRef=component:default/payments-api&environment=staging&limit=100`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      const page = (await res.json()) as {
        items: Array<{ externalId: string }>;
      };
      counts.push(page.items.filter(d => d.externalId === externalId).length);
    }
    return counts;
  };
  // Events are handled after the ingress answers: wait for them to land,
  // then a little longer for any late duplicate.
  let counts = await recorded();
  for (let i = 0; i < 50 && counts.some(c => c === 0); i++) {
    await new Promise(resolve => setTimeout(resolve, 200));
    counts = await recorded();
  }
  await new Promise(resolve => setTimeout(resolve, 1000));
  counts = await recorded();
  expect(
    counts.every(c => c === 1),
    `each replica lists the deployment ${counts.join(
      ' and ',
    )} times (once expected)`,
  );
  result.notes.push(
    `6 deliveries (${answers.join(', ')}), listed ${counts.join(
      ' and ',
    )} time(s) through the two replicas`,
  );
  return result;
}
