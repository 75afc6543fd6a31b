import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  RELEASE_OUTCOMES,
  ReleaseOutcome,
  ReviewRequest,
} from '@backstage-itsm/plugin-releases-common';

export interface ReviewActionValues {
  description: string;
  owner: string;
}

export interface ReviewFormValues {
  outcome: ReleaseOutcome | '';
  wentWell: string;
  wentWrong: string;
  actions: ReviewActionValues[];
}

/** Messages by field: `outcome`, `wentWell`, `actions.0.owner`, … */
export type ReviewFieldErrors = Record<string, string>;

export const EMPTY_REVIEW: ReviewFormValues = {
  outcome: '',
  wentWell: '',
  wentWrong: '',
  actions: [],
};

/** What the form checks before it asks the server, which checks again. */
export function validateReview(values: ReviewFormValues): ReviewFieldErrors {
  const errors: ReviewFieldErrors = {};
  if (!RELEASE_OUTCOMES.includes(values.outcome as ReleaseOutcome)) {
    errors.outcome = 'Choose an outcome.';
  }
  values.actions.forEach((action, index) => {
    if (!action.description.trim()) {
      errors[`actions.${index}.description`] = 'Describe the action.';
    }
    if (!action.owner.trim()) {
      errors[`actions.${index}.owner`] = 'Name who owns the action.';
    }
  });
  return errors;
}

/** `alice` → `user:default/alice`; full refs and group refs stay as typed. */
export function normalizeOwner(owner: string): string {
  const text = owner.trim();
  try {
    return stringifyEntityRef(
      parseEntityRef(text, {
        defaultKind: 'user',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return text;
  }
}

export function toReviewRequest(values: ReviewFormValues): ReviewRequest {
  return {
    outcome: values.outcome as ReleaseOutcome,
    wentWell: values.wentWell.trim(),
    wentWrong: values.wentWrong.trim(),
    actions: values.actions.map(action => ({
      description: action.description.trim(),
      owner: normalizeOwner(action.owner),
    })),
  };
}
