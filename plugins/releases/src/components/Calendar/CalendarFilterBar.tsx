import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { RELEASE_TYPES } from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { humanizeRef, typeLabel } from '../shared/format';
import { CalendarFilters, FilterKey } from './calendarModel';

const CATALOG_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
];

interface EntityOption {
  ref: string;
  title?: string;
}

function EntityFilter(props: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  options: EntityOption[];
  loading: boolean;
  onChange: (ref: string) => void;
}) {
  const { id, label, placeholder, value, options, loading, onChange } = props;
  // A shared link may name an entity the catalog did not list (yet): keep it.
  const all = useMemo(
    () =>
      value && !options.some(o => o.ref === value)
        ? [...options, { ref: value }]
        : options,
    [options, value],
  );
  return (
    <Autocomplete<EntityOption>
      id={id}
      options={all}
      loading={loading}
      value={all.find(o => o.ref === value) ?? null}
      onChange={(_event, option) => onChange(option?.ref ?? '')}
      getOptionLabel={option => option.title ?? humanizeRef(option.ref)}
      getOptionSelected={(option, selected) => option.ref === selected.ref}
      renderOption={option => (
        <Box>
          <Typography variant="body2">
            {option.title ?? humanizeRef(option.ref)}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {option.ref}
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

/** Owner, system, type and environment filters; each change goes to the URL. */
export function CalendarFilterBar(props: {
  filters: CalendarFilters;
  onChange: (key: FilterKey, value: string) => void;
}) {
  const { filters, onChange } = props;
  const catalogApi = useApi(catalogApiRef);
  const releasesApi = useApi(releasesApiRef);

  const catalog = useAsync(async () => {
    const load = async (kind: string) => {
      const { items } = await catalogApi.getEntities({
        filter: { kind },
        fields: CATALOG_FIELDS,
      });
      return items
        .map(entity => ({
          ref: stringifyEntityRef(entity),
          title: entity.metadata.title,
        }))
        .sort((a, b) =>
          (a.title ?? a.ref).localeCompare(b.title ?? b.ref, 'en-US'),
        );
    };
    const [groups, systems] = await Promise.all([
      load('Group'),
      load('System'),
    ]);
    return { groups, systems };
  }, [catalogApi]);

  const environments = useAsync(async () => {
    const { items } = await releasesApi.listEnvironments();
    return [...items].sort((a, b) => a.order - b.order).map(e => e.name);
  }, [releasesApi]);

  const environmentOptions = [...(environments.value ?? [])];
  if (
    filters.environment &&
    !environmentOptions.includes(filters.environment)
  ) {
    environmentOptions.push(filters.environment);
  }

  return (
    <Box mb={2}>
      <Grid container spacing={2}>
        <Grid item xs={12} sm={6} md={3}>
          <EntityFilter
            id="release-calendar-owner"
            label="Owner"
            placeholder="All owners"
            value={filters.owner}
            options={catalog.value?.groups ?? []}
            loading={catalog.loading}
            onChange={ref => onChange('owner', ref)}
          />
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          <EntityFilter
            id="release-calendar-system"
            label="System"
            placeholder="All systems"
            value={filters.system}
            options={catalog.value?.systems ?? []}
            loading={catalog.loading}
            onChange={ref => onChange('system', ref)}
          />
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          <TextField
            id="release-calendar-type"
            select
            label="Type"
            value={filters.type}
            onChange={e => onChange('type', e.target.value)}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            fullWidth
            variant="outlined"
            size="small"
          >
            <option value="">All types</option>
            {RELEASE_TYPES.map(type => (
              <option key={type} value={type}>
                {typeLabel(type)}
              </option>
            ))}
          </TextField>
        </Grid>
        <Grid item xs={12} sm={6} md={3}>
          <TextField
            id="release-calendar-environment"
            select
            label="Environment"
            value={filters.environment}
            onChange={e => onChange('environment', e.target.value)}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            helperText={
              environments.error
                ? `Could not load the environments: ${environments.error.message}`
                : undefined
            }
            fullWidth
            variant="outlined"
            size="small"
          >
            <option value="">All environments</option>
            {environmentOptions.map(name => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </TextField>
        </Grid>
        {filters.entityRef && (
          <Grid item xs={12}>
            <Chip
              label={`Component: ${humanizeRef(filters.entityRef)}`}
              onDelete={() => onChange('entityRef', '')}
            />
          </Grid>
        )}
        {catalog.error && (
          <Grid item xs={12}>
            <Typography variant="caption" color="error">
              Could not load groups and systems from the catalog:{' '}
              {catalog.error.message}
            </Typography>
          </Grid>
        )}
      </Grid>
    </Box>
  );
}
