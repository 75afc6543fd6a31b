import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ApprovalDecision,
  ApprovalStatus,
  Release,
} from '@backstage-itsm/plugin-releases-common';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { ApprovalNotifier } from './ApprovalService';

/**
 * Sends approval notifications through the Backstage notifications plugin.
 * A notification that cannot be sent is logged; it never fails the change
 * that caused it.
 */
export class NotificationsNotifier implements ApprovalNotifier {
  constructor(
    private readonly notifications: NotificationService,
    private readonly logger: LoggerService,
  ) {}

  async awaiting(release: Release, approvers: string[]): Promise<void> {
    await this.send(approvers, {
      title: `Approval needed: ${release.title}`,
      description: `The ${release.type} release "${release.title}" (${release.owner}) awaits your approval.`,
      link: `/releases/approvals`,
      severity: release.type === 'emergency' ? 'high' : 'normal',
      topic: 'release-approval',
      // One notification per release and round, updated rather than repeated.
      scope: `release-approval:${release.id}:${release.approvalRound}`,
    });
  }

  async decided(
    release: Release,
    status: ApprovalStatus,
    decision: ApprovalDecision,
  ): Promise<void> {
    await this.send([release.owner], {
      title: `${release.title} was ${status}`,
      description:
        status === 'rejected'
          ? `${decision.approver} rejected it: ${decision.comment}`
          : `All approvals are in; it may now enter deploy.`,
      link: `/releases/${release.id}`,
      severity: status === 'rejected' ? 'high' : 'normal',
      topic: 'release-approval',
      scope: `release-decided:${release.id}:${release.approvalRound}`,
    });
  }

  private async send(
    entityRefs: string[],
    payload: Parameters<NotificationService['send']>[0]['payload'],
  ) {
    try {
      await this.notifications.send({
        recipients: { type: 'entity', entityRef: entityRefs },
        payload,
      });
    } catch (error) {
      this.logger.warn(
        `Could not send notification "${payload.title}": ${error}`,
      );
    }
  }
}
