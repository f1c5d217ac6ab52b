// runtime: node
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { matchMethods } from '../../../shared/api/methods/match';
import type { ServiceDeps } from './deps';

export function createMatchHandlers(_deps: ServiceDeps): HandlersFor<typeof matchMethods> {
  return {};
}
