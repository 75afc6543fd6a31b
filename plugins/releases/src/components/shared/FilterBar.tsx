import { ReactNode, useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid, { GridSize } from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import { EntityName } from './EntityName';
import { EntityRefPicker } from './EntityRefPicker';
import { useReleasesT } from './labels';

interface FieldBase {
  /** The filter's key, handed back to `onChange`. */
  key: string;
  label: string;
  value: string;
  /** Columns out of 12 on wide screens; 3 unless told. */
  width?: GridSize;
}

/** A choice among fixed values; `''` stands for "all". */
export interface SelectFilter extends FieldBase {
  kind: 'select';
  /** The label of the `''` choice; without it there is none. */
  allLabel?: string;
  options: { value: string; label: string }[];
  helperText?: string;
}

/** Owner, system or component, picked from the catalog. */
export interface EntityFilter extends FieldBase {
  kind: 'entity';
  entityKind: 'Group' | 'System' | 'Component';
  placeholder: string;
}

/** Free text, sent once typing pauses. */
export interface SearchFilter extends FieldBase {
  kind: 'search';
  placeholder?: string;
}

/** A day, `yyyy-MM-dd`. */
export interface DateFilter extends FieldBase {
  kind: 'date';
  error?: string;
}

export type FilterField =
  | SelectFilter
  | EntityFilter
  | SearchFilter
  | DateFilter;

const SEARCH_DELAY_MS = 300;

function SearchField(props: {
  id: string;
  field: SearchFilter;
  onChange: (value: string) => void;
}) {
  const { id, field, onChange } = props;
  const [text, setText] = useState(field.value);
  // Typing should not flood the history or the backend.
  useDebounce(
    () => {
      if (text.trim() !== field.value.trim()) {
        onChange(text.trim() ? text : '');
      }
    },
    SEARCH_DELAY_MS,
    [text],
  );
  // Back/forward navigation changes the value under the search box.
  useEffect(() => setText(field.value), [field.value]);
  return (
    <TextField
      id={id}
      type="search"
      label={field.label}
      placeholder={field.placeholder}
      value={text}
      onChange={e => setText(e.target.value)}
      InputLabelProps={{ shrink: true }}
      fullWidth
      variant="outlined"
      size="small"
    />
  );
}

function FilterInput(props: {
  id: string;
  field: FilterField;
  onChange: (value: string) => void;
}) {
  const { id, field, onChange } = props;
  switch (field.kind) {
    case 'entity':
      return (
        <EntityRefPicker
          id={id}
          kind={field.entityKind}
          label={field.label}
          placeholder={field.placeholder}
          value={field.value}
          onChange={onChange}
        />
      );
    case 'search':
      return <SearchField id={id} field={field} onChange={onChange} />;
    case 'date':
      return (
        <TextField
          id={id}
          type="date"
          label={field.label}
          value={field.value}
          onChange={e => onChange(e.target.value)}
          error={Boolean(field.error)}
          helperText={field.error}
          InputLabelProps={{ shrink: true }}
          fullWidth
          variant="outlined"
          size="small"
        />
      );
    default: {
      // A value the choices lack (e.g. from a shared link) stays choosable.
      const options =
        field.value && !field.options.some(o => o.value === field.value)
          ? [...field.options, { value: field.value, label: field.value }]
          : field.options;
      return (
        <TextField
          id={id}
          select
          label={field.label}
          value={field.value}
          onChange={e => onChange(e.target.value)}
          helperText={field.helperText}
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          fullWidth
          variant="outlined"
          size="small"
        >
          {field.allLabel !== undefined && (
            <option value="">{field.allLabel}</option>
          )}
          {options.map(option => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </TextField>
      );
    }
  }
}

export interface FilterBarProps {
  /** Prefix of the inputs' ids, e.g. `calendar` gives `calendar-owner`. */
  idPrefix: string;
  fields: FilterField[];
  onChange: (key: string, value: string) => void;
  /** One component the view is narrowed to (from an entity page's link). */
  component?: { entityRef: string; onClear: () => void };
  /** Notes or warnings under the fields. */
  children?: ReactNode;
}

/** `Component: Payments API` with a way back to every component. */
function ComponentFilter(props: { entityRef: string; onClear: () => void }) {
  const t = useReleasesT();
  return (
    <Box display="flex" alignItems="center" gridGap={8} mt={1}>
      <Chip
        label={
          <>
            {t('filters.componentLabel')}:{' '}
            <EntityName entityRef={props.entityRef} defaultKind="component" />
          </>
        }
      />
      <Button size="small" onClick={props.onClear}>
        {t('filters.allComponents')}
      </Button>
    </Box>
  );
}

/** The one filter bar of the plugin's lists, calendar and dashboards. */
export function FilterBar(props: FilterBarProps) {
  const { idPrefix, fields, onChange, component, children } = props;
  const t = useReleasesT();
  return (
    <Box mb={2} component="section" aria-label={t('filters.region')}>
      <Grid container spacing={2} alignItems="flex-start">
        {fields.map(field => (
          <Grid item xs={12} sm={6} md={field.width ?? 3} key={field.key}>
            <FilterInput
              id={`${idPrefix}-${field.key}`}
              field={field}
              onChange={value => onChange(field.key, value)}
            />
          </Grid>
        ))}
      </Grid>
      {children && <Box mt={1}>{children}</Box>}
      {component?.entityRef && (
        <ComponentFilter
          entityRef={component.entityRef}
          onClear={component.onClear}
        />
      )}
    </Box>
  );
}
