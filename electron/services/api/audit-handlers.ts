// runtime: node
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { auditMethods } from '../../../shared/api/methods/audit';
import type { ServiceDeps } from './deps';

export function createAuditHandlers(_deps: ServiceDeps): HandlersFor<typeof auditMethods> {
  return {};
}
