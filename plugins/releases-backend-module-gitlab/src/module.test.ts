import { mockCredentials } from '@backstage/backend-test-utils';
import eventsPlugin from '@backstage/plugin-events-backend';
import gitlabEventsModule from '@backstage/plugin-events-backend-module-gitlab';
// The end-to-end test runs the real releases plugin with the module.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import releasesPlugin from '@backstage-itsm/plugin-releases-backend';
import {
  createReleasesTestDatabases,
  releasesTestComponent,
  startReleasesTestBackend,
} from '@backstage-itsm/plugin-releases-node/testUtils';
import { DateTime } from 'luxon';
import request from 'supertest';
import fixture from './__fixtures__/deployment_hook.json';
import { releasesModuleGitlab } from './module';

jest.setTimeout(60_000);

const databases = createReleasesTestDatabases();
const TOKEN = 'gitlab group webhook token';

describe.each(databases.eachSupportedId())(
  'GitLab Deployment Hooks on %p',
  databaseId => {
    let backend: Awaited<ReturnType<typeof startReleasesTestBackend>>;

    beforeAll(async () => {
      backend = await startReleasesTestBackend({
        databases,
        databaseId,
        features: [
          releasesPlugin,
          eventsPlugin,
          gitlabEventsModule,
          releasesModuleGitlab,
        ],
        entities: [
          releasesTestComponent(
            'checkout-service',
            { 'gitlab.com/project-slug': 'shop/checkout-service' },
            { system: 'storefront', team: 'storefront-team' },
          ),
        ],
        config: {
          events: { modules: { gitlab: { webhookSecret: TOKEN } } },
          releases: {
            environments: [
              { name: 'staging' },
              { name: 'production', gated: true },
            ],
          },
        },
      });
    });

    // GitLab stamps each state with the time it changed.
    const hook = (status: string, minutesAgo = 1) => ({
      ...fixture,
      status,
      status_changed_at: DateTime.utc()
        .minus({ minutes: minutesAgo })
        .toFormat('yyyy-MM-dd HH:mm:ss ZZZ'),
    });
    const deliver = (payload: object, token = TOKEN) =>
      request(backend.server)
        .post('/api/events/http/gitlab')
        .set('Content-Type', 'application/json')
        .set('X-Gitlab-Event', 'Deployment Hook')
        .set('X-Gitlab-Token', token)
        .send(payload);

    it('records a deployment of the annotated project as it moves from running to success, once', async () => {
      const success = hook('success');
      expect((await deliver(hook('running', 3))).status).toBe(202);
      expect((await deliver(success)).status).toBe(202);
      // GitLab retries a delivery it thinks failed: the same payload again.
      expect((await deliver(success)).status).toBe(202);
      const res = await request(backend.server)
        .get(
          '/api/releases/deployments?entityRef=component:default/checkout-service',
        )
        .set('Authorization', mockCredentials.user.header('user:default/bob'));
      expect(res.body.totalCount).toBe(1);
      expect(res.body.items[0]).toMatchObject({
        environment: 'production',
        version: 'v4.2.0',
        status: 'succeeded',
        source: 'gitlab',
        actor: 'external:gitlab',
        externalId: 'gitlab.example.com/projects/412/deployments/1528',
      });
      expect(res.body.items[0].startedAt).not.toBeNull();
      expect(res.body.items[0].finishedAt).not.toBeNull();
      // The time GitLab gave with the success, which its retry repeated.
      expect(Date.parse(res.body.items[0].reportedAt)).toBe(
        DateTime.fromFormat(
          success.status_changed_at,
          'yyyy-MM-dd HH:mm:ss ZZZ',
        ).toMillis(),
      );
      // Every delivery was recorded: none kept aside (its reason would show).
      expect(await backend.knex('unmapped_events').pluck('reason')).toEqual([]);
    });

    it('refuses a wrong token and writes nothing', async () => {
      const before = await backend.count('deployments');
      const keptBefore = await backend.count('unmapped_events');
      const res = await deliver(
        { ...hook('success'), deployment_id: 1529 },
        'guessed',
      );
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ message: 'invalid token' });
      expect(await backend.count('deployments')).toBe(before);
      expect(await backend.count('unmapped_events')).toBe(keptBefore);
    });
  },
);
