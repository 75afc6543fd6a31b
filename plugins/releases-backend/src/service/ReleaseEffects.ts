import { DateTime } from 'luxon';
import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  ApprovalDecision,
  ApprovalStatus,
  PHASE_LABELS,
  Release,
  ReleaseApprovals,
  ReleaseReview,
  releaseSignalChannels,
} from '@backstage-itsm/plugin-releases-common';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { ApprovalEvaluator } from '../governance/ApprovalEvaluator';
import { NotificationAudience } from '../notifications/NotificationAudience';
import {
  ReleaseNotice,
  ReleaseNotifier,
} from '@backstage-itsm/plugin-releases-node';

/** Signal channels the frontend listens on (named in the common package, which both read). */
export const releaseChannel = releaseSignalChannels.release;
export const entityChannel = releaseSignalChannels.entity;
export const APPROVALS_CHANNEL = releaseSignalChannels.approvals;
export const GOVERNANCE_CHANNEL = releaseSignalChannels.governance;

/** Who hears about a release beyond its approvers: its watchers and role holders. */
export interface StakeholderDirectory {
  /** User and group refs (a group's members are notified). */
  stakeholdersOf(release: Release): Promise<string[]>;
}

/** A notice for a release's stakeholders; the release and its link are filled in. */
export type StakeholderNotice = Pick<
  ReleaseNotice,
  'topic' | 'title' | 'description' | 'severity' | 'scope'
>;

/**
 * What follows a committed change of a release: live updates through
 * Backstage signals, and notices to the people concerned, filtered by what
 * the permission policy lets each of them read. Failures are logged, never
 * fatal: the change is already saved.
 */
export class ReleaseEffects {
  constructor(
    private readonly options: {
      evaluator: ApprovalEvaluator;
      audience: NotificationAudience;
      notifiers: ReleaseNotifier[];
      catalogFacts: CatalogFacts;
      signals?: SignalsService;
      stakeholders?: StakeholderDirectory;
      logger: LoggerService;
    },
  ) {}

  /**
   * A release was created, edited or moved. `announce`: its approvals are
   * (newly) asked for, so the approvers hear about it.
   */
  async releaseChanged(
    release: Release,
    options: { announce: boolean; previous?: Release; actor?: string },
  ): Promise<void> {
    if (options.previous) {
      await this.tellOfChange(release, options.previous, options.actor);
    }
    await this.guard('signal a change', async () => {
      await this.publishRelease(release, options.previous);
      const approvals = await this.options.evaluator.evaluate(release);
      const approvers = pendingApprovers(approvals);
      await this.publishApprovals(approvers);
      if (options.announce && approvals.status === 'pending') {
        await this.notify(
          release,
          {
            topic: 'release-approval',
            release,
            title: `Approval needed: ${release.title}`,
            description: `The ${release.type} release "${
              release.title
            }" of ${await this.displayName(
              release.owner,
            )} awaits your approval.`,
            link: '/releases/approvals',
            severity: release.type === 'emergency' ? 'high' : 'normal',
            // One notification per release and round, updated rather than repeated.
            scope: `release-approval:${release.id}:${release.approvalRound}`,
          },
          approvers,
        );
      }
    });
  }

  /** A decision was recorded. */
  async decisionRecorded(
    release: Release,
    before: ApprovalStatus,
    after: ReleaseApprovals,
    decision: ApprovalDecision,
  ): Promise<void> {
    await this.guard('signal a decision', async () => {
      await this.publishRelease(release);
      await this.publishApprovals([
        ...pendingApprovers(after),
        decision.approver,
      ]);
      if (
        after.status === before ||
        (after.status !== 'approved' && after.status !== 'rejected')
      ) {
        return;
      }
      const approver = await this.displayName(decision.approver);
      await this.notify(
        release,
        {
          topic: 'release-approval',
          release,
          title: `${release.title} was ${after.status}`,
          description:
            after.status === 'rejected'
              ? `${approver} rejected it: ${decision.comment}`
              : 'All approvals are in; it may now enter deploy.',
          link: `/releases/${release.id}`,
          severity: after.status === 'rejected' ? 'high' : 'normal',
          scope: `release-decided:${release.id}:${release.approvalRound}`,
        },
        [release.owner],
      );
    });
  }

