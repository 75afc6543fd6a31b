import { Release } from '@backstage-itsm/plugin-releases-common';

/**
 * Something about a release that people should hear about.
 *
 * @public
 */
export interface ReleaseNotice {
  /** What it is about, e.g. `release-approval`; notifiers may route on it. */
  topic: string;
  /** The release it is about; notifiers must not show it to anyone but `recipients`. */
  release: Release;
  title: string;
  description: string;
  /** A path in the portal, e.g. `/releases/approvals`. */
  link: string;
  severity: 'low' | 'normal' | 'high' | 'critical';
  /** Notices with the same scope replace each other instead of piling up. */
  scope: string;
}

/**
 * Delivers notices. The plugin has already narrowed the recipients to the
 * user refs the permission policy lets read the release; a notifier delivers
 * to exactly those and never widens them. A notice that cannot be delivered
 * is the notifier's to log: the change that caused it is already saved.
 *
 * @public
 */
export interface ReleaseNotifier {
  send(notice: ReleaseNotice, recipients: string[]): Promise<void>;
}
