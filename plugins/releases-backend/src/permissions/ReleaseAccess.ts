import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  BasicPermission,
  Permission,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
  QueryPermissionRequest,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  Release,
  releaseReadPermission,
} from '@backstage-itsm/plugin-releases-common';
import { releaseNotFound } from '../service/errors';
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

/** Which rows of a list a decision lets through. */
export type RowFilter =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'some'; query: ReleaseQuery };

/** A list filter that lets through exactly the rows a decision allows (none, when denied). */
export function readCondition(rows: RowFilter): ReleaseQuery | undefined {
  if (rows.kind === 'all') {
    return undefined;
  }
  if (rows.kind === 'none') {
    return q => {
      q.whereRaw('1 = 0');
    };
  }
  return rows.query;
}

/** Remembers users' read decisions, for choosing who may be notified about a release. */
export interface ReadDecisionRecorder {
  remember(userRef: string, decision: PolicyDecision): Promise<void>;
}

/**
 * Every permission the plugin asks about, plus the catalog's entity read
 * (which decides whether local catalog facts may answer for the caller).
 */
/**
 * What every request may need whatever it does: reading releases (lists,
 * 404s for hidden ones) and the catalog (whether local facts may answer).
 * A request asks for these and the permissions its action checks, in one
 * batch; asking for all the plugin's permissions on every request made the
 * permission backend evaluate two dozen policies per request.
 */
export const ALWAYS_ASKED: Permission[] = [
  releaseReadPermission,
  catalogEntityReadPermission,
];

/** One caller's decisions for one request. */
export class ReleaseAccess {
  constructor(
    private readonly decisions: Map<string, PolicyDecision>,
    private readonly apply: (
      decision: PolicyDecision,
      release: Release,
    ) => boolean,
    private readonly toQuery: (
      criteria: PermissionCriteria<PermissionCondition>,
    ) => ReleaseQuery,
  ) {}

  private decision(permission: Permission): PolicyDecision {
    const decision = this.decisions.get(permission.name);
    if (!decision) {
      // A programming error: the caller's action checks a permission it
      // did not ask for (caller.access(...permissions)).
      throw new Error(`No decision was asked for ${permission.name}`);
    }
    return decision;
  }

  isAllowed(permission: BasicPermission): boolean {
    return this.decision(permission).result === AuthorizeResult.ALLOW;
  }

  assertAllowed(permission: BasicPermission): void {
    if (!this.isAllowed(permission)) {
      throw new NotAllowedError(`You are not allowed to ${permission.name}`);
    }
  }

  /** May the caller do this to this release (as it is, or as an edit would leave it)? */
  can(permission: ResourcePermission<'release'>, release: Release): boolean {
    return this.apply(this.decision(permission), release);
  }

  canRead(release: Release): boolean {
    return this.can(releaseReadPermission, release);
  }

  /** The release, when the caller may read it; the unknown-id 404 otherwise. */
  readable(release: Release | undefined, id: string): Release {
    if (!release || !this.canRead(release)) {
      throw releaseNotFound(id);
    }
    return release;
  }

  assertCan(permission: ResourcePermission<'release'>, release: Release): void {
    if (!this.can(permission, release)) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.name} on this release`,
      );
    }
  }

  /** The rows of a release list the decision lets through. */
  rows(
    permission: ResourcePermission<'release'> = releaseReadPermission,
  ): RowFilter {
    const decision = this.decision(permission);
    if (decision.result === AuthorizeResult.ALLOW) {
      return { kind: 'all' };
    }
    if (decision.result === AuthorizeResult.DENY) {
      return { kind: 'none' };
    }
    return {
      kind: 'some',
      query: this.toQuery(
        (decision as { conditions: PermissionCriteria<PermissionCondition> })
          .conditions,
      ),
    };
  }

  /**
   * The SQL filter for a list the caller asked for: undefined when every
   * release is visible; a 403 when none is (the caller may not list at all).
   */
  listFilter(
    permission: ResourcePermission<'release'> = releaseReadPermission,
  ): ReleaseQuery | undefined {
    const rows = this.rows(permission);
    if (rows.kind === 'none') {
      throw new NotAllowedError(`You are not allowed to ${permission.name}`);
    }
    return rows.kind === 'some' ? rows.query : undefined;
  }

  /** Whether the catalog lets the caller read every entity (so local facts may answer). */
  get catalogReadAll(): boolean {
    return (
      this.decision(catalogEntityReadPermission).result ===
      AuthorizeResult.ALLOW
    );
  }
}

/**
 * Asks the permission framework once per request, for every permission the
 * plugin knows, in one batched call; the answers are then applied locally:
 * basic decisions as they are, conditional ones in memory (single releases)
 * or as SQL (lists).
 */
export class ReleasePermissionGateway {
  private readonly applyConditions: ReturnType<
    typeof createConditionAuthorizer<Release, ReleaseQuery>
  >;
  private readonly transformConditions: ReturnType<
    typeof createConditionTransformer<ReleaseQuery>
  >;

  constructor(
    private readonly options: {
      permissions: PermissionsService;
      ruleset: PermissionRuleset<Release, ReleaseQuery, 'release'>;
      readDecisions?: ReadDecisionRecorder;
    },
  ) {
    this.applyConditions = createConditionAuthorizer(options.ruleset);
    this.transformConditions = createConditionTransformer(options.ruleset);
  }

  /**
   * The caller's decisions on these permissions, in one round trip: basic
   * permissions travel in the same batch, and the permission backend answers
   * them ALLOW or DENY.
   */
  async decide(
    credentials: BackstageCredentials,
    permissions: Permission[],
  ): Promise<Map<string, PolicyDecision>> {
    const answers = await this.options.permissions.authorizeConditional(
      permissions.map(permission => ({
        permission,
      })) as QueryPermissionRequest[],
      { credentials },
    );
    const decisions = new Map<string, PolicyDecision>(
      permissions.map((permission, index) => [permission.name, answers[index]]),
    );
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    const read = decisions.get(releaseReadPermission.name);
    if (read && principal.type === 'user' && principal.userEntityRef) {
      await this.options.readDecisions?.remember(principal.userEntityRef, read);
    }
    return decisions;
  }

  /** Decisions, applied locally: basic ones as they are, conditional ones in memory or as SQL. */
  access(decisions: Map<string, PolicyDecision>): ReleaseAccess {
    return new ReleaseAccess(
      decisions,
      (decision, release) => this.applyConditions(decision, release),
      criteria => toReleaseQuery(this.transformConditions(criteria)),
    );
  }

  /** Applies a stored decision to a release (notification recipients). */
  allows(decision: PolicyDecision, release: Release): boolean {
    return this.applyConditions(decision, release);
  }

  /** A stored decision as a list filter (feeds read with a token). */
  filterOf(decision: PolicyDecision): ReleaseQuery | undefined {
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return toReleaseQuery(this.transformConditions(decision.conditions));
    }
    return readCondition(
      decision.result === AuthorizeResult.ALLOW
        ? { kind: 'all' }
        : { kind: 'none' },
    );
  }
}
