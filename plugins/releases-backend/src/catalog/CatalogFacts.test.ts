import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { CatalogGraph } from '../calendar/CatalogGraph';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import { fromDbTime } from '../database/time';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';
import { createTableSnapshotter } from '../__testUtils__/tableState';
import { CatalogFacts, createCatalogFacts, EntityFacts } from './CatalogFacts';
import { ImpactAnalyzer } from './ImpactAnalyzer';
import { TestCatalog } from './__testUtils__/testCatalog';

jest.setTimeout(120_000);

const CATALOG_TABLES = [
  'catalog_relations',
  'catalog_annotations',
  'catalog_entities',
];
const T0 = new Date('2026-11-30T10:00:00.000Z');
const plugin = mockCredentials.service('plugin:test');
const alice = mockCredentials.user('user:default/alice');

/** testEntities plus one annotated component: what the catalog holds at first. */
const annotated: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'webhooks',
    namespace: 'default',
    title: 'Webhook receiver',
    tags: ['java', 'edge'],
    annotations: {
      'github.com/project-slug': 'Acme/Webhooks',
      'releases.backstage-itsm.io/enabled': 'true',
      'backstage.io/managed-by-location': 'url:https://example.com/x.yaml',
    },
  },
  spec: { type: 'service', lifecycle: 'experimental', owner: 'payments-team' },
  relations: [
    { type: 'partOf', targetRef: 'system:default/payments' },
    { type: 'ownedBy', targetRef: 'group:default/payments-team' },
    { type: 'ownerOf', targetRef: 'group:default/not-kept' },
  ],
};
const initialEntities = [...testEntities, annotated];

function component(
  name: string,
  system: string,
  owner: string,
  relations: Entity['relations'] = [],
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner, system },
    relations: [
      { type: 'partOf', targetRef: `system:default/${system}` },
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      ...(relations ?? []),
    ],
  };
}

