import { Link as RouterLink } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import PolicyIcon from '@material-ui/icons/Policy';
import { ContentHeader } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { policiesRouteRef } from '../../routes';
import { useReleasesT } from '../shared/labels';
import { ReleasesPageLayout } from '../shared/ReleasesPageLayout';
import { ApprovalsInbox, DecidedList } from './ApprovalsInbox';

const useStyles = makeStyles(theme => ({
  headerLink: {
    color: theme.palette.common.white,
    borderColor: 'rgba(255, 255, 255, 0.7)',
  },
}));

/** `/releases/approvals`: what waits for the signed-in user, and what they decided. */
export function ApprovalsPage() {
  const classes = useStyles();
  const t = useReleasesT();
  const policiesLink = useRouteRef(policiesRouteRef);
  return (
    <ReleasesPageLayout
      title={t('pages.approvals.title')}
      subtitle={t('pages.approvals.subtitle')}
      headerActions={
        <Button
          component={RouterLink}
          to={policiesLink()}
          role="link"
          className={classes.headerLink}
          variant="outlined"
          startIcon={<PolicyIcon />}
        >
          {t('approvals.policiesLink')}
        </Button>
      }
    >
      <ContentHeader
        title={t('approvals.waitingHeading')}
        description={t('approvals.waitingDescription')}
      />
      <ApprovalsInbox />
      <Box mt={4}>
        <ContentHeader
          title={t('approvals.decidedHeading')}
          description={t('approvals.decidedDescription')}
        />
        <DecidedList />
      </Box>
    </ReleasesPageLayout>
  );
}
