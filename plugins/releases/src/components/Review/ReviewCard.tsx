import { useState } from 'react';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { Release, ReleaseReview } from '@backstage-itsm/plugin-releases-common';
import { ReviewDisplay } from './ReviewDisplay';
import { ReviewForm } from './ReviewForm';

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
  /** The review as `GET /releases/:id` answered it; `null` when there is none. */
  review: ReleaseReview | null;
  /** Called after a review was submitted, so the page reloads the release (it may close now). */
  onSubmitted?: (review: ReleaseReview) => void;
}

/** The release's post-implementation review, or the form to write it while in Review. */
export function ReviewCard(props: ReviewCardProps) {
  const { release, onSubmitted } = props;
  const alertApi = useApi(alertApiRef);
  const [submitted, setSubmitted] = useState<{
    releaseId: string;
    review: ReleaseReview;
  }>();

  // Until the reloaded release carries it, show the review just submitted.
  const review =
    props.review ??
    (submitted?.releaseId === release.id ? submitted.review : null);

  let content;
  if (review) {
    content = <ReviewDisplay review={review} />;
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
