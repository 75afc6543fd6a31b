import { Knex } from 'knex';
import { Exchange, isSuccess, Operation, ReplicaClient } from './http';

/** One invariant: what it promises and every way the run broke it. */
export interface InvariantResult {
  name: string;
  checked: number;
  violations: string[];
  notes: string[];
}

class Invariant implements InvariantResult {
  checked = 0;
  readonly violations: string[] = [];
  readonly notes: string[] = [];

  constructor(readonly name: string) {}

  /** Counts one check; records `message` when it failed. */
  expect(ok: boolean, message: () => string) {
    this.checked += 1;
    if (!ok) {
      this.violations.push(message());
    }
  }
}

interface ReleaseRow {
  id: string;
  title: string;
  phase: string;
  revision: number;
  approval_round: number;
  created_by: string;
  break_glass_at: Date | null;
  outcome: string | null;
}

interface EventRow {
  id: string;
  release_id: string;
  type: string;
  actor: string;
  at: Date;
  changes: string;
}

interface PeriodRow {
  id: string;
  release_id: string;
  phase: string;
  entered_at: Date;
  left_at: Date | null;
}

interface ApprovalRow {
  id: string;
  release_id: string;
  round: number;
  approver: string;
  decision: string;
  decided_at: Date;
}

interface IdempotentRow {
  id: string;
  source: string;
  external_id: string;
  entity_ref: string;
  environment: string;
  version?: string;
  status?: string;
  deployed_at?: Date;
}

const userRef = (user: string) => `user:default/${user}`;

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item)) ?? [];
    list.push(item);
    groups.set(key(item), list);
  }
  return groups;
}

/** Whether a status is one the operation may answer (0: no response at all). */
const EXPECTED_STATUSES: Record<Operation, number[]> = {
  create: [201],
  // 409: the other editor's save won.
  edit: [200, 409],
  // 409: a copy of the same move won, or the gate is closed.
  transition: [200, 409],
  // 200: the same decision by the same approver, sent again (one decision per
  // approver and round); 409: the release entered deploy meanwhile.
  approve: [200, 201, 409],
  // Separation of duties.
  'approve-own': [403],
  deployment: [200, 201],
  incident: [200, 201],
  // 409: the release left the review phase (it never does here).
  review: [201, 409],
};

/**
 * Every invariant of the run, checked in the releases database both
 * replicas share and through the API of both replicas.
 */
