import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  RefOption,
  useCatalogOptions,
  withSelected,
} from '../ConfigurationAudit/useCatalogOptions';
import { errorMessage } from '../shared/errors';
import { humanizeRef } from '../shared/format';
import {
  MetricsParamKey,
  MetricsParams,
  RANGE_PRESETS,
  RangePreset,
  withScope,
} from './metricsParams';

function ScopePicker(props: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  options: RefOption[] | undefined;
  loading: boolean;
  onChange: (ref: string) => void;
}) {
  const { id, label, placeholder, value, options, loading, onChange } = props;
  // A shared link may name an entity the catalog did not list (yet): keep it.
  const all = withSelected(options, value);
  return (
    <Autocomplete<RefOption>
      id={id}
      options={all}
      loading={loading}
      value={all.find(o => o.entityRef === value) ?? null}
      onChange={(_event, option) => onChange(option?.entityRef ?? '')}
      getOptionLabel={option => option.label}
      getOptionSelected={(option, selected) =>
        option.entityRef === selected.entityRef
      }
      renderOption={option => (
        <Box>
          <Typography variant="body2">{option.label}</Typography>
          <Typography variant="caption" color="textSecondary">
            {option.entityRef}
          </Typography>
        </Box>
      )}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          placeholder={placeholder}
          variant="outlined"
          size="small"
          InputLabelProps={{ ...params.InputLabelProps, shrink: true }}
        />
      )}
    />
  );
}

export interface MetricsFiltersProps {
  params: MetricsParams;
  /** Dates a switch to the custom range starts from. */
  currentDates?: { from: string; to: string };
  onChange: (changes: Partial<Record<MetricsParamKey, string>>) => void;
}

/** Whose releases, over which days, bucketed by week or month; all kept in the URL. */
export function MetricsFilters(props: MetricsFiltersProps) {
  const { params, currentDates, onChange } = props;
  const groups = useCatalogOptions('Group');
  const systems = useCatalogOptions('System');
  const catalogError = groups.error ?? systems.error;

  const changeRange = (range: RangePreset) => {
    if (range === 'custom') {
      onChange({
        range,
        from: params.from || currentDates?.from || '',
        to: params.to || currentDates?.to || '',
      });
    } else {
      onChange({ range, from: '', to: '' });
    }
  };

  return (
    <Box mb={3}>
      <Grid container spacing={2} alignItems="flex-start">
        <Grid item xs={12} sm={6} md={3} lg={2}>
          <ScopePicker
            id="metrics-owner"
            label="Owner"
            placeholder="All owners"
            value={params.owner}
            options={groups.value}
            loading={groups.loading}
            onChange={owner => onChange(withScope('owner', owner))}
          />
        </Grid>
        <Grid item xs={12} sm={6} md={3} lg={2}>
          <ScopePicker
            id="metrics-system"
            label="System"
            placeholder="All systems"
            value={params.system}
            options={systems.value}
            loading={systems.loading}
            onChange={system => onChange(withScope('system', system))}
          />
        </Grid>
        <Grid item xs={12} sm={4} md={2} lg={2}>
          <TextField
            id="metrics-range"
            select
            label="Time range"
            value={params.range}
            onChange={e => changeRange(e.target.value as RangePreset)}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            fullWidth
            variant="outlined"
            size="small"
          >
            {RANGE_PRESETS.map(preset => (
              <option key={preset.value} value={preset.value}>
                {preset.label}
              </option>
            ))}
          </TextField>
        </Grid>
        {params.range === 'custom' && (
          <>
            <Grid item xs={6} sm={4} md={2} lg={2}>
              <TextField
                id="metrics-from"
                type="date"
                label="From"
                value={params.from}
                onChange={e => onChange({ from: e.target.value })}
                InputLabelProps={{ shrink: true }}
                fullWidth
                variant="outlined"
                size="small"
              />
            </Grid>
            <Grid item xs={6} sm={4} md={2} lg={2}>
              <TextField
                id="metrics-to"
                type="date"
                label="To"
                value={params.to}
                onChange={e => onChange({ to: e.target.value })}
                InputLabelProps={{ shrink: true }}
                fullWidth
                variant="outlined"
                size="small"
              />
            </Grid>
          </>
        )}
        <Grid item xs={12} sm={4} md={2} lg={2}>
          <TextField
            id="metrics-bucket"
            select
            label="Bucket"
            value={params.bucket}
            onChange={e => onChange({ bucket: e.target.value })}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            fullWidth
            variant="outlined"
            size="small"
          >
            <option value="week">Week</option>
            <option value="month">Month</option>
          </TextField>
        </Grid>
      </Grid>
      <Box mt={1}>
        <Typography variant="caption" color="textSecondary">
          Count every release, one owner's or one system's; choosing one clears
          the other.
        </Typography>
      </Box>
      {params.entityRef && (
        <Box mt={2}>
          <Chip label={`Component: ${humanizeRef(params.entityRef)}`} />
          <Box component="span" ml={1}>
            <Button size="small" onClick={() => onChange({ entityRef: '' })}>
              Show all components
            </Button>
          </Box>
        </Box>
      )}
      {catalogError && (
        <Box mt={1}>
          <Alert severity="warning">
            Could not load the owners and systems from the catalog:{' '}
            {errorMessage(catalogError)}
          </Alert>
        </Box>
      )}
    </Box>
  );
}
