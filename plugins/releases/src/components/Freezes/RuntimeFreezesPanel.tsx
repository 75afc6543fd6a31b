import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import BlockIcon from '@material-ui/icons/Block';
import Alert from '@material-ui/lab/Alert';
import { useApi } from '@backstage/core-plugin-api';
import { RuntimeFreeze } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { useLoader } from '../../hooks';
import { EntityName } from '../shared/EntityName';
import { errorMessage } from '../shared/errors';
import { formatDateTime, typeLabel } from '../shared/format';
import { humanizeValue } from '../shared/labels';
import { ReasonDialog } from '../shared/ReasonDialog';
import { StopTheLineDialog } from './StopTheLineDialog';
import { useCanManageFreezes } from './useCanManageFreezes';

/** When a runtime freeze holds, in words. */
export function describeFreezeTime(freeze: RuntimeFreeze): string {
  const until = freeze.endsAt
    ? `until ${formatDateTime(freeze.endsAt)}`
    : 'until lifted';
  return freeze.state === 'scheduled'
    ? `From ${formatDateTime(freeze.startsAt)} ${until}`
    : `Since ${formatDateTime(freeze.startsAt)}, ${until}`;
}

function FreezeRow(props: {
  freeze: RuntimeFreeze;
  canLift: boolean;
  onLift: () => void;
}) {
  const { freeze, canLift, onLift } = props;
  return (
    <Paper
      variant="outlined"
      component="li"
      aria-label={freeze.name}
      style={{ padding: 12, listStyle: 'none' }}
    >
      <Box display="flex" alignItems="flex-start" gridGap={16}>
        <Box flexGrow={1}>
          <Typography variant="subtitle1" component="h3">
            {freeze.name}
            {freeze.state === 'scheduled' ? ' (scheduled)' : ''}
          </Typography>
          <Typography variant="body2">{freeze.reason}</Typography>
          <Typography variant="body2" color="textSecondary">
            {describeFreezeTime(freeze)} ·{' '}
            {freeze.environments.map(humanizeValue).join(', ')}
            {freeze.allow.length > 0 &&
              ` · ${freeze.allow
                .map(typeLabel)
                .join(', ')} releases may still deploy`}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            Declared by{' '}
            <EntityName entityRef={freeze.declaredBy} defaultKind="user" />,{' '}
            {formatDateTime(freeze.declaredAt)}
          </Typography>
        </Box>
        {canLift && (
          <Button
            variant="outlined"
            onClick={onLift}
            aria-label={`Lift ${freeze.name}`}
          >
            Lift
          </Button>
        )}
      </Box>
    </Paper>
  );
}

/**
 * The runtime freezes in force or ahead, with "Stop the line" and "Lift" for
 * the users who may declare and lift them. `onChange` runs after either.
 */
export function RuntimeFreezesPanel(props: { onChange?: () => void }) {
  const { onChange } = props;
  const releasesApi = useApi(releasesApiRef);
  const permission = useCanManageFreezes();
  const freezes = useLoader(
    () => releasesApi.listFreezes({ state: 'current' }),
    [releasesApi],
  );
  const [declaring, setDeclaring] = useState(false);
  const [lifting, setLifting] = useState<RuntimeFreeze>();
  const [liftBusy, setLiftBusy] = useState(false);
  const [liftError, setLiftError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const items = freezes.value?.items ?? [];

  const changed = (message: string) => {
    setNotice(message);
    freezes.retry();
    onChange?.();
  };

  return (
    <Box component="section" aria-label="Runtime freezes" mb={2}>
      {freezes.error && (
        <Alert severity="error">
          Runtime freezes could not be loaded: {errorMessage(freezes.error)}
        </Alert>
      )}
      {notice && (
        <Box mb={1}>
          <Alert severity="success" onClose={() => setNotice(undefined)}>
            {notice}
          </Alert>
        </Box>
      )}
      {(items.length > 0 || permission.allowed) && (
        <Box
          display="flex"
          alignItems="center"
          justifyContent="space-between"
          gridGap={16}
          mb={1}
        >
          <Typography variant="h6" component="h2">
            {items.length > 0
              ? 'Deployments stopped by a runtime freeze'
              : 'No runtime freeze in force'}
          </Typography>
          {permission.allowed && (
            <Button
              variant="contained"
              color="secondary"
              startIcon={<BlockIcon />}
              onClick={() => {
                setNotice(undefined);
                setDeclaring(true);
              }}
            >
              Stop the line
            </Button>
          )}
        </Box>
      )}
      {items.length > 0 && (
        <Box
          component="ul"
          display="flex"
          flexDirection="column"
          gridGap={8}
          p={0}
          m={0}
        >
          {items.map(freeze => (
            <FreezeRow
              key={freeze.id}
              freeze={freeze}
              canLift={permission.allowed}
              onLift={() => {
                setLiftError(undefined);
                setLifting(freeze);
              }}
            />
          ))}
        </Box>
      )}
      {declaring && (
        <StopTheLineDialog
          onClose={() => setDeclaring(false)}
          onDeclared={freeze => {
            setDeclaring(false);
            changed(
              freeze.state === 'scheduled'
                ? `"${freeze.name}" is scheduled: ${describeFreezeTime(
                    freeze,
                  ).toLocaleLowerCase('en-US')}.`
                : `"${
                    freeze.name
                  }" is in force: deployments to ${freeze.environments
                    .map(humanizeValue)
                    .join(', ')} are stopped.`,
            );
          }}
        />
      )}
      {lifting && (
        <ReasonDialog
          title={`Lift "${lifting.name}"`}
          description="Deployments may proceed again at once. Lifting is recorded and the owners of affected releases are notified."
          required={false}
          helpWhenEmpty="Optional: why the freeze can end now."
          helpWhenFilled="Recorded with the lift."
          confirmLabel="Lift freeze"
          busy={liftBusy}
          error={liftError}
          onClose={() => setLifting(undefined)}
          onConfirm={async reason => {
            setLiftBusy(true);
            setLiftError(undefined);
            try {
              await releasesApi.liftFreeze(lifting.id, reason || undefined);
              setLifting(undefined);
              changed(`"${lifting.name}" is lifted: deployments may proceed.`);
            } catch (e) {
              setLiftError(errorMessage(e));
            } finally {
              setLiftBusy(false);
            }
          }}
        />
      )}
    </Box>
  );
}
