// runtime: node
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { snapshotMethods } from '../../../shared/api/methods/snapshot';
import { AppError } from '../../../shared/api/result';
import type { ServiceDeps } from './deps';

// Placeholder until the snapshot capability lands: every method answers a clear error.
const pending = (): never => {
  throw new AppError('INTERNAL', 'Not available yet in this build.');
};

export function createSnapshotHandlers(deps: ServiceDeps): HandlersFor<typeof snapshotMethods> {
  return {
    'connect.demo': pending,
    'connect.token': pending,
    'connect.oauth': pending,
    'connect.list': () => [],
    'connect.forget': () => ({ forgotten: false }),
    'snapshot.start': pending,
    'snapshot.files': () => [],
    'snapshot.open': pending,
    'snapshot.close': () => ({ closed: deps.session.close() }),
    'snapshot.current': () => null,
    'browse.rows': pending,
    'browse.entity': pending,
  };
}
