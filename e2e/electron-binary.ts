// runtime: node
import fs from 'node:fs';
import path from 'node:path';

export interface ElectronBinary {
  /** the Electron executable, or null when it is not installed */
  path: string | null;
  /** why the Electron project is skipped (when path is null) */
  reason: string;
}

/**
 * Finds the Electron binary without `require('electron')`, which would try to download
 * it when it is missing (no network here, and never during tests).
 */
export function findElectronBinary(root: string = process.cwd()): ElectronBinary {
  const override = process.env.AMOSWEEP_ELECTRON_BINARY;
  if (override) {
    return fs.existsSync(override)
      ? { path: override, reason: '' }
      : { path: null, reason: `AMOSWEEP_ELECTRON_BINARY=${override} does not exist.` };
  }
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) {
    return { path: null, reason: 'the Electron binary is not installed (node_modules/electron/path.txt is missing; it cannot be downloaded here).' };
  }
  const binary = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  if (!fs.existsSync(binary)) return { path: null, reason: `the Electron binary ${binary} is missing.` };
  return { path: binary, reason: '' };
}
