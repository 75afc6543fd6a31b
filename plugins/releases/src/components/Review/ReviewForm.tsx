import { useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import {
  RELEASE_OUTCOMES,
  ReleaseOutcome,
  ReleaseReview,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { EntityRefPicker } from '../shared/EntityRefPicker';
import { errorFields, errorMessage } from '../shared/errors';
import { outcomeLabel } from './reviewText';
import {
  EMPTY_REVIEW,
  ReviewActionValues,
  ReviewFieldErrors,
  ReviewFormValues,
  toReviewRequest,
  validateReview,
} from './reviewForm';

function ActionRow(props: {
  index: number;
  action: ReviewActionValues;
  errors: ReviewFieldErrors;
  disabled: boolean;
  onChange: (action: ReviewActionValues) => void;
  onRemove: () => void;
}) {
  const { index, action, errors, disabled } = props;
  const { onChange, onRemove } = props;
  const descriptionError = errors[`actions.${index}.description`];
  const ownerError = errors[`actions.${index}.owner`];
  return (
    <Box
      role="group"
      aria-label={`Follow-up action ${index + 1}`}
      display="flex"
      alignItems="flex-start"
      gridGap={8}
    >
      <Grid container spacing={1}>
        <Grid item xs={12} md={7}>
          <TextField
            id={`review-action-${index}-description`}
            label="Action"
            value={action.description}
            onChange={e => onChange({ ...action, description: e.target.value })}
            error={Boolean(descriptionError)}
            helperText={descriptionError}
            disabled={disabled}
            fullWidth
            variant="outlined"
            margin="dense"
          />
        </Grid>
        <Grid item xs={12} md={5}>
          <EntityRefPicker
            id={`review-action-${index}-owner`}
            kind={['User', 'Group']}
            label="Owner"
            placeholder="A person or a team"
            freeSolo
            disabled={disabled}
            value={action.owner}
            onChange={owner => onChange({ ...action, owner })}
            error={Boolean(ownerError)}
            helperText={ownerError}
            size="medium"
            margin="dense"
          />
        </Grid>
      </Grid>
      <Box pt={1.5}>
        <IconButton
          size="small"
          aria-label={`Remove action ${index + 1}`}
          title="Remove this action"
          onClick={onRemove}
          disabled={disabled}
        >
          <DeleteIcon fontSize="small" />
        </IconButton>
      </Box>
    </Box>
  );
}

export interface ReviewFormProps {
  releaseId: string;
  onSubmitted: (review: ReleaseReview) => void;
}

/** The post-implementation review a release in Review needs before it can close. */
export function ReviewForm(props: ReviewFormProps) {
  const { releaseId, onSubmitted } = props;
  const releasesApi = useApi(releasesApiRef);
  const [values, setValues] = useState<ReviewFormValues>(EMPTY_REVIEW);
  // Stable row keys, so removing a row does not hand its neighbour's input state around.
  const [rowKeys, setRowKeys] = useState<number[]>([]);
  const nextRowKey = useRef(0);
  const [errors, setErrors] = useState<ReviewFieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const set = <K extends keyof ReviewFormValues>(
    key: K,
    value: ReviewFormValues[K],
  ) => setValues(current => ({ ...current, [key]: value }));

  const setAction = (index: number, action: ReviewActionValues) =>
    set(
      'actions',
      values.actions.map((a, i) => (i === index ? action : a)),
    );

  const removeAction = (index: number) => {
    set(
      'actions',
      values.actions.filter((_a, i) => i !== index),
    );
    setRowKeys(keys => keys.filter((_k, i) => i !== index));
    // Row errors are keyed by position, which just shifted.
    setErrors({});
  };

  const submit = async () => {
    const problems = validateReview(values);
    setErrors(problems);
    setFailure(undefined);
    if (Object.keys(problems).length > 0) {
      return;
    }
    setBusy(true);
    try {
      const review = await releasesApi.submitReview(
        releaseId,
        toReviewRequest(values),
      );
      onSubmitted(review);
    } catch (e) {
      // Fields the backend names show at their inputs, the rest above them.
      const named = errorFields(e);
      setErrors(named);
      setFailure(Object.keys(named).length > 0 ? undefined : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      aria-label="Post-implementation review"
      noValidate
      onSubmit={e => {
        e.preventDefault();
        submit();
      }}
    >
      <Typography variant="body2" color="textSecondary" paragraph>
        This release is in Review: record how it went. It can be closed once the
        review is submitted.
      </Typography>
      <TextField
        id={`review-${releaseId}-outcome`}
        select
        label="Outcome"
        required
        value={values.outcome}
        onChange={e => set('outcome', e.target.value as ReleaseOutcome | '')}
        error={Boolean(errors.outcome)}
        helperText={errors.outcome}
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        disabled={busy}
        fullWidth
        variant="outlined"
        margin="dense"
      >
        <option value="">Choose an outcome</option>
        {RELEASE_OUTCOMES.map(outcome => (
          <option key={outcome} value={outcome}>
            {outcomeLabel(outcome)}
          </option>
        ))}
      </TextField>
      <TextField
        id={`review-${releaseId}-went-well`}
        label="What went well"
        multiline
        minRows={2}
        value={values.wentWell}
        onChange={e => set('wentWell', e.target.value)}
        error={Boolean(errors.wentWell)}
        helperText={errors.wentWell}
        disabled={busy}
        fullWidth
        variant="outlined"
        margin="dense"
      />
      <TextField
        id={`review-${releaseId}-went-wrong`}
        label="What went wrong"
        multiline
        minRows={2}
        value={values.wentWrong}
        onChange={e => set('wentWrong', e.target.value)}
        error={Boolean(errors.wentWrong)}
        helperText={errors.wentWrong}
        disabled={busy}
        fullWidth
        variant="outlined"
        margin="dense"
      />
      <Box mt={2}>
        <Typography variant="subtitle2" component="h4">
          Follow-up actions
        </Typography>
        {values.actions.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            No follow-up actions yet.
          </Typography>
        )}
        {values.actions.map((action, index) => (
          <ActionRow
            key={rowKeys[index] ?? index}
            index={index}
            action={action}
            errors={errors}
            disabled={busy}
            onChange={next => setAction(index, next)}
            onRemove={() => removeAction(index)}
          />
        ))}
        {errors.actions && (
          <Typography variant="caption" color="error">
            {errors.actions}
          </Typography>
        )}
        <Box mt={1}>
          <Button
            size="small"
            startIcon={<AddIcon />}
            onClick={() => {
              set('actions', [
                ...values.actions,
                { description: '', owner: '' },
              ]);
              setRowKeys(keys => [...keys, nextRowKey.current++]);
            }}
            disabled={busy}
          >
            Add action
          </Button>
        </Box>
      </Box>
      {failure && (
        <Box mt={2}>
          <Alert severity="error">{failure}</Alert>
        </Box>
      )}
      <Box mt={2}>
        <Button
          type="submit"
          variant="contained"
          color="primary"
          disabled={busy}
        >
          Submit review
        </Button>
      </Box>
    </form>
  );
}
