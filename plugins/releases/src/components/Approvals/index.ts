export { ApprovalsPage } from './ApprovalsPage';
export { ApprovalsCard } from './ApprovalsCard';
export type { ApprovalsCardProps } from './ApprovalsCard';
export { ApprovalsSidebarItem } from './ApprovalsSidebarItem';
export type { ApprovalsSidebarItemProps } from './ApprovalsSidebarItem';
export { TransitionRefusal } from './TransitionRefusal';
export { ApprovalsBadge } from './ApprovalsBadge';
