import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { RELEASE_TYPES, Release } from '@backstage-itsm/plugin-releases-common';

/** @public */
export const RELEASES_CREATE_ACTION_ID = 'releases:create';

/**
 * `releases:create`: a software template opens a release through the
 * releases REST API (`POST /api/releases/releases`) with the credentials of
 * the user who runs the template, so the releases plugin's permissions,
 * validation, risk and history apply as if they had planned it themselves.
 * With `standardChange`, the release is pre-approved while the standard
 * change's conditions hold; otherwise it is a normal change, and the outputs
 * say why.
 *
 * @public
 */
export function createReleaseAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}) {
  const { discovery, auth } = options;
  return createTemplateAction({
    id: RELEASES_CREATE_ACTION_ID,
    description:
      'Opens a release in the releases plugin as the user running the template; with standardChange, a pre-approved standard change while its conditions hold',
    examples: [
      {
        description:
          'Rotate the certificates of a service as a standard change',
        example: [
          'steps:',
          '  - id: release',
          '    name: Open the release',
          '    action: releases:create',
          '    input:',
          '      title: Rotate certificates of ${{ parameters.component }}',
          '      type: minor',
          '      owner: ${{ parameters.owner }}',
          '      plannedStart: ${{ parameters.start }}',
          '      plannedEnd: ${{ parameters.end }}',
          '      components:',
          '        - entityRef: ${{ parameters.component }}',
          '      standardChange: Certificate rotation',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        title: z => z.string().min(1).max(200).describe('Title of the release'),
        description: z =>
          z.string().max(20000).optional().describe('Markdown description'),
        type: z =>
          z
            .enum(RELEASE_TYPES)
            .default('minor')
            .describe('major, minor or emergency'),
        plannedStart: z =>
          z.string().describe('ISO-8601 date-time, e.g. 2026-12-07T09:00:00Z'),
        plannedEnd: z =>
          z.string().describe('ISO-8601 date-time after plannedStart'),
        owner: z =>
          z.string().describe('Owning group, e.g. group:default/payments-team'),
        components: z =>
          z
            .array(
              z.object({
                entityRef: z.string(),
                version: z.string().optional(),
              }),
            )
            .min(1)
            .describe(
              'Components the release changes, with their target version',
            ),
        environments: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              "Target environments (a standard change's own, or all, when left out)",
            ),
        standardChange: z =>
          z
            .string()
            .optional()
            .describe(
              'Name of a standard change (GET /api/releases/standard-changes)',
            ),
        rollbackPlan: z =>
          z
            .object({ text: z.string(), link: z.string().optional() })
            .optional()
            .describe(
              'How to undo the release; some policies require one before deploy',
            ),
      },
      output: {
        releaseId: z => z.string().describe('Id of the new release'),
        phase: z => z.string().describe('Its phase (plan)'),
        revision: z => z.number().describe('Its revision, for later edits'),
        standardChange: z =>
          z
            .object({
              name: z.string(),
              qualifies: z.boolean(),
              reason: z.string(),
            })
            .nullable()
            .describe(
              'The standard change it was created from: whether it qualifies (pre-approved) and why',
            ),
        warnings: z =>
          z
            .array(z.string())
            .describe(
              'Freezes it is planned into and releases it collides with',
            ),
      },
    },
    async handler(ctx) {
      const body = Object.fromEntries(
        Object.entries(ctx.input).filter(([, value]) => value !== undefined),
      );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would open the release "${ctx.input.title}" through the releases API`,
        );
        ctx.output('releaseId', 'dry-run');
        ctx.output('phase', 'plan');
        ctx.output('revision', 0);
        ctx.output('standardChange', null);
        ctx.output('warnings', []);
        return;
      }
      // A resumed task must not open a second release.
      const created = await ctx.checkpoint({
        key: `releases-create-${ctx.step?.id ?? 'step'}`,
        fn: async () => {
          const { token } = await auth.getPluginRequestToken({
            onBehalfOf: await ctx.getInitiatorCredentials(),
            targetPluginId: 'releases',
          });
          const response = await fetch(
            `${await discovery.getBaseUrl('releases')}/releases`,
            {
              method: 'POST',
              headers: {
                Authorization: `Bearer ${token}`,
                'Content-Type': 'application/json',
              },
              body: JSON.stringify(body),
            },
          );
          if (!response.ok) {
            const error = await ResponseError.fromResponse(response);
            // The API's message names the field or permission at fault.
            throw new Error(
              `The releases API refused the release (${response.status}): ${
                error.body?.error?.message ?? error.message
              }`,
              { cause: error },
            );
          }
          const release = (await response.json()) as Release & {
            warnings?: Array<{ message: string }>;
          };
          return {
            id: release.id,
            phase: release.phase,
            revision: release.revision,
            standardChange: release.standardChange
              ? {
                  name: release.standardChange.name,
                  qualifies: release.standardChange.qualifies,
                  reason: release.standardChange.reason,
                }
              : null,
            warnings: (release.warnings ?? []).map(w => w.message),
          };
        },
      });
      let how = '';
      if (created.standardChange?.qualifies) {
        how = ` as the standard change "${created.standardChange.name}" (pre-approved)`;
      } else if (created.standardChange) {
        how = ` as a normal change: ${created.standardChange.reason}`;
      }
      ctx.logger.info(`Opened the release ${created.id}${how}`);
      ctx.output('releaseId', created.id);
      ctx.output('phase', created.phase);
      ctx.output('revision', created.revision);
      ctx.output('standardChange', created.standardChange);
      ctx.output('warnings', created.warnings);
    },
  });
}
