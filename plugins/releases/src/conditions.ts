import { Entity } from '@backstage/catalog-model';
import {
  RELEASABLE_KINDS,
  RELEASES_ANNOTATION,
} from '@backstage-itsm/plugin-releases-common';

/**
 * Whether an entity page should show the Releases tab: Components, Systems and
 * Groups do, unless annotated with `releases.backstage-itsm.io/enabled: disabled`.
 *
 * @public
 */
export function isReleasesAvailable(entity: Entity): boolean {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  if (!(RELEASABLE_KINDS as readonly string[]).includes(kind)) {
    return false;
  }
  return entity.metadata.annotations?.[RELEASES_ANNOTATION] !== 'disabled';
}
