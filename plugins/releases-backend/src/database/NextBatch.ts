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
