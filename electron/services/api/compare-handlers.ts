// runtime: node
import path from 'node:path';
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { compareMethods } from '../../../shared/api/methods/compare';
import { AppError } from '../../../shared/api/result';
import { compareFiles } from '../compare/compare';
import type { ServiceDeps } from './deps';

export function createCompareHandlers(deps: ServiceDeps): HandlersFor<typeof compareMethods> {
  const resolve = (file: string) => (path.isAbsolute(file) ? file : path.join(deps.dataDir, file));
  return {
    'compare.start': ({ old, new: next, historyDir, xlsx }, ctx) => {
      // a path of the caller's choosing is for the CLI, which runs as the user
      if (xlsx && (ctx.transport !== 'cli' || !path.isAbsolute(xlsx.out))) throw new AppError('BAD_INPUT', 'compare.start: xlsx is for the command line only, with an absolute path.');
      const files = { old: resolve(old), new: resolve(next) };
      const job = deps.jobs.start({
        kind: 'audit',
        titleKey: 'compare.job',
        titleParams: { old: path.basename(files.old), new: path.basename(files.new) },
        canPause: false,
        run: async (control) => {
          await control.checkpoint();
          // the history covers the data folder (or the folder asked for) plus the two compared files
          const history = historyDir === undefined ? deps.dataDir : historyDir === null ? null : resolve(historyDir);
          const report = compareFiles(files.old, files.new, {
            ...(history !== null ? { historyDir: history } : {}),
            signal: control.signal,
            ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}),
          });
          // exceljs loads only when a workbook is written
          if (xlsx) await (await import('../compare/xlsx')).writeCompareXlsx(report, xlsx.lang, xlsx.out);
          return { report } as Record<string, unknown>;
        },
      });
      return { jobId: job.id };
    },
  };
}
