import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ImpactResult } from '@backstage-itsm/plugin-releases-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Knex } from 'knex';
import { KnexCatalogFacts } from './KnexCatalogFacts';

/** What the plugin knows about one catalog entity. */
export interface EntityFacts {
  /** As stringifyEntityRef gives it, e.g. `component:default/payments-api`. */
  ref: string;
  /** Lower-case kind. */
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  /** The partOf target that is a system. */
  system?: string;
  /** The ownedBy target. */
  owner?: string;
  /** spec.lifecycle */
  lifecycle?: string;
  tags: string[];
  /** Only the annotations the plugin uses (CATALOG_FACT_ANNOTATIONS). */
  annotations: Record<string, string>;
  dependsOn: string[];
  dependencyOf: string[];
  providesApis: string[];
  consumesApis: string[];
  /** Groups a user is a member of. */
  memberOf: string[];
  /**
   * The relations the plugin keeps (CATALOG_FACT_RELATIONS), in the order the
   * catalog lists them: graph walks follow this order, so which neighbour a
   * dependent is reported "via" is the same as when walking the catalog.
   */
  relations: Array<{ type: string; targetRef: string }>;
  /**
   * When the local copy first saw the entity (ISO). A live reader keeps no
   * copy, so it reports the time of the read.
   */
  firstSeenAt: string;
}

/** Catalog questions the plugin asks on its hot paths. */
export interface CatalogReader {
  /** The refs (from `refs`) that exist (for this reader). Refs compare case-insensitively, as the catalog does. */
  existing(refs: string[]): Promise<Set<string>>;
  /** Facts of the refs that exist, keyed by the ref as given. */
  facts(refs: Iterable<string>): Promise<Map<string, EntityFacts>>;
  /** Components that are part of the system, sorted by ref. */
  componentsOfSystem(systemRef: string): Promise<string[]>;
  /** Components owned by the group or user, sorted by ref. */
  componentsOwnedBy(ownerRef: string): Promise<string[]>;
  /** For each ref, components linked to it by dependsOn/dependencyOf within `depth` hops (same semantics as CatalogGraph.linkedWithinAll). */
  linkedWithinAll(
    refs: Iterable<string>,
    depth: number,
  ): Promise<Map<string, Set<string>>>;
  /** Same result and semantics as ImpactAnalyzer.analyze (400 InputError when the start entity is unknown). */
  impact(entityRef: string, depth: number): Promise<ImpactResult>;
  /**
   * Entities carrying annotation `key` with `value` (for mapping webhook
   * events to components), sorted by ref. Values compare case-insensitively,
   * as the catalog's filters do.
   */
  findByAnnotation(key: string, value: string): Promise<string[]>;
}

export interface CatalogFactsHealth {
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
  entityCount: number;
  /** No successful sync within twice the refresh interval. */
  stale: boolean;
  lastError: string | null;
}

export interface CatalogSyncResult {
  /** Entities whose facts were written (new or changed). */
  upserted: number;
  /** Entities removed because the catalog no longer has them. */
  deleted: number;
  /** Entities whose facts did not change (`refreshed` included). */
  unchanged: number;
  /**
   * Of the unchanged, those whose catalog etag changed for something the
   * plugin does not keep: only their stored etag was updated.
   */
  refreshed: number;
}

/** The catalog facts the plugin reads, kept in its own database. */
export interface CatalogFacts {
  /** Local tables; a ref the local copy does not know yet falls back to ONE live catalog call (plugin's own credentials) and is stored. */
  local(): CatalogReader;
  /**
   * Every answer from the live catalog with these credentials (used when the
   * caller's catalog read decision is CONDITIONAL, so nobody sees through the
   * local copy what the catalog hides from them). Create one per request: it
   * remembers the entities it fetched, as CatalogGraph does.
   */
  live(credentials: BackstageCredentials): CatalogReader;
  /** Users that are members (memberOf) of each group, case-insensitive keys as given; from local tables. */
  membersOf(groups: string[]): Promise<Map<string, string[]>>;
  /** Groups the user is a member of. */
  groupsOf(userRef: string): Promise<string[]>;
  health(): Promise<CatalogFactsHealth>;
  /** One incremental sync now; returns what it wrote. */
  syncNow(): Promise<CatalogSyncResult>;
}

export interface CatalogFactsOptions {
  knex: Knex;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** Without a scheduler nothing syncs by itself; the caller calls syncNow. */
  scheduler?: SchedulerService;
  config: Config;
  clock?: () => Date;
}

/**
 * Creates the catalog facts module and, given a scheduler, its sync task.
 * The database must already be migrated (ReleasesDatabase does that).
 */
export function createCatalogFacts(
  options: CatalogFactsOptions,
): Promise<CatalogFacts> {
  return KnexCatalogFacts.create(options);
}
