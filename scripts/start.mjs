// runtime: node
// `npm start`: builds the renderer and Electron's main/preload, makes sure a better-sqlite3
// built for Electron's ABI exists in .electron-native/ (node_modules keeps Node's build, so
// `npm test` and the CLI keep working), then launches Electron with AMOSWEEP_NATIVE_BINDING
// pointing at it.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.mjs';
import { downloadElectron, noElectronMessage } from './electron-download.mjs';
import { ensureElectronNative, findElectronBinary } from './electron-native.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function noElectron(detail) {
  console.error(noElectronMessage(detail));
  process.exit(1);
}

let binary = findElectronBinary();
if (!binary && !process.env.AMOSWEEP_ELECTRON_BINARY) {
  console.log('Downloading the Electron binary (once) ...');
  const download = downloadElectron({ root: ROOT, installScript: path.join(ROOT, 'node_modules/electron/install.js') });
  if (download.ok) binary = findElectronBinary();
  else noElectron(`the Electron download failed: ${download.reason}.`);
}
if (!binary) noElectron(process.env.AMOSWEEP_ELECTRON_BINARY ? `${process.env.AMOSWEEP_ELECTRON_BINARY} does not exist.` : 'the Electron binary is missing.');

console.log('Building the renderer ...');
const vite = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (vite.status !== 0) process.exit(vite.status ?? 1);

console.log('Building Electron main and preload ...');
await buildElectron();

let nativeBinding;
try {
  nativeBinding = await ensureElectronNative();
} catch (error) {
  console.error(`Cannot build better-sqlite3 for Electron: ${error instanceof Error ? error.message : String(error)}`);
  console.error('It needs a C++ toolchain (python3, make, g++) and Electron headers from the internet. `npm run web` works without it.');
  process.exit(1);
}

const env = { ...process.env, AMOSWEEP_NATIVE_BINDING: nativeBinding };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary, [path.join(ROOT, 'dist/electron/main.cjs'), ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
