import { Config } from '@backstage/config';
import {
  ApprovalPolicy,
  approvalPolicySchema,
  FreezeSelector,
} from '@backstage-itsm/plugin-releases-common';
import { z } from 'zod';
import { normalizeEntityRef } from '../catalog/refs';

export const DEFAULT_REVIEW_DAYS = 5;

/**
 * Checks and normalises a policy set: group refs made full, `reviewAfter:
 * true` turned into the default number of days. `label(index)` names each
 * policy in error messages.
 */
export function parsePolicies(
  raw: unknown,
  environmentNames: string[],
  label: (index: number, name?: string) => string,
): ApprovalPolicy[] {
  const list = raw === undefined ? [] : raw;
  if (!Array.isArray(list)) {
    throw new Error(`${label(-1)}: must be a list of policies`);
  }
  const names = new Set<string>();
  return list.map((item, index) => {
    const name = (item as { name?: unknown })?.name;
    const prefix = label(index, typeof name === 'string' ? name : undefined);
    const result = approvalPolicySchema.safeParse(item);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(
        `${prefix}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${
          issue.message
        }`,
      );
    }
    const policy = result.data;
    if (names.has(policy.name)) {
      throw new Error(
        `${prefix}.name: is used by another policy; names must be unique`,
      );
    }
    names.add(policy.name);
    for (const env of policy.when.environments ?? []) {
      if (!environmentNames.includes(env)) {
        throw new Error(
          `${prefix}.when.environments: "${env}" is not a configured environment (${environmentNames.join(
            ', ',
          )})`,
        );
      }
    }
    return {
      name: policy.name,
      description: policy.description,
      when: {
        types: policy.when.types,
        environments: policy.when.environments,
        riskLevels: policy.when.riskLevels,
        selector: policy.when.selector as FreezeSelector | undefined,
      },
      require: policy.require.map((rule, i) => ({
        count: rule.count,
        ...(rule.group
          ? {
              group: normalizeEntityRef(
                rule.group,
                'group',
                `${prefix}.require.${i}.group`,
              ),
            }
          : { owner: true }),
      })),
      reviewAfter:
        policy.reviewAfter === true
          ? { days: DEFAULT_REVIEW_DAYS }
          : policy.reviewAfter || undefined,
    };
  });
}

export interface ApprovalSettings {
  policies: ApprovalPolicy[];
  separationOfDuties: boolean;
}

/** Reads `releases.approvalPolicies`; a mistake stops the backend at start-up. */
export function readApprovalSettings(
  config: Config,
  environmentNames: string[],
): ApprovalSettings {
  const raw = config.getOptional('releases.approvalPolicies');
  const policies = parsePolicies(raw, environmentNames, (index, name) =>
    index < 0
      ? 'releases.approvalPolicies'
      : `releases.approvalPolicies[${index}]${name ? ` ("${name}")` : ''}`,
  );
  return {
    policies,
    separationOfDuties:
      config.getOptionalBoolean('releases.separationOfDuties') ?? true,
  };
}

export type ParsedPolicy = z.output<typeof approvalPolicySchema>;
