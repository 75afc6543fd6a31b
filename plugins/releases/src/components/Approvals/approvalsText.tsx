import { ApprovalRuleStatus } from '@backstage-itsm/plugin-releases-common';
import { useEntityName } from '../shared/EntityName';
import { useReleasesT } from '../shared/labels';

/** `cab-for-major: 1 of 2 from Change Advisory Board`, `(owner)` for the owning group. */
export function useRuleText(rule: ApprovalRuleStatus): string {
  const t = useReleasesT();
  const group = useEntityName(rule.group, 'group');
  const text = `${t('approvals.ruleProgress', {
    policy: rule.policy,
    given: String(rule.given),
    required: String(rule.required),
  })} ${group}`;
  return rule.owner ? `${text} ${t('approvals.ownerSuffix')}` : text;
}

/** {@link useRuleText} as text. */
export function RuleText(props: { rule: ApprovalRuleStatus }) {
  return <>{useRuleText(props.rule)}</>;
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