function user(name: string, groups: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

/** A seeded pseudo-random graph of components and APIs, diamonds and cycles included. */
function generatedGraph(size: number): Entity[] {
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const ref = (i: number) => `component:default/c${i}`;
  const api = (i: number) => `api:default/a${i}`;
  const relations: Array<NonNullable<Entity['relations']>> = Array.from(
    { length: size },
    () => [],
  );
  const apiRelations: Array<NonNullable<Entity['relations']>> = Array.from(
    { length: size / 4 },
    () => [],
  );
  for (let i = 0; i < size; i++) {
    for (let k = 0; k < 2; k++) {
      const j = random(size);
      if (j !== i) {
        relations[i].push({ type: 'dependsOn', targetRef: ref(j) });
        relations[j].push({ type: 'dependencyOf', targetRef: ref(i) });
      }
    }
    if (random(3) === 0) {
      const a = random(size / 4);
      relations[i].push({ type: 'providesApi', targetRef: api(a) });
      apiRelations[a].push({ type: 'apiProvidedBy', targetRef: ref(i) });
    }
    if (random(3) === 0) {
      const a = random(size / 4);
      relations[i].push({ type: 'consumesApi', targetRef: api(a) });
      apiRelations[a].push({ type: 'apiConsumedBy', targetRef: ref(i) });
    }
  }
  return [
    ...relations.map((r, i) =>
      component(`c${i}`, `s${i % 3}`, `team${i % 4}`, r),
    ),
    ...apiRelations.map((r, a) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: `a${a}`, namespace: 'default' },
      spec: { type: 'openapi', lifecycle: 'production', owner: 'team0' },
      relations: r,
    })),
  ];
}

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('CatalogFacts on %p', databaseId => {
  let knex: Knex;
  let now: Date;
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    await ReleasesDatabase.migrate(knex);
  });

  beforeEach(async () => {
    for (const table of CATALOG_TABLES) {
      await knex(table).delete();
    }
    await knex('catalog_sync_state').update({
      last_sync_at: null,
      last_success_at: null,
      entity_count: 0,
      last_error: null,
    });
    now = T0;
  });

  async function setUp(
    entities: Entity[] = initialEntities,
    options: {
      visible?: NonNullable<
        ConstructorParameters<typeof TestCatalog>[1]
      >['visible'];
      etags?: boolean;
      /** Another replica's catalog. */
      catalog?: TestCatalog;
      config?: object;
      scheduler?: ReturnType<typeof mockServices.scheduler.mock>;
      logger?: ReturnType<typeof mockServices.logger.mock>;
    } = {},
  ): Promise<{ facts: CatalogFacts; catalog: TestCatalog }> {
    const catalog =
      options.catalog ??
      new TestCatalog(entities, {
        visible: options.visible,
        etags: options.etags,
      });
    const facts = await createCatalogFacts({
      knex,
      catalog: catalog.service,
      auth: mockServices.auth(),
      logger: options.logger ?? mockServices.logger.mock(),
      scheduler: options.scheduler,
      config: new ConfigReader(options.config ?? {}),
      clock: () => now,
    });
    return { facts, catalog };
  }

  async function syncedAt(ref: string): Promise<string> {
    const row = await knex('catalog_entities')
      .where({ ref_key: ref.toLocaleLowerCase('en-US') })
      .first();
    return fromDbTime(row.synced_at);
  }

  it('copies every kept entity in one sync, with the facts the plugin reads', async () => {
    const { facts } = await setUp();

    expect(await facts.syncNow()).toEqual({
      upserted: initialEntities.length,
      deleted: 0,
      unchanged: 0,
      refreshed: 0,
    });

    const read = await facts
      .local()
      .facts([
        'component:default/payments-api',
        'component:default/webhooks',
        'user:default/dave',
      ]);
    expect(read.get('component:default/payments-api')).toEqual<EntityFacts>({
      ref: 'component:default/payments-api',
      kind: 'component',
      namespace: 'default',
      name: 'payments-api',
      system: 'system:default/payments',
      owner: 'group:default/payments-team',
      lifecycle: 'production',
      tags: [],
      annotations: {},
      dependsOn: ['component:default/ledger-service'],
      dependencyOf: ['component:default/checkout-service'],
      providesApis: ['api:default/payments-rest'],
      consumesApis: [],
      memberOf: [],
      relations: [
        { type: 'partOf', targetRef: 'system:default/payments' },
        { type: 'ownedBy', targetRef: 'group:default/payments-team' },
        { type: 'dependsOn', targetRef: 'component:default/ledger-service' },
        {
          type: 'dependencyOf',
          targetRef: 'component:default/checkout-service',
        },
        { type: 'providesApi', targetRef: 'api:default/payments-rest' },
      ],
      firstSeenAt: T0.toISOString(),
    });
    // Only the kept annotations and relations are stored.
    expect(read.get('component:default/webhooks')).toMatchObject({
      title: 'Webhook receiver',
      lifecycle: 'experimental',
      tags: ['java', 'edge'],
      annotations: {
        'github.com/project-slug': 'Acme/Webhooks',
        'releases.backstage-itsm.io/enabled': 'true',
      },
      relations: [
        { type: 'partOf', targetRef: 'system:default/payments' },
        { type: 'ownedBy', targetRef: 'group:default/payments-team' },
      ],
    });
    expect(read.get('user:default/dave')?.memberOf).toEqual([
      'group:default/cab',
      'group:default/payments-team',
    ]);

    expect(await facts.health()).toEqual({
      lastSyncAt: T0.toISOString(),
      lastSuccessAt: T0.toISOString(),
      entityCount: initialEntities.length,
      stale: false,
      lastError: null,
    });
  });

  it('answers scopes, memberships and annotations from the local tables, case-insensitively', async () => {
    const { facts, catalog } = await setUp();
    await facts.syncNow();
    const callsAfterSync = catalog.callCount();
    const local = facts.local();

    expect(
      await local.existing([
        'Component:Default/Payments-API',
        'component:default/ledger-service',
      ]),
    ).toEqual(
      new Set([
        'Component:Default/Payments-API',
        'component:default/ledger-service',
      ]),
    );
    expect(await local.componentsOfSystem('system:default/PAYMENTS')).toEqual([
      'component:default/ledger-service',
      'component:default/payments-api',
      'component:default/webhooks',
    ]);
    expect(
      await local.componentsOwnedBy('group:default/storefront-team'),
    ).toEqual([
      'component:default/cart-service',
      'component:default/checkout-service',
    ]);
    expect(
      await local.findByAnnotation('github.com/project-slug', 'acme/webhooks'),
    ).toEqual(['component:default/webhooks']);
    expect(
      await local.findByAnnotation('github.com/project-slug', 'a\u0000b'),
    ).toEqual([]);

    const members = await facts.membersOf([
      'group:default/Payments-Team',
      'group:default/release-managers',
      'group:default/nobody',
    ]);
    expect(members).toEqual(
      new Map([
        [
          'group:default/Payments-Team',
          ['user:default/alice', 'user:default/bob', 'user:default/dave'],
        ],
        [
          'group:default/release-managers',
          ['user:default/erin', 'user:default/gina'],
        ],
        ['group:default/nobody', []],
      ]),
    );
    expect(await facts.groupsOf('User:default/Dave')).toEqual([
      'group:default/cab',
      'group:default/payments-team',
    ]);

    expect(catalog.callCount()).toBe(callsAfterSync);
  });

  it('follows created, changed, renamed and deleted entities and memberships after one sync, writing only what changed', async () => {
    const { facts, catalog } = await setUp();
    await facts.syncNow();
    const snapshot = createTableSnapshotter(knex);
    const before = await snapshot();

    // Nothing changed: the etags say so, nothing is fetched or written.
    advance(30_000);
    catalog.service.getEntitiesByRefs.mockClear();
    expect(await facts.syncNow()).toEqual({
      upserted: 0,
      deleted: 0,
      unchanged: initialEntities.length,
      refreshed: 0,
    });
    expect(catalog.service.getEntitiesByRefs).not.toHaveBeenCalled();
    expect(catalog.service.queryEntities.mock.calls.at(-1)![0]).toMatchObject({
      fields: ['kind', 'metadata.namespace', 'metadata.name', 'metadata.etag'],
    });
    const after = await snapshot();
    for (const table of CATALOG_TABLES) {
      expect(after[table]).toEqual(before[table]);
    }

    // A change, a new component with a new relation, a rename, a deletion,
    // and membership changes.
    advance(30_000);
    const ledger = catalog.get('component:default/ledger-service');
    (ledger.spec as { lifecycle: string }).lifecycle = 'deprecated';
    ledger.metadata.tags = ['legacy'];
    const fraud = component('fraud-service', 'payments', 'payments-team', [
      { type: 'dependsOn', targetRef: 'component:default/payments-api' },
    ]);
    const payments = catalog.get('component:default/payments-api');
    payments.relations!.push({
      type: 'dependencyOf',
      targetRef: 'component:default/fraud-service',
    });
    // cart-service becomes basket-service (a rename is a new entity in the catalog).
    const basket = catalog.get('component:default/cart-service');
    basket.metadata.name = 'basket-service';
    catalog.remove('component:default/cart-service');
    // checkout-service is deleted, and payments-api no longer lists it.
    catalog.remove('component:default/checkout-service');
    payments.relations = payments.relations!.filter(
      r => r.targetRef !== 'component:default/checkout-service',
    );
    // bob moves from payments-team to the CAB; frank joins payments-team.
    catalog.put(
      ledger,
      fraud,
      payments,
      basket,
      user('bob', ['cab']),
      user('frank', ['payments-team']),
    );

    expect(await facts.syncNow()).toEqual({
      upserted: 6, // ledger, fraud, payments, basket, bob, frank
      deleted: 2, // cart-service, checkout-service
      unchanged: initialEntities.length - 5,
      refreshed: 0,
    });

    const local = facts.local();
    const read = await local.facts([
      'component:default/ledger-service',
      'component:default/fraud-service',
      'component:default/payments-api',
    ]);
    expect(read.get('component:default/ledger-service')).toMatchObject({
      lifecycle: 'deprecated',
      tags: ['legacy'],
      firstSeenAt: T0.toISOString(),
    });
    expect(read.get('component:default/fraud-service')).toMatchObject({
      dependsOn: ['component:default/payments-api'],
      firstSeenAt: now.toISOString(),
    });
    expect(read.get('component:default/payments-api')?.dependencyOf).toEqual([
      'component:default/fraud-service',
    ]);
    expect(
      await local.linkedWithinAll(['component:default/fraud-service'], 2),
    ).toEqual(
      new Map([
        [
          'component:default/fraud-service',
          new Set([
            'component:default/payments-api',
            'component:default/ledger-service',
          ]),
        ],
      ]),
    );
    expect(
      await local.componentsOwnedBy('group:default/storefront-team'),
    ).toEqual(['component:default/basket-service']);
    expect(await local.componentsOfSystem('system:default/payments')).toEqual([
      'component:default/fraud-service',
      'component:default/ledger-service',
      'component:default/payments-api',
      'component:default/webhooks',
    ]);
    const members = await facts.membersOf([
      'group:default/payments-team',
      'group:default/cab',
    ]);
    expect(members.get('group:default/payments-team')).toEqual([
      'user:default/alice',
      'user:default/dave',
      'user:default/frank',
    ]);
    expect(members.get('group:default/cab')).toContain('user:default/bob');
    expect(await facts.groupsOf('user:default/bob')).toEqual([
      'group:default/cab',
    ]);

    // Only the changed rows were written; the others keep their sync time.
    expect(await syncedAt('component:default/ledger-service')).toBe(
      now.toISOString(),
    );
    expect(await syncedAt('user:default/alice')).toBe(T0.toISOString());
    // +fraud, +frank, +basket, -cart, -checkout
    expect((await facts.health()).entityCount).toBe(initialEntities.length + 1);
    expect(
      await local.existing([
        'component:default/cart-service',
        'component:default/checkout-service',
      ]),
    ).toEqual(new Set());
    expect(
      Number(
        (
          await knex('catalog_relations')
            .whereIn('source_key', [
              'component:default/cart-service',
              'component:default/checkout-service',
            ])
            .count({ count: '*' })
        )[0].count,
      ),
    ).toBe(0);
  });

  it("keeps what it read for 5 s: its own sync is seen at once, another replica's within those 5 s", async () => {
    const { facts: syncing, catalog } = await setUp();
    const { facts: other } = await setUp(initialEntities, { catalog });
    await syncing.syncNow();
    const read = async (facts: CatalogFacts) => ({
      members: (await facts.membersOf(['group:default/payments-team'])).get(
        'group:default/payments-team',
      ),
      system: await facts.local().componentsOfSystem('system:default/payments'),
      lifecycle: (
        await facts.local().facts(['component:default/ledger-service'])
      ).get('component:default/ledger-service')?.lifecycle,
      checkoutExists: (
        await facts.local().existing(['component:default/checkout-service'])
      ).has('component:default/checkout-service'),
    });
    const before = await read(other);
    expect(before).toEqual({
      members: ['user:default/alice', 'user:default/bob', 'user:default/dave'],
      system: [
        'component:default/ledger-service',
        'component:default/payments-api',
        'component:default/webhooks',
      ],
      lifecycle: 'production',
      checkoutExists: true,
    });
    await read(syncing);

    // frank joins payments-team, a component joins the system, the ledger
    // is deprecated, checkout-service is deleted.
    const ledger = catalog.get('component:default/ledger-service');
    (ledger.spec as { lifecycle: string }).lifecycle = 'deprecated';
    catalog.put(
      ledger,
      component('fraud-service', 'payments', 'payments-team'),
      user('frank', ['payments-team']),
    );
    catalog.remove('component:default/checkout-service');
    advance(1_000);
    await syncing.syncNow();
    const after = {
      members: [
        'user:default/alice',
        'user:default/bob',
        'user:default/dave',
        'user:default/frank',
      ],
      system: [
        'component:default/fraud-service',
        'component:default/ledger-service',
        'component:default/payments-api',
        'component:default/webhooks',
      ],
      lifecycle: 'deprecated',
      checkoutExists: false,
    };
    expect(await read(syncing)).toEqual(after);
    advance(3_999);
    expect(await read(other)).toEqual(before);
    advance(1);
    expect(await read(other)).toEqual(after);
  });

  it('only records the new etag when the catalog changed something it does not keep', async () => {
    const { facts, catalog } = await setUp();
    await facts.syncNow();
    const snapshot = createTableSnapshotter(knex);
    const before = await snapshot();
    const etagOf = async () =>
      (
        await knex('catalog_entities')
          .where({ ref_key: 'component:default/payments-api' })
          .first()
      ).catalog_etag;
    const etagBefore = await etagOf();

    const payments = catalog.get('component:default/payments-api');
    payments.metadata.description = 'Now with a description';
    catalog.put(payments);
    advance(30_000);

    expect(await facts.syncNow()).toEqual({
      upserted: 0,
      deleted: 0,
      unchanged: initialEntities.length,
      refreshed: 1,
    });
    const after = await snapshot();
    expect(after.catalog_relations).toEqual(before.catalog_relations);
    expect(after.catalog_annotations).toEqual(before.catalog_annotations);
    expect(await etagOf()).not.toBe(etagBefore);
    expect(await syncedAt('component:default/payments-api')).toBe(
      now.toISOString(),
    );
    expect((await facts.syncNow()).refreshed).toBe(0);
  });

  it('syncs a catalog that sets no etags, still writing only what changed', async () => {
    const { facts, catalog } = await setUp(initialEntities, { etags: false });
    expect((await facts.syncNow()).upserted).toBe(initialEntities.length);
    const snapshot = createTableSnapshotter(knex);
    const before = await snapshot();

    advance(30_000);
    expect(await facts.syncNow()).toEqual({
      upserted: 0,
      deleted: 0,
      unchanged: initialEntities.length,
      refreshed: 0,
    });
    const after = await snapshot();
    for (const table of CATALOG_TABLES) {
      expect(after[table]).toEqual(before[table]);
    }

    catalog.put(user('frank', ['cab']));
    expect(await facts.syncNow()).toEqual({
      upserted: 1,
      deleted: 0,
      unchanged: initialEntities.length,
      refreshed: 0,
    });
  });

  it('falls back to one live call with its own credentials for a ref it does not know yet, and stores it', async () => {
    const { facts, catalog } = await setUp();
    await facts.syncNow();
    catalog.put(
      component('brand-new', 'payments', 'payments-team'),
      user('grace', ['cab']),
    );
    catalog.service.getEntitiesByRefs.mockClear();
    const local = facts.local();

    expect(
      await local.existing([
        'component:default/payments-api',
        'component:default/brand-new',
        'Component:Default/Brand-New',
        'component:default/never-registered',
      ]),
    ).toEqual(
      new Set([
        'component:default/payments-api',
        'component:default/brand-new',
        'Component:Default/Brand-New',
      ]),
    );
    expect(catalog.service.getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(
      catalog.service.getEntitiesByRefs.mock.calls[0][0].entityRefs,
    ).toEqual([
      'component:default/brand-new',
      'component:default/never-registered',
    ]);
    expect(catalog.service.getEntitiesByRefs.mock.calls[0][1]).toEqual({
      credentials: plugin,
    });

    // Stored, and the missing one is not asked for again within the interval.
    expect(
      await knex('catalog_entities')
        .where({ ref_key: 'component:default/brand-new' })
        .first(),
    ).toMatchObject({ system: 'system:default/payments' });
    expect(
      await local.existing([
        'component:default/brand-new',
        'component:default/never-registered',
      ]),
    ).toEqual(new Set(['component:default/brand-new']));
    expect(
      (await local.facts(['component:default/brand-new'])).get(
        'component:default/brand-new',
      )?.owner,
    ).toBe('group:default/payments-team');
    expect(catalog.service.getEntitiesByRefs).toHaveBeenCalledTimes(1);

    // A user who signs in before the next sync.
    expect(await facts.groupsOf('user:default/grace')).toEqual([
      'group:default/cab',
    ]);
    expect(catalog.service.getEntitiesByRefs).toHaveBeenCalledTimes(2);
    expect(
      (await facts.membersOf(['group:default/cab'])).get('group:default/cab'),
    ).toContain('user:default/grace');

    // The next sync finds them unchanged.
    const result = await facts.syncNow();
    expect(result.upserted).toBe(0);
    expect(result.unchanged).toBe(initialEntities.length + 2);
  });

  it('asks the catalog once, with its own credentials, about an annotation value it does not hold, and stores what it finds', async () => {
    const { facts, catalog } = await setUp();
    await facts.syncNow();
    const registered: Entity = {
      ...component('brand-new', 'payments', 'payments-team'),
      metadata: {
        name: 'brand-new',
        namespace: 'default',
        annotations: { 'gitlab.com/project-slug': 'acme/brand-new' },
      },
    };
    catalog.put(registered);
    catalog.service.getEntities.mockClear();
    catalog.service.getEntitiesByRefs.mockClear();
    const local = facts.local();

    // Registered since the sync: found through one call, and stored.
    expect(
      await local.findByAnnotation('gitlab.com/project-slug', 'ACME/Brand-New'),
    ).toEqual(['component:default/brand-new']);
    expect(catalog.service.getEntities).toHaveBeenCalledTimes(1);
    expect(catalog.service.getEntities.mock.calls[0][1]).toEqual({
      credentials: plugin,
    });
    expect(
      await knex('catalog_entities')
        .where({ ref_key: 'component:default/brand-new' })
        .first(),
    ).toMatchObject({ system: 'system:default/payments' });
    expect(
      (await local.facts(['component:default/brand-new'])).get(
        'component:default/brand-new',
      )?.annotations,
    ).toEqual({ 'gitlab.com/project-slug': 'acme/brand-new' });

    // Now from the tables.
    expect(
      await local.findByAnnotation('gitlab.com/project-slug', 'acme/brand-new'),
    ).toEqual(['component:default/brand-new']);
    expect(catalog.service.getEntities).toHaveBeenCalledTimes(1);

    // A value nobody carries is asked about once per refresh interval.
    expect(
      await local.findByAnnotation('gitlab.com/project-slug', 'acme/nothing'),
    ).toEqual([]);
    expect(
      await local.findByAnnotation('gitlab.com/project-slug', 'Acme/Nothing'),
    ).toEqual([]);
    expect(catalog.service.getEntities).toHaveBeenCalledTimes(2);
    catalog.put({
      ...component('late', 'payments', 'payments-team'),
      metadata: {
        name: 'late',
        namespace: 'default',
        annotations: { 'gitlab.com/project-slug': 'acme/nothing' },
      },
    });
    advance(31_000);
    expect(
      await local.findByAnnotation('gitlab.com/project-slug', 'acme/nothing'),
    ).toEqual(['component:default/late']);
    expect(catalog.service.getEntities).toHaveBeenCalledTimes(3);

    // Before the first sync, the same: nothing is stored yet for it.
    await knex('catalog_entities').delete();
    await knex('catalog_annotations').delete();
    const fresh = await setUp(initialEntities);
    expect(
      await fresh.facts
        .local()
        .findByAnnotation('github.com/project-slug', 'acme/webhooks'),
    ).toEqual(['component:default/webhooks']);
    expect(catalog.service.getEntitiesByRefs).not.toHaveBeenCalled();
  });

  it('lets two replicas sync and fall back at the same time, leaving one consistent copy', async () => {
    const { facts: first, catalog } = await setUp();
    const { facts: second } = await setUp(initialEntities, { catalog });
    const refs = [
      'component:default/payments-api',
      'api:default/payments-rest',
      'user:default/dave',
    ];

    await Promise.all([
      first.local().facts(refs),
      second.local().facts(refs),
      first.syncNow(),
      second.syncNow(),
      first.local().facts(refs),
      second.local().facts(refs),
    ]);

    expect(await first.syncNow()).toEqual({
      upserted: 0,
      deleted: 0,
      unchanged: initialEntities.length,
      refreshed: 0,
    });
    const keptRelations = initialEntities
      .flatMap(e => e.relations ?? [])
      .filter(r => r.type !== 'ownerOf').length;
    const [{ count }] = await knex('catalog_relations').count({ count: '*' });
    expect(Number(count)).toBe(keptRelations);
    expect(
      (await second.local().facts(refs)).get('user:default/dave')?.memberOf,
    ).toEqual(['group:default/cab', 'group:default/payments-team']);
  });

  it('keeps the last facts when the catalog fails, and reports them stale with the error', async () => {
    const { facts, catalog } = await setUp();
    await facts.syncNow();

    catalog.failure = new Error('catalog unavailable (503)');
    advance(30_000);
    await expect(facts.syncNow()).rejects.toThrow('catalog unavailable');
    // One failed interval is not stale yet: facts are at most two intervals old.
    expect(await facts.health()).toMatchObject({ stale: false });

    advance(31_000);
    await expect(facts.syncNow()).rejects.toThrow('catalog unavailable');
    expect(await facts.health()).toEqual({
      lastSyncAt: now.toISOString(),
      lastSuccessAt: T0.toISOString(),
      entityCount: initialEntities.length,
      stale: true,
      lastError: expect.stringContaining('catalog unavailable (503)'),
    });

    // Pages keep working from the last facts.
    const local = facts.local();
    expect(await local.componentsOfSystem('system:default/storefront')).toEqual(
      ['component:default/cart-service', 'component:default/checkout-service'],
    );
    expect(
      (await local.impact('component:default/ledger-service', 2)).dependents,
    ).toHaveLength(4);
    expect(
      (await facts.membersOf(['group:default/cab'])).get('group:default/cab'),
    ).toHaveLength(22);

    catalog.failure = undefined;
    advance(1_000);
    await facts.syncNow();
    expect(await facts.health()).toMatchObject({
      lastSuccessAt: now.toISOString(),
      stale: false,
      lastError: null,
    });
  });

  it('refreshes the planner statistics after a sync that rewrote a good part of the facts, not after a small one', async () => {
    // What the planner believes catalog_entities holds, as of its last ANALYZE.
    const analysedRows = async () => {
      if (databaseId.startsWith('POSTGRES')) {
        const { rows } = await knex.raw(
          "SELECT reltuples FROM pg_class WHERE relname = 'catalog_entities'",
        );
        return Number(rows[0].reltuples);
      }
      const stats = await knex.raw(
        "SELECT stat FROM sqlite_stat1 WHERE tbl = 'catalog_entities'",
      );
      return stats.length ? parseInt(stats[0].stat, 10) : -1;
    };
    const many = Array.from({ length: 60 }, (_, i) =>
      component(`bulk-${i}`, 'payments', 'payments-team'),
    );
    const { facts } = await setUp([...initialEntities, ...many]);
    await facts.syncNow();
    expect(await analysedRows()).toBe(initialEntities.length + 60);

    // One new entity: the statistics stay as they were.
    const { facts: next } = await setUp([
      ...initialEntities,
      ...many,
      component('bulk-60', 'payments', 'payments-team'),
    ]);
    advance(1_000);
    expect((await next.syncNow()).upserted).toBe(1);
    expect(await analysedRows()).toBe(initialEntities.length + 60);
  });

  it('reports stale before the first sync', async () => {
    const { facts } = await setUp();
    expect(await facts.health()).toEqual({
      lastSyncAt: null,
      lastSuccessAt: null,
      entityCount: 0,
      stale: true,
      lastError: null,
    });
  });

  it('live() answers from the catalog with the given credentials and never reads the local tables', async () => {
    // The catalog hides the storefront system's components from alice.
    const hidden = new Set([
      'component:default/cart-service',
      'component:default/checkout-service',
    ]);
    const { facts, catalog } = await setUp(initialEntities, {
      visible: (entity, credentials) =>
        credentials !== alice || !hidden.has(stringifyEntityRef(entity)),
    });
    await facts.syncNow();
    catalog.service.getEntitiesByRefs.mockClear();
    catalog.service.getEntities.mockClear();
    catalog.service.queryEntities.mockClear();

    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    knex.on('query', onQuery);
    try {
      const live = facts.live(alice);
      const everyComponent = [
        'component:default/payments-api',
        'component:default/ledger-service',
        'component:default/checkout-service',
        'component:default/cart-service',
      ];
      expect(await live.existing(everyComponent)).toEqual(
        new Set([
          'component:default/payments-api',
          'component:default/ledger-service',
        ]),
      );
      expect([...(await live.facts(everyComponent)).keys()]).toEqual([
        'component:default/payments-api',
        'component:default/ledger-service',
      ]);
      expect(
        await live.componentsOwnedBy('group:default/storefront-team'),
      ).toEqual([]);
      expect(await live.componentsOfSystem('system:default/payments')).toEqual([
        'component:default/ledger-service',
        'component:default/payments-api',
        'component:default/webhooks',
      ]);
      expect(
        await live.findByAnnotation('github.com/project-slug', 'acme/webhooks'),
      ).toEqual(['component:default/webhooks']);
      expect(
        (
          await live.impact('component:default/ledger-service', 3)
        ).dependents.map(d => d.entityRef),
      ).toEqual([
        'component:default/payments-api',
        'system:default/payments',
        // Named by relations of entities alice may see, as the catalog does;
        // their own relations are not followed.
        'component:default/cart-service',
        'component:default/checkout-service',
      ]);
      expect(
        await facts
          .live(alice)
          .linkedWithinAll(['component:default/ledger-service'], 3),
      ).toEqual(
        new Map([
          [
            'component:default/ledger-service',
            new Set([
              'component:default/payments-api',
              'component:default/checkout-service',
            ]),
          ],
        ]),
      );
      await expect(
        live.impact('component:default/cart-service', 1),
      ).rejects.toThrow(
        'entityRef: component:default/cart-service does not exist in the catalog',
      );
    } finally {
      knex.removeListener('query', onQuery);
    }

    expect(queries).toEqual([]);
    const used = catalog.credentialsUsed();
    expect(used.length).toBeGreaterThan(0);
    expect(used.every(c => c === alice)).toBe(true);

    // The local copy, for callers the catalog allows everything, sees them all.
    expect(
      await facts.local().componentsOwnedBy('group:default/storefront-team'),
    ).toHaveLength(2);
  });

  it('live() walks the graph with one catalog call per level', async () => {
    const graph = generatedGraph(40);
    const { facts, catalog } = await setUp(graph);
    const roots = graph
      .filter(e => e.kind === 'Component')
      .slice(0, 10)
      .map(e => stringifyEntityRef(e));

    await facts.live(alice).linkedWithinAll(roots, 3);
    expect(catalog.service.getEntitiesByRefs).toHaveBeenCalledTimes(3);
  });

  it('impact() and linkedWithinAll() answer as ImpactAnalyzer and CatalogGraph, locally and live', async () => {
    for (const entities of [initialEntities, generatedGraph(60)]) {
      await knex('catalog_entities').delete();
      await knex('catalog_relations').delete();
      await knex('catalog_annotations').delete();
      const { facts } = await setUp(entities);
      await facts.syncNow();
      const reference = catalogServiceMock({ entities });
      const refs = entities
        .filter(e => ['Component', 'API'].includes(e.kind))
        .map(e => stringifyEntityRef(e));

      for (const depth of [1, 2, 3]) {
        for (const ref of refs) {
          const expected = await new ImpactAnalyzer(reference).analyze(
            ref,
            depth,
            alice,
          );
          expect(await facts.local().impact(ref, depth)).toEqual(expected);
          expect(await facts.live(alice).impact(ref, depth)).toEqual(expected);
        }
        const components = refs.filter(r => r.startsWith('component:'));
        const expectedLinks = await new CatalogGraph(
          reference,
          alice,
        ).linkedWithinAll(components, depth);
        const asArrays = (m: Map<string, Set<string>>) =>
          [...m].map(([k, v]) => [k, [...v]]);
        expect(
          asArrays(await facts.local().linkedWithinAll(components, depth)),
        ).toEqual(asArrays(expectedLinks));
        expect(
          asArrays(await facts.live(alice).linkedWithinAll(components, depth)),
        ).toEqual(asArrays(expectedLinks));
      }
    }

    const { facts } = await setUp();
    await expect(
      facts.local().impact('component:default/nope', 2),
    ).rejects.toThrow(
      'entityRef: component:default/nope does not exist in the catalog',
    );
    await expect(
      new ImpactAnalyzer(
        catalogServiceMock({ entities: initialEntities }),
      ).analyze('component:default/nope', 2, alice),
    ).rejects.toThrow(
      'entityRef: component:default/nope does not exist in the catalog',
    );
  });

  it('syncs on a global schedule at the configured interval, and a failed run only logs', async () => {
    const scheduler = mockServices.scheduler.mock();
    const logger = mockServices.logger.mock();
    const { facts, catalog } = await setUp(initialEntities, {
      scheduler,
      logger,
      config: { releases: { catalog: { refreshInterval: 'PT1M' } } },
    });

    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    const task = scheduler.scheduleTask.mock.calls[0][0];
    expect(task).toMatchObject({
      id: 'releases-catalog-sync',
      scope: 'global',
      frequency: { milliseconds: 60_000 },
    });

    await task.fn(new AbortController().signal);
    expect((await facts.health()).entityCount).toBe(initialEntities.length);

    catalog.failure = new Error('catalog unavailable');
    await expect(
      task.fn(new AbortController().signal),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Catalog facts sync failed'),
      expect.objectContaining({
        error: expect.stringContaining('catalog unavailable'),
      }),
    );
    // 2 × PT1M: not stale yet at the same instant.
    expect((await facts.health()).stale).toBe(false);
  });

  it.each([['PT2H'], ['PT1S'], ['30 seconds'], ['P']])(
    'refuses refreshInterval %p at start-up, naming the key',
    async value => {
      await expect(
        setUp(initialEntities, {
          config: { releases: { catalog: { refreshInterval: value } } },
        }),
      ).rejects.toThrow(/^releases\.catalog\.refreshInterval: ".*" must be/);
    },
  );
});

describe('catalog facts migration', () => {
  it.each(databases.eachSupportedId())(
    'creates and drops the tables on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
      for (const table of [...CATALOG_TABLES, 'catalog_sync_state']) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      expect(await knex('catalog_sync_state').select('id')).toEqual([
        { id: 'catalog' },
      ]);
      await ReleasesDatabase.rollbackAll(knex);
      for (const table of [...CATALOG_TABLES, 'catalog_sync_state']) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
    },
  );
});
