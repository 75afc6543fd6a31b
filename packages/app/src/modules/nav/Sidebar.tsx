import { useLocation } from 'react-router-dom';
import EventIcon from '@material-ui/icons/Event';
import TimelineIcon from '@material-ui/icons/Timeline';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import {
  Sidebar,
  SidebarDivider,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import { IconElement, useRouteRef } from '@backstage/frontend-plugin-api';
import {
  NavContentBlueprint,
  NavContentNavItem,
} from '@backstage/plugin-app-react';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import {
  releasesAuditRouteRef,
  releasesCalendarRouteRef,
  releasesMetricsRouteRef,
} from '@backstage-itsm/plugin-releases';
import { SidebarLogo } from './SidebarLogo';

interface Entry {
  key: string;
  to: string;
  text: string;
  icon: IconElement;
}

/**
 * The one sidebar entry the location belongs to: the longest `to` that the
 * path starts with. `/releases/calendar` is Calendar's, not also Releases'.
 */
export function currentEntry(pathname: string, entries: Entry[]) {
  return entries
    .filter(e => pathname === e.to || pathname.startsWith(`${e.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0]?.key;
}

function NavEntries(props: { entries: Entry[] }) {
  const { pathname } = useLocation();
  const current = currentEntry(pathname, props.entries);
  return (
    <>
      {props.entries.map(entry => (
        <SidebarItem
          key={entry.key}
          icon={() => entry.icon}
          to={entry.to}
          text={entry.text}
          // Only the current entry may match a longer path than its own.
          end={entry.key !== current}
        />
      ))}
    </>
  );
}

const fromNavItem = (item: NavContentNavItem | undefined): Entry[] =>
  item
    ? [
        {
          key: item.node.spec.id,
          to: item.href,
          text: item.title,
          icon: item.icon,
        },
      ]
    : [];

function PortalSidebar(props: {
  take: (id: string) => NavContentNavItem | undefined;
  rest: () => NavContentNavItem[];
}) {
  const { take, rest } = props;
  const calendar = useRouteRef(releasesCalendarRouteRef);
  const audit = useRouteRef(releasesAuditRouteRef);
  const metrics = useRouteRef(releasesMetricsRouteRef);

  // Items are taken in sidebar order; what no line names comes last.
  take('page:notifications'); // NotificationsSidebarItem below shows it, with its count.
  const entries: Entry[] = [
    ...fromNavItem(take('page:catalog')),
    ...fromNavItem(take('page:releases')),
    ...(calendar
      ? [
          {
            key: 'calendar',
            to: calendar(),
            text: 'Calendar',
            icon: <EventIcon />,
          },
        ]
      : []),
    ...fromNavItem(take('page:releases/approvals')),
    ...(audit
      ? [
          {
            key: 'audit',
            to: audit(),
            text: 'Audit',
            icon: <VerifiedUserIcon />,
          },
        ]
      : []),
    ...(metrics
      ? [
          {
            key: 'metrics',
            to: metrics(),
            text: 'Metrics',
            icon: <TimelineIcon />,
          },
        ]
      : []),
    ...fromNavItem(take('page:catalog-graph')),
    ...rest().flatMap(fromNavItem),
  ];

  return (
    <Sidebar>
      <SidebarLogo />
      <SidebarDivider />
      <SidebarScrollWrapper>
        <NavEntries entries={entries} />
      </SidebarScrollWrapper>
      <SidebarSpace />
      <SidebarDivider />
      <NotificationsSidebarItem />
    </Sidebar>
  );
}

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => (
      <PortalSidebar
        take={id => navItems.take(id)}
        rest={() => navItems.rest()}
      />
    ),
  },
});
