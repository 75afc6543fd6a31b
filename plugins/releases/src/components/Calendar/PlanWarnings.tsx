import { useCallback, useRef, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { PlanningWarning } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { ConflictList } from '../shared/ConflictList';
import { SavedRelease } from '../../api/ReleasesApi';
import {
  ReleaseFormValues,
  toCreateRequest,
  validateForm,
} from '../ReleaseDialog/releaseForm';

/** The form fields a plan check reads; other fields may still be incomplete. */
const PLAN_FIELDS = [
  'type',
  'plannedStart',
  'plannedEnd',
  'components',
  'environments',
];

const DEBOUNCE_MS = 400;

/** Warnings a toast names; a busy plan's others are counted. */
const TOAST_WARNINGS = 3;
/** Freezes and collisions the dialog lists before counting the rest. */
const LISTED_CONFLICTS = 10;

/**
 * Asks the backend which freezes and collisions the plan in a release form
 * runs into, once the form's plan fields are valid and typing has paused.
 * Warnings never block saving.
 */
export function usePlanWarnings(values: ReleaseFormValues, releaseId?: string) {
  const releasesApi = useApi(releasesApiRef);
  const alertApi = useApi(alertApiRef);
  const [warnings, setWarnings] = useState<PlanningWarning[]>([]);
  const latest = useRef(0);

  useDebounce(
    () => {
      const call = ++latest.current;
      const errors = Object.keys(validateForm(values));
      if (errors.some(key => PLAN_FIELDS.includes(key.split('.')[0]))) {
        setWarnings([]);
        return;
      }
      const request = toCreateRequest(values);
      releasesApi
        .checkPlan({
          ...(releaseId && { releaseId }),
          type: request.type,
          plannedStart: request.plannedStart,
          plannedEnd: request.plannedEnd,
          components: request.components,
          environments: request.environments,
        })
        .then(
          result => call === latest.current && setWarnings(result.warnings),
          // A failed check must not get in the way of planning.
          () => call === latest.current && setWarnings([]),
        );
    },
    DEBOUNCE_MS,
    [releasesApi, values, releaseId],
  );

  /** Repeats what the saved release runs into as a toast, if anything. */
  const announceSaved = useCallback(
    (saved: SavedRelease) => {
      const runsInto = saved.warnings ?? [];
      if (runsInto.length > 0) {
        const named = runsInto.slice(0, TOAST_WARNINGS).map(w => w.message);
        const more = runsInto.length - named.length;
        alertApi.post({
          severity: 'warning',
          message: `Saved “${saved.title}”. This plan runs into: ${[
            ...named,
            ...(more > 0 ? [`and ${more} more`] : []),
          ].join('; ')}`,
        });
      }
    },
    [alertApi],
  );

  return { warnings, announceSaved };
}

/** The freezes and collisions a plan runs into, as a warning above the buttons. */
export function PlanWarningsAlert(props: { warnings: PlanningWarning[] }) {
  if (props.warnings.length === 0) {
    return null;
  }
  return (
    <Box mt={2}>
      <Alert severity="warning" role="status">
        <AlertTitle>This plan runs into</AlertTitle>
        <ConflictList
          warnings={props.warnings}
          empty=""
          limit={LISTED_CONFLICTS}
        />
        You can still save it.
      </Alert>
    </Box>
  );
}
