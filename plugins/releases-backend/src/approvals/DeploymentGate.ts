import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { GateResponse } from '@backstage-itsm/plugin-releases-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CatalogGraph } from '../calendar/CatalogGraph';
import { selectorMatches } from '../calendar/CalendarService';
import { normalizeEntityRef } from '../catalog/CatalogLookup';
import { EnvironmentConfig, requireEnvironment } from '../config';
import { ReleaseStore } from '../releases/ReleaseStore';
import { FreezeOccurrence } from '@backstage-itsm/plugin-releases-common';

/** Where the gate learns about freezes; the calendar provides it. */
export interface FreezeSource {
  occurrences(from: Date, to: Date): FreezeOccurrence[];
}

/**
 * "May I deploy X version V to E now?" — on every pipeline's critical path:
 * one indexed query for releases in deploy, freeze windows from memory, and a
 * catalog read only when a freeze window has a selector to match.
 */
export class DeploymentGate {
  constructor(
    private readonly releases: ReleaseStore,
    private readonly environments: EnvironmentConfig[],
    private readonly freezes: FreezeSource,
    private readonly catalog: CatalogService,
  ) {}

  async check(
    query: { entityRef: string; environment: string; version?: string },
    credentials: () => Promise<BackstageCredentials>,
    now: Date = new Date(),
  ): Promise<GateResponse> {
    const entityRef = normalizeEntityRef(
      query.entityRef,
      'component',
      'entityRef',
    );
    const environment = requireEnvironment(
      this.environments,
      query.environment,
    );

    const reasons: string[] = [];
    let releaseId: string | null = null;
    let releaseType: string | undefined;

    if (environment.gated) {
      const inDeploy = (await this.releases.inDeployFor(entityRef)).filter(r =>
        r.environments.includes(environment.name),
      );
      const match = inDeploy.find(
        r =>
          r.version === null || !query.version || r.version === query.version,
      );
      if (match) {
        releaseId = match.releaseId;
        releaseType = match.type;
      } else if (inDeploy.length > 0) {
        reasons.push(
          `release ${inDeploy[0].releaseId} is in deploy for ${entityRef} at ${inDeploy[0].version}, not ${query.version}`,
        );
      } else {
        reasons.push(
          `no release containing ${entityRef}${
            query.version ? ` at ${query.version}` : ''
          } is in deploy for ${environment.name}`,
        );
      }
    }

    const active = this.freezes
      .occurrences(now, new Date(now.getTime() + 1))
      .filter(
        o => o.kind === 'freeze' && o.environments.includes(environment.name),
      )
      .filter(o => !releaseType || !o.allow.includes(releaseType as never));
    let blocking = active.filter(o => !o.selector);
    const selective = active.filter(o => o.selector);
    if (selective.length > 0) {
      const facts = (
        await new CatalogGraph(this.catalog, await credentials()).load([
          entityRef,
        ])
      ).get(entityRef);
      blocking = [
        ...blocking,
        ...selective.filter(o => facts && selectorMatches(o.selector, facts)),
      ];
    }
    for (const o of blocking) {
      reasons.push(
        `the freeze "${o.window}" covers ${environment.name} until ${o.end}${
          o.allow.length
            ? ` (only ${o.allow.join(', ')} releases may deploy)`
            : ''
        }`,
      );
    }

    if (reasons.length === 0) {
      reasons.push(
        releaseId
          ? `release ${releaseId} is in deploy and no freeze blocks it`
          : `${environment.name} is not gated and no freeze blocks it`,
      );
      return { allowed: true, reasons, releaseId };
    }
    return { allowed: false, reasons, releaseId };
  }
}
