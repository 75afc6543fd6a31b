import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of a release, for conditional permission policies.
 *
 * @public
 */
export const RELEASE_RESOURCE_TYPE = 'release';

/** @public */
export type ReleaseResourcePermission = ResourcePermission<
  typeof RELEASE_RESOURCE_TYPE
>;

/** @public */
export const releaseCreatePermission = createPermission({
  name: 'releases.release.create',
  attributes: { action: 'create' },
});

/** @public */
export const releaseReadPermission = createPermission({
  name: 'releases.release.read',
  attributes: { action: 'read' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

/** @public */
export const releaseUpdatePermission = createPermission({
  name: 'releases.release.update',
  attributes: { action: 'update' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

/** @public */
export const releaseTransitionPermission = createPermission({
  name: 'releases.release.transition',
  attributes: { action: 'update' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

/**
 * Changing a release's type (major, minor, emergency) is asked of both the
 * release as it is and as it will be, on top of `releases.release.update`, so
 * a policy about one type cannot be walked around by retyping a release.
 *
 * @public
 */
export const releaseChangeTypePermission = createPermission({
  name: 'releases.release.change-type',
  attributes: { action: 'update' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

/** @public */
export const releaseApprovePermission = createPermission({
  name: 'releases.release.approve',
  attributes: { action: 'update' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

/** @public */
export const policyDryRunPermission = createPermission({
  name: 'releases.policy.dry-run',
  attributes: { action: 'read' },
});

/** @public */
export const deploymentCreatePermission = createPermission({
  name: 'releases.deployment.create',
  attributes: { action: 'create' },
});

/** @public */
export const deploymentReadPermission = createPermission({
  name: 'releases.deployment.read',
  attributes: { action: 'read' },
});

/** @public */
export const baselineCreatePermission = createPermission({
  name: 'releases.baseline.create',
  attributes: { action: 'create' },
});

/** @public */
export const incidentCreatePermission = createPermission({
  name: 'releases.incident.create',
  attributes: { action: 'create' },
});

/** @public */
export const incidentReadPermission = createPermission({
  name: 'releases.incident.read',
  attributes: { action: 'read' },
});

/**
 * The KPIs; release-based figures count only releases the caller may read.
 *
 * @public
 */
export const metricsReadPermission = createPermission({
  name: 'releases.metrics.read',
  attributes: { action: 'read' },
});

/**
 * Adding and changing a release's tasks and milestones.
 *
 * @public
 */
export const releaseManageTasksPermission = createPermission({
  name: 'releases.release.manage-tasks',
  attributes: { action: 'update' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

/**
 * Giving a named sign-off (QA, UAT, ...), on top of being its configured signer.
 *
 * @public
 */
export const releaseSignOffPermission = createPermission({
  name: 'releases.release.sign-off',
  attributes: { action: 'update' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

/**
 * Posting a status update, on top of holding the role that posts them.
 *
 * @public
 */
export const releasePostUpdatePermission = createPermission({
  name: 'releases.release.post-update',
  attributes: { action: 'update' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

/**
 * Assigning the roles of a release (release manager, QA lead, ...).
 *
 * @public
 */
export const releaseManageRolesPermission = createPermission({
  name: 'releases.release.manage-roles',
  attributes: { action: 'update' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

/**
 * Recording a CAB decision on a release, on top of chairing the board.
 *
 * @public
 */
export const cabDecidePermission = createPermission({
  name: 'releases.cab.decide',
  attributes: { action: 'update' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

/**
 * Adding CAB agenda items by hand (members) and writing the minutes (chairs).
 *
 * @public
 */
export const cabManagePermission = createPermission({
  name: 'releases.cab.manage',
  attributes: { action: 'update' },
});

/**
 * Declaring and lifting runtime freezes ("stop the line").
 *
 * @public
 */
export const freezeManagePermission = createPermission({
  name: 'releases.freeze.manage',
  attributes: { action: 'create' },
});

/**
 * Reading the events of webhooks that could not be mapped (administrators).
 *
 * @public
 */
export const eventReadPermission = createPermission({
  name: 'releases.event.read',
  attributes: { action: 'read' },
});

/** @public */
export const releasePermissions = [
  releaseCreatePermission,
  releaseReadPermission,
  releaseUpdatePermission,
  releaseTransitionPermission,
  releaseChangeTypePermission,
  releaseApprovePermission,
  policyDryRunPermission,
  deploymentCreatePermission,
  deploymentReadPermission,
  baselineCreatePermission,
  incidentCreatePermission,
  incidentReadPermission,
  metricsReadPermission,
  cabDecidePermission,
  cabManagePermission,
  freezeManagePermission,
  releaseManageTasksPermission,
  releaseSignOffPermission,
  releasePostUpdatePermission,
  releaseManageRolesPermission,
  eventReadPermission,
];
