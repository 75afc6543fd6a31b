import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  baselineCreatePermission,
  cabDecidePermission,
  cabManagePermission,
  deploymentCreatePermission,
  deploymentReadPermission,
  freezeManagePermission,
  incidentCreatePermission,
  eventReadPermission,
  incidentReadPermission,
  metricsReadPermission,
  policyDryRunPermission,
  releaseApprovePermission,
  releaseChangeTypePermission,
  releaseCreatePermission,
  releaseManageRolesPermission,
  releaseManageTasksPermission,
  releasePostUpdatePermission,
  releaseReadPermission,
  releaseSignOffPermission,
  releaseTransitionPermission,
  releaseUpdatePermission,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import fs from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import request from 'supertest';
import { releasesPlugin } from '../plugin';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';
import { notType, ownedBy, policyByUser } from '../__testUtils__/policies';

// The auth matrix of every route of the plugin; docs/auth-matrix.md is the
// same table in prose. A route added to the router without a row here fails
// the completeness test below.

jest.setTimeout(180_000);

const databases = createTestDatabases();

const now = DateTime.utc().startOf('hour');
const iso = (d: DateTime) => d.toISO({ suppressMilliseconds: true })!;
const q = (params: Record<string, string>) =>
  `?${new URLSearchParams(params).toString()}`;

/** Who may call a route: `anyone` needs no credentials at all. */
type Caller = 'anyone' | 'feed token' | 'user' | 'service';

/** A release each column points per-release routes at, by phase. */
interface Targets {
  /** In plan, a major release of alice's team (payments-team). */
  plan: string;
  /** In review, with its post-implementation review. */
  review: string;
}

/** Real ids, made afresh for each column. */
interface Fixture {
  /** Releases alice's team owns. */
  mine: Targets;
  /** Emergency releases, which the hiding policy hides. */
  hidden: Targets;
  /** Releases storefront-team owns, which alice may not edit under the team policy. */
  theirs: Targets;
  /** Every release's revision, for PATCH bodies. */
  revisions: Record<string, number>;
  hiddenTitles: string[];
  baselineId: string;
  feedTokenId: string;
  /** A task of each release alice may reach (mine.plan, theirs.plan), by release id. */
  taskOf: Record<string, string>;
  /** A watch of alice's. */
  watchId: string;
  /** The next upcoming CAB meeting (its row written by a first read). */
  meetingId: string;
  /** A runtime freeze scheduled a month ahead. */
  freezeId: string;
}

/** An answer a column documents: a status, or `ok` (the row's success status). */
type Documented = 'ok' | 403 | 404;

interface MatrixRow {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The path as the router registers it. */
  route: string;
  /** Per-release routes name the phase of the release they act on. */
  target?: keyof Targets;
  /** The same path with real ids and a valid query; `id` is the target release. */
  path: (f: Fixture, id: string) => string;
  body?: (f: Fixture, id: string) => object;
  who: Caller[];
  /** The permission decisions the answer depends on. */
  permissions: string[];
  /** The answer to a caller who may call it. */
  ok: number;
  /** To a user the policy denies everything. */
  denied: Documented;
  /** To a user under a policy that hides emergency releases (rows with a target act on an emergency release). */
  hiding: Documented;
  /** To a user under a policy that lets only the owning team edit (rows with a target act on another team's release). */
  teamEdits: Documented;
  /** The user for whom the route succeeds, when alice will not do. */
  as?: string;
  /** Also refuses users whom the release's approval policy does not name. */
  approvalPolicy?: true;
}

const USERS_AND_SERVICES: Caller[] = ['user', 'service'];
const USERS: Caller[] = ['user'];
const component = 'component:default/payments-api';
const read = releaseReadPermission.name;

