import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { DiscoveryService } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
// The action is tested against the real releases backend, over HTTP.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import releasesPlugin from '@backstage-itsm/plugin-releases-backend';
import { DateTime } from 'luxon';
import { AddressInfo } from 'node:net';
import {
  createReleaseAction,
  RELEASES_CREATE_ACTION_ID,
} from './createRelease';
import scaffolderModuleReleases from '../index';

jest.setTimeout(60_000);

const group = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments-api', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'ledger-service', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments-team' }],
  },
  group('payments-team'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: { memberOf: ['payments-team'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/payments-team' }],
  },
];

const config = {
  releases: {
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
    approvalPolicies: [
      {
        name: 'owner-for-production',
        when: { environments: ['production'] },
        require: [{ owner: true, count: 1 }],
      },
    ],
    standardChanges: [
      {
        name: 'Certificate rotation',
        components: ['payments-api'],
        maxRiskLevel: 'medium',
      },
    ],
  },
};

const decide = (
  permission: string,
  options?: { credentials?: any },
): { result: AuthorizeResult.ALLOW | AuthorizeResult.DENY } =>
  permission === 'releases.release.create' &&
  options?.credentials?.principal?.userEntityRef === 'user:default/bob'
    ? { result: AuthorizeResult.DENY }
    : { result: AuthorizeResult.ALLOW };

describe('releases:create', () => {
  let discovery: DiscoveryService;

  beforeAll(async () => {
    // A real releases backend (SQLite in memory), reached over HTTP.
    const { server } = await startTestBackend({
      features: [
        releasesPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({ data: config }),
        // bob may not plan releases.
        mockServices.permissions.mock({
          authorize: async (requests, options) =>
            requests.map(r => decide(r.permission.name, options)),
          authorizeConditional: async (requests, options) =>
            requests.map(r => decide(r.permission.name, options)) as any,
        }).factory,
      ],
    });
    const { port } = server.address() as AddressInfo;
    const baseUrl = `http://localhost:${port}/api/releases`;
    discovery = {
      getBaseUrl: async () => baseUrl,
      getExternalBaseUrl: async () => baseUrl,
    };
  });

  const start = DateTime.utc().plus({ days: 10 }).startOf('hour');
  const input = {
    title: 'Rotate payments certificates',
    type: 'minor' as const,
    plannedStart: start.toISO()!,
    plannedEnd: start.plus({ hours: 2 }).toISO()!,
    owner: 'group:default/payments-team',
    components: [{ entityRef: 'component:default/payments-api' }],
    standardChange: 'Certificate rotation',
  };

  function contextFor(user: string, values: Record<string, unknown>) {
    const ctx = createMockActionContext({ input: values as any });
    ctx.getInitiatorCredentials = async () =>
      mockCredentials.user(`user:default/${user}`);
    return ctx;
  }

  it('opens a standard change as the user who runs the template', async () => {
    const action = createReleaseAction({
      discovery,
      auth: mockServices.auth(),
    });
    const ctx = contextFor('alice', input);
    await action.handler(ctx as any);

    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    expect(outputs).toMatchObject({
      releaseId: expect.any(String),
      phase: 'plan',
      revision: 1,
      standardChange: {
        name: 'Certificate rotation',
        qualifies: true,
        reason: expect.stringContaining('pre-approved'),
      },
      warnings: [],
    });
    // Planned by alice, through the API: the release's history says so.
    const events = await fetch(
      `${await discovery.getBaseUrl('releases')}/releases/${
        outputs.releaseId
      }/events`,
      {
        headers: {
          Authorization: mockCredentials.user.header('user:default/alice'),
        },
      },
    );
    const history = await events.json();
    expect(history.items[0]).toMatchObject({
      type: 'created',
      actor: 'user:default/alice',
    });
  });

  it('opens a normal change when the standard change does not fit, and says why', async () => {
    const action = createReleaseAction({
      discovery,
      auth: mockServices.auth(),
    });
    const ctx = contextFor('alice', {
      ...input,
      components: [{ entityRef: 'component:default/ledger-service' }],
    });
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('standardChange', {
      name: 'Certificate rotation',
      qualifies: false,
      reason:
        'it touches component:default/ledger-service, which the standard change "Certificate rotation" does not cover',
    });
  });

  it("fails with the API's answer when the user may not plan releases or the input is wrong", async () => {
    const action = createReleaseAction({
      discovery,
      auth: mockServices.auth(),
    });
    await expect(
      action.handler(contextFor('bob', input) as any),
    ).rejects.toThrow(/You are not allowed to releases\.release\.create/);
    await expect(
      action.handler(
        contextFor('alice', { ...input, standardChange: 'Nope' }) as any,
      ),
    ).rejects.toThrow(/standardChange: "Nope" is not a standard change/);
  });

  it('writes nothing in a dry run', async () => {
    const action = createReleaseAction({
      discovery,
      auth: mockServices.auth(),
    });
    const ctx = contextFor('alice', input);
    (ctx as any).isDryRun = true;
    await action.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('releaseId', 'dry-run');
  });

  it('is what the module adds to the scaffolder', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModuleReleases],
    });
    expect(addActions).toHaveBeenCalledWith(
      expect.objectContaining({ id: RELEASES_CREATE_ACTION_ID }),
    );
  });
});
