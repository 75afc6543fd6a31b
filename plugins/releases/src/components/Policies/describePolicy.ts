import { ApprovalPolicy } from '@backstage-itsm/plugin-releases-common';
import { typeLabel } from '../shared/format';

const SELECTOR_LABELS: Record<string, string> = {
  system: 'System',
  owner: 'Owner',
  component: 'Component',
  lifecycle: 'Lifecycle',
  tag: 'Tag',
};

/** One line per condition of `when`; an empty list means every release. */
export function describeWhen(when: ApprovalPolicy['when']): string[] {
  const lines: string[] = [];
  if (when?.types?.length) {
    lines.push(`Types: ${when.types.map(typeLabel).join(', ')}`);
  }
  if (when?.environments?.length) {
    lines.push(`Environments: ${when.environments.join(', ')}`);
  }
  if (when?.riskLevels?.length) {
    lines.push(`Risk levels: ${when.riskLevels.join(', ')}`);
  }
  for (const [key, value] of Object.entries(when?.selector ?? {})) {
    if (value === undefined) {
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    lines.push(`${SELECTOR_LABELS[key] ?? key}: ${values.join(', ')}`);
  }
  return lines;
}

export function describeReviewAfter(
  reviewAfter: ApprovalPolicy['reviewAfter'] | boolean,
): string {
  if (!reviewAfter) {
    return 'No';
  }
  if (typeof reviewAfter === 'object' && reviewAfter.days) {
    return `Within ${reviewAfter.days} ${
      reviewAfter.days === 1 ? 'day' : 'days'
    }`;
  }
  return 'Yes';
}
