import { Release } from '@backstage-itsm/plugin-releases-common';
import { ReleaseStore } from '../releases/ReleaseStore';
import { ReleaseAccess } from './ReleaseAccess';

/**
 * The one filter for every answer that names releases by id (warnings,
 * deployments, incidents, versions, gate answers, dry-runs): which of the
 * named releases the caller may read. Whatever names a release the caller
 * may not read is left out or made anonymous by the authorizing layer.
 */
export class ReleaseVisibility {
  constructor(private readonly store: Pick<ReleaseStore, 'idsMatching'>) {}

  async readableIds(
    access: ReleaseAccess,
    ids: Iterable<string | null | undefined>,
  ): Promise<Set<string>> {
    const wanted = [
      ...new Set([...ids].filter((id): id is string => Boolean(id))),
    ];
    const rows = access.rows();
    if (wanted.length === 0 || rows.kind === 'none') {
      return new Set();
    }
    if (rows.kind === 'all') {
      return new Set(wanted);
    }
    return this.store.idsMatching(wanted, rows.query);
  }

  /** Names a release in texts for this caller: its title when readable, else anonymously. */
  static namer(access: ReleaseAccess) {
    return (release: Release) =>
      access.canRead(release) ? `release "${release.title}"` : 'a release';
  }
}
