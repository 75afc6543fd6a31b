import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  Page,
  Release,
  ReleaseEvent,
  ReleaseNotes,
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
    ownerChangedBy: null,
    components: [
      { entityRef: 'component:default/payments-api', version: '2.4.0' },
    ],
    environments: ['staging', 'production'],
    approvalRound: 1,
    breakGlass: null,
    outcome: null,
    risk: null,
    rollbackPlan: null,
    standardChange: null,
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

/** Release notes as generated for {@link makeRelease}'s release, nobody having edited them. */
export function makeNotes(overrides: Partial<ReleaseNotes> = {}): ReleaseNotes {
  return {
    releaseId: 'rel-1',
    title: 'Payments 2.4',
    type: 'minor',
    phase: 'plan',
    owner: 'group:default/payments-team',
    plannedStart: '2026-12-01T09:00:00Z',
    plannedEnd: '2026-12-01T17:00:00Z',
    actualStart: null,
    actualEnd: null,
    generatedAt: '2026-11-20T10:00:00Z',
    components: [],
    deployments: [],
    tasks: [],
    signoffs: [],
    approvals: { status: 'not_required', decisions: [] },
    review: null,
    edited: null,
    revision: 0,
    markdown: '# Payments 2.4\n\nA minor release.',
    ...overrides,
  };
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
      allowWindows: [],
      cabMeetings: [],
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
    getImpact: jest
      .fn()
      .mockResolvedValue({ entityRef: '', depth: 2, dependents: [] }),
    exportList: jest.fn(),
    decide: jest.fn(),
    getInbox: jest.fn().mockResolvedValue({ items: [], totalCount: 0 }),
    getDecided: jest.fn().mockResolvedValue({ items: [], totalCount: 0 }),
    getPolicies: jest
      .fn()
      .mockResolvedValue({ policies: [], separationOfDuties: true }),
    dryRunPolicies: jest.fn(),
    checkGate: jest.fn(),
    submitReview: jest.fn(),
    listIncidents: jest.fn().mockResolvedValue(pageOf([])),
    getMetrics: jest.fn(),
    // Release plans
    listTasks: jest.fn().mockResolvedValue({ items: [] }),
    createTask: jest.fn(),
    updateTask: jest.fn(),
    listMilestones: jest.fn().mockResolvedValue({ items: [] }),
    setMilestones: jest.fn().mockResolvedValue({ items: [] }),
    getExitCriteria: jest.fn().mockResolvedValue({
      phase: 'plan',
      next: 'design',
      met: true,
      criteria: [],
    }),
    getSignoffs: jest.fn().mockResolvedValue({
      releaseId: 'rel-1',
      round: 1,
      required: [],
      items: [],
    }),
    signOff: jest.fn(),
    setRoles: jest.fn(),
    listWatches: jest.fn().mockResolvedValue(pageOf([])),
    watch: jest.fn(),
    unwatch: jest.fn().mockResolvedValue(undefined),
    listStatusUpdates: jest.fn().mockResolvedValue(pageOf([])),
    postStatusUpdate: jest.fn(),
    getReleaseNotes: jest.fn().mockResolvedValue(makeNotes()),
    updateReleaseNotes: jest.fn(),
    downloadReleaseNotes: jest.fn(),
    getMyWork: jest.fn().mockResolvedValue(pageOf([])),
    // Change governance
    listCabBoards: jest.fn().mockResolvedValue({ items: [] }),
    listCabMeetings: jest.fn().mockResolvedValue({ items: [] }),
    getCabMeeting: jest.fn(),
    addCabItem: jest.fn(),
    decideCabItem: jest.fn(),
    setCabMinutes: jest.fn(),
    listStandardChanges: jest.fn().mockResolvedValue({ items: [] }),
    listFreezes: jest.fn().mockResolvedValue(pageOf([])),
    declareFreeze: jest.fn(),
    liftFreeze: jest.fn(),
    ...overrides,
  };
}

export const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'cab',
      namespace: 'default',
      title: 'Change Advisory Board',
    },
    spec: { type: 'board', children: [] },
  },
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

/** Just enough of the catalog API for the pickers. */
export function fakeCatalogApi(entities: Entity[] = catalogEntities) {
  return {
    /** What the fake holds, for the presentation API to name. */
    entities,
    getEntities: jest.fn(
      async (request?: { filter?: { kind?: string | string[] } }) => {
        const kinds = request?.filter?.kind;
        return {
          items: entities.filter(
            e => !kinds || ([] as string[]).concat(kinds).includes(e.kind),
          ),
        };
      },
    ),
  };
}

/** Names entities by their title, as the catalog's presentation API does. */
export function fakeEntityPresentationApi(
  entities: Entity[] = catalogEntities,
) {
  return {
    forEntity(
      entityOrRef: Entity | string,
      context?: { defaultKind?: string },
    ) {
      const ref =
        typeof entityOrRef === 'string'
          ? stringifyEntityRef(
              parseEntityRef(entityOrRef, {
                defaultKind: context?.defaultKind ?? 'component',
                defaultNamespace: 'default',
              }),
            )
          : stringifyEntityRef(entityOrRef);
      const entity = entities.find(e => stringifyEntityRef(e) === ref);
      const snapshot = {
        entityRef: ref,
        primaryTitle: entity?.metadata.title ?? parseEntityRef(ref).name,
      };
      return { snapshot, promise: Promise.resolve(snapshot) };
    },
  };
}
