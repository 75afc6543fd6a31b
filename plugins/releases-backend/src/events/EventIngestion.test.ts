import {
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  EventsService,
  eventsServiceFactory,
  eventsServiceRef,
} from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ReleasesEventTranslation,
  releasesEventSourcesExtensionPoint,
} from '@backstage-itsm/plugin-releases-node';
import { Knex } from 'knex';
import request from 'supertest';
import { releasesPlugin } from '../plugin';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** The demo components, with the annotations adopters already have. */
const annotate = (name: string, annotations: Record<string, string>) =>
  testEntities.map(
    (e): Entity =>
      e.kind === 'Component' && e.metadata.name === name
        ? {
            ...e,
            metadata: {
              ...e.metadata,
              annotations: { ...e.metadata.annotations, ...annotations },
            },
          }
        : e,
  );
let entities = annotate('payments-api', {
  'github.com/project-slug': 'acme/payments',
  'pagerduty.com/service-id': 'PSVC123',
});
// A monorepo: two components in one repository.
for (const name of ['ledger-service', 'checkout-service']) {
  entities = entities.map(e =>
    e.kind === 'Component' && e.metadata.name === name
      ? {
          ...e,
          metadata: {
            ...e.metadata,
            annotations: { 'github.com/project-slug': 'acme/monorepo' },
          },
        }
      : e,
  );
}

/** A tool whose events carry their own translation, to drive the core. */
const toolModule = createBackendModule({
  pluginId: 'releases',
  moduleId: 'test-tool',
  register(reg) {
    reg.registerInit({
      deps: { sources: releasesEventSourcesExtensionPoint },
      async init({ sources }) {
        sources.addSource({
          id: 'tool',
          topics: ['tool'],
          translate: event => {
            const payload = event.eventPayload as {
              translations?: ReleasesEventTranslation[];
              explode?: boolean;
            };
            if (payload.explode) {
              throw new Error('unexpected shape');
            }
            return payload.translations ?? [];
          },
        });
      },
    });
  },
});

let events: EventsService;
const publisher = createBackendPlugin({
  pluginId: 'publisher',
  register(env) {
    env.registerInit({
      deps: { eventsService: eventsServiceRef },
      async init({ eventsService }) {
        events = eventsService;
      },
    });
  },
});

const deployment = (
  overrides: Partial<{
    annotations: Array<{ key: string; value: string }>;
    name: string;
    environment: string;
    status: string;
    externalId: string;
    reportedAt: string;
  }> = {},
): ReleasesEventTranslation =>
  ({
    type: 'deployment',
    subject: {
      annotations: overrides.annotations ?? [
        { key: 'github.com/project-slug', value: 'ACME/Payments' },
      ],
      name: overrides.name,
    },
    deployment: {
      environment: overrides.environment ?? 'Production',
      version: '2.6.0',
      status: overrides.status ?? 'succeeded',
      externalId: overrides.externalId ?? 'acme/payments#1',
      reportedAt: overrides.reportedAt,
      commit: '9fceb02',
    },
  } as ReleasesEventTranslation);

