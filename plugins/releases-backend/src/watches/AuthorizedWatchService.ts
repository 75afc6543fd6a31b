import {
  Page,
  Release,
  releasePostUpdatePermission,
  StatusUpdateRequest,
  Watch,
} from '@backstage-itsm/plugin-releases-common';
import { ReleaseVisibility } from '../permissions/ReleaseVisibility';
import { ReleaseStore } from '../releases/ReleaseStore';
import { Caller, readableRelease, releaseToActOn } from '../service/Callers';
import { StoredWatch } from './WatchStore';
import { WatchService } from './WatchService';

/**
 * The authorizing layer of watches and status updates. Watching anything,
 * or ending a watch, needs reading some releases (403 otherwise: a watch
 * only ever brings news of releases); watching a release needs reading it
 * (404 otherwise); a watch list names only releases the caller may still
 * read; posting an update needs `releases.release.post-update` on top of
 * holding the posting role.
 */
export class AuthorizedWatchService {
  constructor(
    private readonly options: {
      service: WatchService;
      releases: ReleaseStore;
      visibility: ReleaseVisibility;
    },
  ) {}

  private readable(caller: Caller, id: string): Promise<Release> {
    return readableRelease(caller, this.options.releases, id);
  }

  async watch(
    caller: Caller,
    input: { releaseId?: string; entityRef?: string; group?: string },
  ): Promise<{ watch: Watch; created: boolean }> {
    (await caller.access()).listFilter();
    const release =
      input.releaseId !== undefined
        ? await this.readable(caller, input.releaseId)
        : undefined;
    const { watch, created } = await this.options.service.watch(
      { release, entityRef: input.entityRef, group: input.group },
      caller.userRef!,
      await caller.catalog(),
    );
    return { watch: (await this.shown(caller, [watch]))[0], created };
  }

  async watches(
    caller: Caller,
    page: { limit: number; offset: number },
  ): Promise<Page<Watch>> {
    const { items, totalCount } = await this.options.service.watchesOf(
      caller.userRef!,
      page,
    );
    return {
      items: await this.shown(caller, items),
      totalCount,
      ...page,
    };
  }

  async unwatch(caller: Caller, id: string): Promise<boolean> {
    (await caller.access()).listFilter();
    return this.options.service.unwatch(id, caller.userRef!);
  }

  /** Watches as the caller may see them: a release they may no longer read stays nameless. */
  private async shown(
    caller: Caller,
    watches: StoredWatch[],
  ): Promise<Watch[]> {
    const releaseIds = watches
      .filter(w => w.targetKind === 'release')
      .map(w => w.target);
    const readable = await this.options.visibility.readableIds(
      await caller.access(),
      releaseIds,
    );
    const titles = new Map(
      (await this.options.releases.getMany([...readable])).map(r => [
        r.id,
        r.title,
      ]),
    );
    return watches.map(w => ({
      id: w.id,
      watcher: w.watcher,
      target:
        w.targetKind === 'entity'
          ? { kind: 'entity', entityRef: w.target }
          : {
              kind: 'release',
              releaseId: titles.has(w.target) ? w.target : null,
              title: titles.get(w.target) ?? null,
            },
      createdBy: w.createdBy,
      createdAt: w.createdAt,
    }));
  }

  async postUpdate(
    caller: Caller,
    id: string,
    input: Required<StatusUpdateRequest>,
  ) {
    const release = await releaseToActOn(
      caller,
      this.options.releases,
      id,
      releasePostUpdatePermission,
    );
    return this.options.service.postUpdate(release, input, caller.userRef!);
  }

  async updates(
    caller: Caller,
    id: string,
    page: { limit: number; offset: number },
  ) {
    const release = await this.readable(caller, id);
    return {
      ...(await this.options.service.updates(release, page)),
      ...page,
    };
  }
}
