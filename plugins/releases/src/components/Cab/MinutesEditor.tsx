import { useEffect, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import { CabMeeting } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { EntityName } from '../shared/EntityName';
import { errorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';

/** The meeting's minutes: the chair writes them, everyone else reads them. */
export function MinutesEditor(props: {
  meeting: CabMeeting;
  onSaved: (meeting: CabMeeting) => void;
}) {
  const { meeting, onSaved } = props;
  const releasesApi = useApi(releasesApiRef);
  const saved = meeting.minutes?.text ?? '';
  const [text, setText] = useState(saved);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  useEffect(() => setText(saved), [saved]);

  const lastSaved = meeting.minutes && (
    <Typography variant="caption" color="textSecondary" component="p">
      Last saved by{' '}
      <EntityName entityRef={meeting.minutes.by} defaultKind="user" />,{' '}
      {formatDateTime(meeting.minutes.at)}
    </Typography>
  );

  if (!meeting.viewer.canWriteMinutes) {
    return (
      <>
        <Typography
          variant="body2"
          style={{ whiteSpace: 'pre-wrap' }}
          color={meeting.minutes ? 'textPrimary' : 'textSecondary'}
        >
          {meeting.minutes?.text || 'No minutes yet. The chair writes them.'}
        </Typography>
        {lastSaved}
      </>
    );
  }

  const save = async () => {
    setBusy(true);
    setError(undefined);
    setDone(false);
    try {
      const updated = await releasesApi.setCabMinutes(meeting.id, text);
      setDone(true);
      onSaved(updated);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {error && (
        <Box mb={1}>
          <Alert severity="error">{error}</Alert>
        </Box>
      )}
      {done && !error && text === saved && (
        <Box mb={1}>
          <Alert severity="success">Minutes saved.</Alert>
        </Box>
      )}
      <TextField
        id="cab-minutes"
        label="Minutes"
        value={text}
        onChange={e => {
          setText(e.target.value);
          setDone(false);
        }}
        multiline
        minRows={6}
        fullWidth
        variant="outlined"
        inputProps={{ maxLength: 50000 }}
      />
      <Box display="flex" alignItems="center" gridGap={16} mt={1}>
        <Button
          variant="contained"
          color="primary"
          onClick={save}
          disabled={busy || text === saved}
        >
          Save minutes
        </Button>
        {lastSaved}
      </Box>
    </>
  );
}
