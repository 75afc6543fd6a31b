export { ReleasePlanSection } from './ReleasePlanSection';
export type { ReleasePlanSectionProps } from './ReleasePlanSection';
export { MyWorkPage } from './MyWorkPage';
export { WatchButton } from './WatchButton';
