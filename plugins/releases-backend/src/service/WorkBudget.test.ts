import { BusyError, costOf, WorkBudget } from './WorkBudget';

/** Work that runs until the test lets it finish. */
function gated() {
  let finish!: () => void;
  const done = new Promise<void>(resolve => {
    finish = resolve;
  });
  return { done, finish };
}

const tick = () => new Promise(resolve => setImmediate(resolve));

describe('WorkBudget', () => {
  const budget = () =>
    new WorkBudget({
      capacity: 10,
      perCaller: 6,
      maxQueuedPerCaller: 2,
      cheap: 1,
    });

  it('never holds cheap work, whatever is running', async () => {
    const b = budget();
    const heavy = gated();
    const started: string[] = [];
    b.run('hog', 6, async () => {
      started.push('heavy');
      await heavy.done;
    });
    await tick();
    await b.run('hog', 1, async () => {
      started.push('cheap');
    });
    expect(started).toEqual(['heavy', 'cheap']);
    heavy.finish();
  });

  it("holds a caller's expensive work beyond its share and starts it in order as work ends", async () => {
    const b = budget();
    const first = gated();
    const started: string[] = [];
    const run = (
      name: string,
      key: string,
      cost: number,
      work: Promise<void>,
    ) =>
      b.run(key, cost, async () => {
        started.push(name);
        await work;
      });
    const a = run('a', 'hog', 6, first.done);
    const second = gated();
    const bRun = run('b', 'hog', 6, second.done);
    // Another caller's work fits beside the first: it starts.
    const other = gated();
    const cRun = run('c', 'other', 4, other.done);
    await tick();
    expect(started).toEqual(['a', 'c']);
    first.finish();
    await a;
    await tick();
    expect(started).toEqual(['a', 'c', 'b']);
    second.finish();
    other.finish();
    await Promise.all([bRun, cRun]);
  });

  it('refuses (429) what one caller queues beyond its limit, and frees units on failure', async () => {
    const b = budget();
    const running = gated();
    const held = b.run('hog', 6, () => running.done);
    const queued = [
      b.run('hog', 6, async () => 'one'),
      b.run('hog', 6, async () => 'two'),
    ];
    await expect(b.run('hog', 6, async () => 'three')).rejects.toBeInstanceOf(
      BusyError,
    );
    running.finish();
    await held;
    expect(await Promise.all(queued)).toEqual(['one', 'two']);
    await expect(
      b.run('hog', 6, async () => {
        throw new Error('failed');
      }),
    ).rejects.toThrow('failed');
    expect(await b.run('hog', 6, async () => 'after')).toBe('after');
  });
});

describe('costOf', () => {
  const req = (method: string, path: string, query: object = {}) =>
    ({ method, path, query } as any);

  it('prices what grows with the asking, and nothing else', () => {
    const month = { from: '2026-12-01T00:00:00Z', to: '2026-12-31T00:00:00Z' };
    const year = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
    expect(
      costOf(req('GET', '/calendar', { ...month, system: 'payments' })),
    ).toBe(1);
    expect(costOf(req('GET', '/calendar', year))).toBeCloseTo(48.7, 0);
    expect(
      costOf(req('GET', '/metrics', { ...year, owner: 'team' })),
    ).toBeLessThan(4);
    expect(costOf(req('GET', '/metrics', year))).toBeGreaterThan(30);
    expect(costOf(req('POST', '/policies/dry-run'))).toBe(20);
    expect(costOf(req('GET', '/deployments', { format: 'csv' }))).toBe(20);
    expect(costOf(req('GET', '/deployments'))).toBe(0);
    expect(costOf(req('GET', '/gate'))).toBe(0);
    expect(costOf(req('GET', '/releases', { q: 'pay' }))).toBe(6);
    expect(costOf(req('GET', '/releases', { q: 'pay', system: 's' }))).toBe(0);
    const plan = (components: number, days: number) =>
      costOf({
        method: 'POST',
        path: '/calendar/check',
        query: {},
        body: {
          plannedStart: '2026-12-01T00:00:00Z',
          plannedEnd: new Date(
            Date.parse('2026-12-01T00:00:00Z') + days * 86400_000,
          ).toISOString(),
          components: Array(components).fill({}),
        },
      } as any);
    expect(plan(1, 2)).toBeLessThan(2);
    expect(plan(100, 400)).toBeGreaterThan(100);
  });
});
