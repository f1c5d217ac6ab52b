// runtime: node
/**
 * OAuth 2.0 authorization-code flow with a loopback redirect (RFC 8252 §7.3): a one-shot
 * HTTP listener on 127.0.0.1 receives the browser's redirect after the user grants access.
 * amoCRM's consent screen is `https://www.amocrm.ru/oauth?client_id=…&state=…&mode=…`, and
 * it redirects to the integration's redirect_uri with `code`, `state` and `referer` (the
 * account's host); the code is then exchanged at POST /oauth2/access_token
 * (shared/docs/amocrm-api.md §2.1: [DOC-RU oauth/step-by-step], [DOC-RU api/auth],
 * [DOC-KOMMO reference/get-token]). amoCRM checks redirect_uri against the integration's
 * settings, so the integration must list this exact address: pick a fixed port for it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../shared/api/result';

export const CALLBACK_PATH = '/oauth/callback';
export const DEFAULT_OAUTH_TIMEOUT_MS = 10 * 60_000;

export interface LoopbackResult {
  code: string;
  /** the account's host as amoCRM sends it (e.g. example.amocrm.ru), when present */
  referer: string | null;
}

export interface LoopbackFlow {
  redirectUri: string;
  state: string;
  /** resolves with the code once the browser comes back with the right state */
  result: Promise<LoopbackResult>;
  close(): Promise<void>;
}

/** amoCRM's consent page for a client id and state (Kommo: www.kommo.com). */
export function authorizeUrl(clientId: string, state: string, host = 'www.amocrm.ru'): string {
  const url = new URL(`https://${host}/oauth`);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('state', state);
  url.searchParams.set('mode', 'post_message');
  return url.toString();
}

const page = (title: string, body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${body}</p></body></html>`;

const sameState = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export async function startLoopback({ port = 0, timeoutMs = DEFAULT_OAUTH_TIMEOUT_MS }: { port?: number; timeoutMs?: number } = {}): Promise<LoopbackFlow> {
  const state = randomBytes(24).toString('base64url');
  let settle!: { resolve: (r: LoopbackResult) => void; reject: (e: Error) => void };
  const result = new Promise<LoopbackResult>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => undefined); // the caller may never wait
  let done = false;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, title: string, body: string) => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'" });
      res.end(page(title, body));
    };
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH || done) {
      reply(404, 'Not found', 'This address only receives the amoCRM authorization.');
      return;
    }
    const got = url.searchParams.get('state') ?? '';
    if (!sameState(got, state)) {
      // someone else's redirect (or a forged one): refused, and the flow keeps waiting
      reply(400, 'Authorization refused', 'The request does not belong to this sign-in (state mismatch).');
      return;
    }
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    done = true;
    if (error || !code) {
      reply(400, 'Authorization not granted', 'amoCRM did not grant access. Return to AmoSweep and try again.');
      settle.reject(new AppError('AMO_AUTH', `amoCRM did not grant access${error ? ` (${error.slice(0, 100)})` : ''}.`));
    } else {
      reply(200, 'AmoSweep is connected', 'You can close this tab and return to AmoSweep.');
      settle.resolve({ code, referer: url.searchParams.get('referer') });
    }
    void close();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new AppError('CONFLICT', error.code === 'EADDRINUSE' ? `Port ${port} on 127.0.0.1 is in use: choose another port for the redirect.` : error.message)),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const timer = setTimeout(() => {
    if (done) return;
    done = true;
    settle.reject(new AppError('CANCELLED', 'The amoCRM authorization was not completed in time.'));
    void close();
  }, timeoutMs);
  timer.unref();

  let closing: Promise<void> | null = null;
  function close(): Promise<void> {
    clearTimeout(timer);
    if (!done) {
      done = true;
      settle.reject(new AppError('CANCELLED', 'The amoCRM authorization was cancelled.'));
    }
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  }

  const { port: actual } = server.address() as AddressInfo;
  return { redirectUri: `http://127.0.0.1:${actual}${CALLBACK_PATH}`, state, result, close };
}