const matrix: MatrixRow[] = [
  // service/router.ts
  {
    method: 'get',
    route: '/health',
    path: () => '/health',
    who: ['anyone'],
    permissions: [],
    ok: 200,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/environments',
    path: () => '/environments',
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  // releases/router.ts
  {
    method: 'get',
    route: '/releases',
    path: () => '/releases',
    who: USERS_AND_SERVICES,
    permissions: [read],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'post',
    route: '/releases',
    path: () => '/releases',
    body: () => ({
      title: 'Ledger 5.0',
      type: 'minor',
      owner: 'group:default/payments-team',
      plannedStart: iso(now.plus({ days: 20 })),
      plannedEnd: iso(now.plus({ days: 21 })),
      environments: ['staging'],
      components: [{ entityRef: 'component:default/ledger-service' }],
    }),
    who: USERS,
    permissions: [releaseCreatePermission.name, read],
    ok: 201,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/releases/:id',
    target: 'plan',
    path: (_f, id) => `/releases/${id}`,
    who: USERS_AND_SERVICES,
    permissions: [read],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'patch',
    route: '/releases/:id',
    target: 'plan',
    path: (_f, id) => `/releases/${id}`,
    body: (f, id) => ({
      title: 'Renamed in the matrix',
      revision: f.revisions[id] ?? 1,
    }),
    who: USERS,
    permissions: [
      read,
      releaseUpdatePermission.name,
      releaseChangeTypePermission.name,
    ],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 403,
  },
  {
    method: 'post',
    route: '/releases/:id/transitions',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/transitions`,
    body: () => ({ to: 'design' }),
    who: USERS,
    permissions: [read, releaseTransitionPermission.name],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 403,
  },
  {
    method: 'get',
    route: '/releases/:id/events',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/events`,
    who: USERS_AND_SERVICES,
    permissions: [read],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  // approvals/router.ts
  {
    method: 'get',
    route: '/releases/:id/approvals',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/approvals`,
    who: USERS_AND_SERVICES,
    permissions: [read],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'post',
    route: '/releases/:id/approvals',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/approvals`,
    body: () => ({ decision: 'approved', comment: 'Rollback plan is fine' }),
    who: USERS,
    permissions: [read, releaseApprovePermission.name],
    ok: 201,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
    as: 'user:default/carol',
    approvalPolicy: true,
  },
  {
    method: 'get',
    route: '/approvals/inbox',
    path: () => '/approvals/inbox',
    who: USERS,
    permissions: [read],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/approvals/decided',
    path: () => '/approvals/decided',
    who: USERS,
    permissions: [read],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/gate',
    path: () =>
      `/gate${q({ entityRef: component, environment: 'production' })}`,
    who: USERS_AND_SERVICES,
    permissions: [read],
    ok: 200,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/policies',
    path: () => '/policies',
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'post',
    route: '/policies/dry-run',
    path: () => '/policies/dry-run',
    body: () => ({
      policies: [
        {
          name: 'cab-for-all',
          require: [{ group: 'group:default/cab', count: 1 }],
        },
      ],
      from: iso(now.minus({ days: 30 })),
      to: iso(now.plus({ days: 30 })),
    }),
    who: USERS,
    permissions: [policyDryRunPermission.name, read],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  // calendar/router.ts
  {
    method: 'get',
    route: '/calendar',
    path: () =>
      `/calendar${q({
        from: iso(now.minus({ days: 1 })),
        to: iso(now.plus({ days: 60 })),
      })}`,
    who: USERS_AND_SERVICES,
    permissions: [read],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'post',
    route: '/calendar/check',
    path: () => '/calendar/check',
    body: () => ({
      type: 'minor',
      plannedStart: iso(now.plus({ days: 7 })),
      plannedEnd: iso(now.plus({ days: 8 })),
      components: [{ entityRef: component }],
      environments: ['production'],
    }),
    who: USERS,
    // A plan is checked against the releases the caller may read, and
    // against freezes, which any caller may see.
    permissions: [read],
    ok: 200,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/freeze-windows',
    path: () => '/freeze-windows',
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/calendar.ics',
    path: () => `/calendar.ics${q({ entityRef: component })}`,
    who: ['feed token', 'user', 'service'],
    // with credentials; a feed token applies its creator's latest decision
    permissions: [read],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'post',
    route: '/feed-tokens',
    path: () => '/feed-tokens',
    body: () => ({ name: 'Team calendar' }),
    who: USERS,
    // a feed token reads releases: only users who may read them get one
    permissions: [read],
    ok: 201,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/feed-tokens',
    path: () => '/feed-tokens',
    who: USERS,
    permissions: [],
    ok: 200,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'delete',
    route: '/feed-tokens/:id',
    path: f => `/feed-tokens/${f.feedTokenId}`,
    who: USERS,
    permissions: [],
    ok: 204,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  // configuration/router.ts
  {
    method: 'post',
    route: '/deployments',
    path: () => '/deployments',
    body: () => ({
      entityRef: component,
      environment: 'staging',
      version: '2.6.0',
      status: 'succeeded',
      source: 'github-actions',
      externalId: 'matrix-run-1',
    }),
    who: USERS_AND_SERVICES,
    permissions: [deploymentCreatePermission.name, read],
    ok: 201,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/deployments',
    path: () => `/deployments${q({ entityRef: component })}`,
    who: USERS_AND_SERVICES,
    permissions: [deploymentReadPermission.name, read],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/versions',
    path: () => `/versions${q({ system: 'payments' })}`,
    who: USERS_AND_SERVICES,
    permissions: [deploymentReadPermission.name, read],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'post',
    route: '/baselines',
    path: () => '/baselines',
    body: () => ({ name: 'Before Q1', scope: { system: 'payments' } }),
    who: USERS,
    permissions: [baselineCreatePermission.name],
    ok: 201,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/baselines',
    path: () => '/baselines',
    who: USERS_AND_SERVICES,
    permissions: [deploymentReadPermission.name],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/baselines/:id',
    path: f => `/baselines/${f.baselineId}`,
    who: USERS_AND_SERVICES,
    permissions: [deploymentReadPermission.name],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/baselines/:id/diff',
    path: f => `/baselines/${f.baselineId}/diff`,
    who: USERS_AND_SERVICES,
    permissions: [deploymentReadPermission.name],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/impact',
    path: () => `/impact${q({ entityRef: component })}`,
    who: USERS_AND_SERVICES,
    permissions: [deploymentReadPermission.name],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  // events/router.ts
  {
    method: 'get',
    route: '/events/unmapped',
    path: () => '/events/unmapped',
    who: USERS_AND_SERVICES,
    permissions: [eventReadPermission.name],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  // review/router.ts
  {
    method: 'get',
    route: '/releases/:id/review',
    target: 'review',
    path: (_f, id) => `/releases/${id}/review`,
    who: USERS_AND_SERVICES,
    permissions: [read],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'post',
    route: '/releases/:id/review',
    target: 'review',
    path: (_f, id) => `/releases/${id}/review`,
    body: () => ({
      outcome: 'partially_successful',
      wentWell: 'Canary caught the regression',
      wentWrong: 'Rollback took 40 minutes',
      actions: [{ description: 'Automate rollback', owner: 'bob' }],
    }),
    who: USERS,
    permissions: [read, releaseUpdatePermission.name],
    ok: 201,
    denied: 404,
    hiding: 404,
    teamEdits: 403,
  },
  {
    method: 'post',
    route: '/incidents',
    path: () => '/incidents',
    body: () => ({
      entityRef: component,
      environment: 'staging',
      severity: 'high',
      title: 'Checkout latency',
      openedAt: iso(now.minus({ hours: 1 })),
      source: 'pagerduty',
      externalId: 'matrix-incident-1',
    }),
    who: USERS_AND_SERVICES,
    permissions: [incidentCreatePermission.name, read],
    ok: 201,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/incidents',
    path: () => `/incidents${q({ entityRef: component })}`,
    who: USERS_AND_SERVICES,
    permissions: [incidentReadPermission.name, read],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/metrics',
    path: () =>
      `/metrics${q({
        from: iso(now.minus({ days: 90 })),
        to: iso(now),
      })}`,
    who: USERS_AND_SERVICES,
    permissions: [metricsReadPermission.name, read],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  // plans/router.ts
  {
    method: 'get',
    route: '/releases/:id/tasks',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/tasks`,
    who: USERS_AND_SERVICES,
    permissions: [read],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'post',
    route: '/releases/:id/tasks',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/tasks`,
    body: () => ({
      title: 'Matrix task',
      phase: 'test',
      assignee: 'user:default/bob',
      dueAt: iso(now.plus({ days: 6 })),
    }),
    who: USERS,
    permissions: [read, releaseManageTasksPermission.name],
    ok: 201,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'patch',
    route: '/releases/:id/tasks/:taskId',
    target: 'plan',
    // A hidden or unknown release is refused before its task is looked at.
    path: (f, id) => `/releases/${id}/tasks/${f.taskOf[id] ?? 'task'}`,
    body: () => ({ revision: 1, status: 'in_progress' }),
    who: USERS,
    permissions: [read, releaseManageTasksPermission.name],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/releases/:id/milestones',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/milestones`,
    who: USERS_AND_SERVICES,
    permissions: [read],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'put',
    route: '/releases/:id/milestones',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/milestones`,
    body: () => ({
      milestones: [
        {
          phase: 'test',
          plannedEnd: iso(now.plus({ days: 6 })),
          bufferDays: 1,
        },
      ],
    }),
    who: USERS,
    permissions: [read, releaseManageTasksPermission.name],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'put',
    route: '/releases/:id/roles',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/roles`,
    body: () => ({ roles: { 'qa-lead': 'user:default/carol' } }),
    who: USERS,
    permissions: [read, releaseManageRolesPermission.name],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/releases/:id/exit-criteria',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/exit-criteria`,
    who: USERS_AND_SERVICES,
    permissions: [read],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/releases/:id/signoffs',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/signoffs`,
    who: USERS_AND_SERVICES,
    permissions: [read],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'post',
    route: '/releases/:id/signoffs',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/signoffs`,
    body: () => ({ name: 'Docs', comment: 'Read and approved' }),
    who: USERS,
    permissions: [read, releaseSignOffPermission.name],
    ok: 201,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/my-work',
    path: () => '/my-work',
    who: USERS,
    permissions: [read],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  // watches/router.ts
  {
    method: 'post',
    route: '/watches',
    path: () => '/watches',
    body: f => ({ releaseId: f.mine.plan }),
    who: USERS,
    permissions: [read],
    ok: 201,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/watches',
    path: () => '/watches',
    who: USERS,
    permissions: [read],
    ok: 200,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'delete',
    route: '/watches/:id',
    path: f => `/watches/${f.watchId}`,
    who: USERS,
    permissions: [read],
    ok: 204,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'post',
    route: '/releases/:id/updates',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/updates`,
    body: () => ({ text: 'Build is green', health: 'on_track' }),
    who: USERS,
    permissions: [read, releasePostUpdatePermission.name],
    ok: 201,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/releases/:id/updates',
    target: 'plan',
    path: (_f, id) => `/releases/${id}/updates`,
    who: USERS_AND_SERVICES,
    permissions: [read],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  // notes/router.ts
  {
    method: 'get',
    route: '/releases/:id/notes',
    target: 'review',
    path: (_f, id) => `/releases/${id}/notes${q({ format: 'md' })}`,
    who: USERS_AND_SERVICES,
    permissions: [read, deploymentReadPermission.name],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
  },
  {
    method: 'put',
    route: '/releases/:id/notes',
    target: 'review',
    path: (_f, id) => `/releases/${id}/notes`,
    body: () => ({ mode: 'extend', text: 'Adds 3-D Secure 2', revision: 0 }),
    who: USERS,
    permissions: [
      read,
      releaseUpdatePermission.name,
      deploymentReadPermission.name,
    ],
    ok: 200,
    denied: 404,
    hiding: 404,
    teamEdits: 403,
  },
  // cab/router.ts
  {
    method: 'get',
    route: '/cab/boards',
    path: () => '/cab/boards',
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/cab/meetings',
    path: () =>
      `/cab/meetings${q({
        from: iso(now.minus({ days: 30 })),
        to: iso(now.plus({ days: 90 })),
      })}`,
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/cab/meetings/:id',
    path: f => `/cab/meetings/${f.meetingId}`,
    who: USERS_AND_SERVICES,
    // The agenda shows only the items whose release the reader may read.
    permissions: [read],
    ok: 200,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'post',
    route: '/cab/meetings/:id/items',
    target: 'plan',
    path: f => `/cab/meetings/${f.meetingId}/items`,
    body: (_f, id) => ({ releaseId: id, note: 'Added in the matrix' }),
    who: USERS,
    permissions: [read, cabManagePermission.name],
    ok: 201,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
    // A member of the board (group:default/cab).
    as: 'user:default/carol',
  },
  {
    method: 'post',
    route: '/cab/meetings/:id/items/:releaseId/decision',
    target: 'plan',
    path: (f, id) => `/cab/meetings/${f.meetingId}/items/${id}/decision`,
    body: () => ({ decision: 'deferred', comment: 'Next month' }),
    who: USERS,
    permissions: [read, cabDecidePermission.name],
    ok: 201,
    denied: 404,
    hiding: 404,
    teamEdits: 'ok',
    // The board's chair (group:default/release-managers).
    as: 'user:default/erin',
  },
  {
    method: 'put',
    route: '/cab/meetings/:id/minutes',
    path: f => `/cab/meetings/${f.meetingId}/minutes`,
    body: () => ({ text: 'Minutes of the matrix meeting' }),
    who: USERS,
    permissions: [cabManagePermission.name],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
    as: 'user:default/erin',
  },
  // standardChanges/router.ts
  {
    method: 'get',
    route: '/standard-changes',
    path: () => '/standard-changes',
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  // freezes/router.ts
  {
    method: 'post',
    route: '/freezes',
    path: () => '/freezes',
    body: () => ({
      name: 'Matrix freeze',
      reason: 'Declared in the matrix',
      startsAt: iso(now.plus({ days: 40 })),
      endsAt: iso(now.plus({ days: 41 })),
    }),
    who: USERS,
    permissions: [freezeManagePermission.name],
    ok: 201,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'get',
    route: '/freezes',
    path: () => '/freezes',
    who: USERS_AND_SERVICES,
    permissions: [],
    ok: 200,
    denied: 'ok',
    hiding: 'ok',
    teamEdits: 'ok',
  },
  {
    method: 'delete',
    route: '/freezes/:id',
    path: f => `/freezes/${f.freezeId}`,
    who: USERS,
    permissions: [freezeManagePermission.name],
    ok: 200,
    denied: 403,
    hiding: 'ok',
    teamEdits: 'ok',
  },
];

const label = (row: MatrixRow) => `${row.method.toUpperCase()} ${row.route}`;

const COLUMNS = [
  'allowed caller',
  'no credentials',
  'denied by policy',
  'hides emergency releases',
  'owning team edits only',
  'static CI token',
  'not an eligible approver',
] as const;
type Column = (typeof COLUMNS)[number];

/** What the client sees: the status and, for errors, Backstage's error body. */
interface Answer {
  status: number;
  error?: { name: string; message: unknown; statusCode: number };
}

const escapeRegExp = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function documentedAnswer(
  row: MatrixRow,
  documented: Documented,
  refused: string,
): Answer {
  if (documented === 'ok') {
    return { status: row.ok };
  }
  if (documented === 404) {
    return {
      status: 404,
      error: {
        name: 'NotFoundError',
        message: expect.stringMatching(/^No release with id /),
        statusCode: 404,
      },
    };
  }
  return {
    status: 403,
    error: {
      name: 'NotAllowedError',
      message: expect.stringMatching(
        new RegExp(`^You are not allowed to ${escapeRegExp(refused)}( |$)`),
      ),
      statusCode: 403,
    },
  };
}

/** The answer a row documents for a column; undefined: not applicable. */
function expectedAnswer(row: MatrixRow, column: Column): Answer | undefined {
  const ok = { status: row.ok };
  switch (column) {
    case 'allowed caller':
      return ok;
    case 'no credentials':
      return row.who.includes('anyone')
        ? ok
        : {
            status: 401,
            error: {
              name: 'AuthenticationError',
              message: expect.any(String),
              statusCode: 401,
            },
          };
    case 'denied by policy':
      // The first permission asked is the one refused.
      return documentedAnswer(row, row.denied, row.permissions[0]);
    case 'hides emergency releases':
      return documentedAnswer(row, row.hiding, read);
    case 'owning team edits only':
      return documentedAnswer(
        row,
        row.teamEdits,
        row.permissions.find(p => p !== read) ?? read,
      );
    case 'static CI token':
      return row.who.includes('service') || row.who.includes('anyone')
        ? ok
        : {
            status: 403,
            error: {
              name: 'NotAllowedError',
              message: "This endpoint does not allow 'service' credentials",
              statusCode: 403,
            },
          };
    case 'not an eligible approver':
      return row.approvalPolicy
        ? {
            status: 403,
            error: {
              name: 'NotAllowedError',
              message: expect.any(String),
              statusCode: 403,
            },
          }
        : undefined;
    default:
      throw new Error(`unknown column ${column}`);
  }
}

function answerOf(res: request.Response): Answer {
  return res.body?.error
    ? {
        status: res.status,
        error: {
          name: res.body.error.name,
          message: res.body.error.message,
          statusCode: res.body.response?.statusCode,
        },
      }
    : { status: res.status };
}

/** Walks an express router and its mounted sub-routers. */
function routesOf(router: express.Router): string[] {
  const found: string[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          found.push(`${method.toUpperCase()} ${layer.route.path}`);
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((router as any).stack);
  return found;
}

// Every release gets a task of its review phase assigned to alice (so that
// "my work" meets the hidden ones too), its creator as release manager, and
// a sign-off payments-team gives; none of it stands in the fixture's way.
const planConfig = {
  roles: [
    { id: 'release-manager', title: 'Release manager', default: 'creator' },
    { id: 'qa-lead', title: 'QA lead' },
  ],
  checklists: Object.fromEntries(
    ['major', 'minor', 'emergency'].map(type => [
      type,
      {
        tasks: [
          {
            title: 'Release notes published',
            phase: 'review',
            assignee: 'user:default/alice',
          },
        ],
      },
    ]),
  ),
  exitCriteria: {
    review: {
      signoffs: [{ name: 'Docs', group: 'group:default/payments-team' }],
    },
  },
};

const config = {
  app: { baseUrl: 'http://portal.example.com' },
  releases: {
    ...planConfig,
    environments: [{ name: 'staging' }, { name: 'production', gated: true }],
    approvalPolicies: [
      {
        name: 'cab-for-major',
        when: { types: ['major'], environments: ['production'] },
        require: [
          { group: 'group:default/cab', count: 2 },
          { owner: true, count: 1 },
        ],
      },
    ],
    // Meets monthly: the fixture's releases, planned a week ahead, are on
    // the agenda of its next upcoming meeting.
    cab: {
      boards: [
        {
          name: 'Monthly CAB',
          group: 'group:default/cab',
          chair: 'group:default/release-managers',
          rrule: 'FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9',
          when: { types: ['major'], environments: ['production'] },
        },
      ],
    },
    standardChanges: [
      {
        name: 'Certificate rotation',
        components: ['payments-api'],
        maxRiskLevel: 'medium',
      },
    ],
  },
};

describe('the auth matrix', () => {
  it('lists every route the plugin serves, and only those', async () => {
    const httpRouter = mockServices.httpRouter.mock();
    await startTestBackend({
      features: [
        releasesPlugin,
        httpRouter.factory,
        catalogServiceMock.factory({ entities: testEntities }),
        mockServices.rootConfig.factory({ data: config }),
      ],
    });
    // Everything mounted on the plugin's router, except the framework's own
    // permission-integration endpoints (/.well-known/backstage/permissions/*,
    // called by the permission backend with service tokens) and the actions
    // registry's (/.backstage/actions/v1/*, where each action is authorized
    // as its caller by the same services as the routes: actions/mcp.test.ts).
    const served = httpRouter.use.mock.calls
      .flatMap(([router]) => routesOf(router as express.Router))
      .filter(
        route =>
          !route.includes(' /.well-known/backstage/') &&
          !route.includes(' /.backstage/actions/'),
      );
    expect(served.length).toBeGreaterThan(30);
    expect([...served].sort()).toEqual(matrix.map(label).sort());

    // Only the routes anyone or a feed token may call skip the framework's
    // credentials check.
    const byPath = (a: { path: string }, b: { path: string }) =>
      a.path.localeCompare(b.path);
    expect(
      httpRouter.addAuthPolicy.mock.calls
        .map(([policy]) => policy)
        .sort(byPath),
    ).toEqual(
      matrix
        .filter(r => r.who.includes('anyone') || r.who.includes('feed token'))
        .map(r => ({ path: r.route, allow: 'unauthenticated' }))
        .sort(byPath),
    );
  });
});

describe('docs/auth-matrix.md', () => {
  it('documents the same rows and answers as this test', () => {
    const doc = fs.readFileSync(
      resolvePath(__dirname, '../../../../docs/auth-matrix.md'),
      'utf8',
    );
    const documented = doc
      .split('\n')
      .filter(line => line.startsWith('| `'))
      .map(line =>
        line
          .split('|')
          .slice(1, -1)
          .map(cell => cell.trim()),
      );
    const expected = matrix.map(row => [
      `\`${label(row)}\``,
      row.who.join(', '),
      row.permissions.map(p => `\`${p}\``).join(', ') || 'none',
      ...COLUMNS.map(column =>
        String(expectedAnswer(row, column)?.status ?? '—'),
      ),
    ]);
    expect(documented).toEqual(expected);
  });
});

const TABLES = [
  'cab_decisions',
  'cab_items',
  'cab_meetings',
  'runtime_freezes',
  'release_notices',
  'release_notes',
  'release_status_updates',
  'watches',
  'release_signoffs',
  'release_milestones',
  'release_tasks',
  'release_roles',
  'approvals',
  'release_reviews',
  'incidents',
  'baseline_items',
  'baselines',
  'current_versions',
  'deployments',
  'feed_tokens',
  'release_phase_periods',
  'release_events',
  'release_components',
  'releases',
];

type Server = Awaited<ReturnType<typeof startTestBackend>>['server'];

const as = (user: string) => mockCredentials.user.header(user);
const alice = 'user:default/alice';
/** The CI pipeline's static token arrives as this service principal. */
const staticToken = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('external:ci-pipeline'),
  targetPluginId: 'releases',
});

/** A permission policy that decides per permission name; anything else is allowed. */
const policy = (decide: Record<string, PolicyDecision>) =>
  policyByUser((_user, permission) => decide[permission]);

/** Release managers' policy in miniature: emergency releases are nobody else's business. */
const hidesEmergencies = policy({
  [read]: notType('emergency'),
});

/** Only the owning team (alice's: payments-team) edits, moves and retypes. */
const ownTeamEdits = (() => {
  const own = ownedBy('group:default/payments-team');
  return policy({
    [releaseUpdatePermission.name]: own,
    [releaseTransitionPermission.name]: own,
    [releaseChangeTypePermission.name]: own,
  });
})();

describe.each(databases.eachSupportedId())('auth matrix on %p', databaseId => {
  let knex: Knex;
  let allowing: Server;
  let denying: Server;
  let hiding: Server;
  let teamEditing: Server;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    const start = async (permissions?: ReturnType<typeof policy>) =>
      (
        await startTestBackend({
          features: [
            releasesPlugin,
            mockServices.database.factory({ knex }),
            catalogServiceMock.factory({ entities: testEntities }),
            mockServices.rootConfig.factory({ data: config }),
            ...(permissions ? [permissions] : []),
          ],
        })
      ).server;
    allowing = await start();
    denying = await start(
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    );
    hiding = await start(hidesEmergencies);
    teamEditing = await start(ownTeamEdits);
  });

  async function counts(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of TABLES) {
      result[table] = Number(
        (await knex(table).count({ count: '*' }))[0].count,
      );
    }
    return result;
  }

  function send(
    server: Server,
    row: MatrixRow,
    f: Fixture,
    authorization: string,
    targets: Targets = f.mine,
  ) {
    const id = row.target ? targets[row.target] : '';
    const req = request(server)
      [row.method](`/api/releases${row.path(f, id)}`)
      .set('Authorization', authorization);
    return row.body ? req.send(row.body(f, id)) : req;
  }

  /** Fresh tables and one of everything the matrix's paths point at. */
  async function makeFixture(): Promise<Fixture> {
    for (const table of TABLES) {
      await knex(table).delete();
    }
    const call = async (
      method: 'post' | 'patch',
      path: string,
      body: object,
      status: number,
    ) => {
      const res = await request(allowing)
        [method](`/api/releases${path}`)
        .set('Authorization', as(alice))
        .send(body);
      expect({ path, status: res.status, body: res.body }).toMatchObject({
        status,
      });
      return res.body;
    };
    await call(
      'post',
      '/deployments',
      {
        entityRef: component,
        environment: 'staging',
        version: '2.5.0',
        status: 'succeeded',
        source: 'github-actions',
        externalId: 'fixture-run-1',
      },
      201,
    );
    const revisions: Record<string, number> = {};
    const plan = async (
      title: string,
      type: string,
      owner: string,
      entityRef: string,
      environments: string[],
    ) => {
      const created = await call(
        'post',
        '/releases',
        {
          title,
          type,
          owner,
          plannedStart: iso(now.plus({ days: 7 })),
          plannedEnd: iso(now.plus({ days: 8 })),
          environments,
          components: [{ entityRef, version: '3.0.0' }],
        },
        201,
      );
      revisions[created.id] = created.revision;
      return created.id as string;
    };
    const throughReview = async (
      id: string,
      onDeploy?: () => Promise<void>,
    ) => {
      for (const to of ['design', 'build', 'test', 'deploy', 'review']) {
        await call('post', `/releases/${id}/transitions`, { to }, 200);
        if (to === 'deploy') {
          await onDeploy?.();
        }
      }
      await call(
        'post',
        `/releases/${id}/review`,
        { outcome: 'successful', wentWell: 'Smooth', wentWrong: '' },
        201,
      );
      return id;
    };
    const payments = 'group:default/payments-team';
    const storefront = 'group:default/storefront-team';
    const mine = {
      plan: await plan('Payments major', 'major', payments, component, [
        'production',
      ]),
      review: await throughReview(
        await plan('Payments minor', 'minor', payments, component, ['staging']),
      ),
    };
    const theirs = {
      plan: await plan(
        'Storefront major',
        'major',
        storefront,
        'component:default/cart-service',
        ['production'],
      ),
      review: await throughReview(
        await plan(
          'Storefront minor',
          'minor',
          storefront,
          'component:default/cart-service',
          ['staging'],
        ),
      ),
    };
    // The hidden emergency deploys to production: the deployment and the
    // incident it caused name it, so every answer about them must hide it.
    const hiddenTitles = ['Hidden emergency plan', 'Hidden emergency review'];
    const hidden = {
      plan: await plan(hiddenTitles[0], 'emergency', payments, component, [
        'production',
      ]),
      review: await throughReview(
        await plan(hiddenTitles[1], 'emergency', payments, component, [
          'production',
        ]),
        async () => {
          const deployment = await call(
            'post',
            '/deployments',
            {
              entityRef: component,
              environment: 'production',
              version: '3.0.0',
              status: 'succeeded',
              source: 'github-actions',
              externalId: 'fixture-hotfix',
            },
            201,
          );
          expect(deployment.authorized).toBe(true);
          const incident = await call(
            'post',
            '/incidents',
            {
              entityRef: component,
              environment: 'production',
              severity: 'critical',
              title: 'Payments down after the hotfix',
              openedAt: new Date(Date.now() + 1000).toISOString(),
              source: 'pagerduty',
              externalId: 'fixture-incident',
            },
            201,
          );
          expect(incident.releaseId).toBeTruthy();
        },
      ),
    };
    const baseline = await call(
      'post',
      '/baselines',
      { name: 'Fixture baseline', scope: { system: 'payments' } },
      201,
    );
    const feedToken = await call('post', '/feed-tokens', { name: 'Mine' }, 201);
    const taskOf: Record<string, string> = {};
    for (const id of [mine.plan, theirs.plan]) {
      taskOf[id] = (
        await knex('release_tasks').where({ release_id: id }).first('id')
      ).id;
    }
    // A watch of a release the hiding policy hides: lists name it to nobody.
    await call('post', '/watches', { releaseId: hidden.plan }, 201);
    const watch = await call(
      'post',
      '/watches',
      { entityRef: 'component:default/payments-api' },
      201,
    );
    const meetings = await request(allowing)
      .get(
        `/api/releases/cab/meetings${q({
          from: iso(now.plus({ hours: 1 })),
          to: iso(now.plus({ days: 70 })),
        })}`,
      )
      .set('Authorization', as(alice));
    const meetingId: string = meetings.body.items.find(
      (m: { status: string }) => m.status === 'upcoming',
    ).id;
    // The meeting's row is written by its first read.
    expect(
      (
        await request(allowing)
          .get(`/api/releases/cab/meetings/${meetingId}`)
          .set('Authorization', as(alice))
      ).status,
    ).toBe(200);
    const freeze = await request(allowing)
      .post('/api/releases/freezes')
      .set('Authorization', as(alice))
      .send({
        name: 'Fixture freeze',
        reason: 'Scheduled a month ahead',
        startsAt: iso(now.plus({ days: 30 })),
      });
    expect(freeze.status).toBe(201);
    return {
      mine,
      hidden,
      theirs,
      revisions,
      hiddenTitles,
      baselineId: baseline.id,
      feedTokenId: feedToken.id,
      taskOf,
      watchId: watch.id,
      meetingId,
      freezeId: freeze.body.id,
    };
  }

  const rows = matrix.map(row => ({ label: label(row), row }));

  describe('a user the policy allows (baseline: every body is valid)', () => {
    let f: Fixture;
    beforeAll(async () => {
      f = await makeFixture();
    });

    it.each(rows)('$label answers its success status', async ({ row }) => {
      const res = await send(allowing, row, f, as(row.as ?? alice));
      expect(answerOf(res)).toEqual(expectedAnswer(row, 'allowed caller'));
    });
  });

  describe('no credentials', () => {
    let f: Fixture;
    let before: Record<string, number>;
    beforeAll(async () => {
      f = await makeFixture();
      before = await counts();
    });

    it.each(rows)('$label', async ({ row }) => {
      const res = await send(allowing, row, f, mockCredentials.none.header());
      expect(answerOf(res)).toEqual(expectedAnswer(row, 'no credentials'));
    });

    it('GET /calendar.ics also answers 401 with no header, and with an unknown or revoked feed token', async () => {
      const feed = (token?: string) =>
        request(allowing).get(
          `/api/releases/calendar.ics${token ? q({ token }) : ''}`,
        );
      const none = await feed();
      expect(none.status).toBe(401);
      expect(none.body.error).toEqual({
        name: 'AuthenticationError',
        message: 'A feed token or credentials are required',
      });
      const unknown = await feed('not-a-token');
      expect(unknown.status).toBe(401);
      expect(unknown.body.error).toEqual({
        name: 'AuthenticationError',
        message: 'The feed token is unknown or has been revoked',
      });

      const created = await request(allowing)
        .post('/api/releases/feed-tokens')
        .set('Authorization', as(alice))
        .send({ name: 'Phone' });
      expect(created.status).toBe(201);
      const live = await feed(created.body.token);
      expect(live.status).toBe(200);
      expect(live.text).toContain('BEGIN:VCALENDAR');
      expect(
        (
          await request(allowing)
            .delete(`/api/releases/feed-tokens/${created.body.id}`)
            .set('Authorization', as(alice))
        ).status,
      ).toBe(204);
      expect((await feed(created.body.token)).status).toBe(401);
      // A token in the query does not excuse a bad Authorization header.
      const badHeader = await request(allowing)
        .get(`/api/releases/calendar.ics${q({ token: created.body.token })}`)
        .set('Authorization', mockCredentials.none.header());
      expect(badHeader.status).toBe(401);
      before = await counts();
    });

    it('wrote nothing', async () => {
      expect(await counts()).toEqual(before);
    });
  });

  describe('a user the permission policy denies', () => {
    let f: Fixture;
    let before: Record<string, number>;
    beforeAll(async () => {
      f = await makeFixture();
      before = await counts();
    });

    it.each(rows)('$label', async ({ row }) => {
      const res = await send(denying, row, f, as(row.as ?? alice));
      expect(answerOf(res)).toEqual(expectedAnswer(row, 'denied by policy'));
    });

    it("a feed token answers with its creator's latest decision", async () => {
      const created = await request(allowing)
        .post('/api/releases/feed-tokens')
        .set('Authorization', as('user:default/bob'))
        .send({ name: 'Issued while allowed' });
      expect(created.status).toBe(201);
      const feed = () =>
        request(allowing).get(
          `/api/releases/calendar.ics${q({ token: created.body.token })}`,
        );
      expect((await feed()).status).toBe(200);
      // bob is denied now, and the plugin learns it from his next request.
      await request(denying)
        .get('/api/releases/releases')
        .set('Authorization', as('user:default/bob'));
      expect((await feed()).status).toBe(403);
      before = await counts();
    });

    it('wrote nothing', async () => {
      expect(await counts()).toEqual(before);
    });
  });

  describe('a user under a policy that hides emergency releases', () => {
    let f: Fixture;
    let before: Record<string, number>;
    beforeAll(async () => {
      f = await makeFixture();
      before = await counts();
    });

    it.each(rows)('$label, leaving no trace of them', async ({ row }) => {
      const res = await send(hiding, row, f, as(row.as ?? alice), f.hidden);
      expect(answerOf(res)).toEqual(
        expectedAnswer(row, 'hides emergency releases'),
      );
      const textOf = (r: request.Response, id: string) =>
        `${r.text ?? ''}${JSON.stringify(r.body ?? {})}`.split(id).join('<id>');
      // Asked about a hidden release, it answers exactly as about an unknown id.
      const unknownId = '00000000-0000-4000-8000-00000000beef';
      const unknown = row.target
        ? await send(hiding, row, f, as(row.as ?? alice), {
            plan: unknownId,
            review: unknownId,
          })
        : undefined;
      expect(unknown && textOf(res, f.hidden[row.target!])).toBe(
        unknown && textOf(unknown, unknownId),
      );
      const text = row.target ? '' : textOf(res, '\u0000');
      for (const trace of [f.hidden.plan, f.hidden.review, ...f.hiddenTitles]) {
        expect(text).not.toContain(trace);
      }
    });

    it('the feed of a token of theirs leaves them out too', async () => {
      const token = await request(hiding)
        .post('/api/releases/feed-tokens')
        .set('Authorization', as(alice))
        .send({ name: 'Phone' });
      expect(token.status).toBe(201);
      const feed = await request(hiding).get(
        `/api/releases/calendar.ics${q({ token: token.body.token })}`,
      );
      expect(feed.status).toBe(200);
      expect(feed.text).toContain(f.mine.plan);
      for (const trace of [f.hidden.plan, ...f.hiddenTitles]) {
        expect(feed.text).not.toContain(trace);
      }
    });

    it('wrote only where it was allowed', async () => {
      const after = await counts();
      expect(after.releases).toBe(before.releases + 1);
      expect(
        (await knex('releases').whereIn('id', [f.hidden.plan]).first())
          .revision,
      ).toBe(f.revisions[f.hidden.plan]);
    });
  });

  describe('a user under a policy that lets only the owning team edit', () => {
    let f: Fixture;
    const revisionsOf = async (ids: string[]) =>
      Object.fromEntries(
        (await knex('releases').whereIn('id', ids)).map(
          (r: { id: string; revision: number | string }) => [
            r.id,
            Number(r.revision),
          ],
        ),
      );
    let before: Record<string, number>;
    beforeAll(async () => {
      f = await makeFixture();
      before = await revisionsOf([f.theirs.plan, f.theirs.review]);
    });

    it.each(rows)('$label', async ({ row }) => {
      const res = await send(
        teamEditing,
        row,
        f,
        as(row.as ?? alice),
        f.theirs,
      );
      expect(answerOf(res)).toEqual(
        expectedAnswer(row, 'owning team edits only'),
      );
    });

    it('left the other team’s releases as they were', async () => {
      expect(await revisionsOf([f.theirs.plan, f.theirs.review])).toEqual(
        before,
      );
    });
  });

  describe('the static CI token (a service principal) where only users may act', () => {
    let f: Fixture;
    let before: Record<string, number>;
    beforeAll(async () => {
      f = await makeFixture();
      before = await counts();
    });

    it.each(rows)('$label', async ({ row }) => {
      const res = await send(allowing, row, f, staticToken);
      expect(answerOf(res)).toEqual(expectedAnswer(row, 'static CI token'));
    });

    it('recorded only what a pipeline may record, as the pipeline', async () => {
      const after = await counts();
      const changed = TABLES.filter(t => after[t] !== before[t]).sort();
      expect(changed).toEqual(['deployments', 'incidents']);
      const deployment = await knex('deployments')
        .where({ external_id: 'matrix-run-1' })
        .first();
      expect(deployment.actor).toBe('external:ci-pipeline');
    });
  });

  describe('deciding on a release as someone the approval policy does not name', () => {
    let f: Fixture;
    beforeAll(async () => {
      f = await makeFixture();
    });

    const guarded = matrix.filter(row => row.approvalPolicy);
    const approvalCount = async () =>
      Number((await knex('approvals').count({ count: '*' }))[0].count);

    it('is a column for POST /releases/:id/approvals only', () => {
      expect(guarded.map(label)).toEqual(['POST /releases/:id/approvals']);
    });

    it.each([
      [
        // erin manages releases but sits neither on the CAB nor in payments-team.
        'a user outside the groups the policy names',
        'user:default/erin',
        'only members of group:default/cab, group:default/payments-team may decide on this release; the CAB (Monthly CAB) decides on it in its meetings',
      ],
      [
        // alice created it; she is in payments-team, the owning group.
        'the creator, though a member of the owning group (separation of duties)',
        alice,
        'separation of duties: you created this release, so someone else must approve it',
      ],
    ])('refuses %s (403) and records nothing', async (_who, user, message) => {
      for (const row of guarded) {
        const res = await send(allowing, row, f, as(user));
        expect(answerOf(res)).toEqual(
          expectedAnswer(row, 'not an eligible approver'),
        );
        expect(res.body.error.message).toBe(message);
      }
      expect(await approvalCount()).toBe(0);
    });

    it('accepts another member of the owning group, who did not create it', async () => {
      const res = await request(allowing)
        .post(`/api/releases/releases/${f.mine.plan}/approvals`)
        .set('Authorization', as('user:default/bob'))
        .send({ decision: 'approved', comment: 'LGTM' });
      expect(res.status).toBe(201);
      expect(res.body.decision).toMatchObject({
        approver: 'user:default/bob',
        onBehalfOf: 'group:default/payments-team',
      });
      expect(await approvalCount()).toBe(1);
    });
  });
});
