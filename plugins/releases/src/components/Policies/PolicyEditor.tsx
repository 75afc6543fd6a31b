import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  RELEASE_TYPES,
  RISK_LEVELS,
} from '@backstage-itsm/plugin-releases-common';
import { useEnvironments } from '../../hooks';
import { EntityRefPicker } from '../shared/EntityRefPicker';
import { useLabels } from '../shared/labels';
import { emptyRequirement, PolicyDraft, RequirementDraft } from './policyDraft';

function Choices<T extends string>(props: {
  legend: string;
  options: { value: T; label: string }[];
  chosen: T[];
  onChange: (chosen: T[]) => void;
  help: string;
  error?: string;
}) {
  const { legend, options, chosen, onChange, help, error } = props;
  return (
    <FormControl component="fieldset" error={Boolean(error)} margin="dense">
      <FormLabel component="legend">{legend}</FormLabel>
      <FormGroup row>
        {options.map(option => (
          <FormControlLabel
            key={option.value}
            label={option.label}
            control={
              <Checkbox
                color="primary"
                checked={chosen.includes(option.value)}
                onChange={e =>
                  onChange(
                    e.target.checked
                      ? [...chosen, option.value]
                      : chosen.filter(v => v !== option.value),
                  )
                }
              />
            }
          />
        ))}
      </FormGroup>
      <FormHelperText>{error ?? help}</FormHelperText>
    </FormControl>
  );
}

function RequirementRow(props: {
  id: string;
  index: number;
  requirement: RequirementDraft;
  errors: { group?: string; count?: string; owner?: string };
  onChange: (next: RequirementDraft) => void;
  onRemove?: () => void;
}) {
  const { id, index, requirement, errors, onChange, onRemove } = props;
  return (
    <Grid container spacing={2} alignItems="flex-start">
      <Grid item xs={12} sm={3}>
        <TextField
          id={`${id}-who`}
          select
          label={`Rule ${index + 1}: approvers`}
          value={requirement.owner ? 'owner' : 'group'}
          onChange={e =>
            onChange({ ...requirement, owner: e.target.value === 'owner' })
          }
          SelectProps={{ native: true }}
          error={Boolean(errors.owner)}
          helperText={errors.owner}
          fullWidth
          variant="outlined"
          size="small"
        >
          <option value="group">Members of a group</option>
          <option value="owner">The owning group</option>
        </TextField>
      </Grid>
      <Grid item xs={12} sm={5}>
        {requirement.owner ? (
          <Typography variant="body2" color="textSecondary">
            Members of the group that owns the release.
          </Typography>
        ) : (
          <EntityRefPicker
            id={`${id}-group`}
            kind="Group"
            label="Group"
            placeholder="e.g. Change Advisory Board"
            freeSolo
            value={requirement.group}
            onChange={group => onChange({ ...requirement, group })}
            error={Boolean(errors.group)}
            helperText={errors.group}
          />
        )}
      </Grid>
      <Grid item xs={8} sm={2}>
        <TextField
          id={`${id}-count`}
          label="How many"
          type="number"
          value={requirement.count}
          onChange={e => onChange({ ...requirement, count: e.target.value })}
          inputProps={{ min: 1, max: 20 }}
          error={Boolean(errors.count)}
          helperText={errors.count}
          fullWidth
          variant="outlined"
          size="small"
        />
      </Grid>
      <Grid item xs={4} sm={2}>
        {onRemove && (
          <IconButton
            aria-label={`Remove rule ${index + 1}`}
            onClick={onRemove}
            size="small"
          >
            <DeleteIcon />
          </IconButton>
        )}
      </Grid>
    </Grid>
  );
}

export interface PolicyEditorProps {
  index: number;
  draft: PolicyDraft;
  /** The server's complaints, by field path (`policies.0.require.1.group`). */
  fieldErrors: Record<string, string>;
  onChange: (draft: PolicyDraft) => void;
  onRemove: () => void;
}

