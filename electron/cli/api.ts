// runtime: node
/**
 * The CLI's one way into the services: the same handler table and contract as the app
 * (createServices + shared/api/dispatch's invoke), called in process, as Actual's packages/api
 * calls its server with send(). A failed call throws the service's error, which main.ts prints
 * with its code (exit 1). The CLI host keeps no recent-files list.
 */
import type { JobState } from '../../shared/api/jobs';
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract';
import { AppError } from '../../shared/api/result';
import { invoke } from '../../shared/api/dispatch';
import { createServices } from '../services/api/create-services';

export interface CliApi {
  call<K extends MethodName>(name: K, input: InputOf<K>): Promise<OutputOf<K>>;
  /**
   * A call whose work runs as jobs inside it (audit.run, match.compute): Ctrl-C (the signal)
   * cancels every job the call started, and the call then fails with the job's CANCELLED.
   */
  callCancellable<K extends MethodName>(name: K, input: InputOf<K>, signal: AbortSignal): Promise<OutputOf<K>>;
  /** Waits for a job a call started; Ctrl-C (the io's signal) cancels it. Its result, or its error thrown. */
  job(jobId: string, signal: AbortSignal): Promise<Record<string, unknown>>;
  /** Every change of a job's state (progress, steps), while subscribed. */
  onJob(listener: (job: JobState) => void): () => void;
  readonly deps: ReturnType<typeof createServices>['deps'];
  /** closes the snapshot the calls opened */
  close(): void;
}

export function cliApi(): CliApi {
  const { deps, handlers } = createServices({ transport: 'cli', rememberFiles: false });
  const onJob = (listener: (job: JobState) => void): (() => void) =>
    deps.events.subscribe((event) => {
      if (event.type === 'job') listener(event.job);
    });
  return {
    deps,
    call: (name, input) => invoke(handlers, name, input, { transport: 'cli' }),
    callCancellable: async (name, input, signal) => {
      if (signal.aborted) throw new AppError('CANCELLED', 'Cancelled');
      const started = new Set<string>();
      const stop = onJob((job) => {
        started.add(job.id);
        if (signal.aborted) deps.jobs.cancel(job.id);
      });
      const cancel = (): void => {
        // a finished job cannot be cancelled: cancel() leaves it as it is
        for (const id of started) deps.jobs.cancel(id);
      };
      signal.addEventListener('abort', cancel, { once: true });
      try {
        return await invoke(handlers, name, input, { transport: 'cli' });
      } finally {
        signal.removeEventListener('abort', cancel);
        stop();
      }
    },
    job: async (jobId, signal) => {
      const cancel = (): void => {
        deps.jobs.cancel(jobId);
      };
      if (signal.aborted) cancel();
      else signal.addEventListener('abort', cancel, { once: true });
      try {
        const state = await deps.jobs.wait(jobId);
        if (state.status === 'failed' && state.error) {
          // an unexpected error (not an AppError) is printed as its message alone, as when the CLI called the code itself
          if (state.error.code === 'INTERNAL') throw new Error(state.error.message);
          throw new AppError(state.error.code, state.error.message, state.error.details);
        }
        if (state.status !== 'done') throw new AppError('CANCELLED', 'Cancelled');
        return state.result ?? {};
      } finally {
        signal.removeEventListener('abort', cancel);
      }
    },
    onJob,
    close: () => {
      deps.session.close();
    },
  };
}
