// runtime: node
/**
 * The Electron bundles, checked without Electron: main needs nothing but Node's builtins,
 * electron and better-sqlite3 at run time; the sandboxed preload needs only electron and,
 * run with a stand-in electron, exposes one function per contract method.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES } from '../shared/api/contract';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const requiredModules = (code: string): string[] => [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!))];

describe('scripts/build-electron.mjs', () => {
  it('bundles main and preload with only the allowed run-time requires', async () => {
    // @ts-expect-error -- a plain .mjs build script without type declarations
    const { buildElectron } = (await import('./build-electron.mjs')) as { buildElectron: (o?: { outDir?: string }) => Promise<{ main: string; preload: string }> };
    const out = await buildElectron({ outDir: path.join(ROOT, '.tmp', 'build-electron-test') });

    const main = fs.readFileSync(out.main, 'utf8');
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const mainRequires = requiredModules(main).filter((m) => !builtins.has(m));
    expect(mainRequires.sort()).toEqual(['better-sqlite3', 'electron']);
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(main).toContain(JSON.stringify(version));
    expect(main).not.toMatch(/require\([^)]*package\.json/);

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
  });
});
