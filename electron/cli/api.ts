// runtime: node
/**
 * The CLI's one way into the services: the same handler table and contract as the app
 * (createServices + shared/api/dispatch's invoke), called in process, as Actual's packages/api
 * calls its server with send(). A failed call throws the service's error, which main.ts prints
 * with its code (exit 1). The CLI host keeps no recent-files list.
 */
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract';
import { AppError } from '../../shared/api/result';
import { invoke } from '../../shared/api/dispatch';
import { createServices } from '../services/api/create-services';
import type { ServiceDeps } from '../services/api/deps';

export interface CliApi {
  call<K extends MethodName>(name: K, input: InputOf<K>): Promise<OutputOf<K>>;
  /** Waits for a job a call started; Ctrl-C (the io's signal) cancels it. Its result, or its error thrown. */
  job(jobId: string, signal: AbortSignal): Promise<Record<string, unknown>>;
  readonly deps: ServiceDeps;
  /** closes the snapshot the calls opened */
  close(): void;
}

export function cliApi(): CliApi {
  const { deps, handlers } = createServices({ transport: 'cli', rememberFiles: false });
  return {
    deps,
    call: (name, input) => invoke(handlers, name, input, { transport: 'cli' }),
    job: async (jobId, signal) => {
      const cancel = (): void => {
        deps.jobs.cancel(jobId);
      };
      signal.addEventListener('abort', cancel, { once: true });
      try {
        const state = await deps.jobs.wait(jobId);
        if (state.status === 'failed' && state.error) throw new AppError(state.error.code, state.error.message, state.error.details);
        if (state.status !== 'done') throw new AppError('CANCELLED', 'Cancelled');
        return state.result ?? {};
      } finally {
        signal.removeEventListener('abort', cancel);
      }
    },
    close: () => {
      deps.session.close();
    },
  };
}
