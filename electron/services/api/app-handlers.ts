// runtime: node
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { appMethods } from '../../../shared/api/methods/app';
import type { ServiceDeps } from './deps';

export function createAppHandlers(deps: ServiceDeps): HandlersFor<typeof appMethods> {
  return {
    'app.info': () => ({
      name: 'AmoSweep',
      version: deps.appVersion,
      transport: deps.transport,
      platform: deps.platform,
      dataDir: deps.dataDir,
    }),
    'app.openExternal': async ({ url }) => ({ opened: await deps.openExternal(url) }),
    'jobs.list': () => deps.jobs.list(),
    'jobs.cancel': ({ jobId }) => deps.jobs.cancel(jobId),
    'jobs.pause': ({ jobId }) => deps.jobs.pause(jobId),
    'jobs.resume': ({ jobId }) => deps.jobs.resume(jobId),
  };
}
