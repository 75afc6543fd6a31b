import { ComponentType, ReactElement } from 'react';
import Badge from '@material-ui/core/Badge';
import AssignmentTurnedInIcon from '@material-ui/icons/AssignmentTurnedIn';
import { useReleasesT } from '../shared/labels';
import { useApprovalsCount } from './useApprovalsCount';

/** An icon with the number of releases waiting, when there are any. */
export function WaitingBadge(props: { count: number; children: ReactElement }) {
  const { count, children } = props;
  if (count === 0) {
    return children;
  }
  return (
    <Badge
      badgeContent={count}
      max={99}
      color="secondary"
      overlap="rectangular"
    >
      {children}
    </Badge>
  );
}

export interface ApprovalsBadgeProps {
  icon?: ComponentType<{
    fontSize?: 'inherit' | 'default' | 'small' | 'large';
  }>;
}

/**
 * The Approvals icon with the number of releases waiting for the signed-in
 * user's decision; the new frontend system's sidebar shows it as the
 * Approvals page's icon.
 */
export function ApprovalsBadge(props: ApprovalsBadgeProps) {
  const { icon: Icon = AssignmentTurnedInIcon } = props;
  const t = useReleasesT();
  const count = useApprovalsCount();
  return (
    <span
      role="img"
      aria-label={
        count > 0
          ? t('nav.approvalsWaiting', {
              title: t('nav.approvals'),
              waiting: String(count),
            })
          : t('nav.approvals')
      }
      style={{ display: 'inline-flex' }}
    >
      <WaitingBadge count={count}>
        <Icon fontSize="inherit" />
      </WaitingBadge>
    </span>
  );
}
