import {
  ApprovalDecision,
  FieldChange,
  Page,
  Release,
  ReleaseComponent,
  ReleaseEvent,
  ReleaseEventType,
  ReleasePhase,
  ReleaseType,
} from '@backstage-itsm/plugin-releases-common';
import { Knex } from 'knex';
import { RowsRead, RowsWithRelease } from './rowsWithRelease';

/** A release in deploy, as the gate reads it. */
export interface InDeployRelease {
  release: Release;
  /** The decisions of its current approval round, newest first, when read with it. */
  decisions?: ApprovalDecision[];
}

/** Who changed a release, when and why. */
export interface EventMeta {
  type: ReleaseEventType;
  actor: string;
  at: Date;
  reason?: string;
}

export type NewRelease = Omit<
  Release,
  | 'revision'
  | 'createdAt'
  | 'updatedAt'
  | 'actualStart'
  | 'actualEnd'
  | 'approvalRound'
  | 'breakGlass'
  | 'outcome'
  | 'risk'
  | 'ownerChangedBy'
  | 'rollbackPlan'
  | 'standardChange'
> & {
  risk?: Release['risk'];
  rollbackPlan?: Release['rollbackPlan'];
  standardChange?: Release['standardChange'];
};

export type ReleasePatch = Partial<
  Pick<
    Release,
    | 'title'
    | 'description'
    | 'type'
    | 'phase'
    | 'plannedStart'
    | 'plannedEnd'
    | 'actualStart'
    | 'actualEnd'
    | 'owner'
    | 'components'
    | 'environments'
    | 'approvalRound'
    | 'breakGlass'
    | 'outcome'
    | 'risk'
    | 'ownerChangedBy'
    | 'rollbackPlan'
    | 'standardChange'
  >
>;

/**
 * Work another domain does in the transaction of a release's creation or
 * change, after the release row is written (and, for a change, locked):
 * it commits or rolls back with the change. What it answers is added to the
 * change's history event.
 */
export type TransactionStep = (
  tx: Knex.Transaction,
  release: { before: Release | null; after: Release },
) => Promise<Record<string, FieldChange> | void>;

export interface ReleaseChange {
  /** Refuse the change unless the release is still at this revision (409 with the current one). */
  expectedRevision?: number;
  /** Refuse the change unless the release is still in this phase (409). */
  expectedPhase?: ReleasePhase;
  /**
   * Refuse the change (409) unless the approval decisions of the round are
   * still the ones it was checked against: the deploy gate, or whether an
   * edit starts a new round. `lastDecisionId` is null when there were none.
   */
  expectedDecisions?: { round: number; lastDecisionId: string | null };
  set: ReleasePatch;
  event: EventMeta;
  /** Run in the change's transaction; a step that throws refuses the change. */
  alongside?: TransactionStep[];
}

/** Releases touching any of these components, or owned by any of these groups. */
export interface ReleaseScope {
  entityRefs: string[];
  owners: string[];
}

export interface ReleaseFilter {
  /** Every scope must match (AND); inside a scope, any ref matches (OR). */
  scopes?: ReleaseScope[];
  types?: ReleaseType[];
  phases?: ReleasePhase[];
  /** Planned window meets [from, to]. */
  from?: string;
  to?: string;
  /** Case-insensitive substring of the title. */
  q?: string;
  /** Only releases that entered deploy by break-glass (true) or not (false). */
  breakGlass?: boolean;
  /** A row filter from a conditional permission decision. */
  condition?: (query: Knex.QueryBuilder) => void;
  /** Releases left out (already shown elsewhere), so they use none of a page. */
  excluding?: string[];
}

export interface PageRequest {
  limit: number;
  offset: number;
  order?: 'asc' | 'desc';
}

export interface ReleaseStore {
  list(filter: ReleaseFilter, page: PageRequest): Promise<Page<Release>>;
  get(id: string): Promise<Release | undefined>;
  /**
   * The release with rows of other tables that its page shows, read in the
   * same statement where the database can aggregate them (PostgreSQL);
   * elsewhere `parts` is left out and each part reads its own.
   */
  getWith<P extends Record<string, RowsWithRelease<unknown>>>(
    id: string,
    parts: P,
  ): Promise<{ release: Release; parts?: RowsRead<P> } | undefined>;
  getMany(ids: string[]): Promise<Release[]>;
  /** Creates the release, runs `alongside` and writes the history event, in one transaction. */
  create(
    release: NewRelease,
    event: EventMeta,
    alongside?: TransactionStep[],
  ): Promise<Release>;
  /** Applies the change and its history event in one transaction. */
  update(
    id: string,
    change: ReleaseChange,
  ): Promise<{ release: Release; changes: Record<string, FieldChange> }>;
  listEvents(releaseId: string, page: PageRequest): Promise<Page<ReleaseEvent>>;
  /** Break-glass releases recorded before their owed review was (legacy rows). */
  breakGlassWithoutObligation(): Promise<Release[]>;
  /** Records the review a legacy break-glass release owes. */
  recordObligation(
    id: string,
    owed: NonNullable<Release['breakGlass']>['owed'],
    dueAt: string | null,
  ): Promise<void>;
  /** Stores a recomputed risk: derived data, so no revision or history change. */
  setRisk(id: string, risk: Release['risk']): Promise<void>;
  count(): Promise<number>;
  /**
   * Releases in `deploy` that contain the component, newest plan first: one
   * indexed join, for the gate. Where the database can read them in the same
   * statement (PostgreSQL), each comes with the approval decisions of its
   * current round, newest first; elsewhere `decisions` is left out and the
   * caller reads them.
   */
  inDeployFor(entityRef: string): Promise<InDeployRelease[]>;
  /** Of these ids, those of releases a permission condition lets through. */
  idsMatching(
    ids: string[],
    condition: ReleaseFilter['condition'],
  ): Promise<Set<string>>;
  /** Versions that releases in `deploy` or `review` plan for these components. */
  activeVersionPlans(entityRefs: string[]): Promise<
    Array<{
      entityRef: string;
      releaseId: string;
      title: string;
      version: string;
      environments: string[];
    }>
  >;
}

export type { ReleaseComponent };
