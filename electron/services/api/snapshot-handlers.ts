// runtime: node
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { ConnectionInfo, SnapshotFileInfo, SnapshotInfo, snapshotMethods } from '../../../shared/api/methods/snapshot';
import { AppError } from '../../../shared/api/result';
import { resolveAccount } from '../amo/base-url';
import { anonymizeSnapshot } from '../anonymize/copy';
import type { AmoClient } from '../amo/client';
import { authorizeUrl, startLoopback, type LoopbackFlow } from '../amo/oauth-loopback';
import { exchangeCode, probeUsersReadable, readAccount, tokenClient } from '../connections/clients';
import { connectionRegistry, type Connection } from '../connections/registry';
import { browseEntity, browseRows } from '../browse/browse';
import { openSnapshotDb, schemaVersion, type SqliteDb } from '../db/open';
import { SavedConnections } from '../secrets/saved-connections';
import { acquireWriterLockSync, describeHolder } from '../db/writer-lock';
import { startDemoServer } from '../connections/demo';
import { estimateNotesCost } from '../snapshot/estimate';
import { readSnapshotMeta, runSnapshot, tableCounts, type NotesMonths } from '../snapshot/runner';
import { readShapeReport } from '../snapshot/shapes';
import type { ServiceDeps } from './deps';
import { rememberRecent } from './files-handlers';

export const SNAPSHOT_EXT = '.amosweep';

export function snapshotInfo(db: SqliteDb, file: string, locked = false): SnapshotInfo {
  const m = readSnapshotMeta(db);
  return {
    file,
    readOnly: db.readonly,
    locked,
    accountId: m.accountId,
    accountName: m.accountName,
    subdomain: m.subdomain,
    appVersion: m.appVersion,
    schemaVersion: schemaVersion(db),
    startedAt: m.startedAt,
    finishedAt: m.finishedAt,
    complete: m.complete,
    contentHash: m.contentHash,
    counts: tableCounts(db),
    shapesNotUnderstood: readShapeReport(db),
  };
}

/** `<subdomain>-YYYY-MM-DD-HHmm.amosweep` (local time). */
export function defaultSnapshotName(subdomain: string, at = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const safe = subdomain.replace(/[^a-z0-9-]/gi, '_') || 'account';
  return `${safe}-${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${SNAPSHOT_EXT}`;
}

/**
 * The rate-limited client of a connected account, for other capabilities (plan.push):
 * wire it as createPlanHandlers(deps, { clientFor: connectionClientFor(deps) }).
 * Every client of one account shares the account's limiter (connections/limiter.ts).
 */
export function connectionClientFor(deps: ServiceDeps): (connectionId: string, rps: number) => AmoClient {
  return (connectionId, rps) => connectionRegistry(deps).clientFor(connectionId, rps);
}

