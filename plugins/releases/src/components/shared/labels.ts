import { useMemo } from 'react';
import {
  TranslationFunction,
  TranslationRef,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  ApprovalDecisionValue,
  ApprovalStatus,
  DeploymentStatus,
  IncidentSeverity,
  ReleaseOutcome,
  ReleasePhase,
  ReleaseType,
  RiskLevel,
} from '@backstage-itsm/plugin-releases-common';
import { releasesTranslationRef } from '../../translation';

type ReleasesMessages = typeof releasesTranslationRef extends TranslationRef<
  string,
  infer Messages
>
  ? Messages
  : never;

/** The plugin's translation function. */
export type ReleasesT = TranslationFunction<ReleasesMessages>;

/** The plugin's translation function, in the app's language. */
export function useReleasesT(): ReleasesT {
  return useTranslationRef(releasesTranslationRef).t;
}

/** `partially_successful` → `Partially successful`, for values no label names yet. */
export function humanizeValue(value: string): string {
  const text = value.replace(/[_-]+/g, ' ').trim();
  return text ? text[0].toLocaleUpperCase('en-US') + text.slice(1) : value;
}

/** The words for the backend's enum values; never shows a raw value. */
export interface Labels {
  phase(phase: ReleasePhase): string;
  type(type: ReleaseType): string;
  outcome(outcome: ReleaseOutcome): string;
  severity(severity: IncidentSeverity): string;
  deploymentStatus(status: DeploymentStatus): string;
  approvalStatus(status: ApprovalStatus): string;
  decision(decision: ApprovalDecisionValue): string;
  riskLevel(level: RiskLevel): string;
}

const KNOWN = {
  phase: [
    'plan',
    'design',
    'build',
    'test',
    'deploy',
    'review',
    'closed',
    'cancelled',
  ],
  type: ['major', 'minor', 'emergency'],
  outcome: ['successful', 'partially_successful', 'failed', 'rolled_back'],
  severity: ['critical', 'high', 'medium', 'low'],
  deploymentStatus: [
    'queued',
    'in_progress',
    'succeeded',
    'failed',
    'cancelled',
    'rolled_back',
  ],
  approvalStatus: ['not_required', 'pending', 'approved', 'rejected'],
  decision: ['approved', 'rejected'],
  riskLevel: ['low', 'medium', 'high'],
} as const;

export function labelsFrom(t: ReleasesT): Labels {
  const label =
    (group: keyof typeof KNOWN) =>
    (value: string): string =>
      (KNOWN[group] as readonly string[]).includes(value)
        ? (t as unknown as (key: string) => string)(`labels.${group}.${value}`)
        : humanizeValue(String(value));
  return {
    phase: label('phase'),
    type: label('type'),
    outcome: label('outcome'),
    severity: label('severity'),
    deploymentStatus: label('deploymentStatus'),
    approvalStatus: label('approvalStatus'),
    decision: label('decision'),
    riskLevel: label('riskLevel'),
  };
}

/** {@link Labels} in the app's language. */
export function useLabels(): Labels {
  const t = useReleasesT();
  return useMemo(() => labelsFrom(t), [t]);
}
