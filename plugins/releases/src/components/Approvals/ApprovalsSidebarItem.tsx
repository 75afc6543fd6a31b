import { useCallback, useEffect, useMemo, useState } from 'react';
import Badge from '@material-ui/core/Badge';
import AssignmentTurnedInIcon from '@material-ui/icons/AssignmentTurnedIn';
import { SidebarItem } from '@backstage/core-components';
import { IconComponent, useApi, useRouteRef } from '@backstage/core-plugin-api';
import { releasesApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { onInboxChanged } from './inboxEvents';

const MINUTE = 60_000;

export interface ApprovalsSidebarItemProps {
  /** How often to ask for the count; one minute unless told. */
  pollIntervalMs?: number;
  icon?: IconComponent;
  text?: string;
}

/**
 * `Approvals` in the sidebar with the number of releases that wait for the
 * signed-in user's decision.
 */
export function ApprovalsSidebarItem(props: ApprovalsSidebarItemProps) {
  const {
    pollIntervalMs = MINUTE,
    icon: Icon = AssignmentTurnedInIcon,
    text = 'Approvals',
  } = props;
  const releasesApi = useApi(releasesApiRef);
  const releasesLink = useRouteRef(rootRouteRef);
  const [count, setCount] = useState(0);

  const refresh = useCallback(async () => {
    try {
      const inbox = await releasesApi.getInbox();
      setCount(inbox.totalCount ?? inbox.items.length);
    } catch {
      // The badge is a hint; the Approvals page reports failures.
    }
  }, [releasesApi]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, pollIntervalMs);
    const unsubscribe = onInboxChanged(refresh);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [refresh, pollIntervalMs]);

  const BadgedIcon = useMemo<IconComponent>(
    () => iconProps =>
      count > 0 ? (
        <Badge
          badgeContent={count}
          max={99}
          color="secondary"
          overlap="rectangular"
        >
          <Icon {...iconProps} />
        </Badge>
      ) : (
        <Icon {...iconProps} />
      ),
    [Icon, count],
  );

  return (
    <SidebarItem
      icon={BadgedIcon}
      to={`${releasesLink()}/approvals`}
      text={text}
      aria-label={
        count > 0 ? `${text}, ${count} waiting for your decision` : text
      }
    />
  );
}
