import { ScopeOptions } from '../../api/ReleasesApi';

/** Whether an actor is a catalog user (worth a link) rather than a pipeline's token. */
export function isUserRef(actor: string): boolean {
  return actor.startsWith('user:');
}

/** `external:ci-pipeline` → `ci-pipeline (token)`; `plugin:x` → `x (plugin)`. */
export function describeActor(actor: string): string {
  const [prefix, ...rest] = actor.split(':');
  const name = rest.join(':');
  if (prefix === 'external' && name) {
    return `${name} (token)`;
  }
  if (prefix === 'plugin' && name) {
    return `${name} (plugin)`;
  }
  return actor;
}

/** Scopes are sent as given; the empty ones are left out so the backend sees only one. */
export function compactScope(scope: ScopeOptions): ScopeOptions {
  const result: ScopeOptions = {};
  if (scope.entityRef) {
    result.entityRef = scope.entityRef;
  }
  if (scope.system) {
    result.system = scope.system;
  }
  if (scope.owner) {
    result.owner = scope.owner;
  }
  return result;
}
