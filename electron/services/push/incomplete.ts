// runtime: node
import type { PushResult } from '../../../shared/api/methods/plan';

/**
 * What a push with failed operations tells the person (CLI on stderr, the app's push job as
 * its error): how many failed, that the plan is not done, and that the same push retries
 * exactly those. null when nothing failed.
 */
export function incompleteMessage(result: Pick<PushResult, 'plan' | 'applied' | 'failed'>): string | null {
  if (result.failed === 0) return null;
  return (
    `${result.failed} operation${result.failed === 1 ? '' : 's'} of plan ${result.plan} failed (${result.applied} applied); the plan is not done. ` +
    `Push it again to retry exactly the failed operations (the applied ones are not sent again).`
  );
}
