// runtime: node
import os from 'node:os';
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { appMethods } from '../../../shared/api/methods/app';
import { DIAGNOSTICS_LOG_LINES, formatDiagnostics, personalLiterals, personalWords } from '../diagnostics/diagnostics';
import { readSnapshotMeta } from '../snapshot/runner';
import type { ServiceDeps } from './deps';
import { snapshotInfo } from './snapshot-handlers';

/** At most this many renderer errors per minute reach the log (a render loop must not flood it). */
export const RENDERER_ERRORS_PER_MINUTE = 20;

export function createAppHandlers(deps: ServiceDeps): HandlersFor<typeof appMethods> {
  let windowStart = 0;
  let inWindow = 0;
  return {
    'app.info': () => ({
      name: 'AmoSweep',
      version: deps.appVersion,
      transport: deps.transport,
      platform: deps.platform,
      dataDir: deps.dataDir,
    }),
    'app.openExternal': async ({ url }) => ({ opened: await deps.openExternal(url) }),
    'app.logError': ({ message, stack, source }) => {
      const now = Date.now();
      if (now - windowStart > 60_000) {
        windowStart = now;
        inWindow = 0;
      }
      if (++inWindow > RENDERER_ERRORS_PER_MINUTE) return { logged: false };
      deps.log.error(`renderer error (${source}): ${message}`, ...(stack ? [stack] : []));
      return { logged: true };
    },
    'app.diagnostics': () => {
      const snap = deps.session.get();
      const info = snap ? snapshotInfo(snap.db, snap.file) : null;
      const meta = snap ? readSnapshotMeta(snap.db) : null;
      const text = formatDiagnostics({
        appVersion: deps.appVersion,
        transport: deps.transport,
        platform: deps.platform,
        versions: { node: process.versions.node, electron: process.versions.electron, chrome: process.versions.chrome, v8: process.versions.v8, sqlite: sqliteVersion(snap?.db) },
        os: { type: os.type(), release: os.release(), arch: os.arch() },
        logLines: deps.log.tail(DIAGNOSTICS_LOG_LINES),
        snapshot: info,
        redact: {
          literals: personalLiterals([deps.dataDir, snap?.file, meta?.accountName, meta?.subdomain, meta?.baseUrl]),
          ...(snap ? { words: personalWords(snap.db) } : {}),
        },
      });
      return { text };
    },
    'jobs.list': () => deps.jobs.list(),
    'jobs.cancel': ({ jobId }) => deps.jobs.cancel(jobId),
    'jobs.pause': ({ jobId }) => deps.jobs.pause(jobId),
    'jobs.resume': ({ jobId }) => deps.jobs.resume(jobId),
  };
}

function sqliteVersion(db: { prepare(sql: string): { pluck(): { get(): unknown } } } | undefined): string | undefined {
  if (!db) return undefined;
  try {
    return String(db.prepare('SELECT sqlite_version()').pluck().get());
  } catch {
    return undefined;
  }
}
