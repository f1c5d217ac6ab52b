// runtime: node
/**
 * The Electron bundles, checked without Electron: main needs nothing but Node's builtins,
 * electron and better-sqlite3 at run time; the sandboxed preload needs only electron and,
 * run with a stand-in electron, exposes one function per contract method.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { closeSnapshotDb } from '../electron/services/db/open';
import { addContact, addStandardFields, createTestSnapshot } from '../electron/services/audit/testing/test-snapshot';
import { runAuditInWorker } from '../electron/services/audit/worker-run';
import { METHOD_NAMES } from '../shared/api/contract';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const requiredModules = (code: string): string[] => [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!))];

describe('scripts/build-electron.mjs', () => {
  it('bundles main and preload with only the allowed run-time requires', async () => {
    // @ts-expect-error -- a plain .mjs build script without type declarations
    const { buildElectron } = (await import('./build-electron.mjs')) as {
      buildElectron: (o?: { outDir?: string }) => Promise<{ main: string; preload: string; auditWorker: string }>;
    };
    const out = await buildElectron({ outDir: path.join(ROOT, '.tmp', 'build-electron-test') });

    const main = fs.readFileSync(out.main, 'utf8');
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const mainRequires = requiredModules(main).filter((m) => !builtins.has(m));
    expect(mainRequires.sort()).toEqual(['better-sqlite3', 'electron']);
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(main).toContain(JSON.stringify(version));
    expect(main).not.toMatch(/require\([^)]*package\.json/);

    // the audit's worker thread: its own bundle next to main.cjs, which finds it there
    expect(path.dirname(out.auditWorker)).toBe(path.dirname(out.main));
    const worker = fs.readFileSync(out.auditWorker, 'utf8');
    expect(requiredModules(worker).filter((m) => !builtins.has(m))).toEqual(['better-sqlite3']);
    expect(main).toContain('audit-worker.cjs');

    const preload = fs.readFileSync(out.preload, 'utf8');
    expect(requiredModules(preload)).toEqual(['electron']);

    // run the preload as Electron's sandbox would: a CommonJS wrapper whose require knows only electron
    const exposeInMainWorld = vi.fn();
    const ipcRenderer = { invoke: vi.fn(async () => ({ ok: true, value: null })), on: vi.fn(), removeListener: vi.fn() };
    const sandboxRequire = (name: string): unknown => {
      if (name === 'electron') return { contextBridge: { exposeInMainWorld }, ipcRenderer };
      throw new Error(`module not found in the sandbox: ${name}`);
    };
    const module = { exports: {} };
    new Function('require', 'module', 'exports', preload)(sandboxRequire, module, module.exports);
    expect(exposeInMainWorld).toHaveBeenCalledOnce();
    const [key, api] = exposeInMainWorld.mock.calls[0] as [string, { methods: Record<string, (i: unknown) => Promise<unknown>> }];
    expect(key).toBe('amosweep');
    expect(Object.keys(api.methods).sort()).toEqual([...METHOD_NAMES].sort());
    await api.methods['jobs.list']!({});
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('amosweep:jobs.list', {});

    // the bundled worker runs an audit of a snapshot file on its own
    const snap = createTestSnapshot();
    try {
      addStandardFields(snap.db);
      for (let i = 1; i <= 3; i++) addContact(snap.db, { id: i, name: '', phones: ['89123456789'] });
      closeSnapshotDb(snap.db);
      const progress: number[] = [];
      const run = await runAuditInWorker(
        { file: snap.file, asOf: '2020-01-01T00:00:00Z', onProgress: (done) => progress.push(done) },
        { script: pathToFileURL(out.auditWorker), workerData: {} },
      );
      expect(run.report.asOf).toBe('2020-01-01T00:00:00.000Z');
      expect(run.report.findings.find((f) => f.id === 'noname.contacts')?.count).toBe(3);
      expect(run.results.get('duplicates.phone')?.groups).toBe(1);
      expect(progress.length).toBeGreaterThan(1);
    } finally {
      snap.cleanup();
    }
  });
});
