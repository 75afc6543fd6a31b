import {
  Entity,
  parseEntityRef,
  RELATION_API_CONSUMED_BY,
  RELATION_API_PROVIDED_BY,
  RELATION_CONSUMES_API,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { RELEASES_ANNOTATION } from '@backstage-itsm/plugin-releases-common';
import { createHash } from 'node:crypto';
import { EntityFacts } from './CatalogFacts';

/**
 * Kinds the local copy holds: components and what their scopes, graph and
 * approvals refer to. Resources are kept because dependsOn often points at
 * them, and an unknown dependency would cost a catalog call on every walk.
 */
export const CATALOG_FACT_KINDS = [
  'component',
  'system',
  'group',
  'user',
  'api',
  'resource',
];

/**
 * The annotations the plugin reads: the ones that map webhook events and
 * sources to components, and every annotation of the plugin's own namespace.
 * An entry ending in `*` is a prefix.
 */
export const CATALOG_FACT_ANNOTATIONS: readonly string[] = [
  'github.com/project-slug',
  'gitlab.com/project-slug',
  'argocd/app-name',
  'pagerduty.com/service-id',
  'backstage.io/source-location',
  `${RELEASES_ANNOTATION.slice(0, RELEASES_ANNOTATION.indexOf('/') + 1)}*`,
];

/** The relations the plugin walks or scopes by; their inverses are read from the target side. */
export const CATALOG_FACT_RELATIONS: readonly string[] = [
  RELATION_PART_OF,
  RELATION_OWNED_BY,
  RELATION_MEMBER_OF,
  RELATION_DEPENDS_ON,
  RELATION_DEPENDENCY_OF,
  RELATION_PROVIDES_API,
  RELATION_CONSUMES_API,
  RELATION_API_PROVIDED_BY,
  RELATION_API_CONSUMED_BY,
];

/**
 * What a sync pages through: enough to tell which entities changed. The
 * catalog sets a new etag whenever anything in an entity (relations
 * included) changes.
 */
export const SYNC_PAGE_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.etag',
];

/** What the catalog is asked for about an entity: only what is stored. */
export const CATALOG_FACT_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.etag',
  'metadata.title',
  'metadata.tags',
  'metadata.annotations',
  'spec.lifecycle',
  'relations',
];

export const REF_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

/** Longest ref the tables hold (the catalog's own limits keep refs far shorter). */
const MAX_REF_LENGTH = 300;

const MAX_ETAG_LENGTH = 100;

/** Annotation values are indexed by this many lower-cased characters. */
export const ANNOTATION_VALUE_KEY_LENGTH = 255;

function isKeptAnnotation(key: string): boolean {
  return CATALOG_FACT_ANNOTATIONS.some(pattern =>
    pattern.endsWith('*')
      ? key.startsWith(pattern.slice(0, -1))
      : key === pattern,
  );
}

/**
 * The catalog's refs compare case-insensitively; this is the form the tables
 * key on. (Unicode default lower-casing, which is what 'en-US' gives, without
 * the locale look-up that made it a hot spot of a 20,000-entity sync.)
 */
export function refKey(ref: string): string {
  return ref.toLowerCase();
}

/**
 * The key of a ref as callers may write it (kind and namespace possibly
 * shortened), or undefined for a string no entity can have.
 */
export function lookupKey(ref: string): string | undefined {
  try {
    const key = refKey(stringifyEntityRef(parseEntityRef(ref)));
    return key.length <= MAX_REF_LENGTH && !key.includes('\u0000')
      ? key
      : undefined;
  } catch {
    return undefined;
  }
}

/** A ref that has a lookup key, as the catalog spells refs: `kind:namespace/name`. */
export function canonicalRef(ref: string): string {
  return stringifyEntityRef(parseEntityRef(ref));
}

/** PostgreSQL text cannot hold NUL; the catalog's free-text fields could. */
function storable(value: string): string {
  return value.includes('\u0000') ? value.split('\u0000').join('') : value;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== ''
    ? storable(value)
    : undefined;
}

/** One entity as the tables hold it. */
export interface StoredEntity {
  refKey: string;
  ref: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  system?: string;
  owner?: string;
  lifecycle?: string;
  tags: string[];
  /** Sorted by key. */
  annotations: Array<{ key: string; value: string }>;
  /** Kept relation types only, in catalog order, one per type and target key. */
  relations: Array<{ type: string; targetRef: string }>;
  /** Not part of the content hash: it also changes with what is not stored. */
  etag?: string;
  contentHash: string;
}

