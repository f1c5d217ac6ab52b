// runtime: node
import { AppError } from '../../../shared/api/result';
import type { AmoClient } from '../amo/client';
import type { SqliteDb } from '../db/open';
import { readMeta } from './meta';

const metaOf = readMeta;

/**
 * Refuses to write to one account from the snapshot of another: snapshot refresh, push and
 * rollback all call it before sending anything. The snapshot names its account by the base
 * URL it was taken from and the account id amoCRM gave; each is compared when both sides know it.
 */
export function checkSnapshotAccount(db: SqliteDb, file: string, target: { baseUrl: string; accountId?: number | null }): void {
  const storedBase = metaOf(db, 'base_url');
  if (storedBase && storedBase !== target.baseUrl) {
    throw new AppError('CONFLICT', `${file} is a snapshot of ${storedBase}, not of ${target.baseUrl}.`, { snapshotBaseUrl: storedBase, baseUrl: target.baseUrl }, { key: 'snapshot.otherAccount', params: { file, stored: storedBase, target: target.baseUrl } });
  }
  const storedId = metaOf(db, 'account_id');
  if (storedId !== null && target.accountId !== undefined && target.accountId !== null && Number(storedId) !== target.accountId) {
    throw new AppError('CONFLICT', `${file} is a snapshot of account ${storedId}, but the token belongs to account ${target.accountId}.`, {
      snapshotAccountId: Number(storedId),
      accountId: target.accountId,
    }, { key: 'snapshot.otherAccountId', params: { file, stored: storedId, target: target.accountId } });
  }
}

/**
 * GET /api/v4/account: proves the connection works (401, unreachable and bans fail here,
 * before anything is written) and names the account the token belongs to.
 */
export async function fetchAccountIdentity(client: AmoClient, signal?: AbortSignal): Promise<{ id: number | null; subdomain: string | null }> {
  const res = await client.request<Record<string, unknown>>({ method: 'GET', path: '/api/v4/account', ...(signal ? { signal } : {}) });
  const a = res.data ?? {};
  return { id: typeof a.id === 'number' ? a.id : null, subdomain: typeof a.subdomain === 'string' ? a.subdomain : null };
}
