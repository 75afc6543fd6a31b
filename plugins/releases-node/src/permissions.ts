import {
  Release,
  RELEASE_RESOURCE_TYPE,
  RELEASE_TYPES,
} from '@backstage-itsm/plugin-releases-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { Knex } from 'knex';
import { z } from 'zod';

/**
 * A permission condition as a filter on the `releases` table.
 *
 * @public
 */
export type ReleaseQuery = (query: Knex.QueryBuilder) => void;

/**
 * The release resource of the permission framework.
 *
 * @public
 */
export const releaseResourceRef = createPermissionResourceRef<
  Release,
  ReleaseQuery
>().with({
  pluginId: 'releases',
  resourceType: RELEASE_RESOURCE_TYPE,
});

const isReleaseOwner = createPermissionRule({
  name: 'IS_RELEASE_OWNER',
  description: 'Allow releases owned by one of the given groups',
  resourceRef: releaseResourceRef,
  paramsSchema: z.object({
    ownerRefs: z
      .array(z.string())
      .describe('Group refs, e.g. the ownership refs of the signed-in user'),
  }),
  apply: (release, { ownerRefs }) => ownerRefs.includes(release.owner),
  toQuery:
    ({ ownerRefs }) =>
    query =>
      query.whereIn('releases.owner', ownerRefs),
});

const hasReleaseType = createPermissionRule({
  name: 'HAS_RELEASE_TYPE',
  description: 'Allow releases of the given types (major, minor, emergency)',
  resourceRef: releaseResourceRef,
  paramsSchema: z.object({
    types: z.array(z.enum(RELEASE_TYPES)).describe('Release types'),
  }),
  apply: (release, { types }) => types.includes(release.type),
  toQuery:
    ({ types }) =>
    query =>
      query.whereIn('releases.type', types),
});

const isReleaseCreator = createPermissionRule({
  name: 'IS_RELEASE_CREATOR',
  description: 'Allow releases created by one of the given users',
  resourceRef: releaseResourceRef,
  paramsSchema: z.object({
    userRefs: z.array(z.string()).describe('User refs'),
  }),
  apply: (release, { userRefs }) => userRefs.includes(release.createdBy),
  toQuery:
    ({ userRefs }) =>
    query =>
      query.whereIn('releases.created_by', userRefs),
});

/**
 * The rules conditional decisions about releases are made of.
 *
 * @public
 */
export const releasePermissionRules = {
  isReleaseOwner,
  hasReleaseType,
  isReleaseCreator,
};

const conditionExports = createConditionExports({
  resourceRef: releaseResourceRef,
  rules: releasePermissionRules,
});

/**
 * Conditions for adopters' permission policies, e.g.
 * `releaseConditions.isReleaseOwner({ ownerRefs })`.
 *
 * @public
 */
export const releaseConditions = conditionExports.conditions;

/**
 * Makes a conditional decision about releases from {@link releaseConditions}.
 *
 * @public
 */
export const createReleaseConditionalDecision =
  conditionExports.createConditionalDecision;
