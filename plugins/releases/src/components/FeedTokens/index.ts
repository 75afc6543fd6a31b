export { FeedTokensDialog } from './FeedTokensDialog';
export type { FeedTokensDialogProps } from './FeedTokensDialog';
export { SubscribeButton } from './SubscribeButton';
