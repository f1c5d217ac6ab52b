// runtime: node
/**
 * The one place production code builds an amoCRM client (lint refuses createAmoClient and
 * exchangeAuthorizationCode elsewhere): every client of an account gets the account's limiter
 * (limiter.ts), whichever transport asked for it.
 */
import { createAmoClient, exchangeAuthorizationCode, isMissingRights, type AmoAuth, type AmoClient } from '../amo/client';
import type { SecretStore } from '../secrets/secret-store';
import { accountLimiter } from './limiter';

/** The rate amoCRM allows an integration (shared/docs/amocrm-api.md §3), the default ceiling. */
export const DEFAULT_RPS = 7;

/** A client of the account at baseUrl, rate-limited by the account's limiter with ceiling rps. */
export function amoClient(baseUrl: string, auth: AmoAuth, rps = DEFAULT_RPS): AmoClient {
  return createAmoClient({ baseUrl, auth, limiter: accountLimiter(baseUrl, rps) });
}

/** A client with a long-lived token held in memory only (a token being checked, or the CLI's). */
export function tokenClient(baseUrl: string, token: string, rps = DEFAULT_RPS): AmoClient {
  return amoClient(baseUrl, { kind: 'long-lived', getToken: () => token }, rps);
}

/** OAuth: trades an authorization code for tokens (stored under key), through the account's limiter. */
export function exchangeCode(options: { baseUrl: string; clientId: string; clientSecret: string; redirectUri: string; code: string; secrets: SecretStore; key: string }): Promise<void> {
  return exchangeAuthorizationCode({ ...options, limiter: accountLimiter(options.baseUrl, DEFAULT_RPS) });
}

/** GET /api/v4/account: the account's id, name and subdomain (a 401 or an unreachable server fails here). */
export async function readAccount(client: AmoClient): Promise<{ id: number | null; name: string | null; subdomain: string | null }> {
  const res = await client.request<Record<string, unknown>>({ method: 'GET', path: '/api/v4/account' });
  const a = res.data ?? {};
  return {
    id: typeof a.id === 'number' ? a.id : typeof a.id === 'string' && /^\d+$/.test(a.id) ? Number(a.id) : null,
    name: typeof a.name === 'string' ? a.name : null,
    subdomain: typeof a.subdomain === 'string' ? a.subdomain : null,
  };
}

/**
 * Whether the token may read the users (admin rights): GET /api/v4/users answers 403 to a
 * non-admin ([DOC-RU crm_platform/users-api] in docs/amocrm-api.md §13; the fake does the same).
 * undefined when the probe failed for another reason (the connection itself was already proven).
 */
export async function probeUsersReadable(client: AmoClient): Promise<boolean | undefined> {
  try {
    await client.request({ method: 'GET', path: '/api/v4/users', query: { limit: 1 } });
    return true;
  } catch (error) {
    if (isMissingRights(error)) return false;
    return undefined;
  }
}