/** One candidate policy: when it applies, who must approve, review after break-glass. */
export function PolicyEditor(props: PolicyEditorProps) {
  const { index, draft, fieldErrors, onChange, onRemove } = props;
  const labels = useLabels();
  const environments = useEnvironments();
  const prefix = `policies.${index}`;
  const id = `dry-run-policy-${index}`;
  const error = (path: string) => fieldErrors[`${prefix}.${path}`];
  const set = <K extends keyof PolicyDraft>(key: K, value: PolicyDraft[K]) =>
    onChange({ ...draft, [key]: value });

  return (
    <Paper variant="outlined" component="fieldset" style={{ padding: 16 }}>
      <Box
        component="legend"
        display="flex"
        alignItems="center"
        gridGap={8}
        px={1}
      >
        <Typography variant="subtitle1" component="span">
          Policy {index + 1}
          {draft.name && `: ${draft.name}`}
        </Typography>
      </Box>
      <Grid container spacing={2}>
        <Grid item xs={12} md={4}>
          <TextField
            id={`${id}-name`}
            label="Name"
            value={draft.name}
            onChange={e => set('name', e.target.value)}
            error={Boolean(error('name'))}
            helperText={error('name')}
            required
            fullWidth
            variant="outlined"
            size="small"
          />
        </Grid>
        <Grid item xs={12} md={8}>
          <TextField
            id={`${id}-description`}
            label="Description"
            value={draft.description}
            onChange={e => set('description', e.target.value)}
            error={Boolean(error('description'))}
            helperText={error('description')}
            fullWidth
            variant="outlined"
            size="small"
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <Choices
            legend="Release types"
            options={RELEASE_TYPES.map(value => ({
              value,
              label: labels.type(value),
            }))}
            chosen={draft.types}
            onChange={types => set('types', types)}
            help="None chosen: every type."
            error={error('when.types')}
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <Choices
            legend="Environments"
            options={(environments.value ?? []).map(e => ({
              value: e.name,
              label: e.name,
            }))}
            chosen={draft.environments}
            onChange={chosen => set('environments', chosen)}
            help="None chosen: every environment."
            error={error('when.environments')}
          />
        </Grid>
        <Grid item xs={12} md={4}>
          <Choices
            legend="Risk levels"
            options={RISK_LEVELS.map(value => ({
              value,
              label: labels.riskLevel(value),
            }))}
            chosen={draft.riskLevels}
            onChange={levels => set('riskLevels', levels)}
            help="None chosen: every risk level."
            error={error('when.riskLevels')}
          />
        </Grid>
        {draft.selector && (
          <Grid item xs={12}>
            <Typography variant="caption" color="textSecondary">
              This policy also has a catalog selector; edit it as JSON.
            </Typography>
          </Grid>
        )}
        <Grid item xs={12}>
          <Typography variant="subtitle2" component="h4" gutterBottom>
            Required approvals
          </Typography>
          {error('require') && (
            <Typography variant="caption" color="error" component="div">
              {error('require')}
            </Typography>
          )}
          <Box display="grid" gridGap={12}>
            {draft.require.map((requirement, r) => (
              <RequirementRow
                key={r}
                id={`${id}-rule-${r}`}
                index={r}
                requirement={requirement}
                errors={{
                  group: error(`require.${r}.group`) ?? error(`require.${r}`),
                  count: error(`require.${r}.count`),
                  owner: error(`require.${r}.owner`),
                }}
                onChange={next =>
                  set(
                    'require',
                    draft.require.map((x, i) => (i === r ? next : x)),
                  )
                }
                onRemove={
                  draft.require.length > 1
                    ? () =>
                        set(
                          'require',
                          draft.require.filter((_, i) => i !== r),
                        )
                    : undefined
                }
              />
            ))}
          </Box>
          <Box mt={1}>
            <Button
              size="small"
              startIcon={<AddIcon />}
              onClick={() =>
                set('require', [...draft.require, emptyRequirement()])
              }
            >
              Add a rule
            </Button>
          </Box>
        </Grid>
        <Grid item xs={12} sm={6} md={4}>
          <TextField
            id={`${id}-review-after`}
            label="Review after break-glass (days)"
            type="number"
            value={draft.reviewAfterDays}
            onChange={e => set('reviewAfterDays', e.target.value)}
            inputProps={{ min: 1, max: 90 }}
            error={Boolean(error('reviewAfter') ?? error('reviewAfter.days'))}
            helperText={
              error('reviewAfter') ??
              error('reviewAfter.days') ??
              'Empty: no review is asked after a break-glass deploy.'
            }
            fullWidth
            variant="outlined"
            size="small"
          />
        </Grid>
        <Grid item xs={12} sm={6} md={8}>
          <Box display="flex" justifyContent="flex-end">
            <Button startIcon={<DeleteIcon />} onClick={onRemove}>
              Remove this policy
            </Button>
          </Box>
        </Grid>
      </Grid>
    </Paper>
  );
}
