import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CalendarResponse,
  FreezeConflict,
  FreezeOccurrence,
  FreezeSelector,
  OPEN_PHASES,
  PlanningWarning,
  Release,
  ReleaseCollision,
  ReleaseType,
  TimeRange,
} from '@backstage-itsm/plugin-releases-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { LRUCache } from 'lru-cache';
import {
  ReleaseFilter,
  ReleaseScope,
  ReleaseStore,
} from '../releases/ReleaseStore';
import { CatalogGraph, ComponentFacts } from './CatalogGraph';
import { FreezeWindow, expandWindow } from './freezeWindows';

/** A calendar shows at most this many releases; more sets `truncated`. */
export const MAX_CALENDAR_RELEASES = 500;

/** The parts of a release that freezes and collisions depend on. */
export type PlannedRelease = Pick<
  Release,
  'id' | 'type' | 'plannedStart' | 'plannedEnd' | 'components' | 'environments'
> & { title?: string; phase?: Release['phase'] };

function overlap(a: TimeRange, b: TimeRange): TimeRange | undefined {
  const start = Math.max(Date.parse(a.start), Date.parse(b.start));
  const end = Math.min(Date.parse(a.end), Date.parse(b.end));
  return start < end
    ? { start: new Date(start).toISOString(), end: new Date(end).toISOString() }
    : undefined;
}

const windowOf = (r: PlannedRelease): TimeRange => ({
  start: r.plannedStart,
  end: r.plannedEnd,
});

/** `payments` matches `system:default/payments` and the other way round. */
function refMatches(
  candidates: string[],
  ref: string | undefined,
  kind: string,
) {
  if (!ref) {
    return false;
  }
  return candidates.some(c => {
    const full = c.includes(':') ? c : `${kind}:default/${c}`;
    return full.toLocaleLowerCase('en-US') === ref.toLocaleLowerCase('en-US');
  });
}

export function selectorMatches(
  selector: FreezeSelector | undefined,
  facts: ComponentFacts,
): boolean {
  if (!selector) {
    return true;
  }
  return (
    (!selector.system || refMatches(selector.system, facts.system, 'system')) &&
    (!selector.owner || refMatches(selector.owner, facts.owner, 'group')) &&
    (!selector.component ||
      refMatches(selector.component, facts.ref, 'component')) &&
    (!selector.lifecycle ||
      selector.lifecycle.includes(facts.lifecycle ?? '')) &&
    (!selector.tag || selector.tag.some(t => facts.tags.includes(t)))
  );
}

const DAY = 24 * 3600 * 1000;

/**
 * Freeze windows, collisions between releases over the catalog's dependency
 * graph, and the warnings a plan gets before it is saved.
 */
export class CalendarService {
  /**
   * Occurrences per span of whole UTC days. Windows are fixed at start-up,
   * so a span's occurrences never change; the gate, plan checks and risk
   * ask about the same few days over and over.
   */
  private readonly expanded = new LRUCache<string, FreezeOccurrence[]>({
    max: 2000,
  });

  constructor(
    private readonly releases: ReleaseStore,
    private readonly catalog: CatalogService,
    private readonly windows: FreezeWindow[],
    private readonly dependencyDepth: number,
  ) {}

  /** Every occurrence of every window overlapping the range. */
  occurrences(from: Date, to: Date): FreezeOccurrence[] {
    const dayStart = Math.floor(from.getTime() / DAY) * DAY;
    const dayEnd = Math.max(
      Math.ceil(to.getTime() / DAY) * DAY,
      dayStart + DAY,
    );
    const key = `${dayStart}/${dayEnd}`;
    let spanned = this.expanded.get(key);
    if (!spanned) {
      spanned = this.windows
        .flatMap(w => expandWindow(w, new Date(dayStart), new Date(dayEnd)))
        .sort(
          (a, b) =>
            a.start.localeCompare(b.start) || a.window.localeCompare(b.window),
        );
      this.expanded.set(key, spanned);
    }
    // Overlap as the expansion defines it: start before `to`, end after `from`.
    return spanned.filter(
      o =>
        Date.parse(o.start) < to.getTime() &&
        Date.parse(o.end) > from.getTime(),
    );
  }

