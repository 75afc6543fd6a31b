import fc from 'fast-check';
import express from 'express';
import request from 'supertest';
import { jsonPieces, sendJsonInSlices } from './sendJson';

async function text(value: unknown): Promise<string> {
  let out = '';
  for await (const piece of jsonPieces(value)) out += piece;
  return out;
}

describe('jsonPieces', () => {
  it('writes what JSON.stringify writes, for any JSON value and long arrays', async () => {
    const long = <T>(item: fc.Arbitrary<T>) =>
      fc.array(item, { minLength: 95, maxLength: 320 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          long(fc.jsonValue({ maxDepth: 2 })),
          fc.record({
            releases: long(fc.jsonValue({ maxDepth: 2 })),
            nested: fc.record({
              items: long(fc.integer()),
              none: fc.constant(undefined),
            }),
            truncated: fc.boolean(),
          }),
        ),
        async value => {
          expect(await text(value)).toBe(JSON.stringify(value));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('leaves out what JSON.stringify leaves out and honours toJSON', async () => {
    const at = new Date('2026-12-01T10:00:00.000Z');
    const value = {
      skipped: undefined,
      fn: () => 1,
      at,
      custom: { toJSON: () => 'custom' },
      list: Array.from({ length: 250 }, (_, i) =>
        i % 50 === 0 ? undefined : { i, at, skipped: undefined },
      ),
      empty: [],
      [Symbol('s')]: 1,
    };
    expect(await text(value)).toBe(JSON.stringify(value));
    expect(await text(undefined)).toBe('');
  });

  it('lets other work run between slices of a long array', async () => {
    const order: string[] = [];
    const pieces: string[] = [];
    setImmediate(() => order.push('other work'));
    for await (const piece of jsonPieces(
      Array.from({ length: 300 }, (_, i) => i),
    )) {
      pieces.push(piece);
      order.push('slice');
    }
    expect(pieces.join('')).toBe(
      JSON.stringify(Array.from({ length: 300 }, (_, i) => i)),
    );
    expect(order.indexOf('other work')).toBeGreaterThan(0);
    expect(order.indexOf('other work')).toBeLessThan(order.length - 1);
  });
});

describe('sendJsonInSlices', () => {
  it('answers the JSON with its content type and the status set before', async () => {
    const body = {
      items: Array.from({ length: 1_000 }, (_, i) => ({
        id: `r-${i}`,
        title: 'é'.repeat(i % 7),
      })),
      totalCount: 1_000,
    };
    const app = express();
    app.get('/', async (_req, res) => {
      res.status(201);
      await sendJsonInSlices(res, body);
    });
    const res = await request(app).get('/');
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.text).toBe(JSON.stringify(body));
  });
});
