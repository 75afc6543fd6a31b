import { Link as RouterLink } from 'react-router-dom';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import PolicyIcon from '@material-ui/icons/Policy';
import {
  Content,
  ContentHeader,
  Header,
  Page,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';
import { ApprovalsInbox } from './ApprovalsInbox';

const useStyles = makeStyles(theme => ({
  headerLink: {
    color: theme.palette.common.white,
    borderColor: 'rgba(255, 255, 255, 0.7)',
  },
}));

/** `/releases/approvals`: the signed-in user's approvals inbox. */
export function ApprovalsPage() {
  const classes = useStyles();
  const releasesLink = useRouteRef(rootRouteRef);
  return (
    <Page themeId="tool">
      <Header
        title="Approvals"
        subtitle="Releases that wait for your decision"
        type="Releases"
        typeLink={releasesLink()}
      >
        <Button
          component={RouterLink}
          to={`${releasesLink()}/policies`}
          role="link"
          className={classes.headerLink}
          variant="outlined"
          startIcon={<PolicyIcon />}
        >
          Policies
        </Button>
      </Header>
      <Content>
        <ContentHeader
          title="Waiting for you"
          description="Each release lists the approval rules your decision counts towards."
        />
        <ApprovalsInbox />
      </Content>
    </Page>
  );
}
