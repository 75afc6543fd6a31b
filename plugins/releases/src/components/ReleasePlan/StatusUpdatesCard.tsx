import { FormEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  Release,
  STATUS_HEALTH,
  StatusHealth,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { EntityName } from '../shared/EntityName';
import { errorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import { healthLabel } from './planLabels';
import { useStatusUpdates } from './usePlan';

const HEALTH_COLORS: Record<StatusHealth, string> = {
  on_track: '#2e7d32',
  at_risk: '#ed6c02',
  off_track: '#d32f2f',
};

/** The release manager's status updates, newest first, with a form to post one. */
export function StatusUpdatesCard(props: { release: Release }) {
  const { release } = props;
  const releasesApi = useApi(releasesApiRef);
  const updates = useStatusUpdates(release.id);
  const [text, setText] = useState('');
  const [health, setHealth] = useState<StatusHealth>('on_track');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const post = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim() || busy) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await releasesApi.postStatusUpdate(release.id, {
        text: text.trim(),
        health,
      });
      setText('');
      updates.retry();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const items = updates.value?.items ?? [];
  return (
    <InfoCard title="Status updates" titleTypographyProps={{ component: 'h3' }}>
      <form noValidate onSubmit={post} aria-label="Post a status update">
        {error && <Alert severity="error">{error}</Alert>}
        <TextField
          id={`status-update-${release.id}`}
          label="Status update"
          placeholder="What changed, what is next, what is at risk"
          value={text}
          onChange={e => setText(e.target.value)}
          fullWidth
          multiline
          minRows={2}
          variant="outlined"
          margin="dense"
          inputProps={{ maxLength: 5000 }}
          helperText="Watchers and role holders are notified. The release manager posts updates."
        />
        <Box display="flex" gridGap={8} alignItems="center" mt={1}>
          <TextField
            id={`status-health-${release.id}`}
            select
            label="Health"
            value={health}
            onChange={e => setHealth(e.target.value as StatusHealth)}
            size="small"
            variant="outlined"
          >
            {STATUS_HEALTH.map(h => (
              <MenuItem key={h} value={h}>
                {healthLabel(h)}
              </MenuItem>
            ))}
          </TextField>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={busy || !text.trim()}
          >
            Post update
          </Button>
        </Box>
      </form>
      {updates.error && (
        <Alert severity="error">
          {`The status updates could not be loaded: ${errorMessage(
            updates.error,
          )}`}
        </Alert>
      )}
      {updates.loading && !updates.value && <Progress />}
      {updates.value && items.length === 0 && (
        <Box mt={2}>
          <Typography variant="body2" color="textSecondary">
            No status updates yet.
          </Typography>
        </Box>
      )}
      {items.length > 0 && (
        <Box
          component="ol"
          mt={2}
          pl={0}
          style={{ listStyle: 'none' }}
          aria-label="Status updates"
        >
          {items.map(update => (
            <Box
              component="li"
              key={update.id}
              mb={2}
              pl={2}
              style={{
                borderLeft: `3px solid ${HEALTH_COLORS[update.health]}`,
              }}
            >
              <Box display="flex" gridGap={8} alignItems="center">
                <Chip size="small" label={healthLabel(update.health)} />
                <Typography variant="caption" color="textSecondary">
                  <EntityName entityRef={update.author} defaultKind="user" />
                  {` · ${formatDateTime(update.postedAt)}`}
                </Typography>
              </Box>
              <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
                {update.text}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
    </InfoCard>
  );
}
