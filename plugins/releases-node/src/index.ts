/**
 * Extension points of the releases backend and the permission conditions
 * for policy authors.
 *
 * @packageDocumentation
 */
export * from './extensions';
export * from './notifiers';
export * from './gate';
export * from './risk';
export * from './records';
export * from './events';
export * from './permissions';
export {
  createWebhookIngressModule,
  createWebhookTokenValidator,
  sameSecret,
} from './webhooks';
export type { WebhookIngressOptions } from './webhooks';
