// runtime: browser
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { InputOf, MethodName, OutputOf } from '../../../shared/api/contract';
import type { ApiEvent, JobState } from '../../../shared/api/jobs';
import type { SnapshotInfo } from '../../../shared/api/methods/snapshot';
import type { ApiError, Result } from '../../../shared/api/result';
import { isActive, mergeJobList, removeJob, sortedJobs, upsertJob, type JobsState } from './jobs-store';
import type { RendererApi } from './types';

const ApiContext = createContext<RendererApi | null>(null);

/** The typed API client. Every screen reaches the services only through it. */
export function useApi(): RendererApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiProvider>');
  return api;
}

/** Subscribes to service events for the lifetime of the component. */
export function useApiEvent(listener: (event: ApiEvent) => void): void {
  const api = useApi();
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => api.onEvent((event) => ref.current(event)), [api]);
}

export type CallState<T> =
  | { status: 'loading'; value: T | undefined; error: undefined }
  | { status: 'ok'; value: T; error: undefined }
  | { status: 'error'; value: T | undefined; error: ApiError }
  | { status: 'idle'; value: undefined; error: undefined };

export interface UseCallOptions {
  /** Don't call yet (e.g. no snapshot open). */
  skip?: boolean;
  /** Call again when the open snapshot changes (a 'snapshot.changed' event). */
  refreshOnSnapshotChange?: boolean;
}

export type UseCallResult<K extends MethodName> = CallState<OutputOf<K>> & { reload: () => void };

/**
 * A query: calls `method(input)` when mounted and whenever the input changes (compared as JSON).
 * The previous value stays visible while reloading.
 */
export function useCall<K extends MethodName>(method: K, input: InputOf<K>, options: UseCallOptions = {}): UseCallResult<K> {
  const api = useApi();
  const key = JSON.stringify(input ?? {});
  const skip = options.skip ?? false;
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const requestKey = `${method}\u0000${key}\u0000${nonce}`;
  // The answer of the latest finished request, and the last good value (shown while reloading).
  const [entry, setEntry] = useState<{ requestKey: string; result: Result<OutputOf<K>>; lastValue: OutputOf<K> | undefined } | null>(null);

  useApiEvent((event) => {
    if (options.refreshOnSnapshotChange && event.type === 'snapshot.changed') reload();
  });

  useEffect(() => {
    if (skip) return;
    let live = true;
    void api.call(method, JSON.parse(key) as InputOf<K>).then((result: Result<OutputOf<K>>) => {
      if (!live) return;
      setEntry((prev) => ({ requestKey, result, lastValue: result.ok ? result.value : prev?.lastValue }));
    });
    return () => {
      live = false;
    };
  }, [api, method, key, skip, requestKey]);

  let state: CallState<OutputOf<K>>;
  if (skip) state = { status: 'idle', value: undefined, error: undefined };
  else if (!entry || entry.requestKey !== requestKey) state = { status: 'loading', value: entry?.lastValue, error: undefined };
  else if (entry.result.ok) state = { status: 'ok', value: entry.result.value, error: undefined };
  else state = { status: 'error', value: entry.lastValue, error: entry.result.error };
  return { ...state, reload };
}

export interface ActionState<K extends MethodName> {
  run: (input: InputOf<K>) => Promise<Result<OutputOf<K>>>;
  pending: boolean;
  error: ApiError | null;
  clearError: () => void;
}

/** A command (form submit, button): `run(input)` resolves to the Result and tracks pending/error. */
export function useAction<K extends MethodName>(method: K): ActionState<K> {
  const api = useApi();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(
    async (input: InputOf<K>) => {
      setPending(true);
      setError(null);
      const result = await api.call(method, input);
      if (mounted.current) {
        setPending(false);
        if (!result.ok) setError(result.error);
      }
      return result;
    },
    [api, method],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, clearError };
}

// ---- jobs ----

interface JobsContextValue {
  jobs: JobState[];
  get: (jobId: string) => JobState | undefined;
  dismiss: (jobId: string) => void;
  track: (job: JobState) => void;
}

