import {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { AuthenticationError, NotFoundError } from '@backstage/errors';
import {
  calendarQuerySchema,
  createFeedTokenSchema,
  feedQuerySchema,
  planCheckSchema,
  releaseReadPermission,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { normalizeEntityRef } from '../catalog/CatalogLookup';
import { ConfigurationService } from '../configuration/ConfigurationService';
import { ReleaseAuthorizer } from '../permissions/ReleaseAuthorizer';
import { ReleaseFilter } from '../releases/ReleaseStore';
import { parseInput } from '../service/validation';
import { CalendarService } from './CalendarService';
import { FeedTokenStore } from './FeedTokenStore';
import { FreezeWindow } from './freezeWindows';
import { buildIcs } from './ics';

const DAY = 24 * 3600 * 1000;

export function createCalendarRouter(options: {
  auth: AuthService;
  httpAuth: HttpAuthService;
  authorizer: ReleaseAuthorizer;
  calendar: CalendarService;
  configuration: ConfigurationService;
  feedTokens: FeedTokenStore;
  windows: FreezeWindow[];
  appBaseUrl: string;
  feedBaseUrl: string;
}): express.Router {
  const { auth, httpAuth, authorizer, calendar, configuration, feedTokens } =
    options;
  const router = Router();

  /** Releases scope (owner: owned by the group or touching its components) and the components in it. */
  async function scopeOf(
    query: { entityRef?: string; owner?: string; system?: string },
    credentials: BackstageCredentials,
  ) {
    const refs = await configuration.resolveScope(query, credentials);
    if (!refs) {
      return {};
    }
    const owners = query.owner
      ? [normalizeEntityRef(query.owner, 'group', 'owner')]
      : [];
    return { scope: { entityRefs: refs, owners }, scopeRefs: refs };
  }

  router.get('/calendar', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    // A conditional decision (say, own team's releases only) filters the list.
    const condition = await authorizer.listFilter(
      releaseReadPermission,
      credentials,
    );
    const query = parseInput(calendarQuerySchema, req.query);
    const { scope, scopeRefs } = await scopeOf(query, credentials);
    res.json(
      await calendar.calendar(
        {
          from: query.from,
          to: query.to,
          scope,
          scopeRefs,
          types: query.type,
          environment: query.environment,
          condition,
        },
        credentials,
      ),
    );
  });

  router.post('/calendar/check', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // Warnings name the releases a plan collides with: only readable ones.
    const condition = await authorizer.listFilter(
      releaseReadPermission,
      credentials,
    );
    const plan = parseInput(planCheckSchema, req.body);
    const components = plan.components.map((c, i) => ({
      entityRef: normalizeEntityRef(
        c.entityRef,
        'component',
        `components.${i}.entityRef`,
      ),
      version: c.version,
    }));
    const warnings = await calendar.checkPlan(
      {
        id: plan.releaseId ?? '',
        type: plan.type,
        plannedStart: plan.plannedStart,
        plannedEnd: plan.plannedEnd,
        components,
        environments: plan.environments ?? [],
      },
      credentials,
      condition,
    );
    res.json({ warnings });
  });

  router.get('/freeze-windows', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({
      items: options.windows.map(
        ({ rule, ruleDuration, ...definition }) => definition,
      ),
    });
  });

  // Calendar apps cannot sign in: the feed takes a user's secret feed token,
  // or normal credentials, and nothing else.
  router.get('/calendar.ics', async (req, res) => {
    const query = parseInput(feedQuerySchema, req.query);
    let credentials: BackstageCredentials;
    let condition: ReleaseFilter['condition'];
    if (req.headers.authorization) {
      credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      // The same releases as GET /calendar, so the same permission.
      condition = await authorizer.listFilter(
        releaseReadPermission,
        credentials,
      );
    } else if (query.token) {
      const user = await feedTokens.resolve(query.token);
      if (!user) {
        throw new AuthenticationError(
          'The feed token is unknown or has been revoked',
        );
      }
      credentials = await auth.getOwnServiceCredentials();
    } else {
      throw new AuthenticationError('A feed token or credentials are required');
    }
    const { scope, scopeRefs } = await scopeOf(query, credentials);
    const now = Date.now();
    const result = await calendar.calendar(
      {
        from: new Date(now - 30 * DAY).toISOString(),
        to: new Date(now + 180 * DAY).toISOString(),
        scope,
        scopeRefs,
        condition,
      },
      credentials,
    );
    const name = `Releases${
      query.entityRef ?? query.system ?? query.owner
        ? ` — ${query.entityRef ?? query.system ?? query.owner}`
        : ''
    }`;
    res.type('text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', 'inline; filename="releases.ics"');
    res.send(
      buildIcs({
        name,
        releases: result.releases,
        freezes: result.freezes,
        appBaseUrl: options.appBaseUrl,
      }),
    );
  });

  router.post('/feed-tokens', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // A feed token reads releases on its creator's behalf; the policy cannot
    // be asked when a calendar app uses it, so it is asked when it is issued.
    await authorizer.listFilter(releaseReadPermission, credentials);
    const { name } = parseInput(createFeedTokenSchema, req.body);
    const created = await feedTokens.create(
      credentials.principal.userEntityRef,
      name,
    );
    res.status(201).json({
      ...created,
      url: `${options.feedBaseUrl}/calendar.ics?token=${created.token}`,
    });
  });

  router.get('/feed-tokens', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json({
      items: await feedTokens.list(credentials.principal.userEntityRef),
    });
  });

  router.delete('/feed-tokens/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    if (
      !(await feedTokens.revoke(
        credentials.principal.userEntityRef,
        req.params.id,
      ))
    ) {
      throw new NotFoundError(
        `You have no live feed token with id ${req.params.id}`,
      );
    }
    res.status(204).end();
  });

  return router;
}
