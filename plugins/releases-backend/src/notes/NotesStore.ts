import { NotesMode } from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { lockRelease, recordReleaseEvent } from '../database/releaseRows';
import { fromDbTime, toDbTime } from '../database/time';
import { conflictOn } from '../service/errors';

/** What people wrote beside the generated notes. */
export interface EditedNotes {
  mode: NotesMode;
  text: string;
  revision: number;
  updatedBy: string;
  updatedAt: string;
}

/** A deployment as the notes show it. */
export interface NotesDeployment {
  entityRef: string;
  environment: string;
  version: string;
  status: string;
  deployedAt: string;
  url: string | null;
}

/** At most this many deployments of one release are listed. */
const MAX_DEPLOYMENTS = 500;

/**
 * Edited release notes (each edit with its history row, guarded by the
 * notes' revision) and the deployment facts the generated notes are made of.
 */
export class NotesStore {
  constructor(private readonly knex: Knex) {}

  async edited(releaseId: string): Promise<EditedNotes | undefined> {
    const row = await this.knex('release_notes')
      .where({ release_id: releaseId })
      .first();
    return row
      ? {
          mode: row.mode,
          text: row.text,
          revision: Number(row.revision),
          updatedBy: row.updated_by,
          updatedAt: fromDbTime(row.updated_at),
        }
      : undefined;
  }

  /**
   * Saves the edited text, unless someone edited the notes since
   * `expectedRevision` (409). An empty text goes back to the generated
   * notes alone; the revision keeps counting.
   */
  async save(
    releaseId: string,
    expectedRevision: number,
    edit: { mode: NotesMode; text: string },
    actor: string,
    at: Date,
  ): Promise<EditedNotes> {
    return this.knex.transaction(async tx => {
      await lockRelease(tx, releaseId, {
        open: { field: 'text', what: 'its notes' },
      });
      const current = await tx('release_notes')
        .where({ release_id: releaseId })
        .first();
      const revision = current ? Number(current.revision) : 0;
      if (revision !== expectedRevision) {
        throw conflictOn(
          'revision',
          `the notes are at revision ${revision}, not ${expectedRevision}; reload them and apply your edit again`,
        );
      }
      const saved: EditedNotes = {
        ...edit,
        revision: revision + 1,
        updatedBy: actor,
        updatedAt: at.toISOString(),
      };
      const row = {
        mode: saved.mode,
        text: saved.text,
        revision: saved.revision,
        updated_by: actor,
        updated_at: toDbTime(at),
      };
      if (current) {
        await tx('release_notes').where({ release_id: releaseId }).update(row);
      } else {
        await tx('release_notes').insert({ release_id: releaseId, ...row });
      }
      await recordReleaseEvent(tx, {
        releaseId,
        type: 'notes-edited',
        actor,
        at,
        changes: {
          notes: {
            before: current ? { mode: current.mode, text: current.text } : null,
            after: { mode: saved.mode, text: saved.text },
          },
        },
      });
      return saved;
    });
  }

  /** Deployments reported for the release, oldest first. */
  async deploymentsOf(releaseId: string): Promise<NotesDeployment[]> {
    const rows = await this.knex('deployments')
      .where({ release_id: releaseId })
      .orderBy([
        { column: 'deployed_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(MAX_DEPLOYMENTS);
    return rows.map(
      (row: {
        entity_ref: string;
        environment: string;
        version: string;
        status: string;
        deployed_at: unknown;
        url: string | null;
      }) => ({
        entityRef: row.entity_ref,
        environment: row.environment,
        version: row.version,
        status: row.status,
        deployedAt: fromDbTime(row.deployed_at),
        url: row.url,
      }),
    );
  }

  /**
   * The version the release replaces in the environment: the latest
   * successful deployment of the component there before the release first
   * arrived (a deployment reported for it, or of its version), that is
   * neither of the release nor of its version. Index range reads on the
   * component's history in the environment.
   */
  async versionBefore(
    releaseId: string,
    entityRef: string,
    environment: string,
    version: string | null,
  ): Promise<string | undefined> {
    const history = () =>
      this.knex('deployments').where({
        entity_ref: entityRef,
        environment,
        status: 'succeeded',
      });
    const ofRelease = (q: Knex.QueryBuilder) => {
      q.where('release_id', releaseId);
      if (version !== null) {
        q.orWhere('version', version);
      }
    };
    const arrival = await history()
      .where(ofRelease)
      .orderBy([
        { column: 'deployed_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .first('deployed_at');
    // Not `NOT (release_id = ? ...)`: a NULL release_id would drop the row.
    const query = history()
      .where(q => q.whereNull('release_id').orWhereNot('release_id', releaseId))
      .orderBy([
        { column: 'deployed_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    if (version !== null) {
      query.whereNot('version', version);
    }
    if (arrival) {
      query.where('deployed_at', '<', arrival.deployed_at);
    }
    return (await query.first('version'))?.version;
  }
}
