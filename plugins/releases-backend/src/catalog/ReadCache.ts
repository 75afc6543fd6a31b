import { LRUCache } from 'lru-cache';

/**
 * What this process recently read from the catalog facts' tables, kept for a
 * few seconds: the hot reads (a gate decision, a page's scope) ask for the
 * same entities, scopes and group members many times a second, and each
 * statement costs more than the answer. The facts themselves change only
 * when a sync or a live fallback writes them; a write in this process clears
 * everything at once, a write by another replica is seen when the entries
 * expire, so the facts a reader sees are at most the cache's lifetime older
 * than the tables.
 *
 * A read that began before a clear does not store its (possibly older)
 * answer: every entry is tagged with the generation it was read in. Entries
 * expire by the plugin's clock.
 */
export class ReadCache<V extends {}> {
  private readonly entries: LRUCache<string, { value: V; until: number }>;
  private generationValue = 0;

  constructor(
    private readonly options: { max: number; ttlMs: number; clock: () => Date },
  ) {
    this.entries = new LRUCache({ max: options.max });
  }

  /** Changes with every clear; pass the value a read began with to `set`. */
  get generation(): number {
    return this.generationValue;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.until > this.options.clock().getTime()) {
      return entry.value;
    }
    return undefined;
  }

  set(key: string, value: V, readInGeneration: number): void {
    if (readInGeneration === this.generationValue) {
      this.entries.set(key, {
        value,
        until: this.options.clock().getTime() + this.options.ttlMs,
      });
    }
  }

  /**
   * The values of these keys: those kept, and the others from one call of
   * `read`, which are kept in turn. Keys `read` does not answer are left out.
   */
  async getMany(
    keys: Iterable<string | undefined>,
    read: (missing: string[]) => Promise<Map<string, V>>,
  ): Promise<Map<string, V>> {
    const found = new Map<string, V>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      if (key === undefined) continue;
      const kept = this.get(key);
      if (kept) {
        found.set(key, kept);
      } else {
        missing.push(key);
      }
    }
    if (missing.length > 0) {
      const generation = this.generation;
      for (const [key, value] of await read(missing)) {
        found.set(key, value);
        this.set(key, value, generation);
      }
    }
    return found;
  }

  clear(): void {
    this.generationValue++;
    this.entries.clear();
  }
}
