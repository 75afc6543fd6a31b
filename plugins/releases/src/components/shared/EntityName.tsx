import { useEntityPresentation } from '@backstage/plugin-catalog-react';

/**
 * An entity's name as people read it (its title where it has one, from the
 * catalog's entity presentation), never its raw ref.
 */
export function useEntityName(entityRef: string, defaultKind?: string): string {
  return useEntityPresentation(entityRef, { defaultKind }).primaryTitle;
}

/** {@link useEntityName} as text, e.g. inside a sentence. */
export function EntityName(props: { entityRef: string; defaultKind?: string }) {
  return <>{useEntityName(props.entityRef, props.defaultKind)}</>;
}
