// runtime: node
/**
 * Playwright fixtures every spec uses:
 * - `app`: a page with the AmoSweep shell loaded. In the `web` project it is Chromium at
 *   the tokened URL of a per-worker `amosweep web` server; in the `electron` project it is
 *   the first window of the Electron app (skipped, with the reason, when no binary).
 * - `rpc(method, input)`: calls the service API of that same app (HTTP bridge or preload).
 * - `bridge`: the web server's {url, token, port, dataDir} (web project only).
 * - `webArgs`: more arguments for `amosweep web` in this file, e.g.
 *   `test.use({ webArgs: ['--open-demo'] })`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, _electron, type ElectronApplication, type Page } from '@playwright/test';
import type { InputOf, MethodName, OutputOf } from '../shared/api/contract';
import type { Result } from '../shared/api/result';
import { findElectronBinary } from './electron-binary';
import { screenshotPath } from './screenshot-path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BridgeInfo {
  url: string;
  token: string;
  port: number;
  dataDir: string;
  /** set with --open-demo */
  demoConnectionId?: string;
}

export type Rpc = <K extends MethodName>(method: K, input: InputOf<K>) => Promise<Result<OutputOf<K>>>;

interface WorkerFixtures {
  webArgs: string[];
  bridge: BridgeInfo | null;
  electronApp: ElectronApplication | null;
}

interface TestFixtures {
  app: Page;
  rpc: Rpc;
  transport: 'web' | 'electron';
}

const isElectron = (projectName: string): boolean => projectName === 'electron';

/** Starts `amosweep web --port 0 --json` and resolves with the JSON line it prints. */
async function startBridge(args: string[], dataDir: string): Promise<{ info: BridgeInfo; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/amosweep.mjs'), 'web', '--port', '0', '--json', '--data-dir', dataDir, ...args], {
    cwd: ROOT,
    env: { ...process.env, AMOSWEEP_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const info = await new Promise<BridgeInfo>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`amosweep web printed nothing in 60 s.\n${stderr}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve({ ...(JSON.parse(stdout.slice(0, newline)) as Omit<BridgeInfo, 'dataDir'>), dataDir });
      } catch (error) {
        reject(new Error(`amosweep web printed something that is not JSON: ${stdout}\n${String(error)}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`amosweep web exited with code ${String(code)} before it was ready:\n${stderr}`));
    });
  });
  return { info, child };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  webArgs: [[], { option: true, scope: 'worker' }],

  // null in the electron project
  bridge: [
    async ({ webArgs }, use, workerInfo) => {
      if (isElectron(workerInfo.project.name)) {
        await use(null);
        return;
      }
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-e2e-'));
      const { info, child } = await startBridge(webArgs, dataDir);
      try {
        await use(info);
      } finally {
        await stopChild(child);
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],

  // null in the web project, and when no Electron binary is installed
  electronApp: [
    // eslint-disable-next-line no-empty-pattern -- Playwright needs the destructuring, this fixture uses no other
    async ({}, use, workerInfo) => {
      const binary = findElectronBinary(ROOT);
      if (!isElectron(workerInfo.project.name) || !binary.path) {
        await use(null);
        return;
      }
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-e2e-electron-'));
      const nativeBinding = path.join(ROOT, '.electron-native', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
      const app = await _electron.launch({
        executablePath: binary.path,
        args: [path.join(ROOT, 'dist/electron/main.cjs')],
        cwd: ROOT,
        env: {
          ...process.env,
          AMOSWEEP_DATA_DIR: dataDir,
          AMOSWEEP_USER_DATA_DIR: path.join(dataDir, 'user-data'),
          ...(fs.existsSync(nativeBinding) ? { AMOSWEEP_NATIVE_BINDING: nativeBinding } : {}),
        },
      });
      try {
        await use(app);
      } finally {
        await app.close().catch(() => undefined);
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 90_000 },
  ],

  // eslint-disable-next-line no-empty-pattern -- Playwright needs the destructuring, this fixture uses no other
  transport: async ({}, use, testInfo) => {
    await use(isElectron(testInfo.project.name) ? 'electron' : 'web');
  },

  app: async ({ transport, bridge, electronApp, page }, use, testInfo) => {
    if (transport === 'electron') {
      if (!electronApp) {
        const { reason } = findElectronBinary(ROOT);
        console.log(`[e2e] electron project skipped: ${reason}`);
        testInfo.skip(true, `Electron project skipped: ${reason}`);
        return;
      }
      const window = await electronApp.firstWindow();
      await window.waitForSelector('[data-screen]');
      await use(window);
      return;
    }
    if (!bridge) throw new Error('no web bridge in the web project');
    await page.goto(bridge.url);
    await page.waitForSelector('[data-screen]');
    await use(page);
  },

  rpc: async ({ transport, bridge, electronApp }, use, testInfo) => {
    if (transport === 'electron' && !electronApp) testInfo.skip(true, `Electron project skipped: ${findElectronBinary(ROOT).reason}`);
    const call = async (method: string, input: unknown): Promise<Result<unknown>> => {
      if (electronApp) {
        const window = await electronApp.firstWindow();
        return window.evaluate(
          ([m, i]) => (window as unknown as { amosweep: { methods: Record<string, (x: unknown) => Promise<Result<unknown>>> } }).amosweep.methods[m as string]!(i),
          [method, input] as const,
        );
      }
      const res = await fetch(`http://127.0.0.1:${bridge!.port}/api/rpc/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bridge!.token}` },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as Result<unknown>;
    };
    await use(call as Rpc);
  },
});

export { expect };

/** Takes a README screenshot from the web transport (see screenshotPath); the Electron project takes none. */
export async function readmeScreenshot(page: Page, name: string): Promise<void> {
  const info = test.info();
  if (info.project.name !== 'web') return;
  const file = screenshotPath(name, (f) => info.outputPath(f));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
}
