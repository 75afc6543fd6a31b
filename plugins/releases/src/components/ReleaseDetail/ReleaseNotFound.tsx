import Button from '@material-ui/core/Button';
import { Link as RouterLink } from 'react-router-dom';
import { EmptyState } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';
import { useReleasesT } from '../shared/labels';

/** What an unknown (or hidden) release id shows instead of an error dump. */
export function ReleaseNotFound() {
  const t = useReleasesT();
  const releasesLink = useRouteRef(rootRouteRef);
  return (
    <EmptyState
      missing="data"
      title={t('pages.release.notFoundTitle')}
      description={t('pages.release.notFoundDescription')}
      action={
        <Button
          variant="contained"
          color="primary"
          component={RouterLink}
          to={releasesLink()}
          role="link"
        >
          {t('pages.release.backToList')}
        </Button>
      }
    />
  );
}
