import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { releaseCreatePermission } from '@backstage-itsm/plugin-releases-common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { releasesPlugin } from '../plugin';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const alice = mockCredentials.user.header('user:default/alice');
const pipeline = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci-pipeline'),
  targetPluginId: 'mcp-actions',
});

const config = {
  backend: { actions: { pluginSources: ['releases'] } },
  releases: {
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
  },
};

type Server = Awaited<ReturnType<typeof startTestBackend>>['server'];

/** An MCP client of the portal's MCP actions server, as an agent connects. */
async function connect(server: Server, authorization: string) {
  const { port } = server.address() as AddressInfo;
  const client = new Client({ name: 'releases-test-agent', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`http://localhost:${port}/api/mcp-actions/v1`),
      { requestInit: { headers: { Authorization: authorization } } },
    ),
  );
  return client;
}

const textOf = (result: Awaited<ReturnType<Client['callTool']>>) =>
  (result.content as Array<{ type: string; text: string }>)[0].text;

describe.each(databases.eachSupportedId())('MCP actions on %p', databaseId => {
  let knex: Knex;
  let allowing: Server;
  let denying: Server;
  const clients: Client[] = [];

  const start = async (permissions?: object) =>
    (
      await startTestBackend({
        features: [
          releasesPlugin,
          mcpActionsPlugin,
          actionsRegistryServiceFactory,
          actionsServiceFactory,
          mockServices.database.factory({ knex }),
          catalogServiceMock.factory({ entities: testEntities }),
          mockServices.rootConfig.factory({ data: config }),
          ...(permissions ? [permissions as any] : []),
        ],
      })
    ).server;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    allowing = await start();
    denying = await start(
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async requests =>
          requests.map(r => ({
            result:
              r.permission.name === releaseCreatePermission.name
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          })) as any,
      }).factory,
    );
  });

  afterAll(async () => {
    await Promise.all(clients.map(c => c.close()));
  });

  const agent = async (server: Server, authorization = alice) => {
    const client = await connect(server, authorization);
    clients.push(client);
    return client;
  };
  const plan = {
    title: 'Payments 2.7',
    type: 'minor',
    owner: 'group:default/payments-team',
    plannedStart: new Date(Date.now() + 7 * 86400_000).toISOString(),
    plannedEnd: new Date(Date.now() + 8 * 86400_000).toISOString(),
    components: [
      { entityRef: 'component:default/payments-api', version: '2.7.0' },
    ],
    environments: ['production'],
  };

  it('lists the tools with their schemas, plans a release and checks the gate, as the user', async () => {
    const client = await agent(allowing);
    const { tools } = await client.listTools();
    expect(tools.map(t => t.name).sort()).toEqual([
      'releases.check-deployment-gate',
      'releases.check-release-plan',
      'releases.get-release',
      'releases.list-releases',
      'releases.my-approvals-inbox',
      'releases.plan-release',
      'releases.record-deployment',
      'releases.release-calendar',
    ]);
    const planTool = tools.find(t => t.name === 'releases.plan-release')!;
    expect(planTool.inputSchema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining([
        'title',
        'type',
        'owner',
        'components',
      ]),
    });
    expect(planTool.annotations).toMatchObject({ title: 'Plan a release' });

    const planned = await client.callTool({
      name: 'releases.plan-release',
      arguments: plan,
    });
    expect(planned.isError).toBeFalsy();
    const release = JSON.parse(textOf(planned));
    expect(release).toMatchObject({
      title: 'Payments 2.7',
      phase: 'plan',
      createdBy: 'user:default/alice',
    });
    // The same release over REST.
    const rest = await request(allowing)
      .get(`/api/releases/releases/${release.id}`)
      .set('Authorization', alice);
    expect(rest.body).toMatchObject({
      id: release.id,
      revision: release.revision,
    });

    const gate = await client.callTool({
      name: 'releases.check-deployment-gate',
      arguments: {
        entityRef: 'component:default/payments-api',
        environment: 'production',
        version: '2.7.0',
      },
    });
    expect(JSON.parse(textOf(gate))).toEqual(
      (
        await request(allowing)
          .get(
            '/api/releases/gate?entityRef=component:default/payments-api&environment=production&version=2.7.0',
          )
          .set('Authorization', alice)
      ).body,
    );
    expect(JSON.parse(textOf(gate)).allowed).toBe(false);

    const listed = await client.callTool({
      name: 'releases.list-releases',
      arguments: {
        entityRef: 'component:default/payments-api',
        phase: ['plan'],
      },
    });
    expect(JSON.parse(textOf(listed)).items.map((r: any) => r.id)).toContain(
      release.id,
    );
    const detail = await client.callTool({
      name: 'releases.get-release',
      arguments: { releaseId: release.id },
    });
    expect(JSON.parse(textOf(detail)).approvals).toMatchObject({
      status: 'not_required',
    });
    const checked = await client.callTool({
      name: 'releases.check-release-plan',
      arguments: { ...plan, title: undefined, owner: undefined },
    });
    expect(checked.isError).toBeFalsy();
    expect(JSON.parse(textOf(checked)).warnings).toEqual(expect.any(Array));
    const inbox = await client.callTool({
      name: 'releases.my-approvals-inbox',
      arguments: {},
    });
    expect(JSON.parse(textOf(inbox))).toMatchObject({
      items: expect.any(Array),
    });
  });

  it("reads a scope's calendar as GET /calendar answers it, collisions outside the scope included", async () => {
    const client = await agent(allowing);
    const created = async (body: object) => {
      const res = await request(allowing)
        .post('/api/releases/releases')
        .set('Authorization', alice)
        .send(body);
      expect(res.status).toBe(201);
      return res.body;
    };
    const payments = await created({ ...plan, title: 'Payments 2.8' });
    // The storefront consumes the API payments-api provides, meanwhile.
    const cart = await created({
      ...plan,
      title: 'Cart 3.1',
      owner: 'group:default/storefront-team',
      components: [{ entityRef: 'component:default/cart-service' }],
    });
    const range = {
      from: new Date(Date.now() + 6 * 86400_000).toISOString(),
      to: new Date(Date.now() + 9 * 86400_000).toISOString(),
    };
    const read = await client.callTool({
      name: 'releases.release-calendar',
      arguments: { ...range, system: 'system:default/payments' },
    });
    expect(read.isError).toBeFalsy();
    const answer = JSON.parse(textOf(read));
    const rest = await request(allowing)
      .get('/api/releases/calendar')
      .query({ ...range, system: 'system:default/payments' })
      .set('Authorization', alice);
    expect(rest.status).toBe(200);
    expect(answer).toEqual(rest.body);
    expect(answer.releases.map((r: any) => r.id)).toContain(payments.id);
    expect(answer.otherReleases.map((r: any) => r.id)).toEqual([cart.id]);
    expect(answer.collisions).toContainEqual(
      expect.objectContaining({
        kind: 'api',
        releaseIds: [payments.id, cart.id],
      }),
    );
    const majors = await client.callTool({
      name: 'releases.release-calendar',
      arguments: { ...range, type: ['major'] },
    });
    expect(JSON.parse(textOf(majors)).releases).toEqual([]);

    const tooLong = { from: range.from, to: '2099-01-01T00:00:00Z' };
    const refused = await client.callTool({
      name: 'releases.release-calendar',
      arguments: tooLong,
    });
    const restRefused = await request(allowing)
      .get('/api/releases/calendar')
      .query(tooLong)
      .set('Authorization', alice);
    expect(restRefused.status).toBe(400);
    expect(textOf(refused)).toBe(
      `InputError: ${restRefused.body.error.message}`,
    );
  });

  it('records a deployment through the same write path as POST /deployments', async () => {
    const client = await agent(allowing);
    const body = {
      entityRef: 'component:default/payments-api',
      environment: 'staging',
      version: '2.7.0',
      status: 'succeeded',
      source: 'release-agent',
      externalId: 'agent-run-1',
    };
    const first = await client.callTool({
      name: 'releases.record-deployment',
      arguments: body,
    });
    expect(JSON.parse(textOf(first))).toMatchObject({
      created: true,
      actor: 'user:default/alice',
    });
    const again = await request(allowing)
      .post('/api/releases/deployments')
      .set('Authorization', alice)
      .send(body);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(JSON.parse(textOf(first)).id);
  });

  it('refuses what REST refuses, with the same answer', async () => {
    const client = await agent(denying);
    const refused = await client.callTool({
      name: 'releases.plan-release',
      arguments: plan,
    });
    const rest = await request(denying)
      .post('/api/releases/releases')
      .set('Authorization', alice)
      .send(plan);
    expect(rest.status).toBe(403);
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toBe(`NotAllowedError: ${rest.body.error.message}`);

    const invalid = await client.callTool({
      name: 'releases.plan-release',
      arguments: { ...plan, plannedEnd: plan.plannedStart },
    });
    const restInvalid = await request(allowing)
      .post('/api/releases/releases')
      .set('Authorization', alice)
      .send({ ...plan, plannedEnd: plan.plannedStart });
    expect(restInvalid.status).toBe(400);
    expect(textOf(invalid)).toBe(
      `InputError: ${restInvalid.body.error.message}`,
    );

    const unknown = await client.callTool({
      name: 'releases.get-release',
      arguments: { releaseId: '00000000-0000-4000-8000-00000000beef' },
    });
    expect(textOf(unknown)).toBe(
      'NotFoundError: No release with id 00000000-0000-4000-8000-00000000beef',
    );
  });

  it('refuses a service token where REST takes users only', async () => {
    const client = await agent(allowing, pipeline);
    const refused = await client.callTool({
      name: 'releases.plan-release',
      arguments: plan,
    });
    expect(textOf(refused)).toBe(
      "NotAllowedError: This endpoint does not allow 'service' credentials",
    );
    const gate = await client.callTool({
      name: 'releases.check-deployment-gate',
      arguments: { entityRef: 'payments-api', environment: 'staging' },
    });
    expect(JSON.parse(textOf(gate)).allowed).toBe(true);
  });
});
