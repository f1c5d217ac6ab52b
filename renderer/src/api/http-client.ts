// runtime: browser
import type { InputOf, MethodName, OutputOf } from '../../../shared/api/contract';
import type { ApiEvent, ApiEventListener } from '../../../shared/api/jobs';
import { fail, isErrorCode, type ErrorCode, type MessageRef, type Result } from '../../../shared/api/result';
import type { RendererApi } from './types';

/** The parts of EventSource the client uses (injectable for tests). */
export interface EventSourceLike {
  onmessage: ((event: MessageEvent<string>) => void) | null;
  close(): void;
}

export interface HttpClientOptions {
  token: string | null;
  /** Prefix of the bridge URLs; '' means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSourceLike;
}

/** Checks that a parsed body has the Result shape, so a proxy error page never passes as data. */
/** A message key with string/number parameters, as the services send it; anything else is dropped. */
export function messageRefOf(key: unknown, params: unknown): MessageRef | undefined {
  if (typeof key !== 'string' || !/^[a-zA-Z][\w.]*$/.test(key)) return undefined;
  if (params === undefined) return { key };
  if (!params || typeof params !== 'object' || Array.isArray(params)) return { key };
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) as Record<string, string | number>;
  return { key, params: clean };
}

export function toResult<T>(body: unknown, status: number): Result<T> {
  if (body && typeof body === 'object' && 'ok' in body) {
    const b = body as { ok: unknown; value?: unknown; error?: { code?: unknown; message?: unknown; details?: unknown; key?: unknown; params?: unknown } };
    if (b.ok === true) return { ok: true, value: b.value as T };
    if (b.ok === false && b.error && isErrorCode(b.error.code)) {
      const e = b.error;
      const details = e.details && typeof e.details === 'object' && !Array.isArray(e.details) ? (e.details as Record<string, unknown>) : undefined;
      return fail(e.code as ErrorCode, typeof e.message === 'string' ? e.message : String(e.code), details, messageRefOf(e.key, e.params));
    }
  }
  if (status === 401) return fail('UNAUTHORIZED', 'The bridge refused the token.');
  return fail('NETWORK', `Unexpected answer from the bridge (HTTP ${status}).`);
}

export function parseEventData(data: string): ApiEvent | null {
  try {
    const parsed: unknown = JSON.parse(data);
    if (parsed && typeof parsed === 'object' && typeof (parsed as { type?: unknown }).type === 'string') {
      return parsed as ApiEvent;
    }
  } catch {
    // ignore keep-alives and malformed lines
  }
  return null;
}

/**
 * Browser: `POST /api/rpc/<method>` with the input as JSON and `Authorization: Bearer <token>`;
 * the body is always a Result. Events: Server-Sent Events from `GET /api/events?token=<token>`.
 */
export function createHttpClient(options: HttpClientOptions): RendererApi {
  const base = options.baseUrl ?? '';
  const token = options.token;
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const createEventSource =
    options.createEventSource ?? ((url: string): EventSourceLike => new EventSource(url) as EventSourceLike);
  const listeners = new Set<ApiEventListener>();
  let source: EventSourceLike | null = null;

  const openEvents = () => {
    if (source || !token) return;
    source = createEventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message) => {
      const event = parseEventData(message.data);
      if (!event) return;
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          console.error('event listener failed', error);
        }
      }
    };
  };

  return {
    transport: 'http',
    hasToken: Boolean(token),
    async call<K extends MethodName>(method: K, input: InputOf<K>): Promise<Result<OutputOf<K>>> {
      let response: Response;
      try {
        response = await doFetch(`${base}/api/rpc/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json',
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(input ?? {}),
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch (error) {
        return fail('NETWORK', error instanceof Error ? error.message : String(error));
      }
      const body: unknown = await response.json().catch(() => null);
      return toResult<OutputOf<K>>(body, response.status);
    },
    onEvent(listener) {
      listeners.add(listener);
      openEvents();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
}
