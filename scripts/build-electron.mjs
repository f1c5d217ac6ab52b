// runtime: node
// Bundles Electron's main process and preload with esbuild:
//   electron/main/main.ts       → dist/electron/main.cjs
//   electron/preload/preload.ts → dist/electron/preload.cjs (a sandboxed preload must be one CJS file)
//   electron/services/match/match-worker.ts → dist/electron/match-worker.cjs (match.run's worker thread);
//   electron/services/audit/audit-worker.ts → dist/electron/audit-worker.cjs (the audit's worker thread,
//     found next to main.cjs by electron/services/audit/worker-run.ts)
// `electron` and `better-sqlite3` stay external; the app version is inlined.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist', 'electron');
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** electron/services/app-version.ts reads package.json at run time; the bundle gets a constant. */
const inlineVersion = {
  name: 'amosweep-inline-version',
  setup(b) {
    b.onLoad({ filter: /[\\/]electron[\\/]services[\\/]app-version\.ts$/ }, () => ({
      contents: `// runtime: node\nexport const APP_VERSION: string = ${JSON.stringify(version)};\n`,
      loader: 'ts',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3'],
  plugins: [inlineVersion],
  define: { 'process.env.AMOSWEEP_APP_VERSION': JSON.stringify(version), 'import.meta.url': '__amosweep_import_meta_url' },
  banner: { js: 'const __amosweep_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
};

/** Builds the bundles into outDir (default dist/electron; tests pass their own folder). */
export async function buildElectron({ outDir = OUT } = {}) {
  fs.mkdirSync(outDir, { recursive: true });
  await Promise.all([
    build({ ...common, entryPoints: [path.join(ROOT, 'electron/main/main.ts')], outfile: path.join(outDir, 'main.cjs') }),
    build({
      ...common,
      entryPoints: [path.join(ROOT, 'electron/services/audit/audit-worker.ts')],
      outfile: path.join(outDir, 'audit-worker.cjs'),
    }),
    build({
      ...common,
      entryPoints: [path.join(ROOT, 'electron/services/match/match-worker.ts')],
      outfile: path.join(outDir, 'match-worker.cjs'),
    }),
    build({
      ...common,
      // the sandboxed preload may only require('electron'): everything else is bundled in
      entryPoints: [path.join(ROOT, 'electron/preload/preload.ts')],
      outfile: path.join(outDir, 'preload.cjs'),
      external: ['electron'],
      platform: 'browser',
      mainFields: ['module', 'main'],
      define: { 'process.env.NODE_ENV': '"production"' },
      minify: true,
      banner: {},
    }),
  ]);
  return { main: path.join(outDir, 'main.cjs'), preload: path.join(outDir, 'preload.cjs'), auditWorker: path.join(outDir, 'audit-worker.cjs') };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildElectron();
  console.log(`built ${path.relative(ROOT, out.main)}, ${path.relative(ROOT, out.preload)} and ${path.relative(ROOT, out.auditWorker)} (version ${version})`);
}