  /** The post-implementation review of a release was recorded. */
  async reviewRecorded(release: Release, review: ReleaseReview): Promise<void> {
    await this.toStakeholders(
      release,
      {
        topic: 'release-review',
        title: `${release.title} was reviewed: ${review.outcome.replace(
          /_/g,
          ' ',
        )}`,
        description: `The post-implementation review of "${
          release.title
        }" is recorded${
          review.actions.length > 0
            ? ` with ${review.actions.length} follow-up action(s)`
            : ''
        }.`,
        severity: review.outcome === 'successful' ? 'normal' : 'high',
        scope: `release-review:${release.id}`,
      },
      review.reviewedBy,
    );
  }

  /**
   * Tells the release's watchers and role holders, plus `also`, each once
   * (a person reached several ways hears once), except `actor`, who made it
   * happen; named only to those who may read the release.
   */
  async toStakeholders(
    release: Release,
    notice: StakeholderNotice,
    actor?: string,
    also: string[] = [],
  ): Promise<void> {
    await this.guard('notify stakeholders', async () => {
      const recipients = [
        ...((await this.options.stakeholders?.stakeholdersOf(release)) ?? []),
        ...also,
      ];
      await this.notify(
        release,
        { ...notice, release, link: `/releases/${release.id}` },
        [...new Set(recipients)],
        actor,
      );
    });
  }

  /** Phase changes and slips of the planned window, for the stakeholders. */
  private async tellOfChange(
    release: Release,
    previous: Release,
    actor: string | undefined,
  ) {
    if (release.phase !== previous.phase) {
      await this.toStakeholders(
        release,
        {
          topic: 'release-phase',
          title: `${release.title} is now in ${PHASE_LABELS[release.phase]}`,
          description: `The ${release.type} release "${
            release.title
          }" moved from ${PHASE_LABELS[previous.phase]} to ${
            PHASE_LABELS[release.phase]
          }.`,
          severity: release.phase === 'cancelled' ? 'high' : 'normal',
          scope: `release-phase:${release.id}:${release.revision}`,
        },
        actor,
      );
    }
    const slipped = (['plannedStart', 'plannedEnd'] as const).filter(
      field => Date.parse(release[field]) > Date.parse(previous[field]),
    );
    if (slipped.length > 0) {
      await this.toStakeholders(
        release,
        {
          topic: 'release-slip',
          title: `${release.title} slipped`,
          description: slipped
            .map(
              field =>
                `${
                  field === 'plannedStart' ? 'Planned start' : 'Planned end'
                } moved from ${previous[field]} to ${release[field]}.`,
            )
            .join(' '),
          severity: 'normal',
          scope: `release-slip:${release.id}:${release.revision}`,
        },
        actor,
      );
    }
  }

  /**
   * Sends a notice to the readers among the recipients (users, or groups
   * for their members), and a nameless one to users not seen yet; never to
   * `exclude`.
   */
  private async notify(
    release: Release,
    notice: ReleaseNotice,
    recipients: string[],
    exclude?: string,
  ) {
    if (recipients.length === 0 || this.options.notifiers.length === 0) {
      return;
    }
    const split = await this.options.audience.split(release, recipients);
    const readers = split.readers.filter(user => user !== exclude);
    const unknown = split.unknown.filter(user => user !== exclude);
    const nameless: ReleaseNotice = {
      ...notice,
      title: 'A release needs your attention',
      description:
        'Open the releases pages in Backstage to see what concerns you.',
      link: '/releases/approvals',
      scope: `release-attention:${notice.topic}`,
    };
    for (const notifier of this.options.notifiers) {
      await notifier.send(notice, readers);
      await notifier.send(nameless, unknown);
    }
  }

  private async publishRelease(release: Release, previous?: Release) {
    const { signals } = this.options;
    if (!signals) {
      return;
    }
    await signals.publish({
      recipients: { type: 'broadcast' },
      channel: releaseChannel(release.id),
      message: { revision: release.revision },
    });
    for (const channel of await this.entityChannelsOf(release, previous)) {
      await signals.publish({
        recipients: { type: 'broadcast' },
        channel,
        message: {},
      });
    }
  }

