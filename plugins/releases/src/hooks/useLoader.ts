import { DependencyList, useCallback, useEffect } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { useLiveRefresh } from './useLiveRefresh';

/** What a data hook hands to its component. */
export interface LoaderState<T> {
  value?: T;
  error?: Error;
  /** True while a load runs; `value` keeps the last answer meanwhile. */
  loading: boolean;
  /** Loads again, keeping what is shown until the answer arrives. */
  retry: () => void;
}

/**
 * Loads `load()` when `deps` change and again on `retry()`. A reload keeps the
 * last value on screen, so a refresh never flashes a spinner.
 */
export function useLoader<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): LoaderState<T> {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const [state, run] = useAsyncFn(load, deps, { loading: true });
  useEffect(() => {
    run();
  }, [run]);
  const retry = useCallback(() => {
    run();
  }, [run]);
  return {
    value: state.value,
    error: state.error,
    loading: state.loading,
    retry,
  };
}

/** {@link useLoader} that also reloads when the backend signals on `channel`. */
export function useLiveLoader<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  channel: string,
): LoaderState<T> {
  const state = useLoader(load, deps);
  useLiveRefresh(channel, state.retry);
  return state;
}