export async function checkInvariants(options: {
  knex: Knex;
  exchanges: Exchange[];
  replicas: ReplicaClient[];
  token: string;
  /** Replicas whose 503 "not started up yet" answers are expected (restarts). */
  restarted: Set<string>;
}): Promise<InvariantResult[]> {
  const { knex, exchanges, replicas, token } = options;

  const releases: ReleaseRow[] = await knex('releases').select(
    'id',
    'title',
    'phase',
    'revision',
    'approval_round',
    'created_by',
    'break_glass_at',
    'outcome',
  );
  const events: EventRow[] = await knex('release_events')
    .select('id', 'release_id', 'type', 'actor', 'at', 'changes')
    .orderBy('id');
  const periods: PeriodRow[] = await knex('release_phase_periods')
    .select('*')
    .orderBy('id');
  const approvals: ApprovalRow[] = await knex('approvals')
    .select('*')
    .orderBy('id');
  const deployments: IdempotentRow[] = await knex('deployments').select(
    'id',
    'source',
    'external_id',
    'entity_ref',
    'environment',
    'version',
    'status',
    'deployed_at',
  );
  const incidents: IdempotentRow[] = await knex('incidents').select(
    'id',
    'source',
    'external_id',
    'entity_ref',
    'environment',
  );
  const currentVersions: Array<{
    entity_ref: string;
    environment: string;
    deployment_id: string;
  }> = await knex('current_versions').select('*');
  const reviews: Array<{ release_id: string; outcome: string }> = await knex(
    'release_reviews',
  ).select('release_id', 'outcome');

  for (const row of [...events, ...periods, ...approvals]) {
    row.id = String(row.id);
  }
  for (const row of [...deployments, ...incidents]) {
    row.id = String(row.id);
  }
  const releaseById = new Map(releases.map(r => [r.id, r]));
  const eventsOf = groupBy(events, e => e.release_id);
  const periodsOf = groupBy(periods, p => p.release_id);
  const approvalsOf = groupBy(approvals, a => a.release_id);
  const answered = exchanges.filter(isSuccess);
  const testReleaseIds = new Set(
    exchanges
      .filter(e => e.operation === 'create' && e.status === 201)
      .map(e => String(e.body.id)),
  );
  // Releases whose creation committed but whose answer was lost with a
  // killed replica are test releases too.
  for (const release of releases) {
    if (
      release.created_by === userRef('dave') &&
      /^round/.test(release.title)
    ) {
      testReleaseIds.add(release.id);
    }
  }

  const results: Invariant[] = [];
  const invariant = (name: string) => {
    const created = new Invariant(name);
    results.push(created);
    return created;
  };

  // --- Statuses -------------------------------------------------------------
  const statuses = invariant(
    'every answer is one the operation may give (no 5xx, no 401 across replicas)',
  );
  for (const exchange of exchanges) {
    const startingUp =
      exchange.status === 503 &&
      options.restarted.has(exchange.replica) &&
      exchange.body?.error?.name === 'ServiceUnavailableError';
    statuses.expect(
      exchange.status === 0 ||
        startingUp ||
        EXPECTED_STATUSES[exchange.operation].includes(exchange.status),
      () =>
        `${exchange.operation} ${exchange.method} ${exchange.path} as ${
          exchange.user
        } on ${exchange.replica} answered ${exchange.status}: ${JSON.stringify(
          exchange.body,
        )?.slice(0, 300)}`,
    );
  }

  // --- Idempotent records ---------------------------------------------------
  const checkIdempotent = (
    name: string,
    operation: 'deployment' | 'incident',
    rows: IdempotentRow[],
  ) => {
    const check = invariant(name);
    const byKey = groupBy(rows, r => `${r.source}\u0000${r.external_id}`);
    for (const [key, group] of byKey) {
      check.expect(
        group.length === 1,
        () => `${group.length} rows for ${key.replace('\u0000', ' + ')}`,
      );
    }
    const requests = groupBy(
      exchanges.filter(e => e.operation === operation),
      e => e.key,
    );
    for (const [externalId, copies] of requests) {
      const row = byKey.get(`replicas-test\u0000${externalId}`)?.[0];
      const ok = copies.filter(isSuccess);
      const createdAnswers = ok.filter(e => e.status === 201).length;
      check.expect(
        createdAnswers <= 1,
        () => `${createdAnswers} copies of ${externalId} were answered 201`,
      );
      if (ok.length > 0) {
        check.expect(
          row !== undefined,
          () => `${externalId} was answered 2xx but has no row`,
        );
      }
      for (const answer of ok) {
        check.expect(
          row !== undefined &&
            String(answer.body.id) === row.id &&
            answer.body.entityRef === row.entity_ref,
          () =>
            `${externalId}: answer ${answer.body.id} (${answer.replica}) is not row ${row?.id}`,
        );
      }
      if (ok.length === 0 && row) {
        check.notes.push(
          `${externalId} was written although no copy got an answer (replica killed after commit)`,
        );
      }
    }
    return check;
  };
  checkIdempotent(
    'one deployment per source + external id, every 2xx names it',
    'deployment',
    deployments,
  );
  checkIdempotent(
    'one incident per source + external id, every 2xx names it',
    'incident',
    incidents,
  );

  // --- Transitions ----------------------------------------------------------
  const transitions = invariant(
    'each transition applied once: the history is one unbroken path to the current phase, with one phase period per step',
  );
  for (const release of releases) {
    const history = eventsOf.get(release.id) ?? [];
    const moves = history
      .filter(e => e.type === 'transitioned')
      .map(
        e => JSON.parse(e.changes).phase as { before: string; after: string },
      );
    let phase = 'plan';
    const seen = new Set<string>();
    for (const move of moves) {
      const from = phase;
      transitions.expect(
        move.before === from,
        () =>
          `release ${release.id}: a move ${move.before} → ${move.after} follows phase ${from}`,
      );
      const step = `${move.before}→${move.after}`;
      if (testReleaseIds.has(release.id)) {
        // The load only moves forward: a repeated step was applied twice.
        transitions.expect(
          !seen.has(step),
          () => `release ${release.id}: ${step} applied twice`,
        );
      }
      seen.add(step);
      phase = move.after;
    }
    transitions.expect(
      phase === release.phase,
      () =>
        `release ${release.id}: history ends in ${phase} but the release is ${release.phase}`,
    );
    const spans = periodsOf.get(release.id) ?? [];
    transitions.expect(
      spans.map(p => p.phase).join(',') ===
        ['plan', ...moves.map(m => m.after)].join(','),
      () =>
        `release ${release.id}: phase periods ${spans
          .map(p => p.phase)
          .join(',')} do not match its moves`,
    );
    const open = spans.filter(p => p.left_at === null);
    transitions.expect(
      open.length === 1 && open[0] === spans[spans.length - 1],
      () => `release ${release.id}: ${open.length} open phase periods`,
    );
    for (let i = 1; i < spans.length; i++) {
      transitions.expect(
        spans[i - 1].left_at?.getTime() === spans[i].entered_at.getTime(),
        () =>
          `release ${release.id}: a gap between phase periods ${
            i - 1
          } and ${i}`,
      );
    }
  }
  const transitionAnswers = groupBy(
    answered.filter(e => e.operation === 'transition'),
    e => e.key,
  );
  for (const [key, ok] of transitionAnswers) {
    const [releaseId, to] = key.split(':');
    const applied = (eventsOf.get(releaseId) ?? []).filter(
      e =>
        e.type === 'transitioned' && JSON.parse(e.changes).phase.after === to,
    ).length;
    transitions.expect(
      ok.length === 1 && applied === 1,
      () =>
        `release ${releaseId} → ${to}: ${ok.length} copies answered 2xx, ${applied} applied`,
    );
    for (const answer of ok) {
      transitions.expect(
        answer.body.phase === to,
        () =>
          `release ${releaseId} → ${to} answered phase ${answer.body.phase}`,
      );
    }
  }

  // --- Edits ----------------------------------------------------------------
  const edits = invariant(
    'concurrent edits of one revision: exactly one wins, with its history row',
  );
  for (const [releaseId, copies] of groupBy(
    exchanges.filter(e => e.operation === 'edit'),
    e => e.key,
  )) {
    const ok = copies.filter(isSuccess);
    const updates = (eventsOf.get(releaseId) ?? []).filter(
      e => e.type === 'updated',
    );
    edits.expect(
      ok.length <= 1 && updates.length <= 1,
      () =>
        `release ${releaseId}: ${ok.length} edits of one revision answered 2xx, ${updates.length} applied`,
    );
    for (const answer of ok) {
      edits.expect(
        updates.some(
          u =>
            JSON.parse(u.changes).title?.after ===
            (answer.requestBody as { title: string }).title,
        ),
        () => `release ${releaseId}: the winning edit has no history row`,
      );
    }
  }

  // --- Approvals ------------------------------------------------------------
  const counted = invariant(
    'each approver counted once per release and round (API and rows agree)',
  );
  const testReleases = [...testReleaseIds]
    .map(id => releaseById.get(id))
    .filter((r): r is ReleaseRow => r !== undefined);
  const statusOf = new Map<string, any>();
  await Promise.all(
    testReleases.map(async release => {
      const res = await fetch(
        `${replicas[0].baseUrl}/api/releases/releases/${release.id}/approvals`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      statusOf.set(release.id, res.ok ? await res.json() : res.status);
    }),
  );
  let repeatedDecisions = 0;
  for (const release of testReleases) {
    const status = statusOf.get(release.id);
    if (typeof status !== 'object') {
      counted.expect(
        false,
        () => `GET approvals of ${release.id} answered ${status}`,
      );
      continue;
    }
    const inRound = (approvalsOf.get(release.id) ?? []).filter(
      a => a.round === release.approval_round,
    );
    const latest = new Map<string, ApprovalRow>();
    for (const row of inRound) {
      latest.set(row.approver, row);
    }
    repeatedDecisions += inRound.length - latest.size;
    const everyone: string[] = [];
    for (const rule of status.rules as Array<{
      key: string;
      approvers: string[];
      given: number;
      required: number;
      state: string;
    }>) {
      counted.expect(
        new Set(rule.approvers).size === rule.approvers.length &&
          rule.given === rule.approvers.length &&
          rule.given <= rule.required,
        () =>
          `release ${release.id} rule ${rule.key}: given ${rule.given} of ${
            rule.required
          } by ${rule.approvers.join(', ')}`,
      );
      everyone.push(...rule.approvers);
      for (const approver of rule.approvers) {
        counted.expect(
          latest.get(approver)?.decision === 'approved',
          () =>
            `release ${release.id}: ${approver} counted without an approval in round ${release.approval_round}`,
        );
      }
    }
    counted.expect(
      new Set(everyone).size === everyone.length,
      () =>
        `release ${release.id}: someone counted in two rules: ${everyone.join(
          ', ',
        )}`,
    );
    const distinctApprovers = [...latest.values()].filter(
      a => a.decision === 'approved',
    ).length;
    counted.expect(
      everyone.length <= distinctApprovers,
      () =>
        `release ${release.id}: ${everyone.length} approvals counted from ${distinctApprovers} approvers`,
    );
    if (status.status === 'approved') {
      counted.expect(
        status.rules.every((r: { state: string }) => r.state === 'satisfied'),
        () => `release ${release.id}: approved with a rule not satisfied`,
      );
    }
  }
  // One decision per approver and round: a repeat sent at once is the same row.
  counted.expect(
    repeatedDecisions === 0,
    () =>
      `${repeatedDecisions} repeated decisions (the same approver twice at once) were stored as rows of their own`,
  );

  // --- Deploy gate ----------------------------------------------------------
  const gate = invariant(
    'decisions and the deploy gate are serialized: no release enters deploy over a rejection, no decision lands after the gate closed',
  );
  for (const release of releases) {
    const history = eventsOf.get(release.id) ?? [];
    const entry = history.find(
      e =>
        e.type === 'transitioned' &&
        JSON.parse(e.changes).phase.after === 'deploy',
    );
    if (!entry || release.break_glass_at !== null) {
      continue;
    }
    const decisions = history.filter(
      e => e.type === 'approved' || e.type === 'rejected',
    );
    const before = new Map<string, string>();
    for (const decision of decisions) {
      const round = JSON.parse(decision.changes).approval?.after?.round;
      if (round !== release.approval_round) {
        continue;
      }
      if (Number(decision.id) < Number(entry.id)) {
        before.set(decision.actor, decision.type);
      } else {
        gate.expect(
          false,
          () =>
            `release ${release.id}: ${decision.actor} ${decision.type} it after it entered deploy`,
        );
      }
    }
    const rejectedBy = [...before].filter(([, type]) => type === 'rejected');
    gate.expect(
      rejectedBy.length === 0,
      () =>
        `release ${release.id} entered deploy over the rejection of ${rejectedBy
          .map(([actor]) => actor)
          .join(', ')}`,
    );
  }

  // --- History --------------------------------------------------------------
  const history = invariant(
    'every mutation has its history row (created, revisions, decisions, reviews, current versions)',
  );
  const REVISING = new Set(['transitioned', 'updated', 'reviewed']);
  for (const release of releases) {
    const list = eventsOf.get(release.id) ?? [];
    history.expect(
      list.length > 0 &&
        list[0].type === 'created' &&
        list.filter(e => e.type === 'created').length === 1,
      () => `release ${release.id}: not exactly one created event first`,
    );
    const revising = list.filter(e => REVISING.has(e.type)).length;
    history.expect(
      Number(release.revision) === 1 + revising,
      () =>
        `release ${release.id}: revision ${release.revision} after ${revising} recorded changes`,
    );
    const decisionRows = (approvalsOf.get(release.id) ?? [])
      .map(a => `${a.approver} ${a.decision} ${a.decided_at.getTime()}`)
      .sort();
    const decisionEvents = list
      .filter(e => e.type === 'approved' || e.type === 'rejected')
      .map(e => `${e.actor} ${e.type} ${e.at.getTime()}`)
      .sort();
    history.expect(
      decisionRows.join('|') === decisionEvents.join('|'),
      () =>
        `release ${release.id}: ${decisionRows.length} decisions but ${decisionEvents.length} decision events`,
    );
  }
  for (const review of reviews) {
    const release = releaseById.get(review.release_id);
    history.expect(
      (eventsOf.get(review.release_id) ?? []).some(
        e => e.type === 'reviewed',
      ) && release?.outcome === review.outcome,
      () => `review of ${review.release_id} has no history row or outcome`,
    );
  }
  const succeeded = groupBy(
    deployments.filter(d => d.status === 'succeeded'),
    d => `${d.entity_ref} ${d.environment}`,
  );
  const current = new Map(
    currentVersions.map(c => [
      `${c.entity_ref} ${c.environment}`,
      String(c.deployment_id),
    ]),
  );
  for (const [key, group] of succeeded) {
    const latest = [...group].sort(
      (x, y) =>
        y.deployed_at!.getTime() - x.deployed_at!.getTime() ||
        Number(y.id) - Number(x.id),
    )[0];
    history.expect(
      current.get(key) === latest.id,
      () =>
        `current version of ${key} is deployment ${current.get(
          key,
        )}, the latest is ${latest.id}`,
    );
  }

  // --- Answered writes exist ------------------------------------------------
  const written = invariant('no request answered 2xx whose write is missing');
  for (const answer of answered) {
    const { body } = answer;
    switch (answer.operation) {
      case 'create': {
        const created = (eventsOf.get(body.id) ?? []).find(
          e => e.type === 'created',
        );
        written.expect(
          releaseById.get(body.id)?.created_by === userRef(answer.user) &&
            created !== undefined &&
            JSON.parse(created.changes).title.after ===
              (answer.requestBody as { title: string }).title,
          () => `created release ${body.id} is missing or differs`,
        );
        break;
      }
      case 'approve': {
        const row = approvals.find(a => a.id === String(body.decision.id));
        written.expect(
          row !== undefined &&
            row.approver === userRef(answer.user) &&
            row.decision === body.decision.decision &&
            row.release_id === answer.key,
          () => `decision ${body.decision?.id} of ${answer.user} is missing`,
        );
        break;
      }
      case 'review':
        written.expect(
          reviews.some(r => r.release_id === answer.key) &&
            (eventsOf.get(answer.key) ?? []).some(
              e => e.type === 'reviewed' && e.actor === userRef(answer.user),
            ),
          () => `review of ${answer.key} by ${answer.user} is missing`,
        );
        break;
      default:
        // Transitions, edits, deployments and incidents: checked above.
        break;
    }
  }

  // --- Both replicas tell the same story ------------------------------------
  const agree = invariant(
    'both replicas answer with what the database holds (phase, revision, history length)',
  );
  await Promise.all(
    testReleases.flatMap(release =>
      replicas.map(async replica => {
        const headers = { Authorization: `Bearer ${token}` };
        const [got, log] = await Promise.all([
          fetch(`${replica.baseUrl}/api/releases/releases/${release.id}`, {
            headers,
          }).then(r => r.json()),
          fetch(
            `${replica.baseUrl}/api/releases/releases/${release.id}/events?limit=1`,
            { headers },
          ).then(r => r.json()),
        ]);
        const count = (eventsOf.get(release.id) ?? []).length;
        agree.expect(
          got.phase === release.phase &&
            got.revision === Number(release.revision) &&
            log.totalCount === count,
          () =>
            `${replica.name} shows release ${release.id} as ${got.phase} r${got.revision} with ${log.totalCount} events; the database has ${release.phase} r${release.revision} with ${count}`,
        );
      }),
    ),
  );

  return results;
}