  async calendar(
    query: {
      from: string;
      to: string;
      scope?: ReleaseScope;
      scopeRefs?: string[];
      types?: ReleaseType[];
      environment?: string;
      /** From a conditional permission decision. */
      condition?: ReleaseFilter['condition'];
    },
    credentials: BackstageCredentials,
  ): Promise<CalendarResponse> {
    const page = await this.releases.list(
      {
        scopes: query.scope ? [query.scope] : [],
        types: query.types,
        from: query.from,
        to: query.to,
        condition: query.condition,
      },
      { limit: MAX_CALENDAR_RELEASES, offset: 0, order: 'asc' },
    );
    const releases = page.items.filter(
      r => !query.environment || r.environments.includes(query.environment),
    );
    const graph = new CatalogGraph(this.catalog, credentials);

    let freezes = this.occurrences(
      new Date(query.from),
      new Date(query.to),
    ).filter(
      o => !query.environment || o.environments.includes(query.environment),
    );
    // Only a selector needs the scope's catalog facts.
    if (query.scopeRefs && freezes.some(o => o.selector)) {
      const scopeFacts = [...(await graph.load(query.scopeRefs)).values()];
      freezes = freezes.filter(
        o =>
          !o.selector || scopeFacts.some(f => selectorMatches(o.selector, f)),
      );
    }

    const open = releases.filter(r => OPEN_PHASES.includes(r.phase));
    return {
      from: new Date(query.from).toISOString(),
      to: new Date(query.to).toISOString(),
      releases,
      truncated: page.totalCount > page.items.length,
      freezes,
      collisions: await this.collisions(open, open, graph),
      freezeConflicts: await this.freezeConflicts(open, graph),
    };
  }

  /** What a plan runs into: freezes that block it and open releases it collides with. */
  async checkPlan(
    plan: PlannedRelease,
    credentials: BackstageCredentials,
    /** Limits the releases compared with to those the caller may read. */
    condition?: ReleaseFilter['condition'],
  ): Promise<PlanningWarning[]> {
    const graph = new CatalogGraph(this.catalog, credentials);
    const others = (
      await this.releases.list(
        {
          phases: [...OPEN_PHASES],
          from: plan.plannedStart,
          to: plan.plannedEnd,
          condition,
        },
        { limit: MAX_CALENDAR_RELEASES, offset: 0, order: 'asc' },
      )
    ).items.filter(r => r.id !== plan.id);

    const warnings: PlanningWarning[] = (
      await this.freezeConflicts([plan], graph)
    ).map(c => ({
      kind: 'freeze',
      message: c.message,
      window: c.window,
      overlap: c.overlap,
    }));
    for (const collision of await this.collisions([plan], others, graph)) {
      warnings.push({
        kind: 'collision',
        message: collision.message,
        releaseId: collision.releaseIds.find(id => id !== plan.id),
        overlap: collision.overlap,
      });
    }
    return warnings;
  }

  async freezeConflicts(
    releases: PlannedRelease[],
    graph: CatalogGraph,
  ): Promise<FreezeConflict[]> {
    if (releases.length === 0) {
      return [];
    }
    const facts = await graph.load(
      releases.flatMap(r => r.components.map(c => c.entityRef)),
    );
    const conflicts: FreezeConflict[] = [];
    for (const release of releases) {
      const occurrences = this.occurrences(
        new Date(release.plannedStart),
        new Date(release.plannedEnd),
      );
      for (const o of occurrences) {
        if (o.kind !== 'freeze' || o.allow.includes(release.type)) {
          continue;
        }
        const environments = release.environments.filter(e =>
          o.environments.includes(e),
        );
        const covered = release.components.some(c => {
          const f = facts.get(c.entityRef);
          return f ? selectorMatches(o.selector, f) : !o.selector;
        });
        const shared = overlap(windowOf(release), o);
        if (environments.length > 0 && covered && shared) {
          conflicts.push({
            releaseId: release.id,
            window: o.window,
            environments,
            message: `planned into the freeze "${
              o.window
            }" (${environments.join(', ')}), which does not allow ${
              release.type
            } releases`,
            overlap: shared,
          });
        }
      }
    }
    return conflicts;
  }

