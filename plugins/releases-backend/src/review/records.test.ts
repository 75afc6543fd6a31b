import { IncidentSeverity } from '@backstage-itsm/plugin-releases-common';
import fc from 'fast-check';
import { Knex } from 'knex';
import { ReleasesDatabase } from '../database/ReleasesDatabase';
import { createTestDatabases } from '../__testUtils__/databases';
import { createReleasesRecords } from './records';
import { ReviewStore } from './ReviewStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const components = ['a', 'b', 'c'].map(n => `component:default/${n}`);
const environments = ['staging', 'production'];
const severities: IncidentSeverity[] = ['critical', 'high', 'low'];
const HOUR = 3600_000;
const start = Date.parse('2026-11-01T00:00:00.000Z');

/** Incidents on a few components, some resolved, several opened in one instant. */
const incidents = fc.array(
  fc.record({
    entityRef: fc.constantFrom(...components),
    environment: fc.constantFrom(...environments),
    severity: fc.constantFrom(...severities),
    openedHour: fc.integer({ min: 0, max: 5 }),
    resolved: fc.boolean(),
  }),
  { maxLength: 25 },
);

/** Reads as the gate's check and the risk factor make them, with any filter and size. */
const reads = fc.array(
  fc.record({
    entityRefs: fc.subarray(components),
    environment: fc.option(fc.constantFrom(...environments), {
      nil: undefined,
    }),
    open: fc.option(fc.boolean(), { nil: undefined }),
    severities: fc.option(fc.subarray(severities), { nil: undefined }),
    sinceHour: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    limit: fc.option(fc.integer({ min: -1, max: 120 }), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 12 },
);

describe.each(databases.eachSupportedId())(
  'records read by modules on %p',
  databaseId => {
    let knex: Knex;
    let reviews: ReviewStore;
    let run = 0;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await ReleasesDatabase.migrate(knex);
      reviews = new ReviewStore(knex);
    });

    /** An open critical incident in production, opened at the start. */
    const openCritical = (
      entityRef: string,
      title: string,
      externalId: string,
    ) =>
      reviews.recordIncident(
        {
          entityRef,
          environment: 'production',
          severity: 'critical',
          title,
          openedAt: new Date(start).toISOString(),
          resolvedAt: null,
          url: null,
          source: 'test',
          externalId,
        },
        HOUR,
      );

    it('answers concurrent reads together, each as a read of its own', async () => {
      await fc.assert(
        fc.asyncProperty(incidents, reads, async (recorded, asked) => {
          await knex('incidents').delete();
          run++;
          for (const [i, incident] of recorded.entries()) {
            const openedAt = new Date(start + incident.openedHour * HOUR);
            await reviews.recordIncident(
              {
                entityRef: incident.entityRef,
                environment: incident.environment,
                severity: incident.severity,
                title: `Incident ${i}`,
                openedAt: openedAt.toISOString(),
                resolvedAt: incident.resolved
                  ? new Date(openedAt.getTime() + HOUR).toISOString()
                  : null,
                url: null,
                source: 'test',
                externalId: `${run}-${i}`,
              },
              HOUR,
            );
          }
          const queries = asked.map(read => ({
            entityRefs: read.entityRefs,
            environment: read.environment,
            open: read.open,
            severities: read.severities,
            since:
              read.sinceHour === undefined
                ? undefined
                : new Date(start + read.sinceHour * HOUR),
            limit: read.limit,
          }));

          const records = createReleasesRecords(reviews);
          // All at once: the first goes alone, the rest together.
          const answers = await Promise.all(
            queries.map(query => records.incidents(query)),
          );

          for (const [i, query] of queries.entries()) {
            const alone = await reviews.listIncidents(
              {
                entityRefs: query.entityRefs,
                environment: query.environment,
                open: query.open,
                severities: query.severities,
                from: query.since?.toISOString(),
              },
              {
                limit: Math.max(1, Math.min(query.limit ?? 20, 100)),
                offset: 0,
              },
            );
            expect(answers[i]).toEqual(alone.items);
          }
        }),
        { numRuns: 40 },
      );
    });

    it('fails only the read whose input the database refuses, not the others read with it', async () => {
      await knex('incidents').delete();
      await openCritical(components[1], 'Cart down', 'refused-neighbour');
      const records = createReleasesRecords(reviews);
      const read = (entityRef: string) =>
        records.incidents({ entityRefs: [entityRef], open: true, limit: 100 });
      // The first goes alone; the next three share a statement.
      const [, neighbour, refused, other] = await Promise.allSettled([
        read(components[0]),
        read(components[1]),
        read('component:default/nul\u0000byte'),
        read(components[2]),
      ]);
      expect(neighbour).toEqual({
        status: 'fulfilled',
        value: [expect.objectContaining({ title: 'Cart down' })],
      });
      expect(other).toEqual({ status: 'fulfilled', value: [] });
      // PostgreSQL refuses a NUL byte in text; SQLite finds nothing.
      expect(
        refused.status === 'fulfilled' ? refused.value : 'refused',
      ).toEqual(knex.client.config.client === 'pg' ? 'refused' : []);
    });

    it('answers a read made after a write with the write', async () => {
      await knex('incidents').delete();
      const records = createReleasesRecords(reviews);
      const query = {
        entityRefs: [components[0]],
        environment: 'production',
        open: true,
        severities: ['critical' as const],
        limit: 100,
      };
      // A read under way while the incident is recorded, then one made after.
      const under = records.incidents(query);
      await openCritical(components[0], 'Checkout down', 'after-write');
      const after = await records.incidents(query);
      expect((await under).length).toBeLessThanOrEqual(1);
      expect(after.map(i => i.title)).toEqual(['Checkout down']);
    });
  },
);
