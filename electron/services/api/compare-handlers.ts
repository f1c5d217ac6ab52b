// runtime: node
import path from 'node:path';
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { compareMethods } from '../../../shared/api/methods/compare';
import { compareFiles } from '../compare/compare';
import type { ServiceDeps } from './deps';

export function createCompareHandlers(deps: ServiceDeps): HandlersFor<typeof compareMethods> {
  const resolve = (file: string) => (path.isAbsolute(file) ? file : path.join(deps.dataDir, file));
  return {
    'compare.start': ({ old, new: next }) => {
      const files = { old: resolve(old), new: resolve(next) };
      const job = deps.jobs.start({
        kind: 'audit',
        titleKey: 'compare.job',
        titleParams: { old: path.basename(files.old), new: path.basename(files.new) },
        canPause: false,
        run: async (control) => {
          await control.checkpoint();
          // the history covers the data folder plus the two compared files
          const report = compareFiles(files.old, files.new, {
            historyDir: deps.dataDir,
            signal: control.signal,
            ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}),
          });
          return { report } as Record<string, unknown>;
        },
      });
      return { jobId: job.id };
    },
  };
}
