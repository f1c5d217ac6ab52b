// runtime: node
/**
 * Tokens: long-lived tokens (Bearer, bound to a user), OAuth 2.0 authorization_code and
 * refresh_token grants at POST /oauth2/access_token (§2 of the API doc). Access tokens
 * live expires_in = 86400 s; refresh tokens are single-use: a reused one answers 401
 * OAuthProblemJson with hint "Token has been revoked".
 */
import crypto from 'node:crypto';
import { oauthProblem, type Reply } from './http';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface TokenInfo {
  userId: number;
  kind: 'long-lived' | 'access';
  expiresAt: number;
}

export class Auth {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly authCode: string;
  private tokens = new Map<string, TokenInfo>();
  private refreshTokens = new Map<string, { userId: number; used: boolean }>();

  constructor(
    private accountId: number,
    private domain: string,
    private defaultUserId: number,
    seed: string,
    private clock: () => number,
  ) {
    const hash = (label: string): string => crypto.createHash('sha256').update(`${seed}:${label}`).digest('hex');
    const h = hash('client');
    this.clientId = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    this.clientSecret = hash('secret').slice(0, 64);
    this.authCode = `def50200${hash('code')}`;
  }

  private jwt(userId: number, lifetime: number): string {
    const now = Math.floor(this.clock() / 1000);
    const payload = {
      aud: this.clientId,
      jti: crypto.randomUUID(),
      iat: now,
      nbf: now,
      exp: now + lifetime,
      sub: String(userId),
      grant_type: '',
      account_id: this.accountId,
      base_domain: 'amocrm.ru',
      version: 2,
      scopes: ['crm', 'notifications'],
      api_domain: this.domain,
    };
    return `${b64({ typ: 'JWT', alg: 'RS256' })}.${b64(payload)}.${crypto.randomBytes(32).toString('base64url')}`;
  }

  /** a long-lived token for a user (default: the account's admin); lifetime default 5 years */
  issueLongLived(userId = this.defaultUserId, lifetimeSeconds = 5 * 365 * 86400): string {
    const token = this.jwt(userId, lifetimeSeconds);
    this.tokens.set(token, { userId, kind: 'long-lived', expiresAt: this.clock() + lifetimeSeconds * 1000 });
    return token;
  }

  revoke(token: string): boolean {
    return this.tokens.delete(token);
  }

  /** the user behind an Authorization header, or null (missing, unknown, revoked or expired) */
  resolve(header: string | undefined): TokenInfo | null {
    const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!m?.[1]) return null;
    const info = this.tokens.get(m[1]);
    if (!info || info.expiresAt <= this.clock()) return null;
    return info;
  }

  private issuePair(userId: number): Reply {
    const access = this.jwt(userId, 86400);
    this.tokens.set(access, { userId, kind: 'access', expiresAt: this.clock() + 86400_000 });
    const refresh = `def50200${crypto.randomBytes(48).toString('hex')}`;
    this.refreshTokens.set(refresh, { userId, used: false });
    return {
      status: 200,
      contentType: 'application/json',
      json: { token_type: 'Bearer', expires_in: 86400, access_token: access, refresh_token: refresh, server_time: Math.floor(this.clock() / 1000) },
    };
  }

  /** POST /oauth2/access_token */
  exchange(body: Record<string, unknown>): Reply {
    if (body.client_id !== this.clientId || body.client_secret !== this.clientSecret) return oauthProblem('Client authentication failed', 401);
    if (body.grant_type === 'authorization_code') {
      if (typeof body.code !== 'string' || body.code === '') return oauthProblem('Check the `code` parameter', 400);
      if (body.code !== this.authCode) return oauthProblem('Cannot decrypt the authorization code', 400);
      return this.issuePair(this.defaultUserId);
    }
    if (body.grant_type === 'refresh_token') {
      if (typeof body.refresh_token !== 'string' || body.refresh_token === '') return oauthProblem('Check the `refresh_token` parameter', 400);
      const entry = this.refreshTokens.get(body.refresh_token);
      if (!entry) return oauthProblem('Cannot decrypt the refresh token', 401);
      if (entry.used) return oauthProblem('Token has been revoked', 401);
      entry.used = true;
      return this.issuePair(entry.userId);
    }
    return oauthProblem('The authorization grant type is not supported by the authorization server.', 400);
  }
}
