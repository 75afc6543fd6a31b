import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CatalogFacts,
  CatalogFactsHealth,
  CatalogReader,
  CatalogSyncResult,
  EntityFacts,
} from './CatalogFacts';

/**
 * The catalog facts for one request that evaluates many releases at once
 * (the approvals inbox, a policy dry-run): group members and entity facts
 * are read once each, however many releases ask for them.
 */
export class MemoCatalogFacts implements CatalogFacts {
  private readonly members = new Map<string, string[]>();
  private readonly known = new Map<string, EntityFacts | null>();
  private readonly localReader: CatalogReader;

  constructor(private readonly inner: CatalogFacts) {
    const reader = inner.local();
    this.localReader = {
      ...reader,
      existing: refs => reader.existing(refs),
      componentsOfSystem: ref => reader.componentsOfSystem(ref),
      componentsOwnedBy: ref => reader.componentsOwnedBy(ref),
      linkedWithinAll: (refs, depth) => reader.linkedWithinAll(refs, depth),
      impact: (ref, depth) => reader.impact(ref, depth),
      findByAnnotation: (key, value) => reader.findByAnnotation(key, value),
      facts: async refs => {
        const wanted = [...new Set(refs)];
        const missing = wanted.filter(ref => !this.known.has(ref));
        if (missing.length > 0) {
          const found = await reader.facts(missing);
          for (const ref of missing) {
            this.known.set(ref, found.get(ref) ?? null);
          }
        }
        const result = new Map<string, EntityFacts>();
        for (const ref of wanted) {
          const facts = this.known.get(ref);
          if (facts) {
            result.set(ref, facts);
          }
        }
        return result;
      },
    };
  }

  local(): CatalogReader {
    return this.localReader;
  }

  live(credentials: BackstageCredentials): CatalogReader {
    return this.inner.live(credentials);
  }

  async membersOf(groups: string[]): Promise<Map<string, string[]>> {
    const missing = [...new Set(groups)].filter(g => !this.members.has(g));
    if (missing.length > 0) {
      for (const [group, users] of await this.inner.membersOf(missing)) {
        this.members.set(group, users);
      }
      for (const group of missing) {
        if (!this.members.has(group)) {
          this.members.set(group, []);
        }
      }
    }
    return new Map(groups.map(g => [g, this.members.get(g) ?? []]));
  }

  groupsOf(userRef: string): Promise<string[]> {
    return this.inner.groupsOf(userRef);
  }

  health(): Promise<CatalogFactsHealth> {
    return this.inner.health();
  }

  syncNow(): Promise<CatalogSyncResult> {
    return this.inner.syncNow();
  }
}
