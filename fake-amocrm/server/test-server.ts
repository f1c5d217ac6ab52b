// runtime: node
/** One fake amoCRM server per test file: the lifecycle the server's tests share. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeAmo, type FakeAmoOptions, type FakeAmoServer } from './server';
import { sampleFixtures } from './sample-fixtures';
import { call, type CallOptions, type CallResult } from './test-client';

/** startFakeAmo's options; fixtures default to sampleFixtures(), rps and accountRps to 0 (no rate limits) */
export type FakeServerOptions = Partial<FakeAmoOptions>;

export interface FakeServerLifecycle {
  /** server.reset() before each test (default true) */
  resetEachTest?: boolean;
}

export interface FakeServer {
  /** the running server (only inside tests and hooks) */
  readonly server: FakeAmoServer;
  /** a request to the server with the admin's token, unless options give another */
  api(path: string, options?: CallOptions): Promise<CallResult>;
  /** the `_links` of a HAL object at path: `{ self: { href } }` */
  self(path: string): { self: { href: string } };
}

/**
 * Starts a fake server before the file's tests (options may be a function, called then),
 * resets it before each test and closes it after them.
 */
export function useFakeServer(options: FakeServerOptions | (() => FakeServerOptions) = {}, lifecycle: FakeServerLifecycle = {}): FakeServer {
  let current: FakeAmoServer | undefined;
  const server = (): FakeAmoServer => {
    if (!current) throw new Error('the fake amoCRM server runs only inside the tests and hooks of the file');
    return current;
  };

  beforeAll(async () => {
    const resolved = typeof options === 'function' ? options() : options;
    current = await startFakeAmo({ rps: 0, accountRps: 0, ...resolved, fixtures: resolved.fixtures ?? sampleFixtures() });
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  if (lifecycle.resetEachTest ?? true) {
    beforeEach(() => {
      server().reset();
    });
  }

  return {
    get server() {
      return server();
    },
    api: (path, callOptions = {}) => call(server().url, path, { token: server().token, ...callOptions }),
    self: (path) => ({ self: { href: `${server().url}${path}` } }),
  };
}