export function createSnapshotHandlers(deps: ServiceDeps): HandlersFor<typeof snapshotMethods> {
  const connections = connectionRegistry(deps);
  const clientFor = (conn: Pick<Connection, 'info' | 'auth'>, rps?: number): AmoClient => connections.clientOf(conn, rps);
  // Electron keeps its accounts across restarts (tokens in safeStorage, the rest in connections.json)
  const saved = deps.secrets.status?.().persistent ? new SavedConnections(deps.stateDir) : null;
  const loaded = (async () => {
    for (const entry of saved?.list() ?? []) {
      if (connections.has(entry.info.id)) continue;
      const { secretKey } = entry;
      if (entry.oauth) {
        const clientSecret = await deps.secrets.get(`${secretKey}:client`);
        if (!clientSecret) continue;
        connections.set({ info: entry.info, secretKey, auth: { kind: 'oauth', clientId: entry.oauth.clientId, clientSecret, redirectUri: entry.oauth.redirectUri, secrets: deps.secrets, key: secretKey } });
      } else {
        connections.set({ info: entry.info, secretKey, auth: { kind: 'long-lived', getToken: () => deps.secrets.get(secretKey) } });
      }
    }
  })().catch((error: unknown) => deps.log.warn('cannot read the saved connections', error));
  /** OAuth sign-ins waiting for the browser's redirect */
  const oauthFlows = new Map<string, { flow: LoopbackFlow; account: string; clientId: string; clientSecret: string }>();
  /** files a snapshot job is writing right now */
  const writing = new Set<string>();

  const resolveFile = (file: string): string => (path.isAbsolute(file) ? file : path.join(deps.dataDir, file));

  /**
   * A snapshot with a token given for it alone (the CLI): the file is a path of the user's choosing,
   * nothing is remembered (no connection, no ownership mark), and the run takes the writer lock
   * itself, waiting for another writer as asked and telling the job who holds the file.
   */
  function startTokenSnapshot(input: { token: { account: string; token: string }; waitSeconds: number | null; writer: string | undefined; file: string | undefined; refresh: boolean; notesMonths: NotesMonths; rps: number }): { jobId: string; file: string } {
    const { baseUrl, subdomain } = resolveAccount(input.token.account);
    if (input.file === undefined || !path.isAbsolute(input.file)) throw new AppError('BAD_INPUT', 'With a token, file is an absolute path.');
    const target = input.file;
    if (writing.has(path.resolve(target))) throw new AppError('CONFLICT', `A snapshot is already being written to ${target}.`);
    const open = deps.session.get();
    if (open && path.resolve(open.file) === path.resolve(target)) deps.session.close();
    const client = tokenClient(baseUrl, input.token.token, input.rps);
    const job = deps.jobs.start({
      kind: 'snapshot',
      titleKey: 'snapshot.job.title',
      titleParams: { account: subdomain },
      run: async (control) => {
        writing.add(path.resolve(target));
        try {
          const result = await runSnapshot({
            client,
            file: target,
            refresh: input.refresh,
            notesMonths: input.notesMonths,
            appVersion: deps.appVersion,
            subdomain,
            signal: control.signal,
            checkpoint: () => control.checkpoint(),
            writerCommand: input.writer ?? `${deps.transport === 'cli' ? 'amosweep' : 'AmoSweep'} snapshot`,
            waitSeconds: input.waitSeconds ?? Infinity,
            onWaitForWriter: (holder) => control.progress({ waitingFor: describeHolder(holder) }),
            ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}),
            onProgress: (p) => {
              for (const s of p.steps) control.step(s);
              control.progress({ fraction: p.fraction, etaSeconds: p.etaSeconds, rate: p.rate, requests: p.requests });
            },
          });
          return { ...result };
        } finally {
          writing.delete(path.resolve(target));
        }
      },
    });
    return { jobId: job.id, file: target };
  }

  async function register(conn: Omit<Connection, 'info'> & { info: Omit<ConnectionInfo, 'accountId' | 'accountName'> }): Promise<ConnectionInfo> {
    const partial: Connection = { ...conn, info: { ...conn.info, accountId: null, accountName: null } };
    const account = await readAccount(clientFor(partial));
    const usersReadable = await probeUsersReadable(clientFor(partial));
    const info: ConnectionInfo = {
      ...partial.info,
      ...(usersReadable !== undefined ? { usersReadable } : {}),
      accountId: account.id,
      accountName: account.name,
      subdomain: conn.info.isDemo ? (account.subdomain ?? conn.info.subdomain) : conn.info.subdomain,
    };
    connections.set({ ...partial, info });
    return info;
  }

  async function connectOAuth({ account, clientId, clientSecret, code, redirectUri }: { account: string; clientId: string; clientSecret: string; code: string; redirectUri: string }): Promise<ConnectionInfo> {
    const { baseUrl, subdomain } = resolveAccount(account);
    const id = randomUUID();
    const secretKey = `connection:${id}:oauth`;
    await exchangeCode({ baseUrl, clientId, clientSecret, redirectUri, code, secrets: deps.secrets, key: secretKey });
    try {
      const info = await register({
        info: { id, baseUrl, subdomain, auth: 'oauth', isDemo: false },
        auth: { kind: 'oauth', clientId, clientSecret, redirectUri, secrets: deps.secrets, key: secretKey },
        secretKey,
      });
      if (saved) {
        await deps.secrets.set(`${secretKey}:client`, clientSecret);
        saved.save({ info, secretKey, oauth: { clientId, redirectUri } });
      }
      return info;
    } catch (error) {
      await deps.secrets.delete(secretKey);
      throw error;
    }
  }

  return {
    'connect.demo': async ({ scale }) => {
      const handle = await startDemoServer(scale ?? 0.05);
      const existing = connections.list().find((c) => c.info.isDemo && c.info.baseUrl === new URL(handle.url).origin);
      if (existing) return existing.info;
      const id = randomUUID();
      // The demo server's token opens nothing but the in-process fake on 127.0.0.1, so it stays in
      // memory: the OS keychain (safeStorage) may be unavailable, and the demo must work everywhere.
      const demoToken = handle.token;
      return register({
        info: { id, baseUrl: new URL(handle.url).origin, subdomain: 'demo', auth: 'demo', isDemo: true },
        auth: { kind: 'long-lived', getToken: async () => demoToken },
        secretKey: `connection:${id}:token`,
      });
    },

    'connect.token': async ({ account, token }) => {
      const { baseUrl, subdomain } = resolveAccount(account);
      const id = randomUUID();
      const secretKey = `connection:${id}:token`;
      // validate before storing: GET /api/v4/account with the token held only in this closure
      const probe = tokenClient(baseUrl, token);
      const acc = await readAccount(probe);
      const usersReadable = await probeUsersReadable(probe);
      await deps.secrets.set(secretKey, token);
      const info: ConnectionInfo = {
        id,
        baseUrl,
        subdomain: acc.subdomain ?? subdomain,
        accountId: acc.id,
        accountName: acc.name,
        auth: 'long-lived',
        isDemo: false,
        ...(usersReadable !== undefined ? { usersReadable } : {}),
      };
      connections.set({ info, auth: { kind: 'long-lived', getToken: () => deps.secrets.get(secretKey) }, secretKey });
      saved?.save({ info, secretKey });
      return info;
    },

    'connect.oauth': (input) => connectOAuth(input),

    'connect.oauthStart': async ({ account, clientId, clientSecret, port }) => {
      resolveAccount(account); // a bad account is refused before anything listens
      const flow = await startLoopback({ port });
      const flowId = randomUUID();
      oauthFlows.set(flowId, { flow, account, clientId, clientSecret });
      void flow.result.catch(() => undefined).finally(() => setTimeout(() => oauthFlows.delete(flowId), 60_000).unref());
      const url = authorizeUrl(clientId, flow.state);
      const opened = await deps.openExternal(url);
      return { flowId, authorizeUrl: url, redirectUri: flow.redirectUri, opened };
    },

    'connect.oauthWait': async ({ flowId }) => {
      const pending = oauthFlows.get(flowId);
      if (!pending) throw new AppError('NOT_FOUND', 'No such sign-in: start it again.');
      try {
        const { code, referer } = await pending.flow.result;
        // amoCRM names the account the user granted access to (referer); it wins over what was typed
        const account = referer && /^[a-z0-9.-]+$/i.test(referer) ? referer : pending.account;
        return await connectOAuth({ account, clientId: pending.clientId, clientSecret: pending.clientSecret, code, redirectUri: pending.flow.redirectUri });
      } finally {
        oauthFlows.delete(flowId);
        await pending.flow.close();
      }
    },

    'connect.oauthCancel': async ({ flowId }) => {
      const pending = oauthFlows.get(flowId);
      if (!pending) return { cancelled: false };
      oauthFlows.delete(flowId);
      await pending.flow.close();
      return { cancelled: true };
    },
    'connect.list': async () => {
      await loaded;
      return connections.list().map((c) => c.info);
    },

    'connect.forget': async ({ connectionId }) => {
      const conn = connections.get(connectionId);
      if (!conn) return { forgotten: false };
      connections.delete(connectionId);
      await deps.secrets.delete(conn.secretKey);
      if (saved) {
        saved.remove(connectionId);
        await deps.secrets.delete(`${conn.secretKey}:client`);
      }
      return { forgotten: true };
    },

    'connect.resolve': ({ account }) => {
      const { baseUrl, subdomain } = resolveAccount(account);
      return { baseUrl, subdomain };
    },

    'snapshot.start': ({ connectionId, token, waitSeconds, writer, file, refresh, notesMonths, rps }) => {
      if (token) return startTokenSnapshot({ token, waitSeconds, writer, file, refresh, notesMonths, rps });
      const conn = connectionId === undefined ? undefined : connections.get(connectionId);
      if (!conn) throw new AppError('NOT_FOUND', 'No such connection: connect the account first.');
      fs.mkdirSync(deps.dataDir, { recursive: true });
      const target = resolveFile(file ?? defaultSnapshotName(conn.info.subdomain));
      if (!target.endsWith(SNAPSHOT_EXT)) throw new AppError('BAD_INPUT', `A snapshot file name ends with ${SNAPSHOT_EXT}.`);
      // a snapshot this installation takes is the user's own working copy wherever it is saved
      if (!fs.existsSync(target)) deps.ownership.markOwn(target);
      if (writing.has(path.resolve(target))) throw new AppError('CONFLICT', `A snapshot is already being written to ${target}.`);
      // one writer per file: refused at once (naming the holder) if another process writes it
      const lock = acquireWriterLockSync(target, `${deps.transport === 'electron' ? 'AmoSweep desktop app' : 'AmoSweep web app'}: snapshot${refresh ? ' refresh' : ''}`);
      let job;
      try {
        const open = deps.session.get();
        if (open && path.resolve(open.file) === path.resolve(target)) deps.session.close();
        const client = clientFor(conn, rps);
        job = deps.jobs.start({
          kind: 'snapshot',
          titleKey: 'snapshot.job.title',
          titleParams: { account: conn.info.accountName ?? conn.info.subdomain },
          run: async (control) => {
            writing.add(path.resolve(target));
            const result = await runSnapshot({
              client,
              file: target,
              writerLock: lock,
              refresh,
              notesMonths,
              appVersion: deps.appVersion,
              subdomain: conn.info.subdomain,
              signal: control.signal,
              checkpoint: () => control.checkpoint(),
              ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}),
              onProgress: (p) => {
                for (const s of p.steps) control.step(s);
                control.progress({ fraction: p.fraction, etaSeconds: p.etaSeconds, rate: p.rate });
              },
            }).finally(() => {
              writing.delete(path.resolve(target));
              lock.release();
            });
            deps.ownership.markOwn(target);
            return { file: result.file, counts: result.counts, requests: result.requests, seconds: result.seconds, rejected429: result.rejected429, mode: result.mode, deleted: result.deleted };
          },
        });
      } catch (error) {
        lock.release();
        throw error;
      }
      return { jobId: job.id, file: target };
    },

    'snapshot.anonymize': ({ file, source: given, verify }) => {
      let source: string;
      let target: string;
      if (given !== undefined) {
        // a file named by path (the CLI): anonymizeSnapshot checks both names and refuses an existing copy
        if (!path.isAbsolute(given) || file === undefined || !path.isAbsolute(file)) throw new AppError('BAD_INPUT', 'With source, source and file are absolute paths.');
        source = given;
        target = file;
      } else {
        const open = deps.session.get();
        if (!open) throw new AppError('NO_SNAPSHOT', 'Open a snapshot to make an anonymized copy of it.');
        source = open.file;
        fs.mkdirSync(deps.dataDir, { recursive: true });
        target = resolveFile(file ?? `${path.basename(source, SNAPSHOT_EXT)}-anonymized${SNAPSHOT_EXT}`);
        if (!target.endsWith(SNAPSHOT_EXT)) throw new AppError('BAD_INPUT', `A snapshot file name ends with ${SNAPSHOT_EXT}.`);
        if (fs.existsSync(target)) throw new AppError('CONFLICT', `${target} already exists: choose a new name for the anonymized copy.`);
      }
      const order = ['copy', 'collect', 'rewrite', 'verify', 'write'];
      const job = deps.jobs.start({
        kind: 'export',
        titleKey: 'snapshot.anonymize.job',
        titleParams: { name: path.basename(source) },
        canPause: false,
        run: async (control) => {
          const result = await anonymizeSnapshot(source, target, {
            verify,
            signal: control.signal,
            onProgress: (step) => {
              const at = order.indexOf(step === 'redraw' ? 'collect' : step); // a new draw of pseudonyms reads the values again
              order.forEach((key, i) => control.step({ key: `anonymize.${key}`, done: i < at ? 1 : 0, total: 1, status: i < at ? 'done' : i === at ? 'running' : 'queued' }));
              control.progress({ fraction: Math.max(0, at) / order.length });
            },
          });
          for (const key of order) control.step({ key: `anonymize.${key}`, done: 1, total: 1, status: 'done' });
          return { file: result.file, rewritten: result.rewritten, dropped: result.dropped, verify: result.verify, durationMs: result.durationMs };
        },
      });
      return { jobId: job.id, file: target };
    },

    'snapshot.estimate': async ({ connectionId, token, notesMonths, rps }) => {
      if (token) return estimateNotesCost(tokenClient(resolveAccount(token.account).baseUrl, token.token, rps), notesMonths, { rps });
      const conn = connectionId === undefined ? undefined : connections.get(connectionId);
      if (!conn) throw new AppError('NOT_FOUND', 'No such connection: connect the account first.');
      return estimateNotesCost(clientFor(conn, rps), notesMonths, { rps });
    },

    'snapshot.files': () => {
      if (!fs.existsSync(deps.dataDir)) return [];
      const out: SnapshotFileInfo[] = [];
      for (const name of fs.readdirSync(deps.dataDir).filter((n) => n.endsWith(SNAPSHOT_EXT)).sort()) {
        const file = path.join(deps.dataDir, name);
        let stat: fs.Stats;
        try {
          stat = fs.statSync(file);
          if (!stat.isFile()) continue;
        } catch {
          continue;
        }
        const base = { file, name, sizeBytes: stat.size, modifiedAt: stat.mtimeMs };
        try {
          const db = openSnapshotDb(file, { mode: 'readonly', ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}) });
          try {
            const m = readSnapshotMeta(db);
            out.push({ ...base, subdomain: m.subdomain, accountName: m.accountName, finishedAt: m.complete ? m.finishedAt : null, valid: true });
          } finally {
            db.close();
          }
        } catch (error) {
          out.push({ ...base, subdomain: null, accountName: null, finishedAt: null, valid: false, problem: error instanceof Error ? error.message : String(error) });
        }
      }
      return out;
    },

    'snapshot.open': ({ file, access }) => {
      const target = resolveFile(file);
      // a file that is not the user's own working copy opens locked read-only (files-handlers.ts)
      const locked = access === 'auto' && !deps.ownership.isOwn(target);
      const snap = deps.session.open(target, { readOnly: true, locked });
      const info = snapshotInfo(snap.db, snap.file, snap.locked);
      rememberRecent(deps, info);
      return info;
    },

    'snapshot.close': () => ({ closed: deps.session.close() }),

    'snapshot.current': () => {
      const snap = deps.session.get();
      return snap ? snapshotInfo(snap.db, snap.file, snap.locked) : null;
    },

    'browse.rows': ({ entity }) => browseRows(deps.session.require().db, entity),
    'browse.entity': ({ entity, id }) => browseEntity(deps.session.require().db, entity, id),
  };
}

