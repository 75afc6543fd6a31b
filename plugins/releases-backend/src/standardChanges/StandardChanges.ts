import { Config } from '@backstage/config';
import {
  FreezeSelector,
  freezeSelectorSchema,
  Release,
  RISK_LEVELS,
  RiskLevel,
  StandardChangeState,
  StandardChangeTemplate,
} from '@backstage-itsm/plugin-releases-common';
import { z } from 'zod';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { normalizeEntityRef } from '../catalog/refs';
import { selectorMatches } from '../calendar/selectors';
import { badField } from '../service/errors';

const templateSchema = z.strictObject({
  name: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(100),
  description: z.string().max(2000).default(''),
  components: z
    .array(z.string().trim().min(1).max(300))
    .min(1)
    .max(100)
    .optional(),
  selector: freezeSelectorSchema.optional(),
  environments: z
    .array(z.string().trim().min(1).max(63))
    .min(1)
    .max(20)
    .optional(),
  maxRiskLevel: z
    .enum(RISK_LEVELS, { error: `must be one of ${RISK_LEVELS.join(', ')}` })
    .default('low'),
  checklist: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
});

/**
 * Reads `releases.standardChanges`. A template must limit what it touches
 * (`components` or `selector`); a mistake stops the backend at start-up
 * with a message naming the template and the key.
 */
export function readStandardChanges(
  config: Config,
  environmentNames: string[],
): StandardChangeTemplate[] {
  const raw = config.getOptional('releases.standardChanges') ?? [];
  if (!Array.isArray(raw)) {
    throw new Error('releases.standardChanges: must be a list of templates');
  }
  const names = new Set<string>();
  return raw.map((item, index) => {
    const name = (item as { name?: unknown })?.name;
    const label = `releases.standardChanges[${index}]${
      typeof name === 'string' ? ` ("${name}")` : ''
    }`;
    const parsed = templateSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `${label}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${
          issue.message
        }`,
      );
    }
    const template = parsed.data;
    if (names.has(template.name)) {
      throw new Error(
        `${label}.name: is used by another standard change; names must be unique`,
      );
    }
    names.add(template.name);
    if (!template.components && !template.selector) {
      throw new Error(
        `${label}: give components or a selector: a standard change must limit what it may touch`,
      );
    }
    const environments = template.environments ?? environmentNames;
    for (const env of environments) {
      if (!environmentNames.includes(env)) {
        throw new Error(
          `${label}.environments: "${env}" is not a configured environment (${environmentNames.join(
            ', ',
          )})`,
        );
      }
    }
    const components = template.components?.map((ref, i) => {
      try {
        return normalizeEntityRef(ref, 'component', `components.${i}`);
      } catch {
        throw new Error(
          `${label}.components[${i}]: "${ref}" is not a component ref`,
        );
      }
    });
    return {
      name: template.name,
      description: template.description,
      ...(components ? { components } : {}),
      ...(template.selector
        ? { selector: template.selector as FreezeSelector }
        : {}),
      environments,
      maxRiskLevel: template.maxRiskLevel,
      checklist: template.checklist,
    };
  });
}

const rank = (level: RiskLevel) => RISK_LEVELS.indexOf(level);

/**
 * The standard change catalogue and the judge of whether a release created
 * from one still qualifies, as it is now: every component inside the
 * template (its list, its selector over the plugin's own catalog facts),
 * every environment one it allows, and the release's risk at or under its
 * ceiling. A release that does not qualify is a normal change, and says why.
 */
export class StandardChanges {
  constructor(
    private readonly options: {
      templates: StandardChangeTemplate[];
      catalogFacts: CatalogFacts;
    },
  ) {}

  list(): StandardChangeTemplate[] {
    return this.options.templates;
  }

  /** The template of that name; a 400 naming `field` when there is none. */
  require(name: string, field = 'standardChange'): StandardChangeTemplate {
    const template = this.options.templates.find(t => t.name === name);
    if (!template) {
      const known = this.options.templates.map(t => `"${t.name}"`);
      throw badField(
        field,
        `"${name}" is not a standard change${
          known.length ? ` (${known.join(', ')})` : ': none is configured'
        }`,
      );
    }
    return template;
  }

  /** Whether the release qualifies as the standard change it names; null for a normal change. */
  async judge(
    release: Pick<Release, 'components' | 'environments' | 'risk'> & {
      standardChange: Pick<StandardChangeState, 'name'> | null;
    },
  ): Promise<StandardChangeState | null> {
    if (!release.standardChange) {
      return null;
    }
    const { name } = release.standardChange;
    const normal = (reason: string) => ({ name, qualifies: false, reason });
    const template = this.options.templates.find(t => t.name === name);
    if (!template) {
      return normal(`the standard change "${name}" is no longer configured`);
    }
    const outsideEnvironments = release.environments.filter(
      env => !template.environments.includes(env),
    );
    if (outsideEnvironments.length > 0) {
      return normal(
        `it targets ${outsideEnvironments.join(
          ', ',
        )}, which the standard change "${name}" does not cover (${template.environments.join(
          ', ',
        )})`,
      );
    }
    const refs = release.components.map(c => c.entityRef);
    if (template.components) {
      const allowed = new Set(
        template.components.map(r => r.toLocaleLowerCase('en-US')),
      );
      const outside = refs.filter(
        r => !allowed.has(r.toLocaleLowerCase('en-US')),
      );
      if (outside.length > 0) {
        return normal(
          `it touches ${outside.join(
            ', ',
          )}, which the standard change "${name}" does not cover`,
        );
      }
    }
    if (template.selector) {
      // What a template covers is a fact of the template: the plugin's own view.
      const facts = await this.options.catalogFacts.local().facts(refs);
      const outside = refs.filter(ref => {
        const f = facts.get(ref);
        return !f || !selectorMatches(template.selector, f);
      });
      if (outside.length > 0) {
        return normal(
          `it touches ${outside.join(
            ', ',
          )}, which the selector of the standard change "${name}" does not match`,
        );
      }
    }
    if (!release.risk) {
      return normal('its risk has not been assessed yet');
    }
    if (rank(release.risk.level) > rank(template.maxRiskLevel)) {
      return normal(
        `its risk is ${release.risk.level} (score ${release.risk.score}), above the ceiling of the standard change "${name}" (${template.maxRiskLevel})`,
      );
    }
    return {
      name,
      qualifies: true,
      reason: `pre-approved by the standard change "${name}": its components and environments are inside the template and its risk (${release.risk.level}) is at most ${template.maxRiskLevel}`,
    };
  }
}
