import { useState } from 'react';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Release, ReleaseRole } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { EntityName } from '../shared/EntityName';
import { EntityRefPicker } from '../shared/EntityRefPicker';
import { errorMessage } from '../shared/errors';
import { FormDialog } from '../shared/FormDialog';
import { wrappingText } from './planLabels';

export interface RolesCardProps {
  release: Release;
  roles: ReleaseRole[];
  onChanged: () => void;
}

function RolesDialog(props: {
  release: Release;
  roles: ReleaseRole[];
  onSaved: () => void;
  onClose: () => void;
}) {
  const { release, roles, onSaved, onClose } = props;
  const releasesApi = useApi(releasesApiRef);
  const [holders, setHolders] = useState<Record<string, string>>(
    Object.fromEntries(roles.map(role => [role.id, role.holder ?? ''])),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const save = async () => {
    setBusy(true);
    setError(undefined);
    const changed = Object.fromEntries(
      roles
        .filter(role => (role.holder ?? '') !== holders[role.id])
        .map(role => [role.id, holders[role.id] || null]),
    );
    try {
      if (Object.keys(changed).length > 0) {
        await releasesApi.setRoles(release.id, changed);
      }
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <FormDialog
      title="Edit roles"
      submitLabel="Save roles"
      busy={busy}
      onSubmit={save}
      onClose={onClose}
    >
      {error && <Alert severity="error">{error}</Alert>}
      {roles.map(role => (
        <EntityRefPicker
          key={role.id}
          id={`release-role-${role.id}`}
          kind={['User', 'Group']}
          label={role.title}
          placeholder="Nobody yet"
          value={holders[role.id] ?? ''}
          onChange={ref => setHolders(h => ({ ...h, [role.id]: ref }))}
          size="medium"
          margin="dense"
          helperText={
            role.requiredToLeavePlan
              ? 'Must be filled before the release leaves planning'
              : undefined
          }
        />
      ))}
    </FormDialog>
  );
}

/** Who holds each role the release needs. */
export function RolesCard(props: RolesCardProps) {
  const { release, roles, onChanged } = props;
  const [editing, setEditing] = useState(false);
  return (
    <InfoCard
      title="Roles"
      titleTypographyProps={{ component: 'h3' }}
      action={
        roles.length > 0 ? (
          <Button color="primary" onClick={() => setEditing(true)}>
            Edit roles
          </Button>
        ) : undefined
      }
    >
      {roles.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No roles are configured for releases.
        </Typography>
      ) : (
        <List dense aria-label="Roles">
          {roles.map(role => (
            <ListItem key={role.id} disableGutters>
              <ListItemText
                primaryTypographyProps={wrappingText}
                secondaryTypographyProps={wrappingText}
                primary={role.title}
                secondary={
                  role.holder ? (
                    <EntityName entityRef={role.holder} defaultKind="user" />
                  ) : (
                    'Nobody yet'
                  )
                }
              />
            </ListItem>
          ))}
        </List>
      )}
      {editing && (
        <RolesDialog
          release={release}
          roles={roles}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onClose={() => setEditing(false)}
        />
      )}
    </InfoCard>
  );
}
