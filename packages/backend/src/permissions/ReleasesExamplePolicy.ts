import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  releaseChangeTypePermission,
  releaseTransitionPermission,
  releaseUpdatePermission,
} from '@backstage-itsm/plugin-releases-common';
import {
  createReleaseConditionalDecision,
  releaseConditions,
} from '@backstage-itsm/plugin-releases-node';

const RELEASE_MANAGERS = 'group:default/release-managers';

/**
 * An example of a release-management permission policy, to copy and adapt:
 *
 * - only release managers may move major releases through their phases,
 *   and only they may turn a release into a major one or a major one into
 *   another type (the plugin asks about the release as it is and as it will
 *   be, so a major release cannot be retyped, moved and retyped back);
 * - a release is edited by its owning team or by release managers;
 * - everything else is allowed.
 *
 * Enable it with `backend.add(releasesExamplePolicyModule)` in
 * `packages/backend/src/backend.ts`, instead of the allow-all policy.
 */
export class ReleasesExamplePolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const ownership = user?.info.ownershipEntityRefs ?? [];
    const isReleaseManager = ownership.includes(RELEASE_MANAGERS);

    if (
      isPermission(request.permission, releaseTransitionPermission) &&
      !isReleaseManager
    ) {
      return createReleaseConditionalDecision(request.permission, {
        not: releaseConditions.hasReleaseType({ types: ['major'] }),
      });
    }

    if (
      isPermission(request.permission, releaseChangeTypePermission) &&
      !isReleaseManager
    ) {
      return createReleaseConditionalDecision(request.permission, {
        not: releaseConditions.hasReleaseType({ types: ['major'] }),
      });
    }

    if (
      isPermission(request.permission, releaseUpdatePermission) &&
      !isReleaseManager
    ) {
      return createReleaseConditionalDecision(
        request.permission,
        releaseConditions.isReleaseOwner({ ownerRefs: ownership }),
      );
    }

    return { result: AuthorizeResult.ALLOW };
  }
}
