// runtime: node
/** What the audit worker receives and posts back. */
import type { ApiError } from '../../../shared/api/result';
import type { AuditRun } from './run';

export interface AuditWorkerInput {
  file: string;
  asOf?: string;
  nativeBinding?: string;
}

export type AuditWorkerMessage =
  | { type: 'progress'; done: number; total: number; id: string }
  | { type: 'done'; run: AuditRun }
  | { type: 'error'; error: ApiError };
