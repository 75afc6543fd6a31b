import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Release } from '@backstage-itsm/plugin-releases-common';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { ReadDecisionStore } from '../permissions/ReadDecisionStore';
import { ReleasePermissionGateway } from '../permissions/ReleaseAccess';

/**
 * Who may hear about a release: the permission policy decides per person.
 * It can only be asked with a person's own credentials, so each user's
 * latest read decision is learnt from their own requests; a notice names a
 * release only to users whose decision lets them read it. Users the plugin
 * has not seen yet are told only that something awaits them, without naming
 * it; users whose decision hides the release hear nothing.
 */
export class NotificationAudience {
  constructor(
    private readonly options: {
      decisions: ReadDecisionStore;
      permissions: ReleasePermissionGateway;
      catalogFacts: CatalogFacts;
    },
  ) {}

  /** Splits recipients (users or groups, expanded to their members). */
  async split(
    release: Release,
    recipients: string[],
  ): Promise<{ readers: string[]; unknown: string[] }> {
    const groups = recipients.filter(r => r.startsWith('group:'));
    const users = new Set(recipients.filter(r => !r.startsWith('group:')));
    if (groups.length > 0) {
      const members = await this.options.catalogFacts.membersOf(groups);
      for (const list of members.values()) {
        list.forEach(user => users.add(user));
      }
    }
    const decisions = await this.options.decisions.decisionsOf([...users]);
    const readers: string[] = [];
    const unknown: string[] = [];
    for (const user of [...users].sort()) {
      const decision = decisions.get(user);
      if (!decision) {
        unknown.push(user);
      } else if (
        decision.result !== AuthorizeResult.DENY &&
        this.options.permissions.allows(decision, release)
      ) {
        readers.push(user);
      }
    }
    return { readers, unknown };
  }
}