/**
 * Projects a catalog entity (fetched with CATALOG_FACT_FIELDS) onto what the
 * tables hold; undefined for an entity whose ref the tables cannot hold.
 */
export function toStoredEntity(entity: Entity): StoredEntity | undefined {
  const ref = stringifyEntityRef(entity);
  if (ref.length > MAX_REF_LENGTH || ref.includes('\u0000')) {
    return undefined;
  }
  const seen = new Set<string>();
  const relations: StoredEntity['relations'] = [];
  for (const relation of entity.relations ?? []) {
    const target = relation.targetRef;
    const dedupe = `${relation.type}\u0001${refKey(target)}`;
    if (
      CATALOG_FACT_RELATIONS.includes(relation.type) &&
      target.length <= MAX_REF_LENGTH &&
      !target.includes('\u0000') &&
      !seen.has(dedupe)
    ) {
      seen.add(dedupe);
      relations.push({ type: relation.type, targetRef: target });
    }
  }
  const targets = (type: string) =>
    relations.filter(r => r.type === type).map(r => r.targetRef);
  const annotations = Object.entries(entity.metadata.annotations ?? {})
    .filter(
      ([key, value]) =>
        isKeptAnnotation(key) &&
        key.length <= MAX_REF_LENGTH &&
        !key.includes('\u0000') &&
        typeof value === 'string',
    )
    .map(([key, value]) => ({ key, value: storable(value) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const tags = (entity.metadata.tags ?? [])
    .filter((t): t is string => typeof t === 'string')
    .map(storable);

  const etag = entity.metadata.etag;
  const stored: Omit<StoredEntity, 'contentHash' | 'etag'> = {
    refKey: refKey(ref),
    ref,
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
    title: optionalText(entity.metadata.title),
    system: targets(RELATION_PART_OF).find(r => r.startsWith('system:')),
    owner: targets(RELATION_OWNED_BY)[0],
    lifecycle: optionalText(
      (entity.spec as { lifecycle?: unknown } | undefined)?.lifecycle,
    ),
    tags,
    annotations,
    relations,
  };
  // Everything stored goes into the hash, so an unchanged hash means the
  // rows would be written exactly as they are.
  const contentHash = createHash('sha256')
    .update(
      JSON.stringify([
        stored.ref,
        stored.kind,
        stored.namespace,
        stored.name,
        stored.title ?? null,
        stored.system ?? null,
        stored.owner ?? null,
        stored.lifecycle ?? null,
        stored.tags,
        stored.annotations.map(a => [a.key, a.value]),
        stored.relations.map(r => [r.type, r.targetRef]),
      ]),
    )
    .digest('hex');
  return {
    ...stored,
    ...(typeof etag === 'string' &&
      etag.length <= MAX_ETAG_LENGTH &&
      !etag.includes('\u0000') && { etag }),
    contentHash,
  };
}

export function toEntityFacts(
  stored: Omit<StoredEntity, 'contentHash' | 'refKey' | 'etag'>,
  firstSeenAt: string,
): EntityFacts {
  const targets = (type: string) =>
    stored.relations.filter(r => r.type === type).map(r => r.targetRef);
  return {
    ref: stored.ref,
    kind: stored.kind,
    namespace: stored.namespace,
    name: stored.name,
    ...(stored.title !== undefined && { title: stored.title }),
    ...(stored.system !== undefined && { system: stored.system }),
    ...(stored.owner !== undefined && { owner: stored.owner }),
    ...(stored.lifecycle !== undefined && { lifecycle: stored.lifecycle }),
    tags: stored.tags,
    annotations: Object.fromEntries(
      stored.annotations.map(a => [a.key, a.value]),
    ),
    dependsOn: targets(RELATION_DEPENDS_ON),
    dependencyOf: targets(RELATION_DEPENDENCY_OF),
    providesApis: targets(RELATION_PROVIDES_API),
    consumesApis: targets(RELATION_CONSUMES_API),
    memberOf: targets(RELATION_MEMBER_OF),
    relations: stored.relations,
    firstSeenAt,
  };
}
