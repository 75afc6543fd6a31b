import { TableProps } from '@backstage/core-components';

/** A table's remote-data function, as the Backstage table takes it. */
export type RemoteTableData<T extends object> = Exclude<
  TableProps<T>['data'],
  T[]
>;

/**
 * The remote-data function of a paged Backstage table: asks the backend for
 * the page the table shows and reports a failure through `onError` (with
 * `undefined` once a page loads again), showing an empty page meanwhile.
 */
export function pagedTableData<T extends object>(
  loadPage: (page: {
    limit: number;
    offset: number;
  }) => Promise<{ items: T[]; totalCount: number }>,
  onError: (error: Error | undefined) => void,
): RemoteTableData<T> {
  return async query => {
    try {
      const page = await loadPage({
        limit: query.pageSize,
        offset: query.page * query.pageSize,
      });
      onError(undefined);
      return {
        data: page.items,
        page: query.page,
        totalCount: page.totalCount,
      };
    } catch (e) {
      onError(e as Error);
      return { data: [], page: 0, totalCount: 0 };
    }
  };
}
