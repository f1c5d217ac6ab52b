// runtime: node
// The e2e suite: Debian's Chromium (installed with apt-get when missing, never
// `playwright install`), a fresh renderer build, then `playwright test` (web project,
// and the electron project when an Electron binary exists). Extra arguments go to Playwright.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronNative, findElectronBinary } from './electron-native.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.AMOSWEEP_CHROMIUM ?? '/usr/bin/chromium';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  console.log(`[e2e] ${CHROMIUM} is missing: installing Debian's chromium with apt-get ...`);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = root ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const cmd = (args) => (sudo.length ? run(sudo[0], [...sudo.slice(1), ...args], { env }) : run(args[0], args.slice(1), { env }));
  if (cmd(['apt-get', 'update']) !== 0 || cmd(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium']) !== 0 || !fs.existsSync(CHROMIUM)) {
    console.error(`[e2e] could not install chromium. Install it yourself (sudo apt-get install chromium) or set AMOSWEEP_CHROMIUM.`);
    process.exit(1);
  }
}

ensureChromium();

if (!process.env.AMOSWEEP_E2E_SKIP_BUILD) {
  console.log('[e2e] building the renderer ...');
  if (run(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']) !== 0) {
    process.exit(1);
  }
}

const electronBinary = findElectronBinary();
if (electronBinary) {
  console.log('[e2e] Electron binary found: building main + preload and the native module for the electron project ...');
  if (run(process.execPath, [path.join(ROOT, 'scripts/build-electron.mjs')]) !== 0) process.exit(1);
  try {
    await ensureElectronNative();
  } catch (error) {
    // the shell specs need no database; specs that open a snapshot will fail in the electron project and say why
    console.warn(`[e2e] warning: cannot build better-sqlite3 for Electron (${error instanceof Error ? error.message : String(error)}); the electron project runs without it.`);
  }
} else {
  console.log('[e2e] electron project: every test will be skipped, because no Electron binary is installed (node_modules/electron/dist; it cannot be downloaded here).');
}

const code = run(process.execPath, [path.join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', ...process.argv.slice(2)]);
process.exit(code);
