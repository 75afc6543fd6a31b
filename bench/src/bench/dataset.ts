import fs from 'node:fs';
import { Knex } from 'knex';

/**
 * The last migration whose schema this writer fills in. The data is written
 * on the schema as it was then, and newer migrations run on it afterwards, as
 * an upgrade of a live installation would run them: they add their columns
 * and tables and backfill what they denormalise. Move this forward when the
 * writer learns a newer schema.
 */
export const WRITER_SCHEMA = '20261129050000_first_deployed_at.js';

/** How much data a run generates. */
export interface Scale {
  name: 'small' | 'large';
  components: number;
  systems: number;
  releases: number;
  deployments: number;
  incidents: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  small: {
    name: 'small',
    components: 500,
    systems: 10,
    releases: 20_000,
    deployments: 200_000,
    incidents: 5_000,
  },
  large: {
    name: 'large',
    components: 5_000,
    systems: 100,
    releases: 200_000,
    deployments: 2_000_000,
    incidents: 50_000,
  },
};

/** The four environments, in promotion order; production is gated. */
export const ENVIRONMENTS = [
  { name: 'dev' },
  { name: 'test' },
  { name: 'staging' },
  { name: 'production', gated: true },
];

const DAY = 24 * 3600 * 1000;
const OPEN = new Set(['plan', 'design', 'build', 'test', 'deploy', 'review']);
/** Two years of history up to now, plans up to two months ahead. */
const HISTORY_DAYS = 730;
const FUTURE_DAYS = 60;

export const componentRef = (i: number) =>
  `component:default/svc-${String(i).padStart(4, '0')}`;
export const systemRef = (s: number) =>
  `system:default/sys-${String(s).padStart(3, '0')}`;
export const teamRef = (s: number) =>
  `group:default/team-${String(s).padStart(3, '0')}`;
