import { ReactNode } from 'react';
import { Link as RouterLink, useLocation } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import { Content, Header, Page } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  approvalsRouteRef,
  auditRouteRef,
  cabRouteRef,
  calendarRouteRef,
  metricsRouteRef,
  myWorkRouteRef,
  policiesRouteRef,
  rootRouteRef,
} from '../../routes';
import { useReleasesT } from './labels';

const useStyles = makeStyles(theme => ({
  nav: {
    gridArea: 'pageSubheader',
    borderBottom: `1px solid ${theme.palette.divider}`,
    backgroundColor: theme.palette.background.paper,
    padding: theme.spacing(0, 3),
  },
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    listStyle: 'none',
    margin: 0,
    padding: 0,
  },
  link: {
    display: 'inline-block',
    padding: theme.spacing(1.5, 1.5),
    color: theme.palette.text.primary,
    textDecoration: 'none',
    fontWeight: theme.typography.fontWeightMedium as number,
    borderBottom: '3px solid transparent',
    '&:hover, &:focus-visible': {
      borderBottomColor: theme.palette.divider,
    },
  },
  current: {
    borderBottomColor: theme.palette.primary.main,
    '&:hover, &:focus-visible': {
      borderBottomColor: theme.palette.primary.main,
    },
  },
}));

/** Links between the releases pages; the current one is marked for all users. */
function ReleasesNav() {
  const classes = useStyles();
  const t = useReleasesT();
  const { pathname } = useLocation();
  const links = [
    {
      key: 'releases',
      to: useRouteRef(rootRouteRef)(),
      label: t('nav.releases'),
    },
    {
      key: 'calendar',
      to: useRouteRef(calendarRouteRef)(),
      label: t('nav.calendar'),
    },
    {
      key: 'approvals',
      to: useRouteRef(approvalsRouteRef)(),
      label: t('nav.approvals'),
    },
    { key: 'cab', to: useRouteRef(cabRouteRef)(), label: t('nav.cab') },
    { key: 'audit', to: useRouteRef(auditRouteRef)(), label: t('nav.audit') },
    {
      key: 'metrics',
      to: useRouteRef(metricsRouteRef)(),
      label: t('nav.metrics'),
    },
    {
      key: 'my-work',
      to: useRouteRef(myWorkRouteRef)(),
      label: t('nav.myWork'),
    },
    {
      key: 'policies',
      to: useRouteRef(policiesRouteRef)(),
      label: t('nav.policies'),
    },
  ];
  // The longest link that the location starts with is the current page, so
  // `/releases/calendar` marks Calendar only, and a release marks Releases.
  const current = links
    .filter(link => pathname === link.to || pathname.startsWith(`${link.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0]?.key;
  return (
    <nav className={classes.nav} aria-label={t('nav.label')}>
      <ul className={classes.list}>
        {links.map(link => (
          <li key={link.key}>
            <RouterLink
              to={link.to}
              className={`${classes.link} ${
                link.key === current ? classes.current : ''
              }`}
              aria-current={link.key === current ? 'page' : undefined}
            >
              {link.label}
            </RouterLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface ReleasesPageLayoutProps {
  title: string;
  subtitle?: string;
  /** Buttons or links at the right of the header. */
  headerActions?: ReactNode;
  children: ReactNode;
}

/** The chrome of every releases page: header, links between the pages, content. */
export function ReleasesPageLayout(props: ReleasesPageLayoutProps) {
  const { title, subtitle, headerActions, children } = props;
  const t = useReleasesT();
  const releasesLink = useRouteRef(rootRouteRef);
  return (
    <Page themeId="tool">
      <Header
        title={title}
        subtitle={subtitle}
        type={t('pages.type')}
        typeLink={releasesLink()}
        pageTitleOverride={title}
      >
        {headerActions}
      </Header>
      <ReleasesNav />
      <Content>
        <Box component="section">{children}</Box>
      </Content>
    </Page>
  );
}
