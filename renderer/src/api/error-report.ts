// runtime: browser
/**
 * Renderer errors reach the app's log through the API (app.logError): a crashed screen
 * (ErrorBoundary), an uncaught error and an unhandled promise rejection. The services
 * redact and rate-limit them; a failing report is dropped (it must never throw again).
 */
import type { ApiClient } from '../../../shared/api/contract';

type Source = 'boundary' | 'window' | 'promise';
let report: ((error: unknown, source: Source) => void) | null = null;

const text = (value: string, max: number): string => (value.length > max ? value.slice(0, max) : value);
const textOf = (error: unknown): { message: string; stack?: string } => {
  if (error instanceof Error) return { message: text(error.message || error.name, 4000), ...(error.stack ? { stack: text(error.stack, 16000) } : {}) };
  return { message: text(String(error), 4000) };
};

/** Sends a renderer error to the log (no-op before installErrorReporting). */
export function reportRendererError(error: unknown, source: Source): void {
  report?.(error, source);
}

/** Listens for uncaught errors and rejections on `win`; returns a function that stops it. */
export function installErrorReporting(api: Pick<ApiClient, 'call'>, win: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
  report = (error, source) => {
    void api.call('app.logError', { ...textOf(error), source }).catch(() => undefined);
  };
  const onError = (event: ErrorEvent) => reportRendererError(event.error ?? event.message, 'window');
  const onRejection = (event: PromiseRejectionEvent) => reportRendererError(event.reason, 'promise');
  win.addEventListener('error', onError);
  win.addEventListener('unhandledrejection', onRejection);
  return () => {
    win.removeEventListener('error', onError);
    win.removeEventListener('unhandledrejection', onRejection);
    report = null;
  };
}
