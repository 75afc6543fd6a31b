import {
  DeclareFreezeRequest,
  FreezeSelector,
  freezeManagePermission,
  RuntimeFreeze,
} from '@backstage-itsm/plugin-releases-common';
import { Caller } from '../service/Callers';
import { FreezeService } from './FreezeService';

/**
 * The authorizing layer of runtime freezes: anyone signed in (or a
 * pipeline) may read them, as they may read configured windows; declaring
 * and lifting need `releases.freeze.manage` and a user.
 */
export class AuthorizedFreezeService {
  constructor(private readonly service: FreezeService) {}

  async declare(
    caller: Caller,
    input: Omit<DeclareFreezeRequest, 'allow'> & {
      allow: RuntimeFreeze['allow'];
      selector?: FreezeSelector;
    },
  ): Promise<RuntimeFreeze> {
    (await caller.access(freezeManagePermission)).assertAllowed(
      freezeManagePermission,
    );
    return this.service.declare(input, caller.actor);
  }

  list(
    _caller: Caller,
    query: { state: 'current' | 'all'; limit: number; offset: number },
  ) {
    return this.service.list(query.state, query);
  }

  async lift(
    caller: Caller,
    id: string,
    reason: string | undefined,
  ): Promise<RuntimeFreeze> {
    (await caller.access(freezeManagePermission)).assertAllowed(
      freezeManagePermission,
    );
    return this.service.lift(id, caller.actor, reason);
  }
}
