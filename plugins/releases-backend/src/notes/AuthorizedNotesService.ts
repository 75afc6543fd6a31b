import { Permission } from '@backstage/plugin-permission-common';
import {
  deploymentReadPermission,
  PutNotesRequest,
  Release,
  ReleaseNotes,
  releaseUpdatePermission,
} from '@backstage-itsm/plugin-releases-common';
import { ReleaseStore } from '../releases/ReleaseStore';
import { Caller } from '../service/Callers';
import { NotesService } from './NotesService';

/**
 * The authorizing layer of release notes: reading them needs reading the
 * release (404 otherwise; pipelines' service tokens may), their deployment
 * section `releases.deployment.read`; editing them is editing the release
 * (`releases.release.update`).
 */
export class AuthorizedNotesService {
  constructor(
    private readonly options: { service: NotesService; releases: ReleaseStore },
  ) {}

  private async readable(
    caller: Caller,
    id: string,
    ...permissions: Permission[]
  ): Promise<Release> {
    const access = await caller.access(...permissions);
    return access.readable(await this.options.releases.get(id), id);
  }

  async notes(caller: Caller, id: string): Promise<ReleaseNotes> {
    const release = await this.readable(caller, id, deploymentReadPermission);
    const access = await caller.access(deploymentReadPermission);
    return this.options.service.notes(release, {
      deployments: access.isAllowed(deploymentReadPermission),
    });
  }

  async edit(
    caller: Caller,
    id: string,
    input: Required<PutNotesRequest>,
  ): Promise<ReleaseNotes> {
    const needed = [releaseUpdatePermission, deploymentReadPermission];
    const release = await this.readable(caller, id, ...needed);
    const access = await caller.access(...needed);
    access.assertCan(releaseUpdatePermission, release);
    return this.options.service.edit(release, input, caller.actor, {
      deployments: access.isAllowed(deploymentReadPermission),
    });
  }
}
