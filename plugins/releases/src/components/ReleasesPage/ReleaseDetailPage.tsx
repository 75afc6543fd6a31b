import { useParams } from 'react-router-dom';
import Box from '@material-ui/core/Box';
import { Content, Header, Page } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';
import { ReleaseDetail } from '../ReleaseDetail';
import { BackLink } from '../shared/BackLink';

export function ReleaseDetailPage() {
  const { releaseId } = useParams();
  const releasesLink = useRouteRef(rootRouteRef);
  return (
    <Page themeId="tool">
      <Header title="Release" type="Releases" typeLink={releasesLink()} />
      <Content>
        <Box mb={2}>
          <BackLink to={releasesLink()}>All releases</BackLink>
        </Box>
        <ReleaseDetail releaseId={releaseId!} />
      </Content>
    </Page>
  );
}
