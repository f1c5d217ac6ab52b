// runtime: node
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { auditMethods } from '../../../shared/api/methods/audit';
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
    'audit.run': async ({ asOf, force }) => (await audit.run({ asOf, force })).report,
    'audit.findings': async ({ asOf }) => (await audit.run({ asOf })).report.findings,
    'audit.entities': (input) => audit.entities(input),
    'audit.analytics': async ({ asOf }) => (await audit.run({ asOf })).report.analytics,
    'audit.export': (input) => audit.export(input),
    'audit.fix': (input) => audit.fix(input),
    'audit.fixIntents': () => audit.fixIntents(),
    'audit.removeFixIntent': ({ id }) => audit.removeFixIntent(id),
    'audit.previous': () => audit.previous(),
  };
}
