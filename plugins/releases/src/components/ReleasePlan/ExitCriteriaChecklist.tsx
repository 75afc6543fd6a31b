import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import RadioButtonUncheckedIcon from '@material-ui/icons/RadioButtonUnchecked';
import {
  ExitCriterion,
  ReleaseExitCriteria,
  ReleaseRole,
  ReleaseSignoffs,
} from '@backstage-itsm/plugin-releases-common';
import { EntityName } from '../shared/EntityName';
import { formatDateTime } from '../shared/format';
import { useLabels } from '../shared/labels';
import { wrappingText } from './planLabels';

export interface ExitCriteriaChecklistProps {
  exitCriteria: ReleaseExitCriteria;
  roles: ReleaseRole[];
  signoffs?: ReleaseSignoffs;
}

/** What a criterion says in words: the backend's detail names refs, so roles and sign-offs are told from the data. */
function CriterionDetail(props: {
  criterion: ExitCriterion;
  roles: ReleaseRole[];
  signoffs?: ReleaseSignoffs;
}) {
  const { criterion, roles, signoffs } = props;
  if (criterion.kind === 'role') {
    const role = roles.find(r => `role:${r.id}` === criterion.id);
    if (role?.holder) {
      return (
        <>
          Held by <EntityName entityRef={role.holder} defaultKind="user" />
        </>
      );
    }
    return <>Nobody holds this role yet</>;
  }
  if (criterion.kind === 'signoff') {
    const requirement = signoffs?.required.find(
      r => `signoff:${r.name}` === criterion.id,
    );
    if (requirement?.signoff) {
      return (
        <>
          Signed off by{' '}
          <EntityName
            entityRef={requirement.signoff.signer}
            defaultKind="user"
          />{' '}
          on {formatDateTime(requirement.signoff.signedAt)}
        </>
      );
    }
    if (requirement?.group) {
      return (
        <>
          Waiting for a member of{' '}
          <EntityName entityRef={requirement.group} defaultKind="group" />
        </>
      );
    }
    if (requirement?.role) {
      const title =
        roles.find(r => r.id === requirement.role)?.title ?? 'role holder';
      return <>Waiting for the {title}</>;
    }
    return <>Not signed off in this round yet</>;
  }
  if (criterion.kind === 'deployment') {
    return (
      <>
        {criterion.met
          ? 'Every component was deployed there successfully'
          : 'Not every component was deployed there successfully yet'}
      </>
    );
  }
  // Task criteria name phases and task titles only.
  return <>{criterion.detail}</>;
}

/** The current phase's exit criteria as a checklist: what still stands between the release and its next phase. */
export function ExitCriteriaChecklist(props: ExitCriteriaChecklistProps) {
  const { exitCriteria, roles, signoffs } = props;
  const labels = useLabels();
  const { criteria } = exitCriteria;
  const metCount = criteria.filter(c => c.met).length;

  if (!exitCriteria.next) {
    return (
      <Typography variant="body2" color="textSecondary">
        This release does not move on any more.
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="body2" gutterBottom>
        {criteria.length === 0
          ? `Nothing is required before ${labels.phase(exitCriteria.next)}.`
          : `Before ${labels.phase(exitCriteria.next)}: ${metCount} of ${
              criteria.length
            } met.`}
      </Typography>
      {criteria.length > 0 && (
        <List
          dense
          aria-label={`Exit criteria of ${labels.phase(exitCriteria.phase)}`}
        >
          {criteria.map(criterion => (
            <ListItem key={criterion.id} disableGutters>
              <ListItemIcon>
                {criterion.met ? (
                  <CheckCircleIcon
                    style={{ color: '#2e7d32' }}
                    titleAccess="Met"
                  />
                ) : (
                  <RadioButtonUncheckedIcon
                    color="action"
                    titleAccess="Not met"
                  />
                )}
              </ListItemIcon>
              <ListItemText
                primaryTypographyProps={wrappingText}
                secondaryTypographyProps={wrappingText}
                primary={`${criterion.label}${
                  criterion.met ? '' : ' (not met)'
                }`}
                secondary={
                  <CriterionDetail
                    criterion={criterion}
                    roles={roles}
                    signoffs={signoffs}
                  />
                }
              />
            </ListItem>
          ))}
        </List>
      )}
    </>
  );
}
