// runtime: node
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { MatchEntity, matchMethods, MatchRunInfo } from '../../../shared/api/methods/match';
import { presetRules } from '../match/rules';
import { MatchStore } from '../match/store';
import path from 'node:path';
import { AppError } from '../../../shared/api/result';
import { runMatchAndStore } from '../match/worker-run';
import { MATCH_STAGES } from '../match/worker-protocol';
import type { ServiceDeps } from './deps';

export function createMatchHandlers(deps: ServiceDeps): HandlersFor<typeof matchMethods> {
  const readStore = () => new MatchStore(deps.session.require().db);
  const writeStore = () => new MatchStore(deps.session.requireWritable().db);
  return {
    'match.run': ({ entities, preset }) => {
      // refused at once (READ_ONLY) for a file that is not the user's working copy
      writeStore();
      const job = deps.jobs.start({
        kind: 'match',
        titleKey: 'duplicates:job.title',
        canPause: false,
        run: async (control) => {
          const runs: MatchRunInfo[] = [];
          const list = [...new Set(entities)] as MatchEntity[];
          list.forEach((entity) => control.step({ key: entity, done: 0, total: null, status: 'queued' }));
          for (const [k, entity] of list.entries()) {
            await control.checkpoint();
            control.step({ key: entity, done: 0, total: null, status: 'running' });
            const rules = presetRules(preset, entity);
            // the matching runs in a worker thread, which stores the run too (worker-run.ts: runMatchAndStore)
            const file = deps.session.require().file;
            const sameFile = () => {
              if (path.resolve(deps.session.require().file) !== path.resolve(file)) {
                throw new AppError('CONFLICT', `${file} was closed while its cards were being matched; the run was not stored. Open it and run matching again.`, undefined, {
                  key: 'session.matchFileClosed',
                  params: { file },
                });
              }
            };
            const info = await runMatchAndStore({
              file,
              entity,
              rules,
              preset,
              appVersion: deps.appVersion,
              // this process stays the file's one writer while the worker stores: the job holds the lock
              writerLock: () => {
                sameFile();
                writeStore();
                return deps.session.lockForJob(`match ${entity}`);
              },
              mainStore: (held) => {
                sameFile();
                return new MatchStore(deps.session.requireWritable(held).db);
              },
              ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}),
              signal: control.signal,
              onProgress: (phase) => {
                const at = MATCH_STAGES.indexOf(phase as (typeof MATCH_STAGES)[number]);
                control.step({ key: entity, done: Math.max(at, 0), total: MATCH_STAGES.length, status: 'running' });
                control.progress({ fraction: (k + Math.max(at, 0) / MATCH_STAGES.length) / list.length });
              },
            });
            runs.push(info);
            control.step({ key: entity, done: info.records, total: info.records, status: 'done' });
            control.progress({ fraction: (k + 1) / list.length });
          }
          return { runs: runs.map((r) => ({ ...r })) };
        },
      });
      return { jobId: job.id };
    },
    'match.runs': () => {
      const store = readStore();
      return (['contacts', 'companies'] as const).map((e) => store.latestRun(e)).filter((r): r is MatchRunInfo => r !== null);
    },
    'match.groups': ({ entity, status, offset, limit }) => readStore().listGroups(entity, status, offset, limit),
    'match.group': ({ entity, key, survivorRule, survivorId }) => readStore().groupDetail(entity, key, survivorRule, survivorId),
    'match.accept': ({ entity, key, survivorRule, survivorId, fieldChoices }) =>
      writeStore().accept(entity, key, { survivorRule, ...(survivorId !== undefined ? { survivorId } : {}), ...(fieldChoices ? { fieldChoices } : {}) }),
    'match.exclude': ({ entity, key, cardId }) => writeStore().exclude(entity, key, cardId),
    'match.bulkAccept': ({ entity, minConfidence, survivorRule }) => writeStore().bulkAccept(entity, minConfidence, survivorRule),
    'match.undo': ({ decisionId }) => ({ undone: writeStore().undo(decisionId) }),
    'match.decisions': ({ entity, includeUndone }) => readStore().decisions(entity, includeUndone),
  };
}
