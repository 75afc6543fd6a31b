import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ReleaseReview } from '@backstage-itsm/plugin-releases-common';
import { formatDateTime } from '../shared/format';
import { OutcomeChip } from './ReviewChips';

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" component="h4">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function Notes(props: { text: string }) {
  const text = props.text.trim();
  return (
    <Typography
      variant="body2"
      color={text ? 'textPrimary' : 'textSecondary'}
      style={{ whiteSpace: 'pre-wrap' }}
    >
      {text || 'Nothing noted.'}
    </Typography>
  );
}

/** A post-implementation review as it was submitted. */
export function ReviewDisplay(props: { review: ReleaseReview }) {
  const { review } = props;
  return (
    <Box>
      <Box display="flex" alignItems="center" gridGap={8}>
        <Typography variant="body2" component="span">
          Outcome:
        </Typography>
        <OutcomeChip outcome={review.outcome} />
      </Box>
      <Section title="What went well">
        <Notes text={review.wentWell} />
      </Section>
      <Section title="What went wrong">
        <Notes text={review.wentWrong} />
      </Section>
      <Section title="Follow-up actions">
        {review.actions.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No follow-up actions.
          </Typography>
        ) : (
          <Box component="ul" m={0} pl={2}>
            {review.actions.map((action, index) => (
              <li key={index}>
                <Typography variant="body2" component="span">
                  {action.description} —{' '}
                </Typography>
                <EntityRefLink entityRef={action.owner} defaultKind="user" />
              </li>
            ))}
          </Box>
        )}
      </Section>
      <Box mt={2}>
        <Typography variant="caption" color="textSecondary">
          Reviewed by{' '}
          <EntityRefLink entityRef={review.reviewedBy} defaultKind="user" /> on{' '}
          {formatDateTime(review.reviewedAt)}
        </Typography>
      </Box>
    </Box>
  );
}
