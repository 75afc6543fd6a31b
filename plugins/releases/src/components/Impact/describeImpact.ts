import { ImpactedEntity } from '@backstage-itsm/plugin-releases-common';
import { humanizeRef } from '../shared/format';

/** How a dependent is reached, e.g. `depends on payments-api`. */
export function describeReach(dependent: ImpactedEntity): string {
  const via = humanizeRef(dependent.via);
  if (dependent.relation === 'dependencyOf') {
    return `depends on ${via}`;
  }
  if (dependent.relation.startsWith('consumesApi')) {
    const api = dependent.relation.slice('consumesApi'.length).trim();
    return api ? `consumes ${humanizeRef(api)}` : `consumes an API of ${via}`;
  }
  if (dependent.relation === 'partOf') {
    return `${via} is part of this system`;
  }
  return `${dependent.relation} ${via}`;
}

/** `payments-api → checkout-service → storefront` */
export function describePath(start: string, dependent: ImpactedEntity): string {
  return [start, ...dependent.path].map(humanizeRef).join(' → ');
}

/** Dependents grouped by how far they are, nearest first. */
export function groupByDepth(
  dependents: ImpactedEntity[],
): Array<{ depth: number; dependents: ImpactedEntity[] }> {
  const groups = new Map<number, ImpactedEntity[]>();
  for (const dependent of dependents) {
    groups.set(dependent.depth, [
      ...(groups.get(dependent.depth) ?? []),
      dependent,
    ]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([depth, items]) => ({ depth, dependents: items }));
}

export function depthHeading(depth: number): string {
  return depth === 1 ? 'Direct dependents' : `Dependents ${depth} steps away`;
}
