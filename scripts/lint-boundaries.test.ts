// runtime: node
/**
 * Proves that the lint enforces the runtime boundaries of CONTRIBUTING.md: a deliberate
 * violation in each folder fails, and a clean file passes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain JS lint rule without types
import { snapshotTables } from '../eslint-rules/snapshot-tables.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: ROOT });

async function lint(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, relativePath) });
  expect(result, 'the file must not be ignored by the lint').toBeDefined();
  return result!.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('lint boundaries', () => {
  it('fails when shared/ imports node:fs', async () => {
    const errors = await lint('shared/boundary-probe.ts', "// runtime: common\nimport fs from 'node:fs';\nexport const x = fs.existsSync('a');\n");
    expect(errors.some((e) => e.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('fails when shared/ imports electron or uses window', async () => {
    const errors = await lint('shared/boundary-probe.ts', "// runtime: common\nimport { app } from 'electron';\nexport const x = [app, window];\n");
    expect(errors.some((e) => e.startsWith('no-restricted-imports'))).toBe(true);
    expect(errors.some((e) => e.startsWith('no-restricted-globals'))).toBe(true);
  });

  it('fails when the renderer imports electron or a service', async () => {
    const electronImport = await lint('renderer/src/boundary-probe.ts', "// runtime: browser\nimport { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n");
    expect(electronImport.some((e) => e.startsWith('no-restricted-imports'))).toBe(true);
    const serviceImport = await lint(
      'renderer/src/boundary-probe.ts',
      "// runtime: browser\nimport { EventBus } from '../../electron/services/events/event-bus';\nexport const x = EventBus;\n",
    );
    expect(serviceImport.some((e) => e.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('fails when a service imports electron or main', async () => {
    const errors = await lint('electron/services/snapshot/boundary-probe.ts', "// runtime: node\nimport { safeStorage } from 'electron';\nexport const x = safeStorage;\n");
    expect(errors.some((e) => e.startsWith('no-restricted-imports'))).toBe(true);
    const main = await lint('electron/services/snapshot/boundary-probe.ts', "// runtime: node\nimport { registerIpc } from '../../main/ipc';\nexport const x = registerIpc;\n");
    expect(main.some((e) => e.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('fails when the preload imports a service', async () => {
    const errors = await lint('electron/preload/boundary-probe.ts', "// runtime: electron-preload\nimport { JobManager } from '../services/jobs/job-manager';\nexport const x = JobManager;\n");
    expect(errors.some((e) => e.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('fails when production code imports test support (a testing/ folder); tests may', async () => {
    const code = "// runtime: node\nimport { smallAccount } from '../push/testing/test-helpers';\nexport const x = smallAccount;\n";
    const production = await lint('electron/services/plan/boundary-probe.ts', code);
    expect(production.some((e) => e.startsWith('no-restricted-imports') && e.includes('testing/'))).toBe(true);
    expect((await lint('electron/services/plan/boundary-probe.test.ts', code)).filter((e) => e.startsWith('no-restricted-imports'))).toEqual([]);
  });

  it('fails when code outside push/operations/ imports an operation file instead of the registry', async () => {
    const file = "// runtime: node\nimport stagesDelete from '../push/operations/stages-delete';\nexport const x = stagesDelete;\n";
    const errors = await lint('electron/services/plan/boundary-probe.ts', file);
    expect(errors.some((e) => e.startsWith('no-restricted-imports') && e.includes('registry'))).toBe(true);
    const registry = "// runtime: node\nimport { operationOf } from '../push/operations';\nexport const x = operationOf;\n";
    expect(await lint('electron/services/plan/boundary-probe.ts', registry)).toEqual([]);
    const inside = "// runtime: node\nimport { patchOperation } from './carriers/patch';\nexport const x = patchOperation;\n";
    expect(await lint('electron/services/push/operations/boundary-probe.ts', inside)).toEqual([]);
  });

  it('fails when code outside the push engine sends a write to amoCRM', async () => {
    const code = "// runtime: node\nexport const send = (c: { request(o: object): void }) => c.request({ method: 'PATCH', path: '/api/v4/leads' });\n";
    const outside = await lint('electron/services/audit/boundary-probe.ts', code);
    expect(outside.some((e) => e.startsWith('no-restricted-syntax') && e.includes('change plan'))).toBe(true);
    expect(await lint('electron/services/push/boundary-probe.ts', code)).toEqual([]);
    const read = await lint('electron/services/audit/boundary-probe.ts', code.replace('PATCH', 'GET'));
    expect(read).toEqual([]);
  });

  it('fails when production code imports the fake amoCRM or test support (tests may)', async () => {
    const fake = await lint('electron/services/snapshot/boundary-probe.ts', "// runtime: node\nimport { startFakeAmo } from '../../../fake-amocrm/index';\nexport const x = startFakeAmo;\n");
    expect(fake.some((e) => e.startsWith('no-restricted-imports') && e.includes('fake amoCRM'))).toBe(true);
    const testing = await lint('electron/cli/commands/boundary-probe.ts', "// runtime: node\nimport { createTestSnapshot } from '../../services/audit/testing/test-snapshot';\nexport const x = createTestSnapshot;\n");
    expect(testing.some((e) => e.startsWith('no-restricted-imports') && e.includes('test support'))).toBe(true);
    const inTest = await lint('electron/services/snapshot/boundary-probe.test.ts', "// runtime: node\nimport { startFakeAmo } from '../../../fake-amocrm/index';\nimport { createTestSnapshot } from '../audit/testing/test-snapshot';\nexport const x = [startFakeAmo, createTestSnapshot];\n");
    expect(inTest).toEqual([]);
  });

  it('fails when audit, match or plan reach amo/ or push/', async () => {
    for (const [file, spec] of [
      ['electron/services/audit/boundary-probe.ts', '../amo/client'],
      ['electron/services/audit/rules/boundary-probe.ts', '../../push/engine'],
      ['electron/services/match/boundary-probe.ts', '../push/engine'],
      ['electron/services/plan/boundary-probe.ts', '../amo/rate-limiter'],
    ] as const) {
      const errors = await lint(file, `// runtime: node\nimport * as m from '${spec}';\nexport const x = m;\n`);
      expect(errors.some((e) => e.startsWith('no-restricted-imports') && e.includes('never reach amoCRM')), `${file} → ${spec}`).toBe(true);
    }
    expect(await lint('electron/services/audit/boundary-probe.ts', "// runtime: node\nimport type { ApiObject } from '../../../shared/amo/wire';\nexport type X = ApiObject;\n")).toEqual([]);
  });

  it('fails when an amoCRM client or limiter is built outside services/connections', async () => {
    const code = "// runtime: node\nimport { createAmoClient } from '../../services/amo/client';\nexport const x = createAmoClient;\n";
    const cli = await lint('electron/cli/commands/boundary-probe.ts', code);
    expect(cli.some((e) => e.startsWith('no-restricted-imports') && e.includes('services/connections'))).toBe(true);
    const limiter = await lint('electron/services/api/boundary-probe.ts', "// runtime: node\nimport { RateLimiter } from '../amo/rate-limiter';\nexport const x = new RateLimiter({ rps: 7 });\n");
    expect(limiter.some((e) => e.includes('services/connections'))).toBe(true);
    expect(await lint('electron/services/connections/boundary-probe.ts', "// runtime: node\nimport { createAmoClient } from '../amo/client';\nexport const x = createAmoClient;\n")).toEqual([]);
  });

  it('fails when the CLI imports a service instead of calling dispatch; the API bootstrap, the log and the version are allowed', async () => {
    const direct = await lint('electron/cli/commands/boundary-probe.ts', "// runtime: node\nimport { runAudit } from '../../services/audit/run';\nexport const x = runAudit;\n");
    expect(direct.some((e) => e.startsWith('no-restricted-imports') && e.includes('dispatch'))).toBe(true);
    const top = await lint('electron/cli/boundary-probe.ts', "// runtime: node\nimport type { ServiceDeps } from '../services/api/deps';\nexport type X = ServiceDeps;\n");
    expect(top.some((e) => e.startsWith('no-restricted-imports') && e.includes('dispatch'))).toBe(true);
    const allowed =
      "// runtime: node\nimport { createServices } from '../../services/api/create-services';\nimport { APP_VERSION } from '../../services/app-version';\nimport { createFileLog } from '../../services/log/logger';\nexport const x = [createServices, APP_VERSION, createFileLog];\n";
    expect(await lint('electron/cli/commands/boundary-probe.ts', allowed)).toEqual([]);
    // push and rollback are behind the wall too (plan.dryRun and plan.push with a file), and so are plan (plan.add with a file) and wait
    for (const file of ['electron/cli/commands/push.ts', 'electron/cli/commands/push-common.ts', 'electron/cli/commands/rollback.ts', 'electron/cli/commands/plan.ts']) {
      const writer = await lint(file, "// runtime: node\nimport { pushPlan } from '../../services/push/engine';\nexport const x = pushPlan;\n");
      expect(writer.some((e) => e.startsWith('no-restricted-imports') && e.includes('dispatch')), file).toBe(true);
    }
    for (const [file, from] of [
      ['electron/cli/commands/plan.ts', '../../services/plan/store'],
      ['electron/cli/commands/plan.ts', '../../services/db/writer-lock'],
      ['electron/cli/wait.ts', '../services/db/writer-lock'],
    ] as const) {
      const direct = await lint(file, `// runtime: node\nimport { x as y } from '${from}';\nexport const x = y;\n`);
      expect(direct.some((e) => e.startsWith('no-restricted-imports') && e.includes('dispatch')), `${file} importing ${from}`).toBe(true);
    }
    // only the servers stay outside the wall
    expect(await lint('electron/cli/commands/web.ts', "// runtime: node\nimport { stopDemoServer } from '../../services/connections/demo';\nexport const x = stopDemoServer;\n")).toEqual([]);
    // tests set their files up with the services
    expect(await lint('electron/cli/commands/boundary-probe.test.ts', "// runtime: node\nimport { runAudit } from '../../services/audit/run';\nexport const x = runAudit;\n")).toEqual([]);
  });

  it("fails when the fake's truth counter uses the product's normalizers", async () => {
    const errors = await lint('fake-amocrm/generator/truth-probe.ts', "// runtime: node\nimport { analyzePhoneValue } from '../../shared/normalize/phone';\nexport const x = analyzePhoneValue;\n");
    expect(errors.some((e) => e.startsWith('no-restricted-imports') && e.includes('own normalizers'))).toBe(true);
  });

  it('fails without the runtime header, or with the wrong one', async () => {
    const missing = await lint('electron/services/snapshot/boundary-probe.ts', 'export const x = 1;\n');
    expect(missing).toEqual([expect.stringMatching(/^amosweep\/runtime-header: .*runtime: node/)]);
    const wrong = await lint('shared/boundary-probe.ts', '// runtime: node\nexport const x = 1;\n');
    expect(wrong).toEqual([expect.stringMatching(/^amosweep\/runtime-header: /)]);
  });

  it('passes clean files in every runtime', async () => {
    expect(await lint('shared/boundary-probe.ts', "// runtime: common\nimport { z } from 'zod';\nexport const schema = z.string();\n")).toEqual([]);
    expect(
      await lint('electron/services/snapshot/boundary-probe.ts', "// runtime: node\nimport fs from 'node:fs';\nexport const exists = (f: string): boolean => fs.existsSync(f);\n"),
    ).toEqual([]);
    expect(
      await lint('bench/boundary-probe.ts', "// runtime: node\nimport { EventBus } from '../electron/services/events/event-bus';\nexport const x = EventBus;\n"),
    ).toEqual([]);
    expect(await lint('electron/main/boundary-probe.ts', "// runtime: electron-main\nimport { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
    expect(
      await lint('renderer/src/boundary-probe.ts', "// runtime: browser\nimport { METHOD_NAMES } from '../../shared/api/contract';\nexport const n = METHOD_NAMES.length;\n"),
    ).toEqual([]);
  });

  it('fails when code outside the operation registry names an operation kind (a literal, or quoted in SQL); the registry and tests may', async () => {
    const literal = await lint('electron/services/plan/boundary-probe.ts', "// runtime: node\nexport const isNote = (kind: string) => kind === 'merge.note';\n");
    expect(literal.some((e) => e.startsWith('amosweep/operation-kinds') && e.includes('merge.note'))).toBe(true);
    const sql = await lint('electron/cli/commands/boundary-probe.ts', "// runtime: node\nexport const q = `SELECT count(*) FROM plan_operations WHERE kind = 'roles.create'`;\n");
    expect(sql.some((e) => e.startsWith('amosweep/operation-kinds'))).toBe(true);
    const renderer = await lint('renderer/src/boundary-probe.tsx', "// runtime: browser\nexport const request = { operation: 'fill.loss_reason' };\n");
    expect(renderer.some((e) => e.startsWith('amosweep/operation-kinds'))).toBe(true);
    const code = "// runtime: node\nexport const kind = 'stages.delete';\n";
    expect((await lint('electron/services/push/operations/boundary-probe.ts', code)).filter((e) => e.startsWith('amosweep/operation-kinds'))).toEqual([]);
    expect((await lint('electron/services/plan/boundary-probe.test.ts', code)).filter((e) => e.startsWith('amosweep/operation-kinds'))).toEqual([]);
    // other dotted names (an audit finding, a fix the plan does not carry out) are not kinds
    expect((await lint('electron/services/audit/boundary-probe.ts', "// runtime: node\nexport const x = ['tags.unused', 'leads.lost_without_reason'];\n")).filter((e) => e.startsWith('amosweep/operation-kinds'))).toEqual([]);
  });
  it("fails when SQL outside the snapshot capability names a snapshot core table (or names its table through an interpolation); the snapshot store, migrations and tests may", async () => {
    const rule = (errors: string[]) => errors.filter((e) => e.startsWith('amosweep/snapshot-tables'));
    const read = await lint('electron/services/audit/boundary-probe.ts', "// runtime: node\nexport const q = 'SELECT id, name FROM contacts WHERE is_deleted = 0';\n");
    expect(rule(read).some((e) => e.includes('"contacts"'))).toBe(true);
    const join = await lint('electron/services/plan/boundary-probe.ts', '// runtime: node\nexport const q = `SELECT x.id FROM plan_operations x\n  JOIN field_values v ON v.entity_id = x.entity_id`;\n');
    expect(rule(join).some((e) => e.includes('"field_values"'))).toBe(true);
    const write = await lint('electron/services/push/boundary-probe.ts', "// runtime: node\nexport const q = 'UPDATE leads SET status_id = ? WHERE id = ?';\n");
    expect(rule(write)).toHaveLength(1);
    const dynamic = await lint('electron/services/browse/boundary-probe.ts', "// runtime: node\nexport const q = (entity: string) => `SELECT raw FROM ${entity} WHERE id = ?`;\n");
    expect(rule(dynamic).some((e) => e.includes('interpolation'))).toBe(true);
    // a capability's own tables, and prose that says "from contacts", are not snapshot SQL
    const own = "// runtime: node\nexport const q = 'SELECT id FROM match_groups';\nexport const m = 'Removed from contacts and leads';\n";
    expect(rule(await lint('electron/services/match/boundary-probe.ts', own))).toEqual([]);
    // the snapshot capability (its store), the migrations and tests may name them
    const code = "// runtime: node\nexport const q = 'SELECT id FROM leads';\n";
    expect(rule(await lint('electron/services/snapshot/store/boundary-probe.ts', code))).toEqual([]);
    expect(rule(await lint('electron/services/db/migrations/boundary-probe.ts', code))).toEqual([]);
    expect(rule(await lint('electron/services/audit/boundary-probe.test.ts', code))).toEqual([]);
    // the rule's table list is migration 0001's, read from the file: every core table, nothing of the later migrations
    const tables = snapshotTables();
    expect(tables).toEqual(expect.arrayContaining(['contacts', 'companies', 'leads', 'field_values', 'entity_tags', 'events', 'meta', 'account', 'collections', 'roles']));
    expect(tables).toHaveLength(24);
    expect(tables).not.toContain('plan_operations');
  });
});
