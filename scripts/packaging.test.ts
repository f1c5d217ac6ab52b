// runtime: node
/**
 * `npm run dist` without running it: this machine cannot download the Electron binary that
 * electron-builder packages, so these tests check what can be checked without it:
 * - build/electron-builder.yml passes electron-builder's own schema and asks for the four
 *   targets, the fuses, the .amosweep association and the native module outside the asar;
 * - the afterPack hook puts the Electron build of better-sqlite3 into a packaged app tree and
 *   refuses to cross-package.
 * Skipped here (with the reason printed): packaging itself (`electron-builder --dir`) and
 * reading the fuses back from the packaged binary; that test runs where Electron is installed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../e2e/electron-binary';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load: (text: string) => unknown };

interface BuilderConfig {
  npmRebuild: boolean;
  afterPack: string;
  asar: boolean;
  asarUnpack: string[];
  files: string[];
  electronFuses: Record<string, boolean>;
  fileAssociations: { ext: string; name: string; role?: string }[];
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
}

const config = yaml.load(fs.readFileSync(path.join(ROOT, 'build/electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('build/electron-builder.yml', () => {
  it('is valid for electron-builder (its own schema)', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration: (c: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // and the schema does catch a mistake
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNod: false } }, new DebugLogger(false))).rejects.toThrow(/configuration\.electronFuses/);
  });

  it('builds AppImage and deb, NSIS and dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; main: string };
    expect(pkg.scripts.dist).toMatch(/npm run build && electron-builder --config build\/electron-builder\.yml/);
    // the packaged entry point is the built main bundle, and the files list ships it and the renderer
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**', 'renderer/dist/**']));
  });

  it('sets the fuses: no RunAsNode, encrypted cookies, ASAR integrity, app only from the asar', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });

  it('associates .amosweep files with the app', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'amosweep', role: 'Editor' })]);
  });

  it('keeps better-sqlite3 outside the asar and rebuilds it only through the afterPack hook', () => {
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(false); // node_modules keeps Node's build
    expect(fs.existsSync(path.join(ROOT, config.afterPack))).toBe(true);
  });
});

describe('scripts/after-pack.mjs', () => {
  const UNPACKED = ['app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'];

  function packagedTree() {
    const appOutDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-pack-'));
    const resources = path.join(appOutDir, 'resources');
    const target = path.join(resources, ...UNPACKED);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, 'node build');
    const electronBuild = path.join(appOutDir, 'electron-build.node');
    fs.writeFileSync(electronBuild, 'electron build');
    const context = { appOutDir, electronPlatformName: 'linux', arch: 1, packager: { getResourcesDir: (dir: string) => path.join(dir, 'resources') } };
    return { appOutDir, target, electronBuild, context };
  }

  it('replaces the Node build of better-sqlite3 with the Electron build in the packaged app', async () => {
    // @ts-expect-error -- a plain .mjs hook without type declarations
    const { replaceNativeBinding } = (await import('./after-pack.mjs')) as { replaceNativeBinding: (c: unknown, o: unknown) => Promise<string> };
    const tree = packagedTree();
    try {
      const out = await replaceNativeBinding(tree.context, { host: { platform: 'linux', arch: 'x64' }, nativeBinding: async () => tree.electronBuild });
      expect(out).toBe(tree.target);
      expect(fs.readFileSync(tree.target, 'utf8')).toBe('electron build');
      // node_modules of the checkout is untouched
      expect(fs.existsSync(path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    } finally {
      fs.rmSync(tree.appOutDir, { recursive: true, force: true });
    }
  });

  it('refuses to package for another platform or architecture, and a tree without the unpacked module', async () => {
    // @ts-expect-error -- a plain .mjs hook without type declarations
    const { replaceNativeBinding } = (await import('./after-pack.mjs')) as { replaceNativeBinding: (c: unknown, o: unknown) => Promise<string> };
    const tree = packagedTree();
    try {
      const never = async () => {
        throw new Error('must not build');
      };
      await expect(replaceNativeBinding({ ...tree.context, electronPlatformName: 'win32' }, { host: { platform: 'linux', arch: 'x64' }, nativeBinding: never })).rejects.toThrow(/Cannot package for win32\/x64 on linux\/x64/);
      await expect(replaceNativeBinding({ ...tree.context, arch: 3 }, { host: { platform: 'linux', arch: 'x64' }, nativeBinding: never })).rejects.toThrow(/arm64/);
      fs.rmSync(tree.target);
      await expect(replaceNativeBinding(tree.context, { host: { platform: 'linux', arch: 'x64' }, nativeBinding: never })).rejects.toThrow(/asarUnpack/);
      expect(fs.readFileSync(tree.electronBuild, 'utf8')).toBe('electron build');
    } finally {
      fs.rmSync(tree.appOutDir, { recursive: true, force: true });
    }
  });
});

const electron = findElectronBinary(ROOT);
if (!electron.path) console.warn(`scripts/packaging.test.ts skipped packaging with electron-builder --dir and reading the fuses back: ${electron.reason}`);

describe.skipIf(!electron.path)('packaging with the Electron binary', () => {
  it('electron-builder --dir packs the app and the packaged binary has the fuses set', { timeout: 600_000 }, async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-dist-'));
    try {
      const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
      expect(build.status).toBe(0);
      const builder = spawnSync(
        process.execPath,
        [require.resolve('electron-builder/cli.js'), '--dir', '--config', 'build/electron-builder.yml', `-c.directories.output=${out}`, `-c.electronDist=${path.dirname(electron.path!)}`],
        { cwd: ROOT, stdio: 'inherit' },
      );
      expect(builder.status).toBe(0);
      const unpacked = fs.readdirSync(out).find((d) => d.endsWith('-unpacked'));
      expect(unpacked).toBeDefined();
      const exe = fs.readdirSync(path.join(out, unpacked!)).find((f) => /^amosweep(\.exe)?$/i.test(f));
      const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses') as { getCurrentFuseWire: (exe: string) => Promise<Record<number, number>>; FuseV1Options: Record<string, number> };
      const wire = await getCurrentFuseWire(path.join(out, unpacked!, exe!));
      const DISABLE = 48;
      const ENABLE = 49;
      expect(wire[FuseV1Options.RunAsNode!]).toBe(DISABLE);
      expect(wire[FuseV1Options.EnableCookieEncryption!]).toBe(ENABLE);
      expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation!]).toBe(ENABLE);
      expect(wire[FuseV1Options.OnlyLoadAppFromAsar!]).toBe(ENABLE);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
