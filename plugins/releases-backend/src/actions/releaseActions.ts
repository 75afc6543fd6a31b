import { AuditorService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  calendarQuerySchema,
  createReleaseSchema,
  gateQuerySchema,
  listReleasesQuerySchema,
  planCheckSchema,
  RELEASE_PHASES,
  RELEASE_TYPES,
  DEPLOYMENT_STATUSES,
  recordDeploymentSchema,
} from '@backstage-itsm/plugin-releases-common';
import { AuthorizedApprovalService } from '../approvals/AuthorizedApprovalService';
import { AuthorizedCalendarService } from '../calendar/AuthorizedCalendarService';
import { AuthorizedConfigurationService } from '../configuration/AuthorizedConfigurationService';
import { AuthorizedReleaseService } from '../releases/AuthorizedReleaseService';
import { audited } from '../service/audit';
import { Callers } from '../service/Callers';
import { parseInput } from '../service/validation';

/** Answers are JSON as the REST routes give them. */
const json = (value: unknown) => JSON.parse(JSON.stringify(value));

/**
 * The plugin's operations as actions of Backstage's actions registry, for AI
 * agents and MCP clients (through the MCP actions backend). Each acts as its
 * caller: the same kinds of caller as the REST route, the same parsing and
 * messages, the same authorizing layer and so the same permission checks and
 * refusals; mutations are audited under the route's event id.
 */
