// runtime: node (tooling)
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import runtimeHeader from './eslint-rules/runtime-header.js';
import operationKinds from './eslint-rules/operation-kinds.js';
import snapshotTables from './eslint-rules/snapshot-tables.js';

const NODE_BUILTINS = [
  'node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'url', 'util',
  'stream', 'events', 'zlib', 'worker_threads', 'readline', 'process', 'buffer',
];
// a regex, not a glob: the glob 'electron/*' also matched relative paths such as '../electron/services/x'
const ELECTRON = { regex: '^electron(/.*)?$', message: 'Only electron/main and electron/preload may import electron.' };
const NODE = { group: NODE_BUILTINS, message: 'This runtime has no Node.js: keep node code in electron/ services.' };
const NATIVE = { group: ['better-sqlite3'], message: 'SQLite stays in electron/services/db.' };
const REACT = { group: ['react', 'react-dom', 'react-dom/*', 'react-i18next'], message: 'React belongs to renderer/.' };
const NO_RENDERER = { group: ['**/renderer/**'], message: 'Only the renderer imports renderer code.' };
const NO_ELECTRON_SIDE = { group: ['**/electron/**', '**/fake-amocrm/**'], message: 'The renderer reaches services only through the typed API in shared/.' };
// patterns match the import string as written, so relative forms ('../../main/ipc') are listed too
const NO_MAIN = { group: ['**/electron/main/**', '**/electron/preload/**', '**/main/**', '**/preload/**'], message: 'Services are injected into main, never the other way round.' };
// the walls of issue 14: the product never depends on its test double or on test support
const NO_FAKE = { group: ['**/fake-amocrm', '**/fake-amocrm/**'], message: 'The product never imports the fake amoCRM (wire types live in shared/amo/wire).' };
const NO_TESTING = {
  group: ['**/testing/**', '**/test-helpers', '**/test-harness', '**/fault-tools'],
  message: 'Production code never imports test support (testing/ folders).',
};
// audit, match and plan work on the snapshot alone: amoCRM is reached only by snapshot (reading) and push (writing)
// (the plan asks the operation registry, push/operations, which kinds it can build: that one import is allowed)
const NO_AMO_PUSH = { regex: '^(\\.\\./)+(services/)?(amo(/.*)?|push(?!/operations$)(/.*)?)$', message: 'audit, match and plan never reach amoCRM (amo/) or the push engine (push/); the plan may ask the operation registry (push/operations).' };
// one connections module builds every amoCRM client, with the account's limiter
const CLIENT_BUILD = {
  group: ['**/amo/client', '**/amo/rate-limiter'],
  importNames: ['createAmoClient', 'exchangeAuthorizationCode', 'RateLimiter'],
  message: 'amoCRM clients are built by services/connections (one limiter per account), nowhere else.',
};
// an operation file or carrier ('…/operations/<name>') only through the registry ('…/push/operations'); inside push/operations/ imports are relative ('./x')
const OPERATIONS_VIA_REGISTRY = { group: ['**/operations/*', '**/operations/**'], message: 'Operation kinds are reached through the registry (electron/services/push/operations): import it, never an operation file.' };
const NODE_SIDE = [ELECTRON, REACT, NO_RENDERER, NO_MAIN];
// one way in (issue 14): the CLI calls the services through dispatch with the contract's methods, as the app does;
// from services it imports only what builds the handler table (api/create-services), the log and the version
const CLI_VIA_DISPATCH = {
  regex: '^(\\.\\./)+(electron/)?services/(?!api/create-services$|app-version$|log/[a-z-]+$)',
  message: 'The CLI reaches the services through dispatch (electron/cli/api.ts: call, callCancellable, job), never a service module directly.',
};
/**
 * CLI files not behind dispatch: the servers (web, fake-amocrm), which start servers and stay as they are.
 * Every other CLI file reaches the services through dispatch (electron/cli/api.ts).
 */
