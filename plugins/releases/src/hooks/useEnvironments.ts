import { useApi } from '@backstage/core-plugin-api';
import { releasesApiRef } from '../api';
import { useLoader } from './useLoader';

/** The configured environments in promotion order. */
export function useEnvironments() {
  const releasesApi = useApi(releasesApiRef);
  return useLoader(async () => {
    const { items } = await releasesApi.listEnvironments();
    return [...items].sort((a, b) => a.order - b.order);
  }, [releasesApi]);
}
