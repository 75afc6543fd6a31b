import { BaselineScope } from '@backstage-itsm/plugin-releases-common';
import { ScopeOptions } from '../../api/ReleasesApi';
import { humanizeRef } from '../shared/format';

/** The page's scope from its URL; the backend takes one of owner or system, system wins. */
export function scopeFromParams(params: URLSearchParams): ScopeOptions {
  const system = params.get('system')?.trim();
  const owner = params.get('owner')?.trim();
  if (system) {
    return { system };
  }
  if (owner) {
    return { owner };
  }
  return {};
}

export type ScopeKind = 'system' | 'owner' | 'entityRef';

export const SCOPE_KIND_LABELS: Record<ScopeKind, string> = {
  system: 'System',
  owner: 'Owner',
  entityRef: 'Component',
};

/** Which kind of scope a baseline has, and the ref it names. */
export function baselineScopeParts(scope: BaselineScope): {
  kind: ScopeKind;
  ref: string;
} {
  if ('system' in scope) {
    return { kind: 'system', ref: scope.system };
  }
  if ('owner' in scope) {
    return { kind: 'owner', ref: scope.owner };
  }
  return { kind: 'entityRef', ref: scope.entityRef };
}

/** `System payments`, `Owner payments-team`, `Component payments-api` */
export function describeBaselineScope(scope: BaselineScope): string {
  const { kind, ref } = baselineScopeParts(scope);
  return `${SCOPE_KIND_LABELS[kind]} ${humanizeRef(ref)}`;
}

/** Whether two baselines cover the same components (the same kind and ref). */
export function sameScope(a: BaselineScope, b: BaselineScope): boolean {
  const left = baselineScopeParts(a);
  const right = baselineScopeParts(b);
  return (
    left.kind === right.kind &&
    left.ref.toLocaleLowerCase('en-US') === right.ref.toLocaleLowerCase('en-US')
  );
}