const releaseId = (i: number) =>
  `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/** Deterministic pseudo-random numbers (mulberry32), so runs are comparable. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The first value whose cumulative weight exceeds `roll` (in [0, 1)). */
function weighted<T>(roll: number, ...choices: Array<[T, number]>): T {
  let total = 0;
  for (const [value, weight] of choices) {
    total += weight;
    if (roll < total) return value;
  }
  return choices[choices.length - 1][0];
}

/**
 * The catalog: one team and one system per 50 components, each component
 * depending on the previous one in its system. Written as YAML documents.
 */
export function writeCatalog(scale: Scale, file: string): number {
  const perSystem = scale.components / scale.systems;
  const docs: object[] = [];
  const group = (name: string, members: string[] = []) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name },
    spec: { type: 'team', children: [], members },
  });
  const user = (name: string, memberOf: string[]) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: { memberOf },
  });
  docs.push(group('cab'), group('release-managers'));
  docs.push(user('guest', ['team-000', 'cab', 'release-managers']));
  docs.push(user('cab-1', ['cab']), user('cab-2', ['cab']));
  for (let s = 0; s < scale.systems; s++) {
    const team = teamRef(s).split('/')[1];
    docs.push(group(team), user(`lead-${team}`, [team]));
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: systemRef(s).split('/')[1] },
      spec: { owner: team },
    });
  }
  for (let i = 0; i < scale.components; i++) {
    const s = Math.floor(i / perSystem);
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: componentRef(i).split('/')[1] },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: teamRef(s).split('/')[1],
        system: systemRef(s).split('/')[1],
        ...(i % perSystem > 0
          ? { dependsOn: [componentRef(i - 1).replace('/', ':')] }
          : {}),
      },
    });
  }
  fs.writeFileSync(file, docs.map(d => JSON.stringify(d)).join('\n---\n'));
  return docs.length;
}

/** Batches rows into multi-row inserts, tables in the order first written. */
class BulkWriter {
  private readonly buffers = new Map<string, object[]>();
  readonly counts = new Map<string, number>();

  constructor(
    private readonly knex: Knex,
    private readonly batchSize: number,
  ) {}

  async add(table: string, row: object) {
    const buffer = this.buffers.get(table) ?? [];
    buffer.push(row);
    this.buffers.set(table, buffer);
    this.counts.set(table, (this.counts.get(table) ?? 0) + 1);
    if (buffer.length >= this.batchSize) {
      // Parents (registered first) go before children: foreign keys hold.
      await this.flush();
    }
  }

  async flushTable(table: string) {
    const buffer = this.buffers.get(table);
    if (buffer?.length) {
      this.buffers.set(table, []);
      await this.knex(table).insert(buffer);
    }
  }

  async flush() {
    for (const table of this.buffers.keys()) {
      await this.flushTable(table);
    }
  }
}

/** Ids the scenarios pick from, so requests hit real rows. */
export interface DatasetIndex {
  /** Releases planned within the last 90 days or in flight. */
  recentReleaseIds: string[];
  /** Components with a release in deploy for production (gate passes). */
  inDeploy: Array<{ entityRef: string; version: string }>;
  rows: Record<string, number>;
}

/**
 * Writes the releases plugin's rows directly: releases with components,
 * history and phase periods, approvals, reviews, deployments with the
 * current-versions projection, incidents attributed to deployments.
 */
export async function generateDataset(
  knex: Knex,
  scale: Scale,
  now: Date,
  log: (message: string) => void,
): Promise<DatasetIndex> {
  const rand = random(42);
  const pick = <T>(items: readonly T[]) =>
    items[Math.floor(rand() * items.length)];
  const isPg = knex.client.config.client === 'pg';
  // PostgreSQL takes at most 65535 bind parameters per statement.
  const writer = new BulkWriter(knex, isPg ? 2000 : 500);
  const perSystem = scale.components / scale.systems;
  const start = now.getTime() - HISTORY_DAYS * DAY;
  const span = (HISTORY_DAYS + FUTURE_DAYS) * DAY;
  const index: DatasetIndex = { recentReleaseIds: [], inDeploy: [], rows: {} };

  let eventId = 0;
  let periodId = 0;
  let approvalId = 0;
  const event = (
    release: string,
    type: string,
    actor: string,
    at: Date,
    changes: object,
  ) =>
    writer.add('release_events', {
      id: ++eventId,
      release_id: release,
      type,
      actor,
      at,
      reason: null,
      changes: JSON.stringify(changes),
    });
  const period = (
    release: string,
    phase: string,
    entered: Date,
    left: Date | null,
  ) =>
    writer.add('release_phase_periods', {
      id: ++periodId,
      release_id: release,
      phase,
      entered_at: entered,
      left_at: left,
    });

  const risk = JSON.stringify({
    score: 20,
    level: 'low',
    reasons: [],
    computedAt: now.toISOString(),
  });
  const t0 = Date.now();
  for (let i = 0; i < scale.releases; i++) {
    const id = releaseId(i);
    const system = Math.floor(rand() * scale.systems);
    const first = system * perSystem + Math.floor(rand() * perSystem);
    const componentCount = 1 + Math.floor(rand() * 3);
    const owner = teamRef(system);
    const creator = `user:default/dev-${String(system).padStart(3, '0')}`;
    const lead = `user:default/lead-team-${String(system).padStart(3, '0')}`;
    // 80 % minor, 10 % major, 10 % emergency.
    const type = weighted(
      rand(),
      ['minor', 0.8],
      ['major', 0.1],
      ['emergency', 0.1],
    );
    const plannedStart = new Date(
      start + (i / scale.releases) * span + rand() * DAY,
    );
    const plannedEnd = new Date(
      plannedStart.getTime() +
        (type === 'emergency' ? 0.2 : 1 + rand() * 4) * DAY,
    );
    const createdAt = new Date(
      plannedStart.getTime() - (3 + rand() * 20) * DAY,
    );
    const sinceEnd = now.getTime() - plannedEnd.getTime();
    let phase: string;
    if (sinceEnd > 3 * DAY) {
      phase = rand() < 0.92 ? 'closed' : 'cancelled';
    } else if (plannedStart.getTime() - now.getTime() > 7 * DAY) {
      phase = rand() < 0.7 ? 'plan' : 'design';
    } else {
      phase = pick(['build', 'test', 'deploy', 'deploy', 'review']);
    }
    const closed = phase === 'closed';
    const version = `${1 + (i % 7)}.${Math.floor(i / 7) % 100}.0`;
    let outcome: string | null = null;
    if (closed) {
      outcome =
        rand() < 0.85
          ? 'successful'
          : pick(['partially_successful', 'failed', 'rolled_back']);
    }
    const environments = ['staging', 'production'];
    const deployed = closed || phase === 'deploy' || phase === 'review';

    await writer.add('releases', {
      id,
      title: `${owner.split('/')[1]} ${version}`,
      description: 'Generated by the benchmark',
      type,
      phase,
      planned_start: plannedStart,
      planned_end: plannedEnd,
      actual_start: closed ? plannedStart : null,
      actual_end: closed ? plannedEnd : null,
      owner,
      created_by: creator,
      environments: JSON.stringify(environments),
      revision: closed ? 7 : 2,
      created_at: createdAt,
      updated_at: closed ? plannedEnd : createdAt,
      approval_round: 1,
      break_glass_at: null,
      break_glass_reason: null,
      outcome,
      // Open releases carry a current assessment, as the scheduled refresh
      // leaves them; closed ones keep none.
      risk: OPEN.has(phase) ? risk : null,
      first_deployed_at: deployed ? plannedStart : null,
    });
    for (let c = 0; c < componentCount; c++) {
      const component = system * perSystem + ((first + c) % perSystem);
      await writer.add('release_components', {
        release_id: id,
        entity_ref: componentRef(component),
        version,
        position: c,
      });
      if (phase === 'deploy' && c === 0) {
        index.inDeploy.push({ entityRef: componentRef(component), version });
      }
    }
    await event(id, 'created', creator, createdAt, {
      phase: { before: null, after: 'plan' },
    });

    if (deployed) {
      // Approved before deploy: the owner's lead, plus the CAB for majors;
      // one decision per approver in a round, as the unique index demands.
      const approvers = new Set(
        type === 'major'
          ? [lead, 'user:default/cab-1', 'user:default/cab-2']
          : [lead],
      );
      for (const approver of approvers) {
        await writer.add('approvals', {
          id: ++approvalId,
          release_id: id,
          round: 1,
          approver,
          on_behalf_of: null,
          decision: 'approved',
          comment: '',
          decided_at: plannedStart,
        });
      }
      let deployEnd: Date | null = null;
      if (closed) deployEnd = plannedEnd;
      else if (phase === 'review') deployEnd = now;
      await period(id, 'deploy', plannedStart, deployEnd);
      if (closed || phase === 'review') {
        await period(id, 'review', deployEnd!, closed ? plannedEnd : null);
      }
      await event(id, 'transitioned', lead, plannedStart, {
        phase: { before: 'test', after: 'deploy' },
      });
    } else {
      await period(id, phase, createdAt, null);
    }
    if (closed) {
      await event(id, 'transitioned', lead, plannedEnd, {
        phase: { before: 'review', after: 'closed' },
      });
      if (i % 3 === 0) {
        await writer.add('release_reviews', {
          release_id: id,
          outcome: outcome!,
          went_well: 'Generated',
          went_wrong: '',
          actions: '[]',
          reviewed_by: lead,
          reviewed_at: plannedEnd,
        });
      }
    }
    if (now.getTime() - plannedStart.getTime() < 90 * DAY && phase !== 'plan') {
      index.recentReleaseIds.push(id);
    }
  }
  await writer.flush();
  log(`releases written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Deployments: evenly over the history, environments in promotion order,
  // every 40th (a production one) followed by an incident.
  const t1 = Date.now();
  const current = new Map<string, { id: number; at: Date }>();
  const versionOf = new Map<number, number>();
  const incidentEvery = Math.floor(scale.deployments / scale.incidents);
  const historySpan = HISTORY_DAYS * DAY;
  let incidentId = 0;
  for (let i = 0; i < scale.deployments; i++) {
    const id = i + 1;
    const environment = ENVIRONMENTS[i % ENVIRONMENTS.length].name;
    const component = Math.floor(i / ENVIRONMENTS.length) % scale.components;
    const cycle = Math.floor(i / (ENVIRONMENTS.length * scale.components));
    const deployedAt = new Date(start + (i / scale.deployments) * historySpan);
    const succeeded = rand() < 0.96;
    const entityRef = componentRef(component);
    const version = versionOf.get(component) ?? 0;
    versionOf.set(component, version + (environment === 'production' ? 1 : 0));
    await writer.add('deployments', {
      id,
      entity_ref: entityRef,
      environment,
      version: `1.${cycle}.${version}`,
      status: succeeded ? 'succeeded' : 'failed',
      deployed_at: deployedAt,
      actor: 'ci-pipeline',
      source: 'bench',
      external_id: `deploy-${id}`,
      release_id: null,
      commit: null,
      url: null,
      authorized: true,
      authorization_reason: 'generated',
      created_at: deployedAt,
    });
    if (succeeded) {
      current.set(`${entityRef}\n${environment}`, { id, at: deployedAt });
    }
    if (i % incidentEvery === ENVIRONMENTS.length - 1) {
      const opened = new Date(deployedAt.getTime() + rand() * 12 * 3600 * 1000);
      const resolved =
        rand() < 0.9
          ? new Date(opened.getTime() + (0.2 + rand() * 30) * 3600 * 1000)
          : null;
      await writer.add('incidents', {
        id: ++incidentId,
        entity_ref: entityRef,
        environment,
        severity: pick(['critical', 'high', 'medium', 'low']),
        title: `Incident after ${entityRef}`,
        opened_at: opened,
        resolved_at: resolved,
        url: null,
        source: 'bench',
        external_id: `incident-${incidentId}`,
        deployment_id: id,
        release_id: null,
        created_at: opened,
      });
    }
  }
  for (const [key, { id, at }] of current) {
    const [entityRef, environment] = key.split('\n');
    await writer.add('current_versions', {
      entity_ref: entityRef,
      environment,
      deployment_id: id,
      deployed_at: at,
    });
  }
  await writer.flush();
  log(`deployments written in ${((Date.now() - t1) / 1000).toFixed(1)} s`);

  if (isPg) {
    for (const table of [
      'release_events',
      'release_phase_periods',
      'approvals',
      'deployments',
      'incidents',
    ]) {
      await knex.raw(
        `SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT max(id) FROM ??))`,
        [table, table],
      );
    }
    await knex.raw('ANALYZE');
  } else {
    await knex.raw('ANALYZE');
  }
  index.rows = Object.fromEntries(writer.counts);
  return index;
}
