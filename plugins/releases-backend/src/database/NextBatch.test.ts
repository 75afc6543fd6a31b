import fc from 'fast-check';
import { eachAloneOnFailure, NextBatch, sharedKeyReads } from './NextBatch';

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise(resolve => setImmediate(resolve));

describe('NextBatch', () => {
  it('answers every call from a batch that started after it, one batch at a time, in any order of calls and answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        // true: a call; false: the running batch answers (or fails).
        fc.array(fc.tuple(fc.boolean(), fc.boolean()), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 5 }),
        async (steps, maxSize) => {
          let clock = 0;
          let inFlight = 0;
          let mostInFlight = 0;
          const runs: Array<{
            startedAt: number;
            items: number[];
            finish: (fail: boolean) => void;
          }> = [];
          const batcher = new NextBatch<number, string>(
            items =>
              new Promise((resolve, reject) => {
                inFlight += 1;
                mostInFlight = Math.max(mostInFlight, inFlight);
                runs.push({
                  startedAt: ++clock,
                  items,
                  finish: fail => {
                    inFlight -= 1;
                    if (fail) {
                      reject(new Error(`batch ${items.join(',')}`));
                    } else {
                      resolve(items.map(i => `answer ${i}`));
                    }
                  },
                });
              }),
            maxSize,
          );
          const calls: Array<{
            calledAt: number;
            outcome?: { value?: string; error?: string };
          }> = [];
          let finished = 0;
          const finishNext = async (fail: boolean) => {
            runs[finished++].finish(fail);
            await settle();
          };
          for (const [isCall, fail] of steps) {
            if (isCall) {
              const index = calls.length;
              calls.push({ calledAt: ++clock });
              batcher.submit(index).then(
                value => {
                  calls[index].outcome = { value };
                },
                error => {
                  calls[index].outcome = { error: String(error) };
                },
              );
            } else if (finished < runs.length) {
              await finishNext(fail);
            }
          }
          while (finished < runs.length) {
            await finishNext(false);
          }

          expect(mostInFlight).toBeLessThanOrEqual(1);
          // Every call is in exactly one batch, in the order of the calls.
          expect(runs.flatMap(r => r.items)).toEqual(calls.map((_, i) => i));
          for (const run of runs) {
            expect(run.items.length).toBeGreaterThan(0);
            expect(run.items.length).toBeLessThanOrEqual(maxSize);
            for (const item of run.items) {
              expect(run.startedAt).toBeGreaterThan(calls[item].calledAt);
            }
          }
          calls.forEach((call, i) => {
            const run = runs.find(r => r.items.includes(i))!;
            expect(call.outcome).toEqual(
              call.outcome?.error
                ? { error: `Error: batch ${run.items.join(',')}` }
                : { value: `answer ${i}` },
            );
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('starts an idle call at once, alone', async () => {
    const batches: number[][] = [];
    const batcher = new NextBatch<number, number>(async items => {
      batches.push(items);
      return items.map(i => i * 2);
    });
    const first = batcher.submit(1);
    expect(batches).toEqual([[1]]);
    const second = batcher.submit(2);
    const third = batcher.submit(3);
    expect(await Promise.all([first, second, third])).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('settles a call alone when its answer is a promise of its own', async () => {
    const batcher = new NextBatch<number, number>(async items =>
      items.map(i =>
        i === 2 ? Promise.reject(new Error('two')) : Promise.resolve(i),
      ),
    );
    const results = await Promise.allSettled([
      batcher.submit(1),
      batcher.submit(2),
      batcher.submit(3),
    ]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: new Error('two') },
      { status: 'fulfilled', value: 3 },
    ]);
  });
});

describe('sharedKeyReads', () => {
  it('answers each call with its own keys, concurrent calls reading together', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.subarray(['a', 'b', 'c', 'd', 'e']), {
          minLength: 1,
          maxLength: 8,
        }),
        async calls => {
          const stored = new Map([
            ['a', 1],
            ['c', 3],
            ['e', 5],
          ]);
          const reads: string[][] = [];
          const read = sharedKeyReads(async keys => {
            reads.push(keys);
            return new Map(
              keys.flatMap(k => (stored.has(k) ? [[k, stored.get(k)!]] : [])),
            ) as Map<string, number>;
          });
          const answers = await Promise.all(calls.map(keys => read(keys)));
          answers.forEach((answer, i) =>
            expect([...answer].sort()).toEqual(
              calls[i]
                .filter(k => stored.has(k))
                .map(k => [k, stored.get(k)])
                .sort(),
            ),
          );
          // The first call reads alone; the others wait for it and read together.
          expect(reads).toHaveLength(Math.min(calls.length, 2));
          expect(reads.slice(1).flat().sort()).toEqual(
            [...new Set(calls.slice(1).flat())].sort(),
          );
        },
      ),
    );
  });
});

describe('eachAloneOnFailure', () => {
  it('fails only the calls that fail alone, running a failed batch again call by call', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.boolean()), {
          minLength: 1,
          maxLength: 8,
        }),
        async items => {
          const runs: number[][] = [];
          const run = eachAloneOnFailure<[number, boolean], number>(
            async batch => {
              runs.push(batch.map(([n]) => n));
              // The database refuses the whole statement for one bad input.
              if (batch.some(([, bad]) => bad)) {
                throw new Error(`bad ${batch.map(([n]) => n).join(',')}`);
              }
              return batch.map(([n]) => n * 10);
            },
          );
          const batcher = new NextBatch(run);
          const outcomes = await Promise.allSettled(
            items.map(item => batcher.submit(item)),
          );
          expect(
            outcomes.map(o => (o.status === 'fulfilled' ? o.value : 'failed')),
          ).toEqual(items.map(([n, bad]) => (bad ? 'failed' : n * 10)));
          // The first call goes alone, the others together; only that batch
          // of several, when it fails, is run again call by call.
          const [first, ...rest] = items.map(([n]) => n);
          const restFails = rest.length > 1 && items.slice(1).some(i => i[1]);
          expect(runs).toEqual([
            [first],
            ...(rest.length > 0 ? [rest] : []),
            ...(restFails ? rest.map(n => [n]) : []),
          ]);
        },
      ),
    );
  });
});
