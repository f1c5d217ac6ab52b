// runtime: node
// better-sqlite3 for Electron's ABI, kept apart from node_modules so that Node (npm test,
// the CLI) keeps its own build. `npm start` calls ensureElectronNative() before launching:
// it copies node_modules/better-sqlite3 to .electron-native/ and runs @electron/rebuild on
// the copy, only when the copy is missing or was built for another Electron or better-sqlite3.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NATIVE_DIR = path.join(ROOT, '.electron-native');
export const NATIVE_BINDING = path.join(NATIVE_DIR, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const STAMP = path.join(NATIVE_DIR, 'stamp.json');

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

export function electronVersion() {
  return readJson(path.join(ROOT, 'node_modules', 'electron', 'package.json')).version;
}

/** The Electron executable, without require('electron') (which downloads it when missing). */
export function findElectronBinary() {
  const override = process.env.AMOSWEEP_ELECTRON_BINARY;
  if (override) return fs.existsSync(override) ? override : null;
  const pathFile = path.join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(ROOT, 'node_modules', 'electron', 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

/** Returns the path of better_sqlite3.node built for the installed Electron, building it when needed. */
export async function ensureElectronNative({ log = console.log } = {}) {
  const wanted = {
    electron: electronVersion(),
    betterSqlite3: readJson(path.join(ROOT, 'node_modules', 'better-sqlite3', 'package.json')).version,
    platform: process.platform,
    arch: process.arch,
  };
  if (fs.existsSync(STAMP) && fs.existsSync(NATIVE_BINDING)) {
    const stamp = readJson(STAMP);
    if (Object.entries(wanted).every(([k, v]) => stamp[k] === v)) return NATIVE_BINDING;
  }
  log(`Building better-sqlite3 ${wanted.betterSqlite3} for Electron ${wanted.electron} in .electron-native/ (once) ...`);
  fs.rmSync(NATIVE_DIR, { recursive: true, force: true });
  fs.mkdirSync(path.join(NATIVE_DIR, 'node_modules'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'node_modules', 'better-sqlite3'), path.join(NATIVE_DIR, 'node_modules', 'better-sqlite3'), {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build${path.sep}Release${path.sep}obj`),
  });
  fs.writeFileSync(
    path.join(NATIVE_DIR, 'package.json'),
    `${JSON.stringify({ name: 'amosweep-electron-native', private: true, dependencies: { 'better-sqlite3': wanted.betterSqlite3 } }, null, 2)}\n`,
  );
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: NATIVE_DIR,
    electronVersion: wanted.electron,
    force: true,
    onlyModules: ['better-sqlite3'],
    mode: 'sequential',
  });
  if (!fs.existsSync(NATIVE_BINDING)) throw new Error(`@electron/rebuild finished, but ${NATIVE_BINDING} is missing.`);
  fs.writeFileSync(STAMP, `${JSON.stringify(wanted, null, 2)}\n`);
  return NATIVE_BINDING;
}
