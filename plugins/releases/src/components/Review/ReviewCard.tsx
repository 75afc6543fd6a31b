import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { Release, ReleaseReview } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { errorMessage, responseStatus } from '../shared/errors';
import { ReviewDisplay } from './ReviewDisplay';
import { ReviewForm } from './ReviewForm';

function isNotFound(error: unknown): boolean {
  return (
    responseStatus(error) === 404 ||
    (error instanceof Error && error.name === 'NotFoundError')
  );
}

function noReviewText(release: Release): string {
  switch (release.phase) {
    case 'closed':
      return 'This release was closed without a post-implementation review.';
    case 'cancelled':
      return 'No review: this release was cancelled.';
    default:
      return 'The post-implementation review is written once the release reaches the Review phase.';
  }
}

export interface ReviewCardProps {
  release: Release;
  /** Called after a review was submitted, so the page reloads the release (it may close now). */
  onSubmitted?: (review: ReleaseReview) => void;
}

/** The release's post-implementation review, or the form to write it while in Review. */
export function ReviewCard(props: ReviewCardProps) {
  const { release, onSubmitted } = props;
  const releasesApi = useApi(releasesApiRef);
  const alertApi = useApi(alertApiRef);
  const [submitted, setSubmitted] = useState<{
    releaseId: string;
    review: ReleaseReview;
  }>();

  const reviewState = useAsync(async () => {
    try {
      return await releasesApi.getReview(release.id);
    } catch (error) {
      if (isNotFound(error)) {
        return null;
      }
      throw error;
    }
  }, [releasesApi, release.id, release.phase]);

  const review =
    submitted?.releaseId === release.id ? submitted.review : reviewState.value;

  let content;
  if (review) {
    content = <ReviewDisplay review={review} />;
  } else if (reviewState.error) {
    content = (
      <Alert severity="error">
        Could not load the review: {errorMessage(reviewState.error)}
      </Alert>
    );
  } else if (reviewState.loading || review === undefined) {
    content = <Progress />;
  } else if (release.phase === 'review') {
    content = (
      <ReviewForm
        releaseId={release.id}
        onSubmitted={saved => {
          setSubmitted({ releaseId: release.id, review: saved });
          alertApi.post({
            message: `Review of "${release.title}" submitted; the release can now be closed.`,
            severity: 'success',
            display: 'transient',
          });
          onSubmitted?.(saved);
        }}
      />
    );
  } else {
    content = (
      <Typography variant="body2" color="textSecondary">
        {noReviewText(release)}
      </Typography>
    );
  }

  return (
    <InfoCard
      title="Post-implementation review"
      titleTypographyProps={{ component: 'h3' }}
    >
      {content}
    </InfoCard>
  );
}
