import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
  PermissionRuleset,
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import { Release } from '@backstage-itsm/plugin-releases-common';
import { ReleaseQuery } from './rules';

function toReleaseQuery(
  criteria: PermissionCriteria<ReleaseQuery>,
): ReleaseQuery {
  if (isAndCriteria(criteria)) {
    return query =>
      query.where(inner => {
        for (const sub of criteria.allOf) {
          inner.where(toReleaseQuery(sub));
        }
      });
  }
  if (isOrCriteria(criteria)) {
    return query =>
      query.where(inner => {
        for (const sub of criteria.anyOf) {
          inner.orWhere(toReleaseQuery(sub));
        }
      });
  }
  if (isNotCriteria(criteria)) {
    return query => query.whereNot(toReleaseQuery(criteria.not));
  }
  return criteria;
}

/** Asks the permission framework, and applies conditional decisions locally. */
export class ReleaseAuthorizer {
  private readonly applyConditions: ReturnType<
    typeof createConditionAuthorizer<Release, ReleaseQuery>
  >;
  private readonly transformConditions: ReturnType<
    typeof createConditionTransformer<ReleaseQuery>
  >;

  constructor(
    private readonly permissions: PermissionsService,
    ruleset: PermissionRuleset<Release, ReleaseQuery, 'release'>,
  ) {
    this.applyConditions = createConditionAuthorizer(ruleset);
    this.transformConditions = createConditionTransformer(ruleset);
  }

  async assertAllowed(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You are not allowed to ${permission.name}`);
    }
  }

  async assertAllowedOn(
    permission: ResourcePermission<'release'>,
    release: Release,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (!this.applyConditions(decision, release)) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.name} on release ${release.id}`,
      );
    }
  }

  /**
   * The row filter that limits a list to the releases the caller may see:
   * undefined when all are visible; throws when none are.
   */
  async listFilter(
    permission: ResourcePermission<'release'>,
    credentials: BackstageCredentials,
  ): Promise<ReleaseQuery | undefined> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(`You are not allowed to ${permission.name}`);
    }
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return toReleaseQuery(this.transformConditions(decision.conditions));
    }
    return undefined;
  }
}
