// runtime: node
import path from 'node:path';
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { MatchComputed, matchComputeMethods, MatchFileResult } from '../../../shared/api/methods/match-compute';
import { computeSnapshotDuplicates, matchJsonlFile } from '../match/compute';
import { loadRulesFile, presetRules } from '../match/rules';
import type { ServiceDeps } from './deps';

/** match.compute and match.file: duplicates answered, never stored (the CLI's read-only commands). */
export function createMatchComputeHandlers(deps: ServiceDeps): HandlersFor<typeof matchComputeMethods> {
  const resolve = (file: string) => (path.isAbsolute(file) ? file : path.join(deps.dataDir, file));
  return {
    'match.compute': ({ file, entities, preset, rulesFiles }) => {
      // rules are read before the job starts: a bad rules file is the call's own error
      const plan = [...new Set(entities)].map((entity) => {
        const rulesFile = rulesFiles[entity];
        return { entity, rules: rulesFile ? loadRulesFile(resolve(rulesFile), entity) : presetRules(preset, entity) };
      });
      const target = resolve(file);
      const job = deps.jobs.start({
        kind: 'match',
        titleKey: 'duplicates:job.title',
        canPause: false,
        run: async (control) => {
          plan.forEach(({ entity }) => control.step({ key: entity, done: 0, total: null, status: 'queued' }));
          const results: MatchComputed[] = await computeSnapshotDuplicates(target, plan, {
            signal: control.signal,
            ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}),
            onEntity: async (entity, index) => {
              await control.checkpoint();
              if (index > 0) control.step({ key: plan[index - 1]!.entity, done: 1, total: 1, status: 'done' });
              control.step({ key: entity, done: 0, total: 1, status: 'running' });
              control.progress({ fraction: index / plan.length });
            },
          });
          for (const r of results) control.step({ key: r.entity, done: r.records, total: r.records, status: 'done' });
          return { results };
        },
      });
      return { jobId: job.id };
    },
    'match.file': ({ file, entity, preset, rulesFile, crossSource, explain }) => {
      const rules = rulesFile ? loadRulesFile(resolve(rulesFile), entity) : presetRules(preset, entity);
      const job = deps.jobs.start({
        kind: 'match',
        titleKey: 'duplicates:job.title',
        canPause: false,
        run: async (control) => {
          await control.checkpoint();
          control.step({ key: entity, done: 0, total: 1, status: 'running' });
          const { run, explanations } = await matchJsonlFile(resolve(file), { rules, crossSource, explain, signal: control.signal });
          control.step({ key: entity, done: 1, total: 1, status: 'done' });
          const result: MatchFileResult = {
            groups: run.groups.map((g) => ({ ids: g.ids, confidence: g.confidence })),
            ...(explanations ? { explanations } : {}),
            stats: run.stats,
          };
          return { ...result };
        },
      });
      return { jobId: job.id };
    },
  };
}
