import { Knex } from 'knex';

/** A release for `insertReleases`: what the tests that need hundreds vary. */
export interface BulkRelease {
  title: string;
  type: 'major' | 'minor' | 'emergency';
  plannedStart: Date;
  /** Defaults to the start. */
  plannedEnd?: Date;
  /** Defaults to `plan`. */
  phase?: string;
  /** Defaults to storefront-team. */
  owner?: string;
  /** Defaults to production. */
  environments?: string[];
  /** Component refs, with the phase and window their rows carry. */
  components?: string[];
}

/**
 * Writes releases straight to the tables, 50 rows per statement, for tests
 * that need hundreds of them (a test of a cap, say), and returns their ids:
 * `00000000-0000-4000-<space>-<index>`, so that tests sharing a database
 * keep their releases apart. Times are Dates, as the store writes them.
 */
export async function insertReleases(
  knex: Knex,
  space: string,
  releases: BulkRelease[],
  first = 0,
): Promise<string[]> {
  const rows = releases.map((release, i) => ({
    id: `00000000-0000-4000-${space}-${String(first + i).padStart(12, '0')}`,
    release,
    end: release.plannedEnd ?? release.plannedStart,
    phase: release.phase ?? 'plan',
  }));
  await knex.batchInsert(
    'releases',
    rows.map(({ id, release, end, phase }) => ({
      id,
      title: release.title,
      description: '',
      type: release.type,
      phase,
      planned_start: release.plannedStart,
      planned_end: end,
      owner: release.owner ?? 'group:default/storefront-team',
      created_by: 'user:default/alice',
      environments: JSON.stringify(release.environments ?? ['production']),
      revision: 1,
      created_at: release.plannedStart,
      updated_at: release.plannedStart,
    })),
    50,
  );
  await knex.batchInsert(
    'release_components',
    rows.flatMap(({ id, release, end, phase }) =>
      (release.components ?? []).map((entityRef, position) => ({
        release_id: id,
        entity_ref: entityRef,
        position,
        phase,
        planned_start: release.plannedStart,
        planned_end: end,
      })),
    ),
    50,
  );
  return rows.map(r => r.id);
}
