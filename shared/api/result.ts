// runtime: common (no node, no DOM, no electron)
/**
 * Every call across a transport (IPC, HTTP bridge) answers with a Result.
 * Errors carry a stable machine code and a human message; nothing else.
 */

export const ERROR_CODES = [
  'BAD_INPUT', // the arguments did not match the contract's zod schema
  'UNKNOWN_METHOD',
  'FORBIDDEN_SENDER', // IPC from an unexpected frame
  'UNAUTHORIZED', // HTTP bridge: missing or wrong token
  'NOT_FOUND',
  'NO_SNAPSHOT', // a method needs an open snapshot and there is none
  'SNAPSHOT_INVALID', // corrupt, truncated or foreign snapshot file
  'SNAPSHOT_TOO_NEW', // written by a newer AmoSweep
  'AMO_AUTH', // 401 after refresh, revoked token: re-authorize
  'AMO_BLOCKED', // 403 HTML: the account is probably blocked for rate abuse
  'AMO_PAYMENT_REQUIRED', // 402: the account's subscription is unpaid
  'AMO_FORBIDDEN', // 403 JSON: the token's user lacks a right
  'AMO_RATE_LIMIT', // 429 after every retry
  'AMO_HTTP', // any other HTTP failure from amoCRM
  'AMO_BAD_RESPONSE', // malformed JSON or an unexpected shape
  'NETWORK',
  'CANCELLED',
  'CONFLICT',
  'READ_ONLY', // the file is opened read-only (not the user's working copy): make a working copy to change it
  'PUSH_INCOMPLETE', // a push ended with failed operations: the plan is not done, pushing again retries them
  'INTERNAL',
  'ANONYMIZE_FAILED', // an anonymized copy could not keep every figure: nothing was written
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * A message for a person, by stable key: the UI words it in its language
 * (renderer/src/i18n/locales/<lang>/engine.json, `<key>` with `params`), and the English
 * text beside it is the fallback (CLI, logs, a key the UI does not know).
 */
export interface MessageRef {
  key: string;
  params?: Record<string, string | number>;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Optional structured details that are safe to show (never secrets). */
  details?: Record<string, unknown>;
  /** The message by key, for the UI to word (the `message` is its English form). */
  key?: string;
  params?: Record<string, string | number>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: Record<string, unknown>, ref?: MessageRef): Result<never> => ({
  ok: false,
  error: {
    code,
    message,
    ...(details ? { details } : {}),
    ...(ref ? { key: ref.key, ...(ref.params ? { params: ref.params } : {}) } : {}),
  },
});

/** An error that a service throws to choose the code the caller sees. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  /** The message by key and parameters, for the UI to word in its language. */
  readonly ref: MessageRef | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, ref?: MessageRef) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.ref = ref;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
