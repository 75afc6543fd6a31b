import { FormEvent, useCallback, useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  Release,
  StandardChangeTemplate,
} from '@backstage-itsm/plugin-releases-common';
import { releasesApiRef } from '../../api';
import { usePlanWarnings } from '../Calendar/PlanWarnings';
import {
  errorFields,
  errorMessage,
  responseStatus,
  staleRevisionOf,
} from '../shared/errors';
import { normalizeRef } from '../shared/refs';
import {
  emptyFormValues,
  FieldErrors,
  fieldKeyOf,
  formValuesOf,
  humanizeFieldMessage,
  ReleaseFormValues,
  toCreateRequest,
  toUpdateRequest,
  validateForm,
} from './releaseForm';

export interface UseReleaseFormOptions {
  /** The release to edit; without it the form plans a new release. */
  release?: Release;
  /** Initial values when planning a new release. */
  prefill?: Partial<ReleaseFormValues>;
  onSaved: (release: Release) => void;
  /** Called when an edit changed nothing. */
  onUnchanged: () => void;
}

/** Which form fields a change of `key` touches, for clearing their errors. */
function touchedKeys(key: keyof ReleaseFormValues, errors: FieldErrors) {
  return Object.keys(errors).filter(
    field => field === key || field.startsWith(`${key}.`),
  );
}

/**
 * The state and behaviour of the release dialog: values, validation with the
 * shared schema (live once a save was tried, so errors go as they are fixed),
 * the backend's field errors, stale-revision handling and the plan check.
 */
export function useReleaseForm(options: UseReleaseFormOptions) {
  const { prefill, onSaved, onUnchanged } = options;
  const releasesApi = useApi(releasesApiRef);
  const [release, setRelease] = useState(options.release);
  const initialValues = useMemo(
    () => (release ? formValuesOf(release) : emptyFormValues(prefill)),
    [release, prefill],
  );
  const [values, setValues] = useState<ReleaseFormValues>(initialValues);
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [stale, setStale] = useState<{ currentRevision?: number }>();
  const [submitting, setSubmitting] = useState(false);
  const plan = usePlanWarnings(values, release?.id);

  const clientErrors = useMemo(
    () => (attempted ? validateForm(values) : {}),
    [attempted, values],
  );
  const fieldErrors: FieldErrors = { ...serverErrors, ...clientErrors };

  const change = useCallback(
    (
      key: keyof ReleaseFormValues,
      next: (v: ReleaseFormValues) => ReleaseFormValues,
    ) => {
      setValues(next);
      // The backend's complaint about a field goes once the field is changed.
      setServerErrors(current => {
        const stillShown = { ...current };
        for (const field of touchedKeys(key, current)) {
          delete stillShown[field];
        }
        return stillShown;
      });
    },
    [],
  );

  const setField = useCallback(
    <K extends keyof ReleaseFormValues>(key: K, value: ReleaseFormValues[K]) =>
      change(key, current => ({ ...current, [key]: value })),
    [change],
  );

  const setComponents = (refs: string[]) =>
    change('components', current => ({
      ...current,
      components: [...new Set(refs.map(ref => normalizeRef(ref, 'component')))]
        .filter(Boolean)
        .map(entityRef => ({
          entityRef,
          version:
            current.components.find(c => c.entityRef === entityRef)?.version ??
            '',
        })),
    }));

  const setVersion = (entityRef: string, version: string) =>
    change('components', current => ({
      ...current,
      components: current.components.map(c =>
        c.entityRef === entityRef ? { ...c, version } : c,
      ),
    }));

  const toggleEnvironment = (name: string, checked: boolean) =>
    change('environments', current => ({
      ...current,
      environments: checked
        ? [...current.environments, name]
        : current.environments.filter(e => e !== name),
    }));

  /**
   * Plans the release from a standard change (or none): a low-risk minor
   * change with the template's components and environments.
   */
  const applyStandardChange = (template: StandardChangeTemplate | undefined) =>
    change('standardChange', current => ({
      ...current,
      standardChange: template?.name ?? '',
      ...(template && {
        type: 'minor' as const,
        environments: [...template.environments],
        ...(template.components && {
          components: template.components.map(entityRef => ({
            entityRef,
            version:
              current.components.find(c => c.entityRef === entityRef)
                ?.version ?? '',
          })),
        }),
      }),
    }));

  /** Loads the current revision after someone else changed the release. */
  const reload = async () => {
    if (!release) {
      return;
    }
    try {
      const latest = await releasesApi.getRelease(release.id);
      setRelease(latest);
      setValues(formValuesOf(latest));
      setAttempted(false);
      setServerErrors({});
      setFailure(undefined);
      setStale(undefined);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  const onError = (error: unknown) => {
    const stillStale = release ? staleRevisionOf(error) : undefined;
    if (stillStale) {
      setStale(stillStale);
      return;
    }
    const named = errorFields(error);
    if (responseStatus(error) === 400 && Object.keys(named).length > 0) {
      const placed: FieldErrors = {};
      const unplaced: string[] = [];
      for (const [path, message] of Object.entries(named)) {
        const key = fieldKeyOf(path);
        if (key) {
          placed[key] = humanizeFieldMessage(key, message);
        } else {
          unplaced.push(message);
        }
      }
      setServerErrors(placed);
      setFailure(unplaced.length > 0 ? unplaced.join(' ') : undefined);
      return;
    }
    setFailure(errorMessage(error));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    setStale(undefined);
    setAttempted(true);
    if (Object.keys(validateForm(values)).length > 0) {
      return;
    }
    setSubmitting(true);
    try {
      if (release) {
        const patch = toUpdateRequest(values, initialValues, release.revision);
        if (!patch) {
          onUnchanged();
          return;
        }
        const saved = await releasesApi.updateRelease(release.id, patch);
        plan.announceSaved(saved);
        onSaved(saved);
      } else {
        const saved = await releasesApi.createRelease(toCreateRequest(values));
        plan.announceSaved(saved);
        onSaved(saved);
      }
    } catch (error) {
      onError(error);
    } finally {
      setSubmitting(false);
    }
  };

  return {
    isEdit: Boolean(release),
    values,
    fieldErrors,
    failure,
    stale,
    submitting,
    warnings: plan.warnings,
    setField,
    setComponents,
    setVersion,
    toggleEnvironment,
    applyStandardChange,
    reload,
    submit,
  };
}

export type ReleaseForm = ReturnType<typeof useReleaseForm>;
