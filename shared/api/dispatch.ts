// runtime: common (no node, no DOM, no electron)
import { z } from 'zod';
import { contract, isMethodName, type MethodName, type OutputOf, type ParsedInputOf } from './contract';
import type { Transport } from './methods/app';
import { AppError, fail, ok, type Result } from './result';

export interface CallContext {
  transport: Transport;
}

export type Handler<K extends MethodName> = (
  input: ParsedInputOf<K>,
  ctx: CallContext,
) => Promise<OutputOf<K>> | OutputOf<K>;

/** The handler table: exactly one handler per contract method (the type checker enforces it). */
export type Handlers = { [K in MethodName]: Handler<K> };
/** A capability's slice of the table. */
export type HandlersFor<M> = { [K in keyof M & MethodName]: Handler<K> };

function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(input)'}: ${issue.message}`)
    .join('; ');
}

/**
 * The one way into the services: check the method name, parse the one object argument with
 * the contract's zod schema, run the handler. Failures are thrown (an AppError for a bad
 * method or bad input): the CLI calls this and prints them itself, as Actual's api.send() does.
 */
export async function invoke<K extends MethodName>(handlers: Handlers, name: K, rawInput: unknown, ctx: CallContext): Promise<OutputOf<K>>;
export async function invoke(handlers: Handlers, name: unknown, rawInput: unknown, ctx: CallContext): Promise<unknown>;
export async function invoke(handlers: Handlers, name: unknown, rawInput: unknown, ctx: CallContext): Promise<unknown> {
  if (!isMethodName(name)) throw new AppError('UNKNOWN_METHOD', `Unknown method: ${String(name).slice(0, 80)}`);
  const parsed = contract[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) throw new AppError('BAD_INPUT', `Invalid arguments for ${name}: ${describeZodError(parsed.error)}`);
  const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
  return await handler(parsed.data, ctx);
}

/**
 * The single wrapper the app's transports (IPC, HTTP bridge) use: invoke, with any failure
 * turned into `{ok: false, error: {code, message}}`. It never throws.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  rawInput: unknown,
  ctx: CallContext,
): Promise<Result<unknown>> {
  try {
    return ok(await invoke(handlers, name, rawInput, ctx));
  } catch (error) {
    return toFailure(error);
  }
}

export function toFailure(error: unknown): Result<never> {
  if (error instanceof AppError) return fail(error.code, error.message, error.details, error.ref);
  if (error instanceof z.ZodError) return fail('BAD_INPUT', describeZodError(error));
  const message = error instanceof Error ? error.message : String(error);
  return fail('INTERNAL', message || 'Unexpected error');
}
