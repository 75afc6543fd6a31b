import { Entity } from '@backstage/catalog-model';

/**
 * Whether an entity page should show the Versions tab: Components and Systems do.
 *
 * @public
 */
export function isVersionsAvailable(entity: Entity): boolean {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  return kind === 'component' || kind === 'system';
}