const JobsContext = createContext<JobsContextValue | null>(null);

export function JobsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [state, setState] = useState<JobsState>(() => new Map());

  useApiEvent((event) => {
    if (event.type === 'job') setState((s) => upsertJob(s, event.job));
  });

  // The list once at start, then again every few seconds while a job is active: events can be
  // lost (an SSE reconnect, a sleeping laptop) and a stale "running" bar would never end.
  const anyActive = useMemo(() => [...state.values()].some(isActive), [state]);
  useEffect(() => {
    let live = true;
    const load = () =>
      void api.call('jobs.list', {}).then((result) => {
        if (live && result.ok) setState((s) => mergeJobList(s, result.value));
      });
    load();
    const timer = anyActive ? window.setInterval(load, 5000) : undefined;
    return () => {
      live = false;
      if (timer !== undefined) window.clearInterval(timer);
    };
  }, [api, anyActive]);

  const value = useMemo<JobsContextValue>(
    () => ({
      jobs: sortedJobs(state),
      get: (jobId) => state.get(jobId),
      dismiss: (jobId) => setState((s) => removeJob(s, jobId)),
      track: (job) => setState((s) => upsertJob(s, job)),
    }),
    [state],
  );
  return <JobsContext.Provider value={value}>{children}</JobsContext.Provider>;
}

export interface UseJobs extends JobsContextValue {
  active: JobState[];
  pause: (jobId: string) => Promise<Result<JobState>>;
  resume: (jobId: string) => Promise<Result<JobState>>;
  cancel: (jobId: string) => Promise<Result<JobState>>;
}

/** Every job the services reported (newest first), kept current by 'job' events. */
export function useJobs(): UseJobs {
  const api = useApi();
  const ctx = useContext(JobsContext);
  if (!ctx) throw new Error('useJobs() outside <JobsProvider>');
  const { track } = ctx;
  const control = useCallback(
    async (method: 'jobs.pause' | 'jobs.resume' | 'jobs.cancel', jobId: string) => {
      const result = await api.call(method, { jobId });
      if (result.ok) track(result.value);
      return result;
    },
    [api, track],
  );
  return useMemo(
    () => ({
      ...ctx,
      active: ctx.jobs.filter(isActive),
      pause: (jobId: string) => control('jobs.pause', jobId),
      resume: (jobId: string) => control('jobs.resume', jobId),
      cancel: (jobId: string) => control('jobs.cancel', jobId),
    }),
    [ctx, control],
  );
}

/** One job by id (undefined until its first event arrives). */
export function useJob(jobId: string | null | undefined): JobState | undefined {
  const { get } = useJobs();
  return jobId ? get(jobId) : undefined;
}

// ---- the open snapshot ----

interface SnapshotContextValue {
  info: SnapshotInfo | null;
  loading: boolean;
  error: ApiError | null;
  reload: () => void;
}

const SnapshotContext = createContext<SnapshotContextValue | null>(null);

export function SnapshotProvider({ children }: { children: ReactNode }) {
  const current = useCall('snapshot.current', {}, { refreshOnSnapshotChange: true });
  const value = useMemo<SnapshotContextValue>(
    () => ({
      info: current.value ?? null,
      loading: current.status === 'loading',
      error: current.status === 'error' ? current.error : null,
      reload: current.reload,
    }),
    [current.value, current.status, current.error, current.reload],
  );
  return <SnapshotContext.Provider value={value}>{children}</SnapshotContext.Provider>;
}

/** The snapshot open in the services (null when none), refreshed on 'snapshot.changed'. */
export function useSnapshot(): SnapshotContextValue {
  const ctx = useContext(SnapshotContext);
  if (!ctx) throw new Error('useSnapshot() outside <SnapshotProvider>');
  return ctx;
}

export function ApiProvider({ api, children }: { api: RendererApi; children: ReactNode }) {
  return (
    <ApiContext.Provider value={api}>
      <JobsProvider>
        <SnapshotProvider>{children}</SnapshotProvider>
      </JobsProvider>
    </ApiContext.Provider>
  );
}
