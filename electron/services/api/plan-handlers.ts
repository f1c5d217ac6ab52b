// runtime: node
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { planMethods } from '../../../shared/api/methods/plan';
import type { ServiceDeps } from './deps';

export function createPlanHandlers(_deps: ServiceDeps): HandlersFor<typeof planMethods> {
  return {};
}
