import {
  ApprovalPolicy,
  FreezeSelector,
  RELEASE_TYPES,
  ReleaseType,
  RISK_LEVELS,
  RiskLevel,
} from '@backstage-itsm/plugin-releases-common';
import { normalizeRef } from '../shared/refs';

/** One `require` entry as the form edits it. */
export interface RequirementDraft {
  /** The owning group of the release, instead of a named group. */
  owner: boolean;
  group: string;
  count: string;
}

/** One candidate policy as the form edits it: strings as the inputs hold them. */
export interface PolicyDraft {
  name: string;
  description: string;
  types: ReleaseType[];
  environments: string[];
  riskLevels: RiskLevel[];
  /** Kept as written; only the JSON editor changes it. */
  selector?: FreezeSelector;
  require: RequirementDraft[];
  /** Days a break-glass release has for its review; `''` for none. */
  reviewAfterDays: string;
}

export function emptyRequirement(): RequirementDraft {
  return { owner: false, group: '', count: '1' };
}

export function emptyPolicy(): PolicyDraft {
  return {
    name: '',
    description: '',
    types: [],
    environments: [],
    riskLevels: [],
    require: [emptyRequirement()],
    reviewAfterDays: '',
  };
}

export function draftOf(policy: ApprovalPolicy): PolicyDraft {
  const reviewAfter = policy.reviewAfter as
    | ApprovalPolicy['reviewAfter']
    | boolean
    | undefined;
  let reviewAfterDays = '';
  if (typeof reviewAfter === 'object' && reviewAfter) {
    reviewAfterDays = String(reviewAfter.days);
  }
  return {
    name: policy.name,
    description: policy.description ?? '',
    types: [...(policy.when?.types ?? [])],
    environments: [...(policy.when?.environments ?? [])],
    riskLevels: [...(policy.when?.riskLevels ?? [])],
    ...(policy.when?.selector && { selector: policy.when.selector }),
    require: policy.require.map(r => ({
      owner: Boolean(r.owner),
      group: r.group ?? '',
      count: String(r.count),
    })),
    reviewAfterDays,
  };
}

function toCount(text: string): number | string {
  const value = Number(text);
  // A count that is not a number goes as typed, so the server names the field.
  return text.trim() && Number.isFinite(value) ? value : text;
}

/** The policy the backend's dry run takes; may be invalid (the server says where). */
export function policyOf(draft: PolicyDraft): Record<string, unknown> {
  const when: Record<string, unknown> = {};
  if (draft.types.length > 0) {
    when.types = draft.types;
  }
  if (draft.environments.length > 0) {
    when.environments = draft.environments;
  }
  if (draft.riskLevels.length > 0) {
    when.riskLevels = draft.riskLevels;
  }
  if (draft.selector) {
    when.selector = draft.selector;
  }
  return {
    name: draft.name.trim(),
    ...(draft.description.trim() && { description: draft.description.trim() }),
    when,
    require: draft.require.map(r =>
      r.owner
        ? { owner: true, count: toCount(r.count) }
        : { group: normalizeRef(r.group, 'group'), count: toCount(r.count) },
    ),
    ...(draft.reviewAfterDays.trim() && {
      reviewAfter: { days: toCount(draft.reviewAfterDays) },
    }),
  };
}

/**
 * Reads the advanced editor's JSON back into drafts: a list of policies, or
 * `{ policies, separationOfDuties }`. Fields the form does not show are kept
 * only where the draft has room for them (selectors).
 */
export function parseCandidate(
  text: string,
): { policies: unknown[]; separationOfDuties?: boolean } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: (e as Error).message };
  }
  if (Array.isArray(parsed)) {
    return { policies: parsed };
  }
  if (
    parsed &&
    typeof parsed === 'object' &&
    Array.isArray((parsed as { policies?: unknown }).policies)
  ) {
    const { policies, separationOfDuties } = parsed as {
      policies: unknown[];
      separationOfDuties?: unknown;
    };
    return typeof separationOfDuties === 'boolean'
      ? { policies, separationOfDuties }
      : { policies };
  }
  return { error: 'expected a list of policies' };
}

/** Whether parsed JSON fits the form (else it stays in the JSON editor). */
export function draftsOf(policies: unknown[]): PolicyDraft[] | undefined {
  const drafts: PolicyDraft[] = [];
  for (const candidate of policies) {
    if (!candidate || typeof candidate !== 'object') {
      return undefined;
    }
    const policy = candidate as Partial<ApprovalPolicy>;
    if (typeof policy.name !== 'string' || !Array.isArray(policy.require)) {
      return undefined;
    }
    const when = policy.when ?? {};
    const known =
      (when.types ?? []).every(t => RELEASE_TYPES.includes(t)) &&
      (when.riskLevels ?? []).every(r => RISK_LEVELS.includes(r));
    if (!known) {
      return undefined;
    }
    drafts.push(draftOf({ when: {}, ...policy } as ApprovalPolicy));
  }
  return drafts;
}
