import { useParams } from 'react-router-dom';
import { useRelease } from '../../hooks';
import { ReleaseDetailView } from '../ReleaseDetail';
import { isNotFound } from '../shared/errors';
import { useReleasesT } from '../shared/labels';
import { ReleasesPageLayout } from '../shared/ReleasesPageLayout';

/** `/releases/:releaseId`: one release under a header that names it. */
export function ReleaseDetailPage() {
  const { releaseId = '' } = useParams();
  const t = useReleasesT();
  const state = useRelease(releaseId);

  let title: string = t('pages.release.loading');
  if (state.value) {
    title = state.value.title;
  } else if (state.error && isNotFound(state.error)) {
    title = t('pages.release.notFoundTitle');
  }

  return (
    <ReleasesPageLayout title={title}>
      <ReleaseDetailView
        releaseId={releaseId}
        state={state}
        showTitle={false}
      />
    </ReleasesPageLayout>
  );
}
