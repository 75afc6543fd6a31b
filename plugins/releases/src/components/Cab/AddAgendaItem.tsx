import { FormEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useApi } from '@backstage/core-plugin-api';
import { Release } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { useLoader } from '../../hooks';
import { errorMessage } from '../shared/errors';
import { formatWindow } from '../shared/format';

const OPEN_PHASES: Release['phase'][] = [
  'plan',
  'design',
  'build',
  'test',
  'deploy',
];

/** Lets a board member put a release on the agenda by hand. */
export function AddAgendaItem(props: {
  meetingId: string;
  /** Releases already on the agenda, not offered again. */
  onAgenda: string[];
  onAdded: () => void;
}) {
  const { meetingId, onAgenda, onAdded } = props;
  const releasesApi = useApi(releasesApiRef);
  const [query, setQuery] = useState('');
  const [release, setRelease] = useState<Release | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const options = useLoader(
    () =>
      releasesApi.listReleases({
        q: query.trim() || undefined,
        phase: OPEN_PHASES,
        order: 'asc',
        limit: 20,
      }),
    [releasesApi, query],
  );
  const choices = (options.value?.items ?? []).filter(
    r => !onAgenda.includes(r.id),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!release) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await releasesApi.addCabItem(meetingId, {
        releaseId: release.id,
        ...(note.trim() && { note: note.trim() }),
      });
      setRelease(null);
      setNote('');
      onAdded();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Add a release to the agenda">
      {error && (
        <Box mb={1}>
          <Alert severity="error">{error}</Alert>
        </Box>
      )}
      <Box display="flex" flexWrap="wrap" gridGap={16} alignItems="flex-start">
        <Autocomplete<Release>
          id="cab-add-item-release"
          style={{ flex: '2 1 320px' }}
          options={choices}
          value={release}
          loading={options.loading}
          getOptionLabel={r =>
            `${r.title} (${formatWindow(r.plannedStart, r.plannedEnd)})`
          }
          getOptionSelected={(a, b) => a.id === b.id}
          filterOptions={x => x}
          onChange={(_e, value) => setRelease(value)}
          onInputChange={(_e, value, reason) => {
            if (reason === 'input') {
              setQuery(value);
            }
          }}
          noOptionsText="No open release matches."
          renderInput={params => (
            <TextField
              {...params}
              label="Release"
              variant="outlined"
              size="small"
              helperText="Search open releases by title"
            />
          )}
        />
        <TextField
          id="cab-add-item-note"
          style={{ flex: '1 1 240px' }}
          label="Note (optional)"
          value={note}
          onChange={e => setNote(e.target.value)}
          variant="outlined"
          size="small"
          inputProps={{ maxLength: 2000 }}
          helperText="Why the board should look at it"
        />
        <Button
          type="submit"
          variant="outlined"
          color="primary"
          disabled={!release || busy}
        >
          Add to agenda
        </Button>
      </Box>
    </form>
  );
}
