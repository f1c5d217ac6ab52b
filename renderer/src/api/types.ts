// runtime: browser
import type { ApiClient } from '../../../shared/api/contract';

export type ClientTransport = 'ipc' | 'http';

/** The typed client plus what the shell needs to know about how it talks to the services. */
export interface RendererApi extends ApiClient {
  readonly transport: ClientTransport;
  /** false in the browser when the page was opened without `#token=...` (every call will be refused). */
  readonly hasToken: boolean;
}
