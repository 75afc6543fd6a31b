import {
  ApprovalDecision,
  ApprovalRuleStatus,
  InboxItem,
  ReleaseApprovals,
} from '@backstage-itsm/plugin-releases-common';
import { makeRelease } from '../../../__testUtils__/fixtures';

export function makeRule(
  overrides: Partial<ApprovalRuleStatus> = {},
): ApprovalRuleStatus {
  return {
    policy: 'cab-for-major',
    key: 'cab-for-major#0',
    group: 'group:default/cab',
    owner: false,
    required: 2,
    given: 1,
    state: 'pending',
    eligible: ['user:default/erin', 'user:default/guest'],
    approvers: ['user:default/erin'],
    stage: 'before_deploy',
    ...overrides,
  };
}

export function makeDecision(
  overrides: Partial<ApprovalDecision> = {},
): ApprovalDecision {
  return {
    id: 'd1',
    releaseId: 'rel-1',
    round: 1,
    approver: 'user:default/erin',
    onBehalfOf: 'group:default/cab',
    decision: 'approved',
    comment: 'Rollback plan looks good.',
    decidedAt: '2026-11-25T10:00:00Z',
    ...overrides,
  };
}

export function makeApprovals(
  overrides: Partial<ReleaseApprovals> = {},
): ReleaseApprovals {
  return {
    releaseId: 'rel-1',
    round: 1,
    status: 'pending',
    policies: ['cab-for-major'],
    rules: [makeRule()],
    decisions: [makeDecision()],
    separationOfDuties: true,
    review: null,
    viewer: { canDecide: true },
    ...overrides,
  };
}

export function makeInboxItem(overrides: Partial<InboxItem> = {}): InboxItem {
  return {
    release: makeRelease({
      id: 'rel-1',
      title: 'Payments API 2.5',
      type: 'major',
      phase: 'test',
    }),
    rules: [makeRule()],
    stage: 'before_deploy',
    overdue: false,
    ...overrides,
  };
}
