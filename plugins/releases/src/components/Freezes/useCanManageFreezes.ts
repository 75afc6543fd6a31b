import { useApiHolder } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { freezeManagePermission } from '@backstage-itsm/plugin-releases-common';
import useAsync from 'react-use/esm/useAsync';

/**
 * Whether the signed-in user may declare and lift runtime freezes. In an app
 * without the permission API the backend decides alone (and answers 403), so
 * the actions are offered.
 */
export function useCanManageFreezes(): { loading: boolean; allowed: boolean } {
  const permissionApi = useApiHolder().get(permissionApiRef);
  const state = useAsync(async () => {
    if (!permissionApi) {
      return true;
    }
    const { result } = await permissionApi.authorize({
      permission: freezeManagePermission,
    });
    return result === AuthorizeResult.ALLOW;
  }, [permissionApi]);
  return { loading: state.loading, allowed: state.value ?? false };
}
