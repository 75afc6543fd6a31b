import {
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** The resource type of a release, for conditional permission policies. */
export const RELEASE_RESOURCE_TYPE = 'release';

export type ReleaseResourcePermission = ResourcePermission<
  typeof RELEASE_RESOURCE_TYPE
>;

export const releaseCreatePermission = createPermission({
  name: 'releases.release.create',
  attributes: { action: 'create' },
});

export const releaseReadPermission = createPermission({
  name: 'releases.release.read',
  attributes: { action: 'read' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

export const releaseUpdatePermission = createPermission({
  name: 'releases.release.update',
  attributes: { action: 'update' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

export const releaseTransitionPermission = createPermission({
  name: 'releases.release.transition',
  attributes: { action: 'update' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

export const releaseApprovePermission = createPermission({
  name: 'releases.release.approve',
  attributes: { action: 'update' },
  resourceType: RELEASE_RESOURCE_TYPE,
});

export const policyDryRunPermission = createPermission({
  name: 'releases.policy.dry-run',
  attributes: { action: 'read' },
});

export const deploymentCreatePermission = createPermission({
  name: 'releases.deployment.create',
  attributes: { action: 'create' },
});

export const deploymentReadPermission = createPermission({
  name: 'releases.deployment.read',
  attributes: { action: 'read' },
});

export const baselineCreatePermission = createPermission({
  name: 'releases.baseline.create',
  attributes: { action: 'create' },
});

export const incidentCreatePermission = createPermission({
  name: 'releases.incident.create',
  attributes: { action: 'create' },
});

export const releasePermissions = [
  releaseCreatePermission,
  releaseReadPermission,
  releaseUpdatePermission,
  releaseTransitionPermission,
  releaseApprovePermission,
  policyDryRunPermission,
  deploymentCreatePermission,
  deploymentReadPermission,
  baselineCreatePermission,
  incidentCreatePermission,
];
