// runtime: node
import type { Handlers } from '../../../shared/api/dispatch';
import { createAppHandlers } from './app-handlers';
import { createAuditHandlers } from './audit-handlers';
import { createCompareHandlers } from './compare-handlers';
import type { ServiceDeps } from './deps';
import { createFilesHandlers } from './files-handlers';
import { createMatchHandlers } from './match-handlers';
import { createMatchComputeHandlers } from './match-compute-handlers';
import { createPlanHandlers } from './plan-handlers';
import { connectionClientFor, createSnapshotHandlers } from './snapshot-handlers';

/** The one handler table every transport serves. */
export function createHandlers(deps: ServiceDeps): Handlers {
  return {
    ...createAppHandlers(deps),
    ...createSnapshotHandlers(deps),
    ...createAuditHandlers(deps),
    ...createMatchHandlers(deps),
    ...createMatchComputeHandlers(deps),
    ...createPlanHandlers(deps, { clientFor: connectionClientFor(deps) }),
    ...createFilesHandlers(deps),
    ...createCompareHandlers(deps),
  };
}
