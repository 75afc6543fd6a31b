import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ListReleasesOptions } from '../../api';
import { ReleaseFormValues } from '../ReleaseDialog';

/** Which releases belong on an entity's tab. */
export function releaseFilterFor(entity: Entity): ListReleasesOptions {
  const ref = stringifyEntityRef(entity);
  switch (entity.kind.toLocaleLowerCase('en-US')) {
    case 'system':
      return { system: ref };
    case 'group':
      return { owner: ref };
    default:
      return { entityRef: ref };
  }
}

/** The owner the catalog resolved, else `spec.owner` read relative to the entity. */
export function ownerOf(entity: Entity): string | undefined {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) {
    return relation.targetRef;
  }
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: getCompoundEntityRef(entity).namespace,
      }),
    );
  } catch {
    return undefined;
  }
}

/** What a new release planned from this entity's tab starts with. */
export function prefillFor(entity: Entity): Partial<ReleaseFormValues> {
  const ref = stringifyEntityRef(entity);
  switch (entity.kind.toLocaleLowerCase('en-US')) {
    case 'component':
      return {
        owner: ownerOf(entity) ?? '',
        components: [{ entityRef: ref, version: '' }],
      };
    case 'group':
      return { owner: ref };
    default:
      return { owner: ownerOf(entity) ?? '' };
  }
}
