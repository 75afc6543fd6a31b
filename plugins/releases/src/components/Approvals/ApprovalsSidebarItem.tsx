import { useMemo } from 'react';
import AssignmentTurnedInIcon from '@material-ui/icons/AssignmentTurnedIn';
import { SidebarItem } from '@backstage/core-components';
import { IconComponent, useRouteRef } from '@backstage/core-plugin-api';
import { approvalsRouteRef } from '../../routes';
import { useReleasesT } from '../shared/labels';
import { WaitingBadge } from './ApprovalsBadge';
import { useApprovalsCount } from './useApprovalsCount';

/** @public */
export interface ApprovalsSidebarItemProps {
  /** Without the signals plugin, how often to ask for the count; a minute unless told. */
  pollIntervalMs?: number;
  icon?: IconComponent;
  text?: string;
}

/**
 * `Approvals` for a legacy app's sidebar, with the number of releases that
 * wait for the signed-in user's decision, kept current by the backend's
 * signals (or a poll once a minute without the signals plugin).
 */
export function ApprovalsSidebarItem(props: ApprovalsSidebarItemProps) {
  const t = useReleasesT();
  const { icon: Icon = AssignmentTurnedInIcon, text = t('nav.approvals') } =
    props;
  const approvalsLink = useRouteRef(approvalsRouteRef);
  const count = useApprovalsCount(props.pollIntervalMs);

  const BadgedIcon = useMemo<IconComponent>(
    () => iconProps =>
      (
        <WaitingBadge count={count}>
          <Icon {...iconProps} />
        </WaitingBadge>
      ),
    [Icon, count],
  );

  return (
    <SidebarItem
      icon={BadgedIcon}
      to={approvalsLink()}
      text={text}
      aria-label={
        count > 0
          ? t('nav.approvalsWaiting', { title: text, waiting: String(count) })
          : text
      }
    />
  );
}
