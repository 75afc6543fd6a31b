import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  Permission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { Release } from '@backstage-itsm/plugin-releases-common';
import { Request } from 'express';
import { CatalogFacts, CatalogReader } from '../catalog/CatalogFacts';
import {
  ALWAYS_ASKED,
  ReleaseAccess,
  ReleasePermissionGateway,
} from '../permissions/ReleaseAccess';

/**
 * Who is asking, for one request: their identity, their permission decisions
 * (asked once, on first use) and the catalog as they may see it.
 */
export interface Caller {
  credentials: BackstageCredentials;
  kind: 'user' | 'service';
  /** A user ref, or the subject of a service or static token. */
  actor: string;
  /** The signed-in user's ref; undefined for service and static tokens. */
  userRef?: string;
  /**
   * The caller's permission decisions on reading releases and the catalog,
   * and on the permissions given (those the action checks): one batched
   * call for what was not asked yet in this request.
   */
  access(...permissions: Permission[]): Promise<ReleaseAccess>;
  /**
   * The catalog as the caller may see it. The local facts answer for services
   * (pipelines' tokens are usually restricted to this plugin; their catalog
   * look-ups are the plugin's own) and for users whom the catalog lets read
   * every entity; anyone else is answered by the live catalog with their own
   * credentials, so the local copy never shows what the catalog would hide.
   */
  catalog(): Promise<CatalogReader>;
}

export type CallerKind = 'user' | 'service';

export class Callers {
  constructor(
    private readonly options: {
      httpAuth: HttpAuthService;
      permissions: ReleasePermissionGateway;
      catalogFacts: CatalogFacts;
    },
  ) {}

  /** Authenticates the request (401/403 as httpAuth answers) and makes its caller. */
  async of(req: Request, allow: CallerKind[]): Promise<Caller> {
    const credentials = await this.options.httpAuth.credentials(req, {
      allow,
    });
    return this.forCredentials(credentials);
  }

  /**
   * The caller of an action (credentials the actions registry checked),
   * refused as httpAuth refuses a route's caller of the wrong kind.
   */
  forAction(credentials: BackstageCredentials, allow: CallerKind[]): Caller {
    const type = (credentials.principal as { type: string }).type;
    if (!allow.includes(type as CallerKind)) {
      throw new NotAllowedError(
        `This endpoint does not allow '${type}' credentials`,
      );
    }
    return this.forCredentials(credentials);
  }

  forCredentials(credentials: BackstageCredentials): Caller {
    const { permissions, catalogFacts } = this.options;
    const principal = credentials.principal as
      | { type: 'user'; userEntityRef: string }
      | { type: 'service'; subject: string };
    const decided = new Map<string, Promise<PolicyDecision>>();
    const decide = async (...needed: Permission[]) => {
      const wanted = [...ALWAYS_ASKED, ...needed];
      const missing = wanted.filter(
        (p, i) =>
          !decided.has(p.name) &&
          wanted.findIndex(q => q.name === p.name) === i,
      );
      if (missing.length > 0) {
        const batch = permissions.decide(credentials, missing);
        for (const p of missing) {
          decided.set(
            p.name,
            batch.then(answers => answers.get(p.name)!),
          );
        }
      }
      // All at once, so a failed batch rejects here and nowhere unhandled.
      const answers = await Promise.all(wanted.map(p => decided.get(p.name)!));
      const decisions = new Map<string, PolicyDecision>(
        wanted.map((p, index) => [p.name, answers[index]]),
      );
      return permissions.access(decisions);
    };
    const kind = principal.type === 'user' ? 'user' : 'service';
    return {
      credentials,
      kind,
      actor:
        principal.type === 'user' ? principal.userEntityRef : principal.subject,
      userRef: principal.type === 'user' ? principal.userEntityRef : undefined,
      access: decide,
      catalog: async () => {
        if (kind === 'service' || (await decide()).catalogReadAll) {
          return catalogFacts.local();
        }
        return catalogFacts.live(credentials);
      },
    };
  }
}

/**
 * The release with this id when the caller may read it (the unknown-id 404
 * otherwise); the decisions on `permissions` are asked in the same batch.
 */
export async function readableRelease(
  caller: Caller,
  releases: { get(id: string): Promise<Release | undefined> },
  id: string,
  ...permissions: Permission[]
): Promise<Release> {
  const access = await caller.access(...permissions);
  return access.readable(await releases.get(id), id);
}

/** The release, when the caller may read it and do `permission` to it (403 otherwise). */
export async function releaseToActOn(
  caller: Caller,
  releases: { get(id: string): Promise<Release | undefined> },
  id: string,
  permission: ResourcePermission<'release'>,
  ...alsoAsked: Permission[]
): Promise<Release> {
  const release = await readableRelease(
    caller,
    releases,
    id,
    permission,
    ...alsoAsked,
  );
  (await caller.access(permission)).assertCan(permission, release);
  return release;
}
