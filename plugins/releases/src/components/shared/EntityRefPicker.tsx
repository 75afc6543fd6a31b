import { ReactNode, useMemo, useRef, useState } from 'react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete, {
  createFilterOptions,
} from '@material-ui/lab/Autocomplete';
import { CatalogKind, EntityOption, useCatalogEntities } from '../../hooks';
import { humanizeRef } from './format';
import { errorMessage } from './errors';
import { useReleasesT } from './labels';
import { normalizeRef } from './refs';

interface CommonProps {
  id: string;
  /** What to pick from; with several kinds, typed names are read as the first. */
  kind: CatalogKind | CatalogKind[];
  label: string;
  placeholder?: string;
  helperText?: ReactNode;
  error?: boolean;
  /** Lets people type a name the catalog did not list (it is checked on save). */
  freeSolo?: boolean;
  size?: 'small' | 'medium';
  margin?: 'dense' | 'none';
  disabled?: boolean;
}

interface SingleProps extends CommonProps {
  multiple?: false;
  /** The chosen entity ref, or `''` for none. */
  value: string;
  onChange: (entityRef: string) => void;
}

interface MultipleProps extends CommonProps {
  multiple: true;
  value: string[];
  onChange: (entityRefs: string[]) => void;
}

export type EntityRefPickerProps = SingleProps | MultipleProps;

type Choice = EntityOption | string;

const filterOptions = createFilterOptions<Choice>({
  stringify: choice =>
    typeof choice === 'string' ? choice : `${choice.label} ${choice.entityRef}`,
});

/** A ref that the catalog did not list, e.g. from a shared link: keep it choosable. */
function optionFor(options: EntityOption[], entityRef: string): EntityOption {
  return (
    options.find(o => o.entityRef === entityRef) ?? {
      entityRef,
      label: humanizeRef(entityRef),
    }
  );
}

/**
 * `value` as first given for `key` while `hold` is true: the same object
 * however often it is rebuilt meanwhile.
 */
function useHeld<T>(value: T, key: string, hold: boolean): T {
  const held = useRef({ key, value });
  if (!hold || held.current.key !== key) {
    held.current = { key, value };
  }
  return held.current.value;
}

/**
 * The one picker for catalog entities: owners, systems and components, for
 * filters and forms alike. Shows titles, hands out full entity refs.
 */
export function EntityRefPicker(props: EntityRefPickerProps) {
  const {
    id,
    kind,
    label,
    placeholder,
    helperText,
    error,
    freeSolo = false,
    size = 'small',
    margin = 'none',
    disabled,
  } = props;
  const t = useReleasesT();
  const catalog = useCatalogEntities(kind);
  const shownHelp =
    catalog.error && !helperText
      ? t('filters.catalogError', { message: errorMessage(catalog.error) })
      : helperText;
  const options = useMemo(() => catalog.value ?? [], [catalog.value]);
  const defaultKind = ([] as CatalogKind[])
    .concat(kind)[0]
    .toLocaleLowerCase('en-US');

  // The Autocomplete compares values by identity and clears the typed text
  // when the value changes: derive it from the refs' content, not from the
  // array's identity, which callers rebuild on every render.
  const multipleKey = props.multiple ? props.value.join('\n') : '';
  const singleValue = props.multiple ? undefined : props.value;
  const selected = useMemo(
    () =>
      multipleKey
        ? multipleKey.split('\n').map(ref => optionFor(options, ref))
        : [],
    [multipleKey, options],
  );
  const selectedOne = useMemo(() => {
    if (!singleValue) {
      return null;
    }
    const known = options.find(o => o.entityRef === singleValue);
    if (known) {
      return known;
    }
    // Typed text stays as typed; a ref from elsewhere shows its name.
    return freeSolo ? singleValue : optionFor(options, singleValue);
  }, [singleValue, options, freeSolo]);

  // The catalog's titles arrive after the field shows: the chosen option
  // is rebuilt with its title then, and the Autocomplete, seeing another
  // value, replaces the input's text with it. While the field has focus
  // the chosen option stays the object it was, so that what someone is
  // typing stays; on leaving the field it shows the title.
  const [focused, setFocused] = useState(false);
  const shownMany = useHeld(selected, multipleKey, focused);
  const shownOne = useHeld(selectedOne, singleValue ?? '', focused);

  const toRef = (choice: Choice) =>
    typeof choice === 'string'
      ? normalizeRef(choice, defaultKind)
      : choice.entityRef;

  const renderInput = (params: any) => (
    <TextField
      {...params}
      label={label}
      placeholder={placeholder}
      helperText={shownHelp}
      error={error}
      variant="outlined"
      size={size}
      margin={margin}
      InputLabelProps={{ ...params.InputLabelProps, shrink: true }}
    />
  );
  const common = {
    id,
    options: options as Choice[],
    loading: catalog.loading,
    freeSolo,
    disabled,
    onFocus: () => setFocused(true),
    onBlur: () => setFocused(false),
    filterOptions,
    getOptionLabel: (choice: Choice) =>
      typeof choice === 'string' ? choice : choice.label,
    getOptionSelected: (option: Choice, chosen: Choice) =>
      toRef(option) === toRef(chosen),
    renderOption: (choice: Choice) => {
      if (typeof choice === 'string') {
        return choice;
      }
      const name = humanizeRef(choice.entityRef);
      return (
        <Box>
          <Typography variant="body2">{choice.label}</Typography>
          {name.toLocaleLowerCase('en-US') !==
            choice.label.toLocaleLowerCase('en-US') && (
            <Typography variant="caption" color="textSecondary">
              {name}
            </Typography>
          )}
        </Box>
      );
    },
    renderInput,
  };

  if (props.multiple) {
    const { onChange } = props;
    return (
      <Autocomplete<Choice, true, false, boolean>
        {...common}
        multiple
        filterSelectedOptions
        value={shownMany}
        onChange={(_event, choices) =>
          onChange([...new Set(choices.map(toRef).filter(Boolean))])
        }
        renderTags={(choices, getTagProps) =>
          choices.map((choice, index) => {
            // MUI hands out a `key` among the props; React wants it apart.
            const { key: _key, ...tagProps } = getTagProps({
              index,
            }) as Record<string, unknown>;
            return (
              <Chip
                key={toRef(choice)}
                size="small"
                label={optionFor(options, toRef(choice)).label}
                {...tagProps}
              />
            );
          })
        }
      />
    );
  }

  const { onChange } = props;
  return (
    <Autocomplete<Choice, false, false, boolean>
      {...common}
      value={shownOne}
      onChange={(_event, choice) => onChange(choice ? toRef(choice) : '')}
      onInputChange={(_event, text, reason) => {
        // Typed text is a value of its own when free text is allowed.
        if (freeSolo && reason === 'input') {
          onChange(text);
        }
      }}
    />
  );
}
