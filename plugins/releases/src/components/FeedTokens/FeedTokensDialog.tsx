import { FormEvent, useId, useState } from 'react';
import { useLoader } from '../../hooks';
import useCopyToClipboard from 'react-use/esm/useCopyToClipboard';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import IconButton from '@material-ui/core/IconButton';
import InputAdornment from '@material-ui/core/InputAdornment';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import FileCopyIcon from '@material-ui/icons/FileCopy';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { FeedToken } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { ScopeOptions } from '../../api/ReleasesApi';
import { errorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import { scopedFeedUrl } from './feedUrl';
import { EntityName } from '../shared/EntityName';

/** `the releases of the components of Payments`, with names as the catalog has them. */
function ScopeText(props: { scope?: ScopeOptions }) {
  const { scope = {} } = props;
  if (scope.entityRef) {
    return (
      <>
        releases of{' '}
        <EntityName entityRef={scope.entityRef} defaultKind="component" />
      </>
    );
  }
  if (scope.system) {
    return (
      <>
        releases of the components of{' '}
        <EntityName entityRef={scope.system} defaultKind="system" />
      </>
    );
  }
  if (scope.owner) {
    return (
      <>
        releases owned by{' '}
        <EntityName entityRef={scope.owner} defaultKind="group" /> or touching
        its components
      </>
    );
  }
  return <>all releases</>;
}

export interface FeedTokensDialogProps {
  open: boolean;
  onClose: () => void;
  /** Whose releases the new feed URL shows; all releases without it. */
  scope?: ScopeOptions;
}

/** Creates secret `.ics` feed URLs for calendar apps and revokes them. */
export function FeedTokensDialog(props: FeedTokensDialogProps) {
  return props.open ? <FeedTokensDialogContent {...props} /> : null;
}

function FeedTokenRow(props: {
  token: FeedToken;
  revoking: boolean;
  onRevoke: () => void;
}) {
  const { token, revoking, onRevoke } = props;
  return (
    <TableRow>
      <TableCell>{token.name}</TableCell>
      <TableCell>{formatDateTime(token.createdAt)}</TableCell>
      <TableCell>
        {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never'}
      </TableCell>
      <TableCell>
        {token.revokedAt
          ? `Revoked ${formatDateTime(token.revokedAt)}`
          : 'Active'}
      </TableCell>
      <TableCell align="right">
        {!token.revokedAt && (
          <Button
            size="small"
            color="secondary"
            variant="outlined"
            disabled={revoking}
            onClick={onRevoke}
            aria-label={`Revoke ${token.name}`}
          >
            Revoke
          </Button>
        )}
      </TableCell>
    </TableRow>
  );
}

function FeedTokensDialogContent(props: FeedTokensDialogProps) {
  const { onClose, scope } = props;
  const releasesApi = useApi(releasesApiRef);
  const titleId = useId();
  const [name, setName] = useState('Calendar feed');
  const [creating, setCreating] = useState(false);
  const [createdUrl, setCreatedUrl] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [revokingId, setRevokingId] = useState<string>();
  const [copied, copy] = useCopyToClipboard();

  const tokens = useLoader(async () => {
    const { items } = await releasesApi.listFeedTokens();
    // Live tokens first, newest first within each group.
    return [...items].sort(
      (a, b) =>
        Number(Boolean(a.revokedAt)) - Number(Boolean(b.revokedAt)) ||
        b.createdAt.localeCompare(a.createdAt),
    );
  }, [releasesApi]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    setCreating(true);
    try {
      const created = await releasesApi.createFeedToken(name.trim());
      setCreatedUrl(scopedFeedUrl(created.url, scope));
      tokens.retry();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setCreating(false);
    }
  };

  const revoke = async (token: FeedToken) => {
    setFailure(undefined);
    setRevokingId(token.id);
    try {
      await releasesApi.revokeFeedToken(token.id);
      tokens.retry();
    } catch (error) {
      setFailure(`Could not revoke ${token.name}: ${errorMessage(error)}`);
    } finally {
      setRevokingId(undefined);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id={titleId}>Subscribe in your calendar app</DialogTitle>
      <DialogContent dividers>
        <Typography variant="body2" paragraph>
          Outlook, Google Calendar and other calendar apps can subscribe to the
          release calendar through a secret feed URL. This one will show{' '}
          <ScopeText scope={scope} /> and the freeze windows that apply to them.
        </Typography>
        <Typography variant="body2" paragraph>
          Anyone who has the URL can read the feed without signing in, so treat
          it like a password. Revoke it here when you no longer need it or if it
          gets out.
        </Typography>
        {failure && (
          <Box mb={2}>
            <Alert severity="error">{failure}</Alert>
          </Box>
        )}
        <form noValidate onSubmit={create}>
          <Box display="flex" alignItems="flex-start" gridGap={16} mb={2}>
            <TextField
              id={`${titleId}-name`}
              label="Name"
              value={name}
              onChange={e => setName(e.target.value)}
              helperText="To tell your feed URLs apart, e.g. “Work laptop”."
              variant="outlined"
              size="small"
              inputProps={{ maxLength: 100 }}
            />
            <Button
              type="submit"
              variant="contained"
              color="primary"
              disabled={creating || !name.trim()}
            >
              Create feed URL
            </Button>
          </Box>
        </form>
        {createdUrl && (
          <Box mb={3}>
            <Alert severity="success">
              Copy this URL now; it will not be shown again.
            </Alert>
            <TextField
              id={`${titleId}-url`}
              label="Feed URL"
              value={createdUrl}
              fullWidth
              variant="outlined"
              size="small"
              margin="dense"
              InputProps={{
                readOnly: true,
                endAdornment: (
                  <InputAdornment position="end">
                    <Tooltip
                      title={copied.value === createdUrl ? 'Copied' : 'Copy'}
                    >
                      <IconButton
                        aria-label="Copy to clipboard"
                        edge="end"
                        onClick={() => copy(createdUrl)}
                      >
                        <FileCopyIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                  </InputAdornment>
                ),
              }}
              onFocus={e => e.target.select()}
            />
            {copied.value === createdUrl && (
              <Typography variant="caption" color="textSecondary" role="status">
                Copied to the clipboard.
              </Typography>
            )}
          </Box>
        )}
        <Typography variant="subtitle2" component="h3" gutterBottom>
          Your calendar feeds
        </Typography>
        {tokens.loading && !tokens.value && <Progress />}
        {tokens.error && (
          <Alert severity="error">
            Could not load your calendar feeds: {errorMessage(tokens.error)}
          </Alert>
        )}
        {tokens.value?.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            You have no calendar feeds yet.
          </Typography>
        )}
        {tokens.value && tokens.value.length > 0 && (
          <Table size="small" aria-label="Your calendar feeds">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>Created</TableCell>
                <TableCell>Last used</TableCell>
                <TableCell>Status</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {tokens.value.map(token => (
                <FeedTokenRow
                  key={token.id}
                  token={token}
                  revoking={revokingId === token.id}
                  onRevoke={() => revoke(token)}
                />
              ))}
            </TableBody>
          </Table>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
