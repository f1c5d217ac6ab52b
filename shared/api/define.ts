// runtime: common (no node, no DOM, no electron)
import type { z } from 'zod';

/**
 * One method of the service API: a zod schema for its single object argument,
 * and (as a phantom type) what it answers. Every transport serves the same map.
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  /** Phantom: never set at run time, it only carries the output type. */
  readonly output?: O;
}

/** `method<Output>()(inputSchema)`: curried so the input type is inferred. */
export function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input });
}

export type MethodMap = Record<string, MethodSpec>;
