/**
 * Concurrent calls of one statement share a round trip, and none gets an
 * answer older than its call: a call joins the next batch, which starts
 * only after every call in it was made. One batch runs at a time; calls
 * made while it runs wait for it and then go together in the following
 * one (up to `maxSize`). An idle caller waits for nothing: its batch of one
 * starts at once.
 *
 * Each call's answer is `run`'s answer at its position in the batch (a
 * promise there settles that call alone); when `run` throws, every call of
 * the batch gets the error.
 */
export class NextBatch<T, R> {
  private readonly queue: Array<{
    item: T;
    resolve: (value: R | PromiseLike<R>) => void;
    reject: (error: unknown) => void;
  }> = [];
  private running = false;

  constructor(
    private readonly run: (items: T[]) => Promise<Array<R | PromiseLike<R>>>,
    private readonly maxSize = 100,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.running) {
        void this.drain();
      }
    });
  }

  private async drain() {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxSize);
        try {
          const results = await this.run(batch.map(b => b.item));
          batch.forEach((b, i) => b.resolve(results[i]));
        } catch (error) {
          batch.forEach(b => b.reject(error));
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/**
 * A batch's `run` that keeps one call's failure its own: when the statement
 * of several calls fails (one call's input the database refuses, say), each
 * call is run alone, and only those that fail alone get an error. The batch
 * ends when every call of it has its answer.
 */
export function eachAloneOnFailure<T, R>(
  run: (items: T[]) => Promise<R[]>,
): (items: T[]) => Promise<Array<R | PromiseLike<R>>> {
  return async items => {
    if (items.length === 1) {
      return run(items);
    }
    try {
      return await run(items);
    } catch {
      const alone = items.map(item => run([item]).then(([answer]) => answer));
      await Promise.allSettled(alone);
      return alone;
    }
  };
}

/**
 * Reads of values by key, where concurrent calls share statements: the keys
 * of the calls made while a read runs go together into the next read (see
 * NextBatch), and each call gets the values of its own keys that the read
 * answered (or, when the shared read fails, those of a read of its own).
 */
export function sharedKeyReads<V>(
  read: (keys: string[]) => Promise<Map<string, V>>,
): (keys: string[]) => Promise<Map<string, V>> {
  const batches = new NextBatch<string[], Map<string, V>>(
    eachAloneOnFailure(async calls => {
      const values = await read([...new Set(calls.flat())]);
      return calls.map(
        keys =>
          new Map(
            keys.flatMap(key =>
              values.has(key) ? [[key, values.get(key)!] as const] : [],
            ),
          ),
      );
    }),
  );
  return keys => batches.submit(keys);
}
