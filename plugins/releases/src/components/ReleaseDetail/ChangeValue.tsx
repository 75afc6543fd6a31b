import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import {
  ReleaseComponent,
  ReleaseOutcome,
  ReleasePhase,
  ReleaseType,
  RiskLevel,
} from '@backstage-itsm/plugin-releases-common';
import { EntityName } from '../shared/EntityName';
import { formatDateTime } from '../shared/format';
import { humanizeValue, Labels, ReleasesT } from '../shared/labels';

function isEntityRef(value: string): boolean {
  return /^[a-z]+:[^/\s]+\/\S+$/i.test(value);
}

/** Any other value, read as text: objects as `key: value` pairs, never as JSON. */
function plain(value: unknown, t: ReleasesT): ReactNode {
  if (value === null || value === undefined || value === '') {
    return t('history.none');
  }
  if (typeof value === 'boolean') {
    return value ? t('history.yes') : t('history.no');
  }
  if (typeof value === 'string') {
    if (isEntityRef(value)) {
      return <EntityName entityRef={value} />;
    }
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
      return formatDateTime(value);
    }
    return value;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return t('history.none');
    }
    return value.map((item, index) => (
      <span key={index}>
        {index > 0 && ', '}
        {plain(item, t)}
      </span>
    ));
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== null && v !== undefined && v !== '',
    );
    if (entries.length === 0) {
      return t('history.none');
    }
    return entries.map(([key, v], index) => (
      <span key={key}>
        {index > 0 && '; '}
        {humanizeValue(
          key.replace(/([a-z])([A-Z])/g, '$1 $2').toLocaleLowerCase('en-US'),
        )}
        : {plain(v, t)}
      </span>
    ));
  }
  return String(value);
}

/** One side of a field change as a person reads it. */
export function ChangeValue(props: {
  field: string;
  value: unknown;
  t: ReleasesT;
  labels: Labels;
}) {
  const { field, value, t, labels } = props;
  if (value === null || value === undefined || value === '') {
    return <>{t('history.none')}</>;
  }
  switch (field) {
    case 'phase':
      return <>{labels.phase(value as ReleasePhase)}</>;
    case 'type':
      return <>{labels.type(value as ReleaseType)}</>;
    case 'outcome':
      return <>{labels.outcome(value as ReleaseOutcome)}</>;
    case 'owner':
      return <EntityName entityRef={String(value)} defaultKind="group" />;
    case 'components':
      return Array.isArray(value) && value.length > 0 ? (
        <>
          {(value as ReleaseComponent[]).map((component, index) => (
            <span key={component.entityRef}>
              {index > 0 && ', '}
              <EntityName
                entityRef={component.entityRef}
                defaultKind="component"
              />
              {component.version && ` ${component.version}`}
            </span>
          ))}
        </>
      ) : (
        <>{t('history.none')}</>
      );
    case 'risk': {
      const risk = value as { level?: RiskLevel; score?: number };
      return risk.level ? (
        <>
          {labels.riskLevel(risk.level)}
          {risk.score !== undefined && ` (${risk.score})`}
        </>
      ) : (
        <>{plain(value, t)}</>
      );
    }
    case 'description':
      return (
        <Box component="span" display="block" whiteSpace="pre-wrap">
          {String(value)}
        </Box>
      );
    default:
      return <>{plain(value, t)}</>;
  }
}
