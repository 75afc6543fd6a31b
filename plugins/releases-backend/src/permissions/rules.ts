import { Release } from '@backstage-itsm/plugin-releases-common';

// The rules and conditions live in the -node package, where policy authors
// and backend modules find them; the backend uses them from there.
export {
  createReleaseConditionalDecision,
  releaseConditions,
  releasePermissionRules,
  releaseResourceRef,
} from '@backstage-itsm/plugin-releases-node';
export type { ReleaseQuery } from '@backstage-itsm/plugin-releases-node';

/**
 * Loads releases for the permission backend, which asks about several at
 * once and reads the answers by position: one per id asked, in the order
 * asked, `undefined` for an id that names no release.
 */
export function releaseResourceLoader(store: {
  getMany(ids: string[]): Promise<Release[]>;
}) {
  return async (ids: string[]): Promise<Array<Release | undefined>> => {
    const found = new Map((await store.getMany(ids)).map(r => [r.id, r]));
    return ids.map(id => found.get(id));
  };
}
