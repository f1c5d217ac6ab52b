// runtime: node
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { auditMethods } from '../../../shared/api/methods/audit';
import { AppError } from '../../../shared/api/result';
import { AuditService } from '../audit/service';
import type { ServiceDeps } from './deps';

export function createAuditHandlers(deps: ServiceDeps): HandlersFor<typeof auditMethods> {
  const audit = new AuditService({
    dataDir: deps.dataDir,
    appVersion: deps.appVersion,
    current: () => deps.session.require(),
    writable: () => deps.session.requireWritable(),
    ...(deps.nativeBinding ? { nativeBinding: deps.nativeBinding } : {}),
    ...(deps.printToPdf ? { printToPdf: deps.printToPdf } : {}),
    jobs: deps.jobs,
  });
  return {
    'audit.run': async ({ asOf, force, store }) => (await audit.run({ asOf, force, store })).report,
    'audit.findings': async ({ asOf }) => (await audit.run({ asOf })).report.findings,
    'audit.entities': (input) => audit.entities(input),
    'audit.analytics': async ({ asOf }) => (await audit.run({ asOf })).report.analytics,
    'audit.export': (input, ctx) => {
      // a path of the caller's choosing is for the CLI, which runs as the user; the app writes into its data folder
      if (input.out !== undefined && ctx.transport !== 'cli') throw new AppError('BAD_INPUT', 'audit.export: out is for the command line only.');
      return audit.export(input);
    },
    'audit.fix': (input) => audit.fix(input),
    'audit.fixIntents': () => audit.fixIntents(),
    'audit.removeFixIntent': ({ id }) => audit.removeFixIntent(id),
    'audit.previous': () => audit.previous(),
  };
}
