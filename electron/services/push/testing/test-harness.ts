// runtime: node
/**
 * The push tests' shared set-up: for every test a fresh fake amoCRM holding the fixtures, a
 * recording proxy in front of it, a snapshot file of the same fixtures and a client that goes
 * through the proxy; all of it closed after the test. Plus reads of the fake server's state that
 * bypass the proxy (so they never show in `proxy.log`).
 */
import { afterEach, beforeEach } from 'vitest';
import { startFakeAmo, type FakeAmoOptions, type FakeAmoServer } from '../../../../fake-amocrm/index';
import type { FixtureSet } from '../../../../fake-amocrm/fixture-set';
import type { SqliteDb } from '../../db/open';
import type { AmoClient, AmoRequest, ApiObject } from '../amo';
import { snapshotOf, startRecordingProxy, tempFile, testClient, type RecordingProxy } from './test-helpers';

export interface PushHarness {
  /** the fake amoCRM of the current test */
  readonly fake: FakeAmoServer;
  /** the recording proxy in front of `fake` */
  readonly proxy: RecordingProxy;
  /** the snapshot of `fixtures`, in a temporary file */
  readonly db: SqliteDb;
  /** a client through `proxy` (unlimited rate, short retry delays) */
  readonly client: AmoClient;
  /** the fixtures the fake server and the snapshot were made from */
  readonly fixtures: FixtureSet;
  /** A new client straight to the fake server, past the proxy. */
  direct(): AmoClient;
  /** GET `path` from the fake server, past the proxy: the answer's data, typed as present. */
  get(path: string, query?: AmoRequest['query']): Promise<ApiObject>;
  /** The same as `get`, for answers that may be empty (null on 204 or an empty body). */
  getOrNull(path: string, query?: AmoRequest['query']): Promise<ApiObject | null>;
  /** Every page of a list from the fake server, past the proxy: the items under `embeddedKey`. */
  list(path: string, embeddedKey: string, query?: AmoRequest['query']): Promise<ApiObject[]>;
}

interface Live {
  fake: FakeAmoServer;
  proxy: RecordingProxy;
  db: SqliteDb;
  client: AmoClient;
  fixtures: FixtureSet;
}

/**
 * Registers a beforeEach that starts the fake server (`rps: 0` unless `options` says otherwise)
 * with `makeFixtures()`, the recording proxy and the snapshot, and an afterEach that closes them.
 * The returned object's getters give the current test's parts.
 */
export function usePushHarness(makeFixtures: () => FixtureSet, options: Omit<FakeAmoOptions, 'fixtures'> = {}): PushHarness {
  let live: Live | null = null;
  let cleanups: (() => void | Promise<void>)[] = [];

  beforeEach(async () => {
    const fixtures = makeFixtures();
    const fake = await startFakeAmo({ fixtures, rps: 0, ...options });
    cleanups.unshift(() => fake.close());
    const proxy = await startRecordingProxy(fake.url);
    cleanups.unshift(() => proxy.close());
    const t = tempFile();
    cleanups.unshift(t.cleanup);
    const db = snapshotOf(fixtures, t.file);
    cleanups.unshift(() => {
      db.close();
    });
    live = { fake, proxy, db, client: testClient(proxy.url, fake.token), fixtures };
  });
  afterEach(async () => {
    // in the reverse order of opening: the snapshot, its file, the proxy, the server
    const pending = cleanups;
    cleanups = [];
    live = null;
    for (const close of pending) await close();
  });

  const current = (): Live => {
    if (!live) throw new Error('The push harness is used outside a test (its beforeEach has not run).');
    return live;
  };
  const direct = (): AmoClient => testClient(current().fake.url, current().fake.token);
  const getOrNull = async (path: string, query?: AmoRequest['query']): Promise<ApiObject | null> =>
    (await direct().request<ApiObject>({ method: 'GET', path, ...(query ? { query } : {}) })).data;

  return {
    get fake() {
      return current().fake;
    },
    get proxy() {
      return current().proxy;
    },
    get db() {
      return current().db;
    },
    get client() {
      return current().client;
    },
    get fixtures() {
      return current().fixtures;
    },
    direct,
    getOrNull,
    // the tests read entities they know exist; a missing one fails the test where it is used
    get: async (path, query) => (await getOrNull(path, query)) as ApiObject,
    list: async (path, embeddedKey, query) => {
      const out: ApiObject[] = [];
      for await (const page of direct().paginate<ApiObject>(path, embeddedKey, query)) out.push(...page.items);
      return out;
    },
  };
}
