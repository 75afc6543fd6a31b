/**
 * Sends the releases plugin's notices through Backstage notifications.
 *
 * @packageDocumentation
 */
export { releasesModuleNotifications as default } from './module';
export { NotificationsNotifier } from './NotificationsNotifier';
