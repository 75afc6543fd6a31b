import { NotAllowedError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  isOpenPhase,
  Release,
  StatusUpdate,
  StatusUpdateRequest,
} from '@backstage-itsm/plugin-releases-common';
import { createHash, randomUUID } from 'node:crypto';
import { CatalogFacts, CatalogReader } from '../catalog/CatalogFacts';
import { CalendarService } from '../calendar/CalendarService';
import { PlanService } from '../plans/PlanService';
import { sameRef } from '../plans/principals';
import { assertExist } from '../releases/ReleaseService';
import { badField, conflictOn } from '../service/errors';
import { readableTime, ReleaseEffects } from '../service/ReleaseEffects';
import { StoredWatch, WatchStore } from './WatchStore';

/** Kinds of catalog entity one may watch: a component, a system, or a group (the releases it owns). */
const WATCHABLE_KINDS = ['component', 'system', 'group'];

type ParsedUpdate = Required<StatusUpdateRequest>;

/**
 * Stakeholder communication: who watches what, status updates from the
 * release manager, and notices of freezes that start to affect a release
 * (who hears of a release is the Stakeholders directory's).
 */
export class WatchService {
  private readonly clock: () => Date;

  constructor(
    private readonly options: {
      store: WatchStore;
      plans: PlanService;
      catalogFacts: CatalogFacts;
      /** The role whose holder posts status updates. */
      statusUpdateRole: string;
      effects?: ReleaseEffects;
      calendar?: CalendarService;
      clock?: () => Date;
    },
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** A watch for `watcher` (the viewer, or a group of theirs) of a release or an entity. */
  async watch(
    input: { release?: Release; entityRef?: string; group?: string },
    viewer: string,
    catalog: CatalogReader,
  ): Promise<{ watch: StoredWatch; created: boolean }> {
    let watcher = viewer;
    if (input.group) {
      watcher = this.normalize(input.group, 'group', ['group'], 'group');
      const groups = await this.options.catalogFacts.groupsOf(viewer);
      if (!groups.some(g => sameRef(g, watcher))) {
        throw new NotAllowedError(
          `you may watch only for yourself or a group you are a member of, not ${watcher}`,
        );
      }
    }
    let targetKind: StoredWatch['targetKind'] = 'release';
    let target = input.release?.id ?? '';
    if (!input.release) {
      targetKind = 'entity';
      target = this.normalize(
        input.entityRef!,
        'component',
        WATCHABLE_KINDS,
        'entityRef',
      );
      await assertExist(catalog, [{ ref: target, field: 'entityRef' }]);
    }
    return this.options.store.add({
      id: randomUUID(),
      watcher,
      targetKind,
      target,
      createdBy: viewer,
      createdAt: this.clock().toISOString(),
    });
  }

  private normalize(
    raw: string,
    defaultKind: string,
    kinds: string[],
    field: string,
  ): string {
    let ref;
    try {
      ref = parseEntityRef(raw, { defaultKind, defaultNamespace: 'default' });
    } catch {
      throw badField(field, `"${raw}" is not a valid entity ref`);
    }
    if (!kinds.includes(ref.kind.toLocaleLowerCase('en-US'))) {
      throw badField(
        field,
        `"${raw}" must be a ${kinds
          .join(', a ')
          .replace(/, a (\w+)$/, ' or a $1')}`,
      );
    }
    return stringifyEntityRef(ref);
  }

  /** The viewer's watches and their groups'. */
  async watchesOf(viewer: string, page: { limit: number; offset: number }) {
    const groups = await this.options.catalogFacts.groupsOf(viewer);
    return this.options.store.list([viewer, ...groups], page);
  }

  async unwatch(id: string, viewer: string): Promise<boolean> {
    const groups = await this.options.catalogFacts.groupsOf(viewer);
    return this.options.store.remove(id, [viewer, ...groups]);
  }

  /** Posts the viewer's status update, if they hold the role that posts them; stakeholders hear of it. */
  async postUpdate(
    release: Release,
    input: ParsedUpdate,
    viewer: string,
  ): Promise<StatusUpdate> {
    if (!isOpenPhase(release.phase)) {
      throw conflictOn(
        'text',
        `the release is ${release.phase}; its status updates are over`,
      );
    }
    const role = (await this.options.plans.roles(release)).find(
      r => r.id === this.options.statusUpdateRole,
    )!;
    if (!role.holder) {
      throw conflictOn(
        'text',
        `nobody holds the ${role.title} role, who posts status updates; assign it first`,
      );
    }
    const holds =
      sameRef(role.holder, viewer) ||
      (await this.options.catalogFacts.groupsOf(viewer)).some(g =>
        sameRef(g, role.holder!),
      );
    if (!holds) {
      throw new NotAllowedError(
        `only the ${role.title} (${role.holder}) may post status updates`,
      );
    }
    const update = await this.options.store.postUpdate({
      releaseId: release.id,
      author: viewer,
      health: input.health,
      text: input.text,
      postedAt: this.clock().toISOString(),
    });
    await this.options.effects?.toStakeholders(
      release,
      {
        topic: 'release-status-update',
        title: `${release.title}: ${input.health.replace(/_/g, ' ')}`,
        description:
          input.text.length > 300 ? `${input.text.slice(0, 299)}…` : input.text,
        severity: input.health === 'off_track' ? 'high' : 'normal',
        scope: `release-update:${release.id}:${update.id}`,
      },
      viewer,
    );
    return update;
  }

  updates(release: Release, page: { limit: number; offset: number }) {
    return this.options.store.updates(release.id, page);
  }

  /**
   * Tells the stakeholders of every open release that a freeze now in
   * effect covers (its planned window overlaps an occurrence that has
   * begun), once per release and occurrence across runs and replicas.
   * Answers how many notices it sent.
   */
  async noticeStartedFreezes(lookBackMs: number): Promise<number> {
    const { calendar, catalogFacts, effects, store } = this.options;
    if (!calendar || !effects) {
      return 0;
    }
    const now = this.clock();
    const result = await calendar.calendar(
      {
        from: new Date(now.getTime() - lookBackMs).toISOString(),
        to: now.toISOString(),
      },
      catalogFacts.local(),
    );
    const releases = new Map(result.releases.map(r => [r.id, r]));
    let sent = 0;
    for (const conflict of result.freezeConflicts) {
      const release = releases.get(conflict.releaseId);
      if (!release || Date.parse(conflict.overlap.start) > now.getTime()) {
        continue;
      }
      const key = createHash('sha256')
        .update(
          JSON.stringify([release.id, conflict.window, conflict.overlap.start]),
        )
        .digest('hex');
      if (!(await store.claimNotice(`freeze:${key}`, release.id, now))) {
        continue;
      }
      await effects.toStakeholders(release, {
        topic: 'release-freeze',
        title: `Freeze "${conflict.window}" now affects ${release.title}`,
        description: `${
          conflict.message
        } The freeze covers it from ${readableTime(
          conflict.overlap.start,
        )} to ${readableTime(conflict.overlap.end)}.`,
        severity: 'high',
        scope: `release-freeze:${release.id}:${key.slice(0, 16)}`,
      });
      sent++;
    }
    return sent;
  }
}
