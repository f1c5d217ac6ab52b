// runtime: node
/**
 * OAuth with a loopback redirect, end to end against the fake amoCRM (which implements the
 * authorization_code grant of POST /oauth2/access_token, docs/amocrm-api.md §2.1): the browser's
 * redirect is simulated by a GET on the loopback address, as amoCRM's consent page sends it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { dispatch } from '../../../shared/api/dispatch';
import type { ConnectionInfo } from '../../../shared/api/methods/snapshot';
import type { Result } from '../../../shared/api/result';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../api/create-services';
import { MemorySecretStore } from '../secrets/secret-store';
import { syntheticAccount } from '../snapshot/testing/synthetic-account';
import { authorizeUrl, CALLBACK_PATH, startLoopback } from './oauth-loopback';

let fake: FakeAmoServer;
beforeAll(async () => {
  fake = await startFakeAmo({ fixtures: syntheticAccount({ contacts: 5, companies: 2, leads: 5, tasks: 1, notesPerEntity: 0, now: Math.floor(Date.now() / 1000) }), rps: 0, accountRps: 0 });
});
afterAll(async () => {
  await fake.close();
});

describe('startLoopback', () => {
  it('listens on 127.0.0.1 only, refuses a wrong state and keeps waiting, then takes the code once', async () => {
    const flow = await startLoopback();
    try {
      expect(flow.redirectUri).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${CALLBACK_PATH}$`));
      const wrong = await fetch(`${flow.redirectUri}?code=stolen&state=not-the-state`);
      expect(wrong.status).toBe(400);
      expect(await fetch(`${flow.redirectUri.replace(CALLBACK_PATH, '/other')}?state=${flow.state}&code=x`)).toMatchObject({ status: 404 });
      const ok = await fetch(`${flow.redirectUri}?code=the-code&state=${encodeURIComponent(flow.state)}&referer=example.amocrm.ru`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('You can close this tab');
      expect(await flow.result).toEqual({ code: 'the-code', referer: 'example.amocrm.ru' });
      // one-shot: the listener is gone
      await expect(fetch(`${flow.redirectUri}?code=again&state=${flow.state}`)).rejects.toThrow();
    } finally {
      await flow.close();
    }
  });

  it('a denial, a cancel and a timeout end the flow with a clear error', async () => {
    const denied = await startLoopback();
    await fetch(`${denied.redirectUri}?error=access_denied&state=${denied.state}`);
    await expect(denied.result).rejects.toMatchObject({ code: 'AMO_AUTH' });
    const cancelled = await startLoopback();
    await cancelled.close();
    await expect(cancelled.result).rejects.toMatchObject({ code: 'CANCELLED' });
    const late = await startLoopback({ timeoutMs: 50 });
    await expect(late.result).rejects.toMatchObject({ code: 'CANCELLED', message: expect.stringMatching(/in time/) });
  });

  it('builds amoCRM\'s consent URL', () => {
    expect(authorizeUrl('client-1', 'st')).toBe('https://www.amocrm.ru/oauth?client_id=client-1&state=st&mode=post_message');
  });
});

describe('connect.oauthStart / connect.oauthWait', () => {
  it('connects an account through the loopback redirect, next to a token connection (several accounts)', async () => {
    const opened: string[] = [];
    const { deps, handlers } = createServices({ transport: 'electron', dataDir: '/nonexistent', openExternal: async (url) => (opened.push(url), true) });
    const call = async <T>(method: string, input: unknown) => (await dispatch(handlers, method, input, { transport: 'electron' })) as Result<T>;
    const byToken = await call<ConnectionInfo>('connect.token', { account: fake.url, token: fake.token });
    expect(byToken.ok).toBe(true);

    const start = await call<{ flowId: string; authorizeUrl: string; redirectUri: string; opened: boolean }>('connect.oauthStart', { account: fake.url, clientId: fake.clientId, clientSecret: fake.clientSecret });
    if (!start.ok) throw new Error(start.error.message);
    expect(start.value.opened).toBe(true);
    expect(opened).toEqual([start.value.authorizeUrl]);
    const state = new URL(start.value.authorizeUrl).searchParams.get('state')!;
    const waiting = call<ConnectionInfo>('connect.oauthWait', { flowId: start.value.flowId });
    // the user's browser comes back from amoCRM's consent page
    const res = await fetch(`${start.value.redirectUri}?code=${fake.authCode}&state=${state}`);
    expect(res.status).toBe(200);
    const connected = await waiting;
    expect(connected).toMatchObject({ ok: true, value: { auth: 'oauth', accountId: 1, baseUrl: fake.url } });

    const list = await call<ConnectionInfo[]>('connect.list', {});
    expect(list.ok && list.value.map((c) => c.auth).sort()).toEqual(['long-lived', 'oauth']);
    const id = connected.ok ? connected.value.id : '';
    const stored = JSON.parse((await deps.secrets.get(`connection:${id}:oauth`))!) as { accessToken: string };
    expect(stored.accessToken.length).toBeGreaterThan(20);
    expect(JSON.stringify(connected)).not.toContain(stored.accessToken);
    expect(await call('connect.oauthWait', { flowId: start.value.flowId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a wrong code fails the wait with AMO_AUTH-like errors and stores nothing; cancel stops the listener', async () => {
    const { handlers } = createServices({ transport: 'web', dataDir: '/nonexistent' });
    const call = async <T>(method: string, input: unknown) => (await dispatch(handlers, method, input, { transport: 'web' })) as Result<T>;
    const start = await call<{ flowId: string; authorizeUrl: string; redirectUri: string; opened: boolean }>('connect.oauthStart', { account: fake.url, clientId: fake.clientId, clientSecret: fake.clientSecret });
    if (!start.ok) throw new Error(start.error.message);
    expect(start.value.opened).toBe(false); // the web host shows the link instead
    const state = new URL(start.value.authorizeUrl).searchParams.get('state')!;
    const waiting = call('connect.oauthWait', { flowId: start.value.flowId });
    await fetch(`${start.value.redirectUri}?code=def50200wrong&state=${state}`);
    const failed = await waiting;
    expect(failed.ok).toBe(false);
    expect(await call<ConnectionInfo[]>('connect.list', {})).toEqual({ ok: true, value: [] });

    const other = await call<{ flowId: string; redirectUri: string }>('connect.oauthStart', { account: fake.url, clientId: fake.clientId, clientSecret: fake.clientSecret });
    if (!other.ok) throw new Error(other.error.message);
    expect(await call('connect.oauthCancel', { flowId: other.value.flowId })).toEqual({ ok: true, value: { cancelled: true } });
    await expect(fetch(other.value.redirectUri)).rejects.toThrow();
  });
});

describe('saved connections', () => {
  it('a host whose secrets persist keeps its accounts across restarts, without any token in connections.json', async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-conns-'));
    class KeptSecrets extends MemorySecretStore {
      override status() {
        return { encryption: 'os' as const, persistent: true, plainTextAllowed: false };
      }
    }
    const secrets = new KeptSecrets();
    try {
      const first = createServices({ transport: 'electron', dataDir: stateDir, stateDir, secrets });
      const call = async <T>(h: typeof first.handlers, method: string, input: unknown) => (await dispatch(h, method, input, { transport: 'electron' })) as Result<T>;
      const byToken = await call<ConnectionInfo>(first.handlers, 'connect.token', { account: fake.url, token: fake.token });
      const byOAuth = await call<ConnectionInfo>(first.handlers, 'connect.oauth', { account: fake.url, clientId: fake.clientId, clientSecret: fake.clientSecret, code: fake.authCode, redirectUri: 'http://127.0.0.1:8765/oauth/callback' });
      expect(byToken.ok && byOAuth.ok).toBe(true);
      const file = fs.readFileSync(path.join(stateDir, 'connections.json'), 'utf8');
      expect(file).not.toContain(fake.token);
      expect(file).not.toContain(fake.clientSecret);

      const second = createServices({ transport: 'electron', dataDir: stateDir, stateDir, secrets });
      const list = await call<ConnectionInfo[]>(second.handlers, 'connect.list', {});
      expect(list.ok && list.value.map((c) => c.auth).sort()).toEqual(['long-lived', 'oauth']);
      const id = byOAuth.ok ? byOAuth.value.id : '';
      expect(await call(second.handlers, 'connect.forget', { connectionId: id })).toEqual({ ok: true, value: { forgotten: true } });
      const third = createServices({ transport: 'electron', dataDir: stateDir, stateDir, secrets });
      const after = await call<ConnectionInfo[]>(third.handlers, 'connect.list', {});
      expect(after.ok && after.value.map((c) => c.auth)).toEqual(['long-lived']);
      expect(await secrets.get(`connection:${id}:oauth:client`)).toBeNull();
    } finally {
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
