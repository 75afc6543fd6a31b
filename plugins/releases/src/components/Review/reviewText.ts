import {
  IncidentSeverity,
  ReleaseOutcome,
} from '@backstage-itsm/plugin-releases-common';

export const OUTCOME_LABELS: Record<ReleaseOutcome, string> = {
  successful: 'Successful',
  partially_successful: 'Partially successful',
  failed: 'Failed',
  rolled_back: 'Rolled back',
};

export const SEVERITY_LABELS: Record<IncidentSeverity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export function outcomeLabel(outcome: ReleaseOutcome): string {
  return OUTCOME_LABELS[outcome] ?? outcome;
}

export function severityLabel(severity: IncidentSeverity): string {
  return SEVERITY_LABELS[severity] ?? severity;
}