export function registerReleaseActions(options: {
  registry: ActionsRegistryService;
  auditor: AuditorService;
  callers: Callers;
  releases: AuthorizedReleaseService;
  approvals: AuthorizedApprovalService;
  calendar: AuthorizedCalendarService;
  configuration: AuthorizedConfigurationService;
}) {
  const { registry, auditor, callers } = options;

  registry.register({
    name: 'list-releases',
    title: 'List releases of an entity',
    description:
      'Lists the releases that contain a component, or of a system or owner group, newest plan first, with their phase, planned window, components and risk. Only releases the caller may read are listed.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .optional()
            .describe('A component, e.g. component:default/payments-api'),
          system: z
            .string()
            .optional()
            .describe('A system, e.g. system:default/payments'),
          owner: z
            .string()
            .optional()
            .describe('An owning group, e.g. group:default/payments-team'),
          phase: z
            .array(z.enum(RELEASE_PHASES))
            .optional()
            .describe('Only releases in these phases'),
          limit: z
            .number()
            .int()
            .optional()
            .describe('At most this many (1-100, default 20)'),
          offset: z.number().int().optional(),
        }),
      output: z =>
        z.object({
          items: z.array(
            z
              .object({
                id: z.string(),
                title: z.string(),
                type: z.enum(RELEASE_TYPES),
                phase: z.enum(RELEASE_PHASES),
                plannedStart: z.string(),
                plannedEnd: z.string(),
                owner: z.string(),
              })
              .passthrough(),
          ),
          totalCount: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = callers.forAction(credentials, ['user', 'service']);
      const query = parseInput(listReleasesQuerySchema, input);
      const page = await options.releases.list(caller, query);
      return {
        output: json({ items: page.items, totalCount: page.totalCount }),
      };
    },
  });

  registry.register({
    name: 'get-release',
    title: 'Get a release with its approvals',
    description:
      'Reads one release: its phase, planned window, components and versions, environments, risk with its reasons, and its approvals (each policy rule, who decided, who may still decide) and review.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({ releaseId: z.string().describe('The release id') }),
      output: z =>
        z
          .object({
            id: z.string(),
            title: z.string(),
            phase: z.enum(RELEASE_PHASES),
            approvals: z
              .object({
                status: z.string(),
                rules: z.array(z.object({}).passthrough()),
              })
              .passthrough(),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => {
      const caller = callers.forAction(credentials, ['user', 'service']);
      return {
        output: json(await options.releases.detail(caller, input.releaseId)),
      };
    },
  });

  registry.register({
    name: 'plan-release',
    title: 'Plan a release',
    description:
      'Plans a new release (major, minor or emergency) of components for environments in a planned window, owned by a group, as the calling user. Answers the release with its risk and the freezes and collisions it runs into.',
    attributes: { destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          title: z.string(),
          description: z.string().optional(),
          type: z.enum(RELEASE_TYPES),
          plannedStart: z
            .string()
            .describe('ISO-8601, e.g. 2026-12-01T09:00:00Z'),
          plannedEnd: z.string().describe('ISO-8601, after plannedStart'),
          owner: z
            .string()
            .describe('The owning group, e.g. group:default/payments-team'),
          components: z.array(
            z.object({
              entityRef: z.string(),
              version: z.string().optional().describe('The version it ships'),
            }),
          ),
          environments: z.array(z.string()).optional(),
        }),
      output: z =>
        z
          .object({
            id: z.string(),
            title: z.string(),
            phase: z.enum(RELEASE_PHASES),
            revision: z.number(),
            warnings: z.array(z.object({}).passthrough()),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => {
      const caller = callers.forAction(credentials, ['user']);
      const parsed = parseInput(createReleaseSchema, input);
      const release = await audited(
        auditor,
        { eventId: 'release-create', meta: { via: 'action' } },
        () => options.releases.create(caller, parsed),
        r => ({ releaseId: r.id, phase: r.phase, revision: r.revision }),
      );
      return { output: json(release) };
    },
  });

  registry.register({
    name: 'check-deployment-gate',
    title: 'Check the deployment gate',
    description:
      'Asks whether a component may be deployed to an environment now, as pipelines ask before they deploy: allowed or not, with each check (release in deploy, approvals, freezes, ...) and its reason.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string().describe('e.g. component:default/payments-api'),
          environment: z.string().describe('e.g. production'),
          version: z.string().optional(),
        }),
      output: z =>
        z.object({
          allowed: z.boolean(),
          reasons: z.array(z.string()),
          releaseId: z.string().nullable(),
          checks: z.array(
            z.object({
              id: z.string(),
              passed: z.boolean(),
              reason: z.string(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = callers.forAction(credentials, ['user', 'service']);
      const query = parseInput(gateQuerySchema, input);
      return { output: json(await options.approvals.gate(caller, query)) };
    },
  });

  registry.register({
    name: 'check-release-plan',
    title: 'Check a plan against the calendar',
    description:
      'Checks a planned release window before planning or moving it: the freeze windows it runs into and the releases it collides with (same components, dependencies or APIs).',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          releaseId: z
            .string()
            .optional()
            .describe('The release being re-planned, if any'),
          type: z.enum(RELEASE_TYPES),
          plannedStart: z.string(),
          plannedEnd: z.string(),
          components: z.array(
            z.object({ entityRef: z.string(), version: z.string().optional() }),
          ),
          environments: z.array(z.string()).optional(),
        }),
      output: z => z.object({ warnings: z.array(z.object({}).passthrough()) }),
    },
    action: async ({ input, credentials }) => {
      const caller = callers.forAction(credentials, ['user']);
      const { releaseId, ...plan } = parseInput(planCheckSchema, input);
      const warnings = await options.calendar.checkPlan(caller, {
        ...plan,
        id: releaseId ?? '',
      });
      return { output: json({ warnings }) };
    },
  });

  registry.register({
    name: 'release-calendar',
    title: 'Read the release calendar',
    description:
      'Reads the release calendar of a time range (at most 400 days), for everything or for a component, system or owner group: the releases planned in it (summaries), the freeze, maintenance and allow windows in force, runtime freezes, releases planned into a freeze, and collisions between open releases (same component, dependsOn links or the two sides of an API; the first 3 of each release, with collisionsTotal counting them all when some were left out). A scoped calendar also names the releases outside the scope its releases collide with (otherReleases). Only releases the caller may read are shown.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          from: z.string().describe('Start of the range, ISO 8601'),
          to: z.string().describe('End of the range, ISO 8601'),
          entityRef: z
            .string()
            .optional()
            .describe('A component, e.g. component:default/payments-api'),
          system: z
            .string()
            .optional()
            .describe('A system, e.g. system:default/payments'),
          owner: z
            .string()
            .optional()
            .describe('An owning group, e.g. group:default/payments-team'),
          type: z
            .array(z.enum(RELEASE_TYPES))
            .optional()
            .describe('Only releases of these types'),
          environment: z
            .string()
            .optional()
            .describe('Only releases and windows of this environment'),
        }),
      output: z =>
        z
          .object({
            from: z.string(),
            to: z.string(),
            releases: z.array(z.object({}).passthrough()),
            truncated: z.boolean(),
            freezes: z.array(z.object({}).passthrough()),
            collisions: z.array(z.object({}).passthrough()),
            freezeConflicts: z.array(z.object({}).passthrough()),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => {
      const caller = callers.forAction(credentials, ['user', 'service']);
      const query = parseInput(calendarQuerySchema, input);
      return { output: json(await options.calendar.calendar(caller, query)) };
    },
  });

  registry.register({
    name: 'my-approvals-inbox',
    title: 'My approvals inbox',
    description:
      'Lists the releases waiting for a decision the calling user may give, with the policy rules that ask them.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({}),
      output: z =>
        z.object({
          items: z.array(z.object({}).passthrough()),
          totalCount: z.number(),
        }),
    },
    action: async ({ credentials }) => {
      const caller = callers.forAction(credentials, ['user']);
      return { output: json(await options.approvals.inbox(caller)) };
    },
  });

  registry.register({
    name: 'record-deployment',
    title: 'Record a deployment',
    description:
      'Records that a version of a component was deployed to an environment, once per source and externalId (later reports move it forward: queued, in_progress, then succeeded, failed or cancelled). The deploy gate decides at the server’s time whether it was authorized.',
    attributes: { destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: z.string(),
          environment: z.string(),
          version: z.string(),
          status: z.enum(DEPLOYMENT_STATUSES),
          source: z.string().describe('The tool reporting it, e.g. my-agent'),
          externalId: z
            .string()
            .describe('Unique for this deployment within the source'),
          deployedAt: z.string().optional(),
          committedAt: z.string().optional(),
          releaseId: z.string().optional(),
          commit: z.string().optional(),
          url: z.string().optional(),
        }),
      output: z =>
        z
          .object({
            id: z.string(),
            status: z.enum(DEPLOYMENT_STATUSES),
            authorized: z.boolean(),
            authorizationReason: z.string(),
            created: z.boolean(),
          })
          .passthrough(),
    },
    action: async ({ input, credentials }) => {
      const caller = callers.forAction(credentials, ['user', 'service']);
      const parsed = parseInput(recordDeploymentSchema, input);
      const { deployment, created } = await audited(
        auditor,
        {
          eventId: 'deployment-record',
          meta: {
            source: parsed.source,
            externalId: parsed.externalId,
            via: 'action',
          },
        },
        () => options.configuration.record(caller, parsed),
        r => ({
          deploymentId: r.deployment.id,
          created: r.created,
          authorized: r.deployment.authorized,
        }),
      );
      return { output: json({ ...deployment, created }) };
    },
  });
}
