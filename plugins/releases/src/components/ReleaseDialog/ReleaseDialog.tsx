import { useId, useMemo } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import { Release } from '@backstage-itsm/plugin-releases-common';
import { PlanWarningsAlert } from '../Calendar/PlanWarnings';
import {
  RollbackPlanSection,
  StandardChangeSection,
} from './GovernanceSections';
import { ReleaseFormValues } from './releaseForm';
import {
  ReleaseBasicsSection,
  ReleaseEnvironmentsSection,
  ReleaseScheduleSection,
  ReleaseScopeSection,
} from './ReleaseFormSections';
import { useReleaseForm } from './useReleaseForm';

export interface ReleaseDialogProps {
  open: boolean;
  /** The release to edit; without it the dialog plans a new release. */
  release?: Release;
  /** Initial values when planning a new release. */
  prefill?: Partial<ReleaseFormValues>;
  onClose: () => void;
  onSaved: (release: Release) => void;
}

/** Create or edit a release; mounts its form fresh every time it opens. */
export function ReleaseDialog(props: ReleaseDialogProps) {
  return props.open ? <ReleaseDialogForm {...props} /> : null;
}

function ReleaseDialogForm(props: ReleaseDialogProps) {
  const { onClose, onSaved } = props;
  const id = useId();
  // A new object on every render would reset the form.
  const prefill = useMemo(() => props.prefill, [props.prefill]);
  const form = useReleaseForm({
    release: props.release,
    prefill,
    onSaved,
    onUnchanged: onClose,
  });
  const { isEdit, stale, failure, submitting } = form;

  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby={id}
      fullWidth
      maxWidth="md"
    >
      <form noValidate onSubmit={form.submit}>
        <DialogTitle id={id}>
          {isEdit ? 'Edit release' : 'Plan a release'}
        </DialogTitle>
        <DialogContent dividers>
          {stale && (
            <Box mb={2}>
              <Alert
                severity="warning"
                action={
                  <Button color="inherit" size="small" onClick={form.reload}>
                    Reload
                  </Button>
                }
              >
                Someone else changed this release while you were editing it
                {stale.currentRevision
                  ? ` (it is now at revision ${stale.currentRevision})`
                  : ''}
                . Reload to see the current version, then apply your changes
                again.
              </Alert>
            </Box>
          )}
          {failure && (
            <Box mb={2}>
              <Alert severity="error">{failure}</Alert>
            </Box>
          )}
          <Grid container spacing={2}>
            {!isEdit && <StandardChangeSection form={form} id={id} />}
            <ReleaseBasicsSection form={form} id={id} />
            <ReleaseScheduleSection form={form} id={id} />
            <ReleaseScopeSection form={form} id={id} />
            <ReleaseEnvironmentsSection form={form} id={id} />
            <RollbackPlanSection form={form} id={id} />
          </Grid>
          <PlanWarningsAlert warnings={form.warnings} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={submitting}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={submitting}
          >
            {isEdit ? 'Save' : 'Create'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
