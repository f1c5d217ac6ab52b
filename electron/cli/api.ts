// runtime: node
/**
 * The CLI's one way into the services: the same handler table and contract as the app
 * (createServices + shared/api/dispatch's invoke), called in process, as Actual's packages/api
 * calls its server with send(). A failed call throws the service's error, which main.ts prints
 * with its code (exit 1). The CLI host keeps no recent-files list.
 */
import type { InputOf, MethodName, OutputOf } from '../../shared/api/contract';
import { invoke } from '../../shared/api/dispatch';
import { createServices } from '../services/api/create-services';
import type { ServiceDeps } from '../services/api/deps';

export interface CliApi {
  call<K extends MethodName>(name: K, input: InputOf<K>): Promise<OutputOf<K>>;
  readonly deps: ServiceDeps;
  /** closes the snapshot the calls opened */
  close(): void;
}

export function cliApi(): CliApi {
  const { deps, handlers } = createServices({ transport: 'cli', rememberFiles: false });
  return {
    deps,
    call: (name, input) => invoke(handlers, name, input, { transport: 'cli' }),
    close: () => {
      deps.session.close();
    },
  };
}
