import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  Release,
  ReleaseRole,
  SignoffRequirement,
} from '@backstage-itsm/plugin-releases-common';
import { LoaderState } from '../../hooks';
import { releasesApiRef } from '../../api';
import { EntityName } from '../shared/EntityName';
import { errorMessage } from '../shared/errors';
import { formatDateTime } from '../shared/format';
import { useLabels } from '../shared/labels';
import { ReasonDialog } from '../shared/ReasonDialog';
import type { ReleaseSignoffs } from '@backstage-itsm/plugin-releases-common';
import { wrappingText } from './planLabels';

export interface SignoffsCardProps {
  release: Release;
  roles: ReleaseRole[];
  signoffs: LoaderState<ReleaseSignoffs>;
  onChanged: () => void;
}

/** Who may give a missing sign-off, in words (the backend's reasons name refs). */
function WhoSigns(props: {
  requirement: SignoffRequirement;
  roles: ReleaseRole[];
}) {
  const { requirement, roles } = props;
  if (requirement.group) {
    return (
      <>
        Not signed off yet; a member of{' '}
        <EntityName entityRef={requirement.group} defaultKind="group" /> signs
        it
      </>
    );
  }
  const role = roles.find(r => r.id === requirement.role);
  if (!role) {
    return <>Not signed off yet</>;
  }
  if (!role.holder) {
    return (
      <>{`Not signed off yet; the ${role.title} signs it, and nobody holds that role yet`}</>
    );
  }
  return (
    <>
      {`Not signed off yet; the ${role.title} signs it (`}
      <EntityName entityRef={role.holder} defaultKind="user" />)
    </>
  );
}

/** The named sign-offs the release asks for, who gave them, and a way to give one. */
export function SignoffsCard(props: SignoffsCardProps) {
  const { release, roles, signoffs, onChanged } = props;
  const releasesApi = useApi(releasesApiRef);
  const alertApi = useApi(alertApiRef);
  const labels = useLabels();
  const [signing, setSigning] = useState<SignoffRequirement>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const data = signoffs.value;

  const signOff = async (comment: string) => {
    if (!signing) {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await releasesApi.signOff(release.id, { name: signing.name, comment });
      alertApi.post({
        message: `${signing.name} signed off for ${release.title}`,
        severity: 'success',
        display: 'transient',
      });
      setSigning(undefined);
      signoffs.retry();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
      signoffs.retry();
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard title="Sign-offs" titleTypographyProps={{ component: 'h3' }}>
      {signoffs.error && (
        <Alert severity="error">
          {`The sign-offs could not be loaded: ${errorMessage(signoffs.error)}`}
        </Alert>
      )}
      {signoffs.loading && !data && <Progress />}
      {data && data.required.length === 0 && data.items.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          This release needs no sign-offs.
        </Typography>
      )}
      {data && data.required.length > 0 && (
        <List dense aria-label="Sign-offs asked for">
          {data.required.map(requirement => (
            <ListItem key={requirement.name} disableGutters>
              <ListItemText
                primaryTypographyProps={wrappingText}
                secondaryTypographyProps={wrappingText}
                primary={`${requirement.name} (before leaving ${labels.phase(
                  requirement.phase,
                )})`}
                secondary={
                  requirement.signoff ? (
                    <>
                      Signed off by{' '}
                      <EntityName
                        entityRef={requirement.signoff.signer}
                        defaultKind="user"
                      />{' '}
                      on {formatDateTime(requirement.signoff.signedAt)}
                      {requirement.signoff.comment
                        ? `: ${requirement.signoff.comment}`
                        : ''}
                    </>
                  ) : (
                    <WhoSigns requirement={requirement} roles={roles} />
                  )
                }
              />
              {!requirement.signoff && requirement.viewer.canSign && (
                <Button
                  variant="contained"
                  color="primary"
                  size="small"
                  onClick={() => {
                    setError(undefined);
                    setSigning(requirement);
                  }}
                >
                  {`Sign off ${requirement.name}`}
                </Button>
              )}
            </ListItem>
          ))}
        </List>
      )}
      {data && data.items.length > 0 && (
        <Box mt={1}>
          <Typography variant="subtitle2" component="h4">
            Given
          </Typography>
          <List dense aria-label="Sign-offs given">
            {data.items.map(item => (
              <ListItem key={item.id} disableGutters>
                <ListItemText
                  primaryTypographyProps={wrappingText}
                  secondaryTypographyProps={wrappingText}
                  primary={
                    <>
                      {`${item.name}: `}
                      <EntityName entityRef={item.signer} defaultKind="user" />
                      {` on ${formatDateTime(item.signedAt)}`}
                      {item.round < data.round ? ' (earlier round)' : ''}
                    </>
                  }
                  secondary={item.comment || undefined}
                />
              </ListItem>
            ))}
          </List>
        </Box>
      )}
      {signing && (
        <ReasonDialog
          title={`Sign off ${signing.name}`}
          description={`You sign off ${signing.name} for ${release.title}. An edit of what was signed off starts a new round.`}
          fieldLabel="Comment"
          required={false}
          helpWhenEmpty="Optional: what you checked."
          helpWhenFilled="Recorded with your sign-off."
          confirmLabel="Sign off"
          busy={busy}
          error={error}
          onConfirm={signOff}
          onClose={() => setSigning(undefined)}
        />
      )}
    </InfoCard>
  );
}
