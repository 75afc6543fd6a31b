import { Entity } from '@backstage/catalog-model';
import {
  Page,
  Release,
  ReleaseEvent,
} from '@backstage-itsm/plugin-releases-common';
import { ReleasesApi } from '../api';

export function makeRelease(overrides: Partial<Release> = {}): Release {
  return {
    id: 'rel-1',
    title: 'Payments 2.4',
    description: 'Adds **3-D Secure 2**.',
    type: 'minor',
    phase: 'plan',
    plannedStart: '2026-12-01T09:00:00Z',
    plannedEnd: '2026-12-01T17:00:00Z',
    actualStart: null,
    actualEnd: null,
    owner: 'group:default/payments-team',
    createdBy: 'user:default/alice',
    components: [
      { entityRef: 'component:default/payments-api', version: '2.4.0' },
    ],
    environments: ['staging', 'production'],
    approvalRound: 1,
    breakGlass: null,
    outcome: null,
    risk: null,
    revision: 1,
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}

export function makeEvent(overrides: Partial<ReleaseEvent> = {}): ReleaseEvent {
  return {
    id: 'evt-1',
    releaseId: 'rel-1',
    type: 'created',
    actor: 'user:default/alice',
    at: '2026-11-20T10:00:00Z',
    reason: null,
    changes: {},
    ...overrides,
  };
}

export function pageOf<T>(items: T[]): Page<T> {
  return { items, totalCount: items.length, limit: 100, offset: 0 };
}

/** A releases API whose every method is a jest mock; override what a test needs. */
export function fakeReleasesApi(
  overrides: Partial<jest.Mocked<ReleasesApi>> = {},
): jest.Mocked<ReleasesApi> {
  return {
    listReleases: jest.fn().mockResolvedValue(pageOf([])),
    getRelease: jest.fn().mockResolvedValue(makeRelease()),
    createRelease: jest.fn().mockResolvedValue(makeRelease()),
    updateRelease: jest.fn().mockResolvedValue(makeRelease()),
    transitionRelease: jest.fn().mockResolvedValue(makeRelease()),
    listReleaseEvents: jest.fn().mockResolvedValue(pageOf([])),
    listEnvironments: jest.fn().mockResolvedValue({
      items: [
        { name: 'development', order: 1, gated: false },
        { name: 'staging', order: 2, gated: false },
        { name: 'production', order: 3, gated: true },
      ],
    }),
    getCalendar: jest.fn().mockResolvedValue({
      from: '2026-12-01T00:00:00.000Z',
      to: '2027-01-01T00:00:00.000Z',
      releases: [],
      truncated: false,
      freezes: [],
      collisions: [],
      freezeConflicts: [],
    }),
    checkPlan: jest.fn().mockResolvedValue({ warnings: [] }),
    listFreezeWindows: jest.fn().mockResolvedValue({ items: [] }),
    createFeedToken: jest.fn(),
    listFeedTokens: jest.fn().mockResolvedValue({ items: [] }),
    revokeFeedToken: jest.fn().mockResolvedValue(undefined),
    listDeployments: jest.fn().mockResolvedValue(pageOf([])),
    getVersions: jest.fn().mockResolvedValue({
      environments: [],
      rows: [],
      totalCount: 0,
      limit: 20,
      offset: 0,
    }),
    createBaseline: jest.fn(),
    listBaselines: jest.fn().mockResolvedValue(pageOf([])),
    diffBaseline: jest.fn(),
    getImpact: jest.fn().mockResolvedValue({ entityRef: '', depth: 2, dependents: [] }),
    exportList: jest.fn(),
    getApprovals: jest.fn().mockResolvedValue({
      releaseId: '',
      round: 1,
      status: 'not_required',
      policies: [],
      rules: [],
      decisions: [],
      separationOfDuties: true,
      review: null,
      viewer: { canDecide: false, reason: 'no approval policy applies to this release' },
    }),
    decide: jest.fn(),
    getInbox: jest.fn().mockResolvedValue({ items: [], totalCount: 0 }),
    getPolicies: jest.fn().mockResolvedValue({ policies: [], separationOfDuties: true }),
    dryRunPolicies: jest.fn(),
    checkGate: jest.fn(),
    getReview: jest.fn().mockRejectedValue(Object.assign(new Error('No review'), { name: 'NotFoundError' })),
    submitReview: jest.fn(),
    listIncidents: jest.fn().mockResolvedValue(pageOf([])),
    getMetrics: jest.fn(),
    ...overrides,
  };
}

export const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments-team',
      namespace: 'default',
      title: 'Payments Team',
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      namespace: 'default',
      title: 'Payments API',
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'ledger-service',
      namespace: 'default',
      title: 'Ledger Service',
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
  },
];

/** Just enough of the catalog API for the release dialog's pickers. */
export function fakeCatalogApi(entities: Entity[] = catalogEntities) {
  return {
    getEntities: jest.fn(async (request?: { filter?: { kind?: string } }) => ({
      items: entities.filter(
        e => !request?.filter?.kind || e.kind === request.filter.kind,
      ),
    })),
  };
}
