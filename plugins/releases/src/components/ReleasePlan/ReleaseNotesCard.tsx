import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { NotesMode, Release } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { releaseChannels, useLiveLoader } from '../../hooks';
import { errorMessage, staleRevisionOf } from '../shared/errors';
import { saveFile } from '../Versions/download';
import { ReleaseNotesView } from './ReleaseNotesView';

/** The release notes, generated and edited, with a Markdown download. */
export function ReleaseNotesCard(props: { release: Release }) {
  const { release } = props;
  const releasesApi = useApi(releasesApiRef);
  const notes = useLiveLoader(
    () => releasesApi.getReleaseNotes(release.id),
    [releasesApi, release.id],
    releaseChannels.release(release.id),
  );
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [mode, setMode] = useState<NotesMode>('extend');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const editable = release.phase !== 'closed' && release.phase !== 'cancelled';

  const startEditing = () => {
    setText(notes.value?.edited?.text ?? '');
    setMode(notes.value?.edited?.mode ?? 'extend');
    setError(undefined);
    setEditing(true);
  };

  const save = async () => {
    if (!notes.value) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await releasesApi.updateReleaseNotes(release.id, {
        mode,
        text,
        revision: notes.value.revision,
      });
      setEditing(false);
      notes.retry();
    } catch (e) {
      setError(
        staleRevisionOf(e)
          ? 'Someone edited the notes meanwhile; they are reloaded. Check them and save again.'
          : errorMessage(e),
      );
      notes.retry();
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    setError(undefined);
    try {
      const { blob, filename } = await releasesApi.downloadReleaseNotes(
        release.id,
      );
      saveFile(blob, filename);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <InfoCard
      title="Release notes"
      titleTypographyProps={{ component: 'h3' }}
      action={
        <Box display="flex" gridGap={8}>
          {editable && notes.value && !editing && (
            <Button color="primary" onClick={startEditing}>
              Edit notes
            </Button>
          )}
          <Button color="primary" onClick={download} disabled={!notes.value}>
            Download Markdown
          </Button>
        </Box>
      }
    >
      {error && <Alert severity="error">{error}</Alert>}
      {notes.error && (
        <Alert severity="error">
          {`The release notes could not be loaded: ${errorMessage(
            notes.error,
          )}`}
        </Alert>
      )}
      {notes.loading && !notes.value && <Progress />}
      {editing && notes.value && (
        <Box mb={2}>
          <TextField
            id={`notes-mode-${release.id}`}
            select
            label="Your text"
            value={mode}
            onChange={e => setMode(e.target.value as NotesMode)}
            size="small"
            variant="outlined"
            margin="dense"
          >
            <MenuItem value="extend">Added after the generated notes</MenuItem>
            <MenuItem value="override">Replaces the generated notes</MenuItem>
          </TextField>
          <TextField
            id={`notes-text-${release.id}`}
            label="Notes (Markdown)"
            value={text}
            onChange={e => setText(e.target.value)}
            fullWidth
            multiline
            minRows={6}
            variant="outlined"
            margin="dense"
            helperText="Leave empty to go back to the generated notes alone."
          />
          <Box display="flex" gridGap={8} justifyContent="flex-end">
            <Button onClick={() => setEditing(false)} disabled={busy}>
              Cancel
            </Button>
            <Button
              variant="contained"
              color="primary"
              onClick={save}
              disabled={busy}
            >
              Save notes
            </Button>
          </Box>
        </Box>
      )}
      {notes.value && <ReleaseNotesView notes={notes.value} />}
    </InfoCard>
  );
}
