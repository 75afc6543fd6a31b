import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/**
 * Where the releases page is mounted (`/releases` in the portal). Route refs
 * from `@backstage/core-plugin-api` work in legacy apps and in apps on the new
 * frontend system alike.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'releases',
});

/**
 * One release, `/releases/:releaseId`.
 *
 * @public
 */
export const releaseRouteRef = createSubRouteRef({
  id: 'releases/release',
  parent: rootRouteRef,
  path: '/:releaseId',
});

/**
 * The release calendar.
 *
 * @public
 */
export const calendarRouteRef = createSubRouteRef({
  id: 'releases/calendar',
  parent: rootRouteRef,
  path: '/calendar',
});

/**
 * The signed-in user's approvals inbox.
 *
 * @public
 */
export const approvalsRouteRef = createSubRouteRef({
  id: 'releases/approvals',
  parent: rootRouteRef,
  path: '/approvals',
});

/**
 * The approval policies in effect, with a dry run.
 *
 * @public
 */
export const policiesRouteRef = createSubRouteRef({
  id: 'releases/policies',
  parent: rootRouteRef,
  path: '/policies',
});

/**
 * The configuration audit: versions, unauthorized changes, baselines.
 *
 * @public
 */
export const auditRouteRef = createSubRouteRef({
  id: 'releases/audit',
  parent: rootRouteRef,
  path: '/audit',
});

/**
 * Release KPIs over time.
 *
 * @public
 */
export const metricsRouteRef = createSubRouteRef({
  id: 'releases/metrics',
  parent: rootRouteRef,
  path: '/metrics',
});

/** The Change Advisory Boards with their past and upcoming meetings. */
export const cabRouteRef = createSubRouteRef({
  id: 'releases/cab',
  parent: rootRouteRef,
  path: '/cab',
});

/** One CAB meeting: agenda, decisions, minutes. */
export const cabMeetingRouteRef = createSubRouteRef({
  id: 'releases/cab-meeting',
  parent: rootRouteRef,
  path: '/cab/meetings/:meetingId',
});

/**
 * The approvals inbox as a page of its own, so that apps on the new frontend
 * system list it in their sidebar (with the waiting count). It resolves to the
 * same path as {@link approvalsRouteRef}.
 */
export const approvalsPageRouteRef = createRouteRef({
  id: 'releases-approvals',
});

/** The tasks assigned to the signed-in user or their groups, across releases. */
export const myWorkRouteRef = createSubRouteRef({
  id: 'releases/my-work',
  parent: rootRouteRef,
  path: '/my-work',
});
