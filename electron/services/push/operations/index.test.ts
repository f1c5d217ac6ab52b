// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN_OPERATIONS } from '../../../../shared/api/methods/plan';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';
import { checkParams, identifiedByParams, OPERATION_KINDS, operationOf, planEntries, planEntryFor, registeredKinds, undoable } from './index';

describe('the operation registry', () => {
  it('holds exactly one module per operation kind', () => {
    expect([...registeredKinds()].sort()).toEqual([...OPERATION_KINDS].sort());
    for (const kind of OPERATION_KINDS) expect(operationOf(kind).kind).toBe(kind);
    expect(() => operationOf('no.such_kind')).toThrow(/unknown operation kind/);
  });

  it('builds every plan request exactly once, and only those; the app\'s plan.add takes a subset', () => {
    const requests = planEntries().map((e) => e.request);
    expect([...requests].sort()).toEqual(Object.values(PLAN_REQUEST).sort());
    expect(new Set(requests).size).toBe(requests.length);
    for (const name of PLAN_OPERATIONS) expect(planEntryFor(name)?.request).toBe(name);
    expect(planEntryFor('no.such_request')).toBeUndefined();
  });

  it('answers what the journal asks by kind: links and new roles are told apart by their params; a note, the private merge and the merge checkbox are not undone', () => {
    expect(OPERATION_KINDS.filter((k) => identifiedByParams(k)).sort()).toEqual(['merge.link', 'merge.unlink', 'revert.link', 'revert.unlink', 'roles.create']);
    expect(OPERATION_KINDS.filter((k) => !undoable(k, null)).sort()).toEqual(['merge.note', 'merge.undocumented']);
    expect(undoable('fields.ensure', 'merge:contacts:field')).toBe(false);
    expect(undoable('fields.ensure', 'fields.to_list:7')).toBe(true);
    // a kind this build does not know (a newer or corrupt file) counts as plain
    expect(identifiedByParams('no.such_kind')).toBe(false);
    expect(undoable('no.such_kind', null)).toBe(true);
  });

  it("checks an operation's params against its own module's schema", () => {
    expect(() => checkParams({ kind: 'fill.loss_reason', entityType: 'leads', entityId: 1, params: { lossReasonId: 5, pipelineId: null } })).not.toThrow();
    expect(() => checkParams({ kind: 'fill.loss_reason', entityType: 'leads', entityId: 1, params: { lossReasonId: 'Дорого', pipelineId: null } })).toThrow(/fill\.loss_reason on leads 1: .*lossReasonId/);
    expect(() => checkParams({ kind: 'tags.detach', entityType: 'contacts', entityId: 2, params: {} })).toThrow(/tagId/);
    expect(() => checkParams({ kind: 'stages.delete', entityType: 'statuses', entityId: 3, params: { pipelineId: 1, name: 'x', sort: 10, color: null } })).not.toThrow();
    expect(() => checkParams({ kind: 'revert.stage', entityType: 'statuses', entityId: 3, params: { pipelineId: 1, name: 'x', sort: 10, color: null } })).toThrow(/note/);
    for (const kind of OPERATION_KINDS) expect(operationOf(kind).params, kind).toBeDefined();
  });

  it('a new operation is its file, its names, its strings and tests: stages.delete (with revert.stage) is named by no other code', () => {
    const root = path.resolve(__dirname, '../../../..');
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = path.posix.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'node_modules' && e.name !== 'testing' && e.name !== 'dist') walk(rel);
        } else if (/\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) {
          // code only: comments may mention it
          const code = fs.readFileSync(path.join(root, rel), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
          if (/stages\.delete|revert\.stage|stagesDelete|revertStage|StagesDelete|RevertStage/.test(code)) found.push(rel);
        }
      }
    };
    for (const dir of ['electron', 'shared', 'renderer/src']) walk(dir);
    expect(found.sort()).toEqual([
      // the audit finding pipelines.unused_stages names it as its Fix
      'electron/services/audit/rules/pipelines.ts',
      // its strings: the export's copy of the locale words (the locale JSON files hold the others)
      'electron/services/plan-export/words.ts',
      // the registry's line
      'electron/services/push/operations/index.ts',
      'electron/services/push/operations/stages-delete.ts',
      // its names
      'shared/plan/operations.ts',
    ]);
  });
});
