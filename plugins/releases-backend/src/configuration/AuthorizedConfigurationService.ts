import {
  baselineCreatePermission,
  BaselineScope,
  Deployment,
  deploymentCreatePermission,
  deploymentReadPermission,
  ListDeploymentsQuery,
  Page,
  RecordDeploymentRequest,
} from '@backstage-itsm/plugin-releases-common';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { normalizeEntityRef } from '../catalog/refs';
import { ReporterBinding } from '../config';
import { ReleaseAccess } from '../permissions/ReleaseAccess';
import { ReleaseVisibility } from '../permissions/ReleaseVisibility';
import { ReleaseStore } from '../releases/ReleaseStore';
import { Caller } from '../service/Callers';
import { badField } from '../service/errors';
import { ConfigurationService, Scope } from './ConfigurationService';
import { DeploymentStore } from './DeploymentStore';

type ParsedDeployment = Omit<RecordDeploymentRequest, 'deployedAt'> & {
  deployedAt?: string;
};

/**
 * The authorizing layer of configuration items. Deployments and versions
 * name releases only where the caller may read them; reporting checks the
 * token's binding to its sources, so nobody can claim a pipeline's
 * `source` + `externalId` ahead of it.
 */
export class AuthorizedConfigurationService {
  constructor(
    private readonly options: {
      service: ConfigurationService;
      deployments: DeploymentStore;
      releases: ReleaseStore;
      visibility: ReleaseVisibility;
      reporters: ReporterBinding[];
      /** Sources of webhook events: only their events report under them. */
      eventSources?: string[];
    },
  ) {}

  /** Sources bound to tokens may be reported only by those tokens; a bound token only reports its sources. */
  assertMayReport(caller: Caller, source: string) {
    const { reporters } = this.options;
    // An event source's deployments arrive signed through the events
    // backend; nobody may claim its ids ahead of it, or speak for it.
    if (this.options.eventSources?.includes(source)) {
      throw new NotAllowedError(
        `The source ${source} is reported by its webhook events only`,
      );
    }
    // A static token's principal is `external:<subject>`.
    const own = reporters.filter(
      r =>
        caller.kind === 'service' &&
        (r.subject === caller.actor ||
          `external:${r.subject}` === caller.actor),
    );
    if (own.length > 0 && !own.some(r => r.sources.includes(source))) {
      throw new NotAllowedError(
        `This token may report only for ${own
          .flatMap(r => r.sources)
          .join(', ')}, not for ${source}`,
      );
    }
    const bound = reporters.filter(r => r.sources.includes(source));
    if (bound.length > 0 && !bound.some(r => own.includes(r))) {
      throw new NotAllowedError(
        `The source ${source} is reported by its pipeline's token only`,
      );
    }
  }

  async record(caller: Caller, input: ParsedDeployment) {
    const access = await caller.access(deploymentCreatePermission);
    access.assertAllowed(deploymentCreatePermission);
    this.assertMayReport(caller, input.source);
    let release;
    if (input.releaseId) {
      const found = await this.options.releases.get(input.releaseId);
      if (!found || !access.canRead(found)) {
        throw badField('releaseId', `no release with id ${input.releaseId}`);
      }
      release = found;
    }
    const result = await this.options.service.recordDeployment(
      input,
      caller.actor,
      await caller.catalog(),
      release,
    );
    return {
      ...result,
      deployment: (await this.redact(access, [result.deployment]))[0],
    };
  }

  async list(
    caller: Caller,
    query: ListDeploymentsQuery,
    page: { limit: number; offset: number },
  ): Promise<Page<Deployment>> {
    const access = await caller.access(deploymentReadPermission);
    access.assertAllowed(deploymentReadPermission);
    const entityRefs = await this.options.service.resolveScope(
      query,
      await caller.catalog(),
    );
    const result = await this.options.deployments.list(
      {
        entityRefs,
        environment: query.environment,
        status: query.status,
        authorized: query.authorized,
        from: query.from,
        to: query.to,
      },
      page,
    );
    return { ...result, items: await this.redact(access, result.items) };
  }

  async versions(
    caller: Caller,
    scope: Scope,
    page: { limit: number; offset: number },
  ) {
    const access = await caller.access(deploymentReadPermission);
    access.assertAllowed(deploymentReadPermission);
    return this.options.service.versions(
      scope,
      page,
      await caller.catalog(),
      ids => this.options.visibility.readableIds(access, ids),
    );
  }

  async createBaseline(caller: Caller, name: string, scope: BaselineScope) {
    (await caller.access(baselineCreatePermission)).assertAllowed(
      baselineCreatePermission,
    );
    return this.options.service.createBaseline(
      name,
      scope,
      caller.actor,
      await caller.catalog(),
    );
  }

  async listBaselines(caller: Caller, page: { limit: number; offset: number }) {
    (await caller.access(deploymentReadPermission)).assertAllowed(
      deploymentReadPermission,
    );
    return this.options.deployments.listBaselines(page);
  }

  async getBaseline(caller: Caller, id: string) {
    (await caller.access(deploymentReadPermission)).assertAllowed(
      deploymentReadPermission,
    );
    const found = await this.options.deployments.getBaseline(id);
    if (!found) {
      throw new NotFoundError(`No baseline with id ${id}`);
    }
    return { ...found.baseline, items: found.items };
  }

  async diffBaseline(caller: Caller, id: string, against: string) {
    (await caller.access(deploymentReadPermission)).assertAllowed(
      deploymentReadPermission,
    );
    return this.options.service.diffBaseline(
      id,
      against,
      await caller.catalog(),
    );
  }

  async impact(caller: Caller, entityRef: string, depth: number) {
    (await caller.access(deploymentReadPermission)).assertAllowed(
      deploymentReadPermission,
    );
    const ref = normalizeEntityRef(entityRef, 'component', 'entityRef');
    return (await caller.catalog()).impact(ref, depth);
  }

  /** Deployments of releases the caller may not read lose their release and its reason. */
  private async redact(
    access: ReleaseAccess,
    deployments: Deployment[],
  ): Promise<Deployment[]> {
    const visible = await this.options.visibility.readableIds(
      access,
      deployments.map(d => d.releaseId),
    );
    return deployments.map(d =>
      !d.releaseId || visible.has(d.releaseId)
        ? d
        : {
            ...d,
            releaseId: null,
            authorizationReason: d.authorized
              ? 'authorized by a release in deploy'
              : 'not authorized',
          },
    );
  }
}
