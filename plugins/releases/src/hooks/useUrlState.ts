import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A page's filters kept in its query string, so that a view can be shared and
 * survives a reload. `read` turns the raw parameters into the page's own,
 * validated shape; `update` sets or (with an empty value) removes parameters,
 * replacing the history entry rather than adding one per keystroke.
 */
export function useUrlState<T>(read: (params: URLSearchParams) => T): {
  state: T;
  params: URLSearchParams;
  update: (changes: Record<string, string | undefined>) => void;
  /** Sets (or, with `''`, removes) one parameter. */
  set: (key: string, value: string) => void;
} {
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  // `read` is a module-level function in every caller.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const state = useMemo(() => read(params), [params]);
  const update = useCallback(
    (changes: Record<string, string | undefined>) =>
      setSearchParams(
        current => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value) {
              next.set(key, value);
            } else {
              next.delete(key);
            }
          }
          return next;
        },
        { replace: true },
      ),
    [setSearchParams],
  );
  const set = useCallback(
    (key: string, value: string) => update({ [key]: value }),
    [update],
  );
  return { state, params, update, set };
}
