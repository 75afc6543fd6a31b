import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';

/** A conditional decision on releases. */
export const conditional = (conditions: object): PolicyDecision =>
  ({
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'releases',
    resourceType: 'release',
    conditions,
  } as PolicyDecision);

/** Releases of every type but this one. */
export const notType = (type: string) =>
  conditional({
    not: {
      rule: 'HAS_RELEASE_TYPE',
      resourceType: 'release',
      params: { types: [type] },
    },
  });

/** Releases owned by this group. */
export const ownedBy = (group: string) =>
  conditional({
    rule: 'IS_RELEASE_OWNER',
    resourceType: 'release',
    params: { ownerRefs: [group] },
  });

/**
 * A permission policy as a test writes it: a decision per user ref and
 * permission name; whatever it does not decide is allowed.
 */
export function policyByUser(
  decide: (user: string, permission: string) => PolicyDecision | undefined,
) {
  const userOf = (options?: { credentials?: any }) =>
    options?.credentials?.principal?.userEntityRef ?? '';
  return mockServices.permissions.mock({
    authorize: async (requests, options) =>
      requests.map(r =>
        decide(userOf(options), r.permission.name)?.result ===
        AuthorizeResult.DENY
          ? { result: AuthorizeResult.DENY }
          : { result: AuthorizeResult.ALLOW },
      ),
    authorizeConditional: async (requests, options) =>
      requests.map(
        r =>
          decide(userOf(options), r.permission.name) ?? {
            result: AuthorizeResult.ALLOW,
          },
      ) as any,
  }).factory;
}
