import { LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import { LRUCache } from 'lru-cache';
import { ReadDecisionRecorder } from './ReleaseAccess';

/**
 * Each user's latest `releases.release.read` decision, learnt from their own
 * requests. The permission framework can only be asked with the caller's
 * credentials, so this is how the plugin knows whom a notification about a
 * release may name it to: people whose decision lets them read it. A user
 * the plugin has not seen yet is told only that something awaits them.
 */
export class ReadDecisionStore implements ReadDecisionRecorder {
  /** What this process last wrote per user, so a request writes only when the decision changed. */
  private readonly written = new LRUCache<string, string>({
    max: 20_000,
    ttl: 10 * 60 * 1000,
  });

  constructor(
    private readonly options: { knex: Knex; logger: LoggerService },
  ) {}

  async remember(userRef: string, decision: PolicyDecision): Promise<void> {
    // The permission client's answers carry a request id, new every time;
    // kept, it made every request of every user write this row.
    const { id: _requestId, ...kept } = decision as PolicyDecision & {
      id?: string;
    };
    const json = JSON.stringify(kept);
    if (this.written.get(userRef) === json) {
      return;
    }
    try {
      await this.options
        .knex('read_decisions')
        .insert({ user_ref: userRef, decision: json, decided_at: new Date() })
        .onConflict('user_ref')
        .merge(['decision', 'decided_at']);
      this.written.set(userRef, json);
    } catch (error) {
      // Only notifications depend on it; the request goes on.
      this.options.logger.warn(
        `Could not remember the read decision of ${userRef}: ${error}`,
      );
    }
  }

  /** The stored decisions of these users; users never seen are absent. */
  async decisionsOf(userRefs: string[]): Promise<Map<string, PolicyDecision>> {
    const result = new Map<string, PolicyDecision>();
    if (userRefs.length === 0) {
      return result;
    }
    for (let i = 0; i < userRefs.length; i += 500) {
      const rows: Array<{ user_ref: string; decision: string }> =
        await this.options
          .knex('read_decisions')
          .whereIn('user_ref', userRefs.slice(i, i + 500))
          .select('user_ref', 'decision');
      for (const row of rows) {
        const decision = JSON.parse(row.decision) as PolicyDecision;
        if (
          decision.result === AuthorizeResult.ALLOW ||
          decision.result === AuthorizeResult.DENY ||
          decision.result === AuthorizeResult.CONDITIONAL
        ) {
          result.set(row.user_ref, decision);
        }
      }
    }
    return result;
  }
}
