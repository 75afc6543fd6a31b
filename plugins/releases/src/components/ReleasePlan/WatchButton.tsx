import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import VisibilityIcon from '@material-ui/icons/Visibility';
import VisibilityOffIcon from '@material-ui/icons/VisibilityOff';
import { useApi } from '@backstage/core-plugin-api';
import { MAX_PAGE_SIZE, Watch } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { useLoader } from '../../hooks';
import { errorMessage } from '../shared/errors';

/** A watcher has at most this many watches (MAX_WATCHES_PER_WATCHER); read page by page until found. */
const MAX_WATCHES = 500;

/** What to watch: one release, or a component, system or group (its releases). */
export type WatchButtonTarget = { releaseId: string } | { entityRef: string };

function sameRef(a: string, b: string) {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}

/** The list holds the viewer's own watches and their groups'; a user's is the viewer's. */
function isMyWatchOf(watch: Watch, target: WatchButtonTarget) {
  const mine = watch.watcher.toLocaleLowerCase('en-US').startsWith('user:');
  if ('releaseId' in target) {
    return (
      mine &&
      watch.target.kind === 'release' &&
      watch.target.releaseId === target.releaseId
    );
  }
  return (
    mine &&
    watch.target.kind === 'entity' &&
    sameRef(watch.target.entityRef, target.entityRef)
  );
}

/**
 * Watch a release, or every release of a component, system or group, to be
 * notified of phase changes, slips and status updates; or stop.
 */
export function WatchButton(props: { target: WatchButtonTarget }) {
  const { target } = props;
  const targetKey = 'releaseId' in target ? target.releaseId : target.entityRef;
  const releasesApi = useApi(releasesApiRef);
  const state = useLoader(async () => {
    for (let offset = 0; offset < MAX_WATCHES; offset += MAX_PAGE_SIZE) {
      const page = await releasesApi.listWatches({
        limit: MAX_PAGE_SIZE,
        offset,
      });
      const found = page.items.find(w => isMyWatchOf(w, target));
      if (found || offset + page.items.length >= page.totalCount) {
        return found;
      }
    }
    return undefined;
    // The target is a new object on every render; its key is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [releasesApi, targetKey]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const watch = state.value;
  const loaded = !state.loading || state.value !== undefined;

  const toggle = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (watch) {
        await releasesApi.unwatch(watch.id);
      } else {
        await releasesApi.watch(target);
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      state.retry();
    }
  };

  const label = watch ? 'Stop watching' : 'Watch';
  const what =
    'releaseId' in target
      ? 'phase changes, slips and status updates'
      : 'phase changes, slips and status updates of its releases';
  const help = watch
    ? `You are notified of ${what}.`
    : `Be notified of ${what}.`;
  return (
    <Box display="flex" flexDirection="column" alignItems="flex-end">
      <Tooltip title={help}>
        <span>
          <Button
            variant="outlined"
            startIcon={watch ? <VisibilityOffIcon /> : <VisibilityIcon />}
            onClick={toggle}
            disabled={busy || !loaded}
          >
            {label}
          </Button>
        </span>
      </Tooltip>
      {(error || state.error) && (
        <Typography variant="caption" color="error" role="alert">
          {error ?? `Watches could not be loaded: ${errorMessage(state.error)}`}
        </Typography>
      )}
    </Box>
  );
}
