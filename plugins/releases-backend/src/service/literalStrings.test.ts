import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import ICAL from 'ical.js';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import request from 'supertest';
import { releasesPlugin } from '../plugin';
import { testEntities } from '../__testUtils__/catalog';
import { createTestDatabases } from '../__testUtils__/databases';

// Strings that look like SQL, HTML or templates are data: stored, returned
// and exported byte for byte, never interpreted.

jest.setTimeout(120_000);

const databases = createTestDatabases();

/**
 * None starts or ends with white space (titles and names are trimmed) or
 * with = + - @ (the characters spreadsheets read as a formula).
 */
const HOSTILE = [
  "'; DROP TABLE releases; --",
  "Robert'); DELETE FROM release_events;--",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  'Zoë’s “release” 🚀 — 日本語 · עברית',
  'back\\slash "quoted", semi;colon\nsecond line',
];

const TABLES = [
  'releases',
  'release_components',
  'release_events',
  'release_phase_periods',
  'approvals',
  'release_reviews',
  'incidents',
  'deployments',
  'current_versions',
  'baselines',
  'baseline_items',
  'feed_tokens',
];

const component = 'component:default/payments-api';
const alice = mockCredentials.user.header('user:default/alice');
const carol = mockCredentials.user.header('user:default/carol');
const now = DateTime.utc().startOf('hour');
const iso = (d: DateTime) => d.toISO({ suppressMilliseconds: true })!;

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A CSV export as objects keyed by its header. */
function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map(r => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

describe.each(databases.eachSupportedId())(
  'hostile strings on %p',
  databaseId => {
    let knex: Knex;
    let app: Awaited<ReturnType<typeof startTestBackend>>['server'];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      app = (
        await startTestBackend({
          features: [
            releasesPlugin,
            mockServices.database.factory({ knex }),
            catalogServiceMock.factory({ entities: testEntities }),
            mockServices.rootConfig.factory({
              data: {
                app: { baseUrl: 'http://portal.example.com' },
                releases: {
                  environments: [
                    { name: 'staging' },
                    { name: 'production', gated: true },
                  ],
                  approvalPolicies: [
                    {
                      name: 'cab-for-major',
                      when: { types: ['major'] },
                      require: [{ group: 'group:default/cab', count: 2 }],
                    },
                  ],
                },
              },
            }),
          ],
        })
      ).server;
    });

    const api = (method: 'get' | 'post' | 'patch', path: string, as = alice) =>
      request(app)[method](`/api/releases${path}`).set('Authorization', as);

    async function ok(
      res: request.Test,
      status: number,
    ): Promise<request.Response> {
      const response = await res;
      expect({ status: response.status, body: response.body }).toMatchObject({
        status,
      });
      return response;
    }

    async function count(table: string) {
      return Number((await knex(table).count({ count: '*' }))[0].count);
    }

    /** One release per hostile string, its title and description that string. */
    const releases: { id: string; text: string }[] = [];

    it('stores release titles and descriptions literally (create, read, list, search)', async () => {
      for (const [i, text] of HOSTILE.entries()) {
        const created = await ok(
          api('post', '/releases').send({
            title: text,
            description: text,
            type: 'major',
            owner: 'group:default/payments-team',
            plannedStart: iso(now.plus({ days: 10 + i })),
            plannedEnd: iso(now.plus({ days: 11 + i })),
            environments: ['staging'],
            components: [{ entityRef: component, version: `1.${i}.0` }],
          }),
          201,
        );
        expect(created.body.title).toBe(text);
        expect(created.body.description).toBe(text);
        releases.push({ id: created.body.id, text });
      }

      for (const { id, text } of releases) {
        const read = await ok(api('get', `/releases/${id}`), 200);
        expect(read.body.title).toBe(text);
        expect(read.body.description).toBe(text);

        const found = await ok(
          api(
            'get',
            `/releases?${new URLSearchParams({ q: text, limit: '100' })}`,
          ),
          200,
        );
        expect(found.body.items.map((r: { id: string }) => r.id)).toContain(id);
      }
      const listed = await ok(api('get', '/releases?limit=100'), 200);
      expect(
        listed.body.items.map((r: { title: string }) => r.title).sort(),
      ).toEqual([...HOSTILE].sort());
      expect(await count('releases')).toBe(HOSTILE.length);
    });

    it('keeps patched titles, transition reasons and approval comments literally, in the history too', async () => {
      for (const { id, text } of releases) {
        const patched = await ok(
          api('patch', `/releases/${id}`).send({
            revision: 1,
            title: `${text} v2`,
            description: `v2 ${text}`,
          }),
          200,
        );
        expect(patched.body.title).toBe(`${text} v2`);
        expect(patched.body.description).toBe(`v2 ${text}`);

        await ok(
          api('post', `/releases/${id}/transitions`).send({
            to: 'design',
            reason: text,
          }),
          200,
        );
        const decided = await ok(
          api('post', `/releases/${id}/approvals`, carol).send({
            decision: 'approved',
            comment: text,
          }),
          201,
        );
        expect(decided.body.decision.comment).toBe(text);

        const approvals = await ok(
          api('get', `/releases/${id}/approvals`),
          200,
        );
        expect(
          approvals.body.decisions.map((d: { comment: string }) => d.comment),
        ).toEqual([text]);

        const events = await ok(
          api('get', `/releases/${id}/events?order=asc`),
          200,
        );
        expect(events.body.items.map((e: { type: string }) => e.type)).toEqual([
          'created',
          'updated',
          'transitioned',
          'approved',
        ]);
        const [, updated, moved, approved] = events.body.items;
        expect(updated.changes.title).toEqual({
          before: text,
          after: `${text} v2`,
        });
        expect(moved.reason).toBe(text);
        expect(approved.reason).toBe(text);
      }
    });

    it('exports titles and descriptions literally in the iCalendar feed', async () => {
      const feed = await ok(
        api(
          'get',
          `/calendar.ics?${new URLSearchParams({ entityRef: component })}`,
        ),
        200,
      );
      const events = new ICAL.Component(ICAL.parse(feed.text))
        .getAllSubcomponents('vevent')
        .map(e => new ICAL.Event(e));
      for (const { id, text } of releases) {
        const event = events.find(
          e => e.uid === `release-${id}@releases.backstage-itsm`,
        );
        expect(event?.summary).toBe(`[major] ${text} v2 (Design)`);
        expect(event?.description.split('\nOwner: ')[0]).toBe(`v2 ${text}`);
      }
    });

    it('stores review texts literally', async () => {
      const created = await ok(
        api('post', '/releases').send({
          title: 'Reviewed release',
          type: 'minor',
          owner: 'group:default/payments-team',
          plannedStart: iso(now.plus({ days: 1 })),
          plannedEnd: iso(now.plus({ days: 2 })),
          environments: ['staging'],
          components: [{ entityRef: component }],
        }),
        201,
      );
      const id = created.body.id;
      for (const to of ['design', 'build', 'test', 'deploy', 'review']) {
        await ok(api('post', `/releases/${id}/transitions`).send({ to }), 200);
      }
      const body = {
        outcome: 'partially_successful',
        wentWell: HOSTILE.join('\n'),
        wentWrong: HOSTILE.slice().reverse().join('\n'),
        actions: HOSTILE.map(text => ({
          description: text,
          owner: 'user:default/bob',
        })),
      };
      await ok(api('post', `/releases/${id}/review`).send(body), 201);
      const review = await ok(api('get', `/releases/${id}/review`), 200);
      expect(review.body).toMatchObject(body);
    });

    it('stores deployment versions and commits, incident titles and baseline names literally, and exports them literally', async () => {
      // One deployment per string, one hour apart, so the last is current.
      for (const [i, text] of HOSTILE.entries()) {
        const res = await ok(
          api('post', '/deployments').send({
            entityRef: component,
            environment: 'staging',
            version: text,
            commit: text,
            status: 'succeeded',
            source: 'github-actions',
            externalId: `run-${i}`,
            deployedAt: iso(now.minus({ hours: HOSTILE.length - i })),
          }),
          201,
        );
        expect(res.body.version).toBe(text);
        expect(res.body.commit).toBe(text);
      }
      const byVersion = (items: { version: string; commit: string }[]) =>
        items.map(d => [d.version, d.commit]).sort();
      const expected = HOSTILE.map(text => [text, text]).sort();

      const list = await ok(
        api(
          'get',
          `/deployments?${new URLSearchParams({
            entityRef: component,
            limit: '100',
          })}`,
        ),
        200,
      );
      expect(byVersion(list.body.items)).toEqual(expected);
      const json = await ok(
        api(
          'get',
          `/deployments?${new URLSearchParams({
            entityRef: component,
            format: 'json',
          })}`,
        ),
        200,
      );
      expect(byVersion(json.body)).toEqual(expected);
      const csv = await ok(
        api(
          'get',
          `/deployments?${new URLSearchParams({
            entityRef: component,
            format: 'csv',
          })}`,
        ),
        200,
      );
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(byVersion(csvRecords(csv.text) as any)).toEqual(expected);

      const latest = HOSTILE[HOSTILE.length - 1];
      const versions = await ok(
        api(
          'get',
          `/versions?${new URLSearchParams({ entityRef: component })}`,
        ),
        200,
      );
      expect(versions.body.rows[0].environments.staging.version).toBe(latest);
      const versionsCsv = await ok(
        api(
          'get',
          `/versions?${new URLSearchParams({
            entityRef: component,
            format: 'csv',
          })}`,
        ),
        200,
      );
      expect(csvRecords(versionsCsv.text)).toEqual([
        expect.objectContaining({ environment: 'staging', version: latest }),
      ]);

      // Baselines: named literally; the diff exports versions literally.
      for (const text of HOSTILE) {
        const baseline = await ok(
          api('post', '/baselines').send({
            name: text,
            scope: { entityRef: component },
          }),
          201,
        );
        expect(baseline.body.name).toBe(text);
        const read = await ok(
          api('get', `/baselines/${baseline.body.id}`),
          200,
        );
        expect(read.body.name).toBe(text);
        expect(read.body.items).toEqual([
          expect.objectContaining({ environment: 'staging', version: latest }),
        ]);
      }
      const baselines = await ok(api('get', '/baselines?limit=100'), 200);
      expect(
        baselines.body.items.map((b: { name: string }) => b.name).sort(),
      ).toEqual([...HOSTILE].sort());

      const next = HOSTILE[0];
      await ok(
        api('post', '/deployments').send({
          entityRef: component,
          environment: 'staging',
          version: `${next} again`,
          status: 'succeeded',
          source: 'github-actions',
          externalId: 'run-again',
        }),
        201,
      );
      const baselineId = baselines.body.items[0].id;
      const diff = await ok(
        api('get', `/baselines/${baselineId}/diff?format=csv`),
        200,
      );
      expect(csvRecords(diff.text)).toEqual([
        expect.objectContaining({
          entityRef: component,
          environment: 'staging',
          before: latest,
          after: `${next} again`,
        }),
      ]);

      for (const [i, text] of HOSTILE.entries()) {
        const incident = await ok(
          api('post', '/incidents').send({
            entityRef: component,
            environment: 'staging',
            severity: 'low',
            title: text,
            openedAt: iso(now.minus({ minutes: 30 - i })),
            source: 'pagerduty',
            externalId: `incident-${i}`,
          }),
          201,
        );
        expect(incident.body.title).toBe(text);
      }
      const incidents = await ok(
        api(
          'get',
          `/incidents?${new URLSearchParams({
            entityRef: component,
            limit: '100',
          })}`,
        ),
        200,
      );
      expect(
        incidents.body.items.map((i: { title: string }) => i.title).sort(),
      ).toEqual([...HOSTILE].sort());
    });

    it('left every table in place, with exactly the rows the requests made', async () => {
      const n = HOSTILE.length;
      const counts: Record<string, number> = {};
      for (const table of TABLES) {
        counts[table] = await count(table);
      }
      expect(counts).toEqual({
        releases: n + 1,
        release_components: n + 1,
        // each hostile release: created, updated, moved to design, approved;
        // the reviewed one: created, 5 moves, reviewed
        release_events: 4 * n + 7,
        release_phase_periods: expect.any(Number),
        approvals: n,
        release_reviews: 1,
        incidents: n,
        deployments: n + 1,
        current_versions: 1,
        baselines: n,
        baseline_items: n,
        feed_tokens: 0,
      });
      expect(counts.release_phase_periods).toBeGreaterThan(0);
    });
  },
);
