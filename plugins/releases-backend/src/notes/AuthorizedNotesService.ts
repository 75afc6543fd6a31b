import {
  deploymentReadPermission,
  PutNotesRequest,
  ReleaseNotes,
  releaseUpdatePermission,
} from '@backstage-itsm/plugin-releases-common';
import { ReleaseStore } from '../releases/ReleaseStore';
import { Caller, readableRelease, releaseToActOn } from '../service/Callers';
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

  async notes(caller: Caller, id: string): Promise<ReleaseNotes> {
    const release = await readableRelease(
      caller,
      this.options.releases,
      id,
      deploymentReadPermission,
    );
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
    const release = await releaseToActOn(
      caller,
      this.options.releases,
      id,
      releaseUpdatePermission,
      deploymentReadPermission,
    );
    const access = await caller.access(deploymentReadPermission);
    return this.options.service.edit(release, input, caller.actor, {
      deployments: access.isAllowed(deploymentReadPermission),
    });
  }
}
