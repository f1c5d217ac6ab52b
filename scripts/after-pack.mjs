// runtime: node
// electron-builder's afterPack hook (build/electron-builder.yml): the packaged app gets the
// better-sqlite3 binary built for Electron's ABI. electron-builder itself does not rebuild it
// (npmRebuild: false) because it would rebuild node_modules in place and break Node's build,
// which `npm test` and the CLI use. The Electron build comes from .electron-native/ (made by
// ensureElectronNative, the same copy `npm start` uses), so it can only be made for the
// platform and architecture of the machine that packages: build each OS's package on that OS.
import fs from 'node:fs';
import path from 'node:path';
import { ensureElectronNative } from './electron-native.mjs';

/** electron-builder's Arch enum (builder-util) → Node's process.arch */
const ARCH = { 0: 'ia32', 1: 'x64', 2: 'arm', 3: 'arm64' };
const PLATFORM = { linux: 'linux', win32: 'win32', darwin: 'darwin', mas: 'darwin' };

export const UNPACKED_BINDING = ['app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'];

/**
 * Copies the Electron build of better_sqlite3.node over the Node build in the packaged app.
 * `host` and `nativeBinding` are injectable for the test (scripts/packaging.test.ts).
 */
export async function replaceNativeBinding(context, { host = { platform: process.platform, arch: process.arch }, nativeBinding = ensureElectronNative } = {}) {
  const platform = PLATFORM[context.electronPlatformName];
  const arch = ARCH[context.arch];
  if (platform !== host.platform || arch !== host.arch) {
    throw new Error(
      `Cannot package for ${context.electronPlatformName}/${arch ?? context.arch} on ${host.platform}/${host.arch}: ` +
        'better-sqlite3 is built for Electron on the packaging machine. Build this package on that platform.',
    );
  }
  const resources = context.packager.getResourcesDir(context.appOutDir);
  const target = path.join(resources, ...UNPACKED_BINDING);
  if (!fs.existsSync(target)) throw new Error(`The packaged app has no ${target}: is better-sqlite3 still in asarUnpack?`);
  const source = await nativeBinding();
  fs.copyFileSync(source, target);
  return target;
}

export default async function afterPack(context) {
  const target = await replaceNativeBinding(context);
  console.log(`  • better-sqlite3 for Electron → ${path.relative(context.appOutDir, target)}`);
}