const CLI_DIRECT = ['electron/cli/commands/web.ts', 'electron/cli/commands/fake-amocrm.ts'];
/** Test files and test support (any testing/ folder). */
const TEST_SUPPORT = ['**/*.test.ts', '**/testing/**'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'renderer/dist/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', '.electron-native/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    plugins: { amosweep: { rules: { 'runtime-header': runtimeHeader, 'operation-kinds': operationKinds, 'snapshot-tables': snapshotTables } } },
    rules: {
      'amosweep/runtime-header': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  // common: pure TypeScript, usable by every runtime
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { patterns: [ELECTRON, NODE, NATIVE, REACT, NO_RENDERER, NO_ELECTRON_SIDE] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', '__dirname', 'require'],
    },
  },
  // node services, CLI, web bridge, fake amoCRM: no electron, no React
  {
    files: ['electron/**/*.ts', 'fake-amocrm/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs,js}', 'bin/**/*.mjs', 'e2e/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', { patterns: NODE_SIDE }],
    },
  },
  // production code of services, CLI and web bridge: no fake amoCRM, no test support. Exceptions: the
  // demo account is the fake server by design (connections/demo.ts loads it lazily), and the CLI's
  // fake-amocrm command serves it
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**', ...TEST_SUPPORT, 'electron/cli/commands/fake-amocrm.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...NODE_SIDE, NO_FAKE, NO_TESTING, CLIENT_BUILD, OPERATIONS_VIA_REGISTRY] }] },
  },
  {
    files: ['electron/cli/**/*.ts'],
    ignores: [...TEST_SUPPORT, ...CLI_DIRECT],
    rules: { 'no-restricted-imports': ['error', { patterns: [...NODE_SIDE, NO_FAKE, NO_TESTING, CLIENT_BUILD, OPERATIONS_VIA_REGISTRY, CLI_VIA_DISPATCH] }] },
  },
  {
    files: ['electron/services/amo/**/*.ts', 'electron/services/connections/**/*.ts'],
    ignores: [...TEST_SUPPORT, 'electron/services/connections/demo.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...NODE_SIDE, NO_FAKE, NO_TESTING, OPERATIONS_VIA_REGISTRY] }] },
  },
  { files: ['electron/services/connections/demo.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [...NODE_SIDE, NO_TESTING, OPERATIONS_VIA_REGISTRY] }] } },
  {
    files: ['electron/services/audit/**/*.ts', 'electron/services/match/**/*.ts', 'electron/services/plan/**/*.ts'],
    ignores: TEST_SUPPORT,
    rules: { 'no-restricted-imports': ['error', { patterns: [...NODE_SIDE, NO_FAKE, NO_TESTING, CLIENT_BUILD, NO_AMO_PUSH, OPERATIONS_VIA_REGISTRY] }] },
  },
  // the fake's truth counter checks the product: it reads phones and e-mails with its own normalizers
  {
    files: ['fake-amocrm/generator/truth-*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...NODE_SIDE, { group: ['**/shared/normalize/**'], message: "The truth counter uses its own normalizers (truth-normalize.ts), not the product's." }] }],
    },
  },
  // electron main: may import electron and the services
  {
    files: ['electron/main/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': ['error', { patterns: [REACT, NO_RENDERER, NO_FAKE, NO_TESTING, CLIENT_BUILD, OPERATIONS_VIA_REGISTRY] }] },
  },
  // preload: electron's contextBridge and the contract, nothing else
  {
    files: ['electron/preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [NODE, NATIVE, REACT, NO_RENDERER, { group: ['**/electron/services/**', '**/electron/main/**', '**/services/**', '**/main/**', '**/web/**', '**/cli/**'], message: 'The preload only bridges the contract.' }] }],
    },
  },
  // renderer: browser only, reaches services through shared/ contract
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [ELECTRON, NODE, NATIVE, NO_ELECTRON_SIDE] }],
      'no-restricted-globals': ['error', 'process', 'Buffer', '__dirname', 'require'],
    },
  },
  // the roadmap's rule: every write to amoCRM goes through the change plan, i.e. the push engine
  // (electron/services/push) and the shared client's OAuth grant (electron/services/amo)
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/services/push/**', 'electron/services/amo/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='method'][value.value=/^(POST|PATCH|PUT|DELETE)$/]",
          message: 'Writes to amoCRM go through the change plan and the push engine (electron/services/push), never elsewhere.',
        },
      ],
    },
  },
  // only the operation registry knows the operation kinds: their names are listed once (shared/plan/operations.ts)
  // and refused as literals everywhere else in the product (eslint-rules/operation-kinds.js). The plan
  // export's words are locale data keyed by kind, a copy of the locale files (its test keeps them equal)
  {
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['electron/services/push/operations/**', 'shared/plan/operations.ts', 'electron/services/plan-export/words.ts', ...TEST_SUPPORT, '**/*.test.tsx'],
    rules: { 'amosweep/operation-kinds': 'error' },
  },
  // each capability owns its tables (issue 14): the snapshot's core tables (migration 0001) are named in SQL only by
  // the snapshot capability (its store, electron/services/snapshot/store/) and the migrations (eslint-rules/snapshot-tables.js)
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/services/snapshot/**', 'electron/services/db/**', ...TEST_SUPPORT],
    rules: { 'amosweep/snapshot-tables': 'error' },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['eslint.config.js', 'eslint-rules/**/*.js', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
