// runtime: node
/**
 * What a request to the plan carries, kind-neutral: the parameters of "add to the plan" (plan.add,
 * "amosweep plan add"), an audit Fix intent as the plan takes it, and the error of an incomplete
 * request. The operation modules (push/operations) read these to build their operations.
 */
import { AppError } from '../../../shared/api/result';
import type { PendingFixIntent } from '../audit/store';
import type { CrmEntity } from './types';
import type { RequiredParameter } from '../../../shared/plan/operations';

export interface OperationRequest {
  operation: string;
  /** fill.loss_reason: the reason's name or id */
  reason?: string;
  /** fill.loss_reason: a reason per deal suggested from its notes, where one is clear */
  suggest?: boolean;
  /** fill.loss_reason: deals whose suggested reason the admin rejected (left out) */
  reject?: readonly number[];
  /** tags.detach */
  tag?: string;
  entity?: CrmEntity;
  /** fields.delete, fields.to_list */
  field?: number;
  /** tasks.create */
  text?: string;
  dueDays?: number;
  /** fill.loss_reason, tasks.create, stages.delete: only these entities (default: the finding's) */
  ids?: readonly number[];
  /** fields.to_list: the list field's name; roles.create: the role's name */
  name?: string;
  mapping?: Record<string, string | null>;
  /** roles.create: where the rights come from (at most one) */
  preset?: string;
  fromUser?: number;
  rights?: unknown;
  /** one merge group: its survivor and the cards merged into it */
  survivor?: number;
  losers?: readonly number[];
  /** merges through amoCRM's undocumented, irreversible endpoint (CLI opt-in only) */
  undocumented?: boolean;
}

/** A parameter an operation cannot do without (listed in shared/plan/operations.ts: the CLI names its flag). */
export type { RequiredParameter } from '../../../shared/plan/operations';

/**
 * The request itself is incomplete or contradictory (not the account's data): BAD_INPUT with
 * details.missing, the parameters missing (none for a contradiction or an unknown operation). The
 * details tell it apart, across dispatch, from the account's data refusing it (the CLI: a usage error).
 */
export class PlanRequestError extends AppError {
  readonly missing: readonly RequiredParameter[];
  constructor(message: string, missing: readonly RequiredParameter[] = []) {
    super('BAD_INPUT', message, { missing });
    this.name = 'PlanRequestError';
    this.missing = missing;
  }
}

/** Refuses a request that lacks one of `keys` (empty texts and lists count as missing), naming every one missing. */
export function needs(r: OperationRequest, ...keys: RequiredParameter[]): void {
  const missing = keys.filter((k) => {
    const v = r[k];
    return v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  });
  if (missing.length > 0) throw new PlanRequestError(`${r.operation} needs ${missing.join(' and ')}.`, missing);
}

/** A note for a person, with a stable code and its parameters (the UI words it in its language; `notes` holds the English). */
export interface IntentMessage {
  code: 'intent.no_reason' | 'intent.no_accepted_groups' | 'intent.not_supported' | 'intent.none';
  params: Record<string, string | number>;
}

/** What the person adds when the pending Fix intents become operations (plan.fromIntents, "plan add intents"). */
export interface IntentOptions {
  reason?: string;
  suggest?: boolean;
  reject?: readonly number[];
  text?: string;
  dueDays?: number;
}

/** One pending Fix intent as an operation module builds from it. */
export interface IntentInput extends PendingFixIntent {
  options: IntentOptions;
  /** true the first time a key is asked for in this round of intents (what several intents share is planned once) */
  once(key: string): boolean;
}

/** An intent left pending, and why. */
export interface IntentPending {
  pending: IntentMessage;
  note: string;
}
