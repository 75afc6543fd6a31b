import {
  ApprovalRuleStatus,
  ApprovalStatus,
} from '@backstage-itsm/plugin-releases-common';

const STATUS_LABELS: Record<ApprovalStatus, string> = {
  not_required: 'Not required',
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
};

export function approvalStatusLabel(status: ApprovalStatus): string {
  return STATUS_LABELS[status] ?? status;
}

/** `1 of 2 from group:default/cab`, with `(owner)` for the owning group. */
export function ruleProgress(rule: ApprovalRuleStatus): string {
  return `${rule.given} of ${rule.required} from ${rule.group}${
    rule.owner ? ' (owner)' : ''
  }`;
}

/** `cab-for-major: 1 of 2 from group:default/cab`. */
export function describeRule(rule: ApprovalRuleStatus): string {
  return `${rule.policy}: ${ruleProgress(rule)}`;
}

/** The server's lower-case reasons read as sentences in the UI. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) {
    return trimmed;
  }
  const capitalised = trimmed[0].toLocaleUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