  /**
   * The channels of every entity page that lists the release, before or
   * after the change: its components' (the Releases tab of a component), their
   * systems' (a system's tab lists its components' releases) and their
   * owners' and its own owner's (a group's tab lists the releases it owns or
   * that touch its components).
   */
  private async entityChannelsOf(release: Release, previous?: Release) {
    const versions = previous ? [release, previous] : [release];
    const components = versions.flatMap(r =>
      r.components.map(c => c.entityRef),
    );
    const refs = [...components, ...versions.map(r => r.owner)];
    const facts = await this.options.catalogFacts.local().facts(components);
    for (const f of facts.values()) {
      refs.push(...[f.system, f.owner].filter((r): r is string => !!r));
    }
    return [...new Set(refs.map(entityChannel))];
  }

  private async publishApprovals(users: string[]) {
    const { signals } = this.options;
    if (signals && users.length > 0) {
      await signals.publish({
        recipients: { type: 'user', entityRef: [...new Set(users)] },
        channel: APPROVALS_CHANNEL,
        message: {},
      });
    }
  }

  /** An entity's title or name, for texts people read. */
  async displayName(ref: string): Promise<string> {
    try {
      const facts = (await this.options.catalogFacts.local().facts([ref])).get(
        ref,
      );
      if (facts) {
        return facts.title ?? facts.name;
      }
    } catch {
      // A name is a nicety; fall through to the ref's own name.
    }
    return ref.replace(/^[^:]+:(default\/)?/, '');
  }

  /**
   * A notice about several releases at once (a CAB agenda, a freeze's
   * digest), worded without naming any: each recipient (users, or groups for
   * their members) who may read one of them hears once; users not seen yet
   * get the nameless notice; never `exclude`, who made it happen.
   */
  async toReadersOfAny(
    releases: Release[],
    notice: Omit<ReleaseNotice, 'release'>,
    recipients: string[],
    exclude?: string,
  ): Promise<void> {
    await this.guard('notify readers', async () => {
      if (
        releases.length === 0 ||
        recipients.length === 0 ||
        this.options.notifiers.length === 0
      ) {
        return;
      }
      const reached = new Set<string>(exclude ? [exclude] : []);
      let unknown: string[] = [];
      for (const [index, release] of releases.entries()) {
        const split = await this.options.audience.split(release, recipients);
        if (index === 0) {
          unknown = split.unknown.filter(user => user !== exclude);
        }
        const fresh = split.readers.filter(user => !reached.has(user));
        fresh.forEach(user => reached.add(user));
        for (const notifier of this.options.notifiers) {
          await notifier.send({ ...notice, release }, fresh);
        }
      }
      const nameless: ReleaseNotice = {
        ...notice,
        release: releases[0],
        title: 'A release needs your attention',
        description:
          'Open the releases pages in Backstage to see what concerns you.',
        link: '/releases/approvals',
        scope: `release-attention:${notice.topic}`,
      };
      for (const notifier of this.options.notifiers) {
        await notifier.send(nameless, unknown);
      }
    });
  }

  /** Tells open pages that runtime freezes or CAB meetings changed. */
  async governanceChanged(): Promise<void> {
    await this.guard('signal a governance change', async () => {
      await this.options.signals?.publish({
        recipients: { type: 'broadcast' },
        channel: GOVERNANCE_CHANNEL,
        message: {},
      });
    });
  }

  private async guard(what: string, effect: () => Promise<void>) {
    try {
      await effect();
    } catch (error) {
      this.options.logger.warn(`Could not ${what}: ${error}`);
    }
  }
}

function pendingApprovers(approvals: ReleaseApprovals): string[] {
  return [
    ...new Set(
      approvals.rules
        .filter(r => r.state === 'pending')
        .flatMap(r => r.eligible),
    ),
  ];
}

/** A time for texts people read (notifications), in UTC: "Tue 1 Dec 2026, 09:00 UTC". */
export function readableTime(iso: string): string {
  const time = DateTime.fromISO(iso, { zone: 'utc' });
  return time.isValid ? time.toFormat("ccc d LLL yyyy, HH:mm 'UTC'") : iso;
}