  /**
   * Pairs (one from `left`, one from `right`) whose planned windows overlap and
   * which touch the same component, components linked by dependsOn or
   * dependencyOf within the configured depth, or an API one provides and the
   * other provides or consumes.
   */
  async collisions(
    left: PlannedRelease[],
    right: PlannedRelease[],
    graph: CatalogGraph,
  ): Promise<ReleaseCollision[]> {
    const facts = await graph.load(
      [...left, ...right].flatMap(r => r.components.map(c => c.entityRef)),
    );
    const linked = await graph.linkedWithinAll(
      left.flatMap(r => r.components.map(c => c.entityRef)),
      this.dependencyDepth,
    );
    const linksOf = (ref: string) => linked.get(ref) ?? new Set<string>();
    const apis = (r: PlannedRelease, which: 'providesApis' | 'consumesApis') =>
      new Set(r.components.flatMap(c => facts.get(c.entityRef)?.[which] ?? []));

    const collisions: ReleaseCollision[] = [];
    const seenPairs = new Set<string>();
    for (const a of left) {
      for (const b of right) {
        const pair = [a.id, b.id].sort().join('|');
        if (a.id === b.id || seenPairs.has(pair)) {
          continue;
        }
        seenPairs.add(pair);
        const shared = overlap(windowOf(a), windowOf(b));
        if (!shared) {
          continue;
        }
        const ids: [string, string] = [a.id, b.id];
        const label = (r: PlannedRelease) =>
          r.title ? `"${r.title}"` : 'this release';
        const aRefs = a.components.map(c => c.entityRef);
        const bRefs = new Set(b.components.map(c => c.entityRef));

        const same = aRefs.filter(ref => bRefs.has(ref));
        if (same.length > 0) {
          collisions.push({
            kind: 'component',
            releaseIds: ids,
            entities: same,
            message: `${label(a)} and ${label(b)} both change ${same.join(
              ', ',
            )}`,
            overlap: shared,
          });
        }

        const links: string[] = [];
        for (const ref of aRefs) {
          for (const other of linksOf(ref)) {
            if (bRefs.has(other) && !same.includes(other)) {
              links.push(`${ref} ↔ ${other}`);
            }
          }
        }
        if (links.length > 0) {
          collisions.push({
            kind: 'dependency',
            releaseIds: ids,
            entities: [...new Set(links.flatMap(l => l.split(' ↔ ')))],
            message: `${label(a)} and ${label(
              b,
            )} change components linked by dependsOn: ${links.join('; ')}`,
            overlap: shared,
          });
        }

        // A component both change is reported above; its APIs are not a second collision.
        const own = (r: PlannedRelease) => ({
          ...r,
          components: r.components.filter(c => !same.includes(c.entityRef)),
        });
        const aProvides = apis(own(a), 'providesApis');
        const bProvides = apis(own(b), 'providesApis');
        const aUses = new Set([...aProvides, ...apis(own(a), 'consumesApis')]);
        const bUses = new Set([...bProvides, ...apis(own(b), 'consumesApis')]);
        const sharedApis = [
          ...[...aProvides].filter(api => bUses.has(api)),
          ...[...bProvides].filter(
            api => aUses.has(api) && !aProvides.has(api),
          ),
        ];
        if (sharedApis.length > 0) {
          collisions.push({
            kind: 'api',
            releaseIds: ids,
            entities: [...new Set(sharedApis)],
            message: `${label(a)} and ${label(b)} change the two sides of ${[
              ...new Set(sharedApis),
            ].join(', ')}`,
            overlap: shared,
          });
        }
      }
    }
    return collisions;
  }
}