describe.each(databases.eachSupportedId())(
  'event ingestion on %p',
  databaseId => {
    let knex: Knex;
    let app: Awaited<ReturnType<typeof startTestBackend>>['server'];
    let denying: Awaited<ReturnType<typeof startTestBackend>>['server'];
    const features = (k: Knex) => [
      releasesPlugin,
      toolModule,
      publisher,
      eventsServiceFactory,
      mockServices.database.factory({ knex: k }),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          releases: {
            environments: [
              { name: 'staging' },
              { name: 'production', gated: true },
            ],
            events: {
              environmentAliases: { prod: 'production' },
              ignoredEnvironments: ['pr-*'],
            },
          },
        },
      }),
    ];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      app = (await startTestBackend({ features: features(knex) })).server;
      denying = (
        await startTestBackend({
          features: [
            ...features(knex).filter(f => f !== publisher),
            mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
          ],
        })
      ).server;
    });

    beforeEach(async () => {
      for (const table of [
        'unmapped_events',
        'current_versions',
        'deployments',
        'incidents',
      ]) {
        await knex(table).delete();
      }
    });

    const publish = (eventPayload: object) =>
      events.publish({ topic: 'tool', eventPayload });
    const deployments = () => knex('deployments').select('*');
    const unmapped = async (server = app) =>
      request(server)
        .get('/api/releases/events/unmapped')
        .set('Authorization', mockCredentials.user.header('user:default/erin'));

    it('records a deployment of the annotated component as the source, through the same write path', async () => {
      await publish({ translations: [deployment()] });
      await publish({ translations: [deployment()] });
      const rows = await deployments();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        entity_ref: 'component:default/payments-api',
        environment: 'production',
        source: 'tool',
        external_id: 'acme/payments#1',
        actor: 'external:tool',
        status: 'succeeded',
        // No release covers it: the gate decided at the server's time.
        authorized: expect.anything(),
      });
      expect(Boolean(rows[0].authorized)).toBe(false);
      expect((await unmapped()).body.totalCount).toBe(0);
    });

    it('maps aliases, picks a named component of a monorepo, and ignores what it is told to', async () => {
      await publish({
        translations: [
          deployment({ environment: 'prod', externalId: 'a' }),
          deployment({
            annotations: [
              { key: 'github.com/project-slug', value: 'acme/monorepo' },
            ],
            name: 'ledger-service',
            environment: 'staging',
            externalId: 'b',
          }),
          deployment({ environment: 'pr-1234', externalId: 'c' }),
          { type: 'ignored', reason: 'the deployment was marked inactive' },
        ],
      });
      const rows = await deployments();
      expect(
        rows.map(r => [r.external_id, r.entity_ref, r.environment]).sort(),
      ).toEqual([
        ['a', 'component:default/payments-api', 'production'],
        ['b', 'component:default/ledger-service', 'staging'],
      ]);
      expect((await unmapped()).body.totalCount).toBe(0);
    });

    it('lists what it cannot record with the reason, counting redeliveries, and writes nothing else', async () => {
      const cases = [
        {
          translations: [
            deployment({
              annotations: [
                { key: 'github.com/project-slug', value: 'acme/unknown' },
              ],
            }),
          ],
        },
        {
          translations: [
            deployment({
              annotations: [
                { key: 'github.com/project-slug', value: 'acme/monorepo' },
              ],
              externalId: 'mono',
            }),
          ],
        },
        { translations: [deployment({ environment: 'qa', externalId: 'qa' })] },
        {
          translations: [
            deployment({
              externalId: 'old',
              reportedAt: new Date(Date.now() - 200 * 86400_000).toISOString(),
            }),
          ],
        },
        { explode: true },
        {
          translations: [
            {
              type: 'unmapped',
              reason: 'not a deployment event',
              summary: 'push to main',
            },
          ],
        },
        { translations: [] },
      ];
      for (const payload of cases) {
        await publish(payload);
      }
      await publish(cases[0]);
      expect(await deployments()).toHaveLength(0);

      const res = await unmapped();
      expect(res.status).toBe(200);
      expect(res.body.totalCount).toBe(cases.length);
      const reasons = res.body.items.map((i: any) => i.reason);
      expect(reasons).toEqual(
        expect.arrayContaining([
          'no component in the catalog carries github.com/project-slug=acme/unknown',
          expect.stringMatching(
            /^2 components carry github\.com\/project-slug=acme\/monorepo \(component:default\/checkout-service, component:default\/ledger-service\); name the component in the event$/,
          ),
          expect.stringMatching(
            /^the environment "qa" is not a configured environment \(staging, production\)/,
          ),
          'deployedAt: must be within the last 90 days',
          'the tool source could not read the event: unexpected shape',
          'not a deployment event',
          'the event reports no deployment and no incident',
        ]),
      );
      const unknown = res.body.items.find((i: any) =>
        i.reason.includes('acme/unknown'),
      );
      expect(unknown).toMatchObject({
        source: 'tool',
        topic: 'tool',
        deliveries: 2,
        summary:
          'deployment acme/payments#1 (succeeded) of github.com/project-slug=acme/unknown at 2.6.0 to Production',
      });
      expect(res.body.sources).toEqual([
        {
          id: 'tool',
          topics: ['tool'],
          unmappedEvents: 7,
          unmappedDeliveries: 8,
        },
      ]);
      const filtered = await request(app)
        .get('/api/releases/events/unmapped?source=other&limit=5')
        .set('Authorization', mockCredentials.user.header('user:default/erin'));
      expect(filtered.body).toMatchObject({
        totalCount: 0,
        limit: 5,
        items: [],
      });
    });

    it('records incidents in the configured incident environment when the tool names none', async () => {
      await publish({
        translations: [
          {
            type: 'incident',
            subject: {
              annotations: [
                { key: 'pagerduty.com/service-id', value: 'PSVC123' },
              ],
            },
            incident: {
              severity: 'critical',
              title: 'Checkout errors',
              externalId: 'Q1',
              openedAt: new Date().toISOString(),
            },
          },
        ],
      });
      const rows = await knex('incidents').select('*');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        entity_ref: 'component:default/payments-api',
        environment: 'production',
        source: 'tool',
        severity: 'critical',
      });
    });

    it('lets no REST caller report under an event source', async () => {
      const res = await request(app)
        .post('/api/releases/deployments')
        .set('Authorization', mockCredentials.user.header('user:default/alice'))
        .send({
          entityRef: 'component:default/payments-api',
          environment: 'production',
          version: '2.6.0',
          status: 'succeeded',
          source: 'tool',
          externalId: 'acme/payments#99',
        });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'The source tool is reported by its webhook events only',
      );
      expect(await deployments()).toHaveLength(0);
    });

    it('shows unmapped events only to callers the policy lets read events', async () => {
      const res = await unmapped(denying);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'You are not allowed to releases.event.read',
      );
      const bad = await request(app)
        .get('/api/releases/events/unmapped?limit=1000')
        .set('Authorization', mockCredentials.user.header('user:default/erin'));
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].field).toBe('limit');
    });
  },
);
