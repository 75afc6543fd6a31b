import { Release } from '@backstage-itsm/plugin-releases-common';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { StakeholderDirectory } from '../service/ReleaseEffects';
import { WatchStore } from './WatchStore';

/**
 * Who hears about a release: the watchers of the release, of its
 * components, of their systems and of its owning group, and the holders of
 * its roles. Groups stay groups: the notification audience expands them.
 */
export class Stakeholders implements StakeholderDirectory {
  constructor(
    private readonly options: {
      watches: WatchStore;
      /** The user or group refs holding the release's roles. */
      roleHolders(releaseId: string): Promise<string[]>;
      catalogFacts: CatalogFacts;
    },
  ) {}

  async stakeholdersOf(release: Release): Promise<string[]> {
    const components = release.components.map(c => c.entityRef);
    const facts = await this.options.catalogFacts.local().facts(components);
    const systems = [...facts.values()].flatMap(f =>
      f.system ? [f.system] : [],
    );
    const [watchers, holders] = await Promise.all([
      this.options.watches.watchersOf(release.id, [
        ...components,
        ...systems,
        release.owner,
      ]),
      this.options.roleHolders(release.id),
    ]);
    return [...new Set([...watchers, ...holders])];
  }
}
