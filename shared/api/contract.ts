// runtime: common (no node, no DOM, no electron)
/**
 * The one service API. Every transport (Electron IPC, the local HTTP bridge, the CLI)
 * serves this map from the same handler table, and the renderer calls it through
 * one typed client. One object argument per call, parsed with zod on the service side.
 */
import type { z } from 'zod';
import type { MethodSpec } from './define';
import type { ApiEventListener } from './jobs';
import type { Result } from './result';
import { appMethods } from './methods/app';
import { snapshotMethods } from './methods/snapshot';
import { auditMethods } from './methods/audit';
import { matchMethods } from './methods/match';
import { matchComputeMethods } from './methods/match-compute';
import { planMethods } from './methods/plan';
import { filesMethods } from './methods/files';
import { compareMethods } from './methods/compare';

export const contract = {
  ...appMethods,
  ...snapshotMethods,
  ...auditMethods,
  ...matchMethods,
  ...matchComputeMethods,
  ...planMethods,
  ...filesMethods,
  ...compareMethods,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract & string;
export const METHOD_NAMES = Object.keys(contract).sort() as MethodName[];

type SpecOf<K extends MethodName> = Contract[K];
/** What a caller passes (defaults still optional). */
export type InputOf<K extends MethodName> = SpecOf<K> extends MethodSpec<infer I, unknown> ? z.input<I> : never;
/** What a handler receives after parsing (defaults filled). */
export type ParsedInputOf<K extends MethodName> = SpecOf<K> extends MethodSpec<infer I, unknown> ? z.output<I> : never;
export type OutputOf<K extends MethodName> = SpecOf<K> extends MethodSpec<z.ZodType, infer O> ? O : never;

/** The typed client every renderer screen uses, whatever the transport. */
export interface ApiClient {
  call<K extends MethodName>(method: K, input: InputOf<K>): Promise<Result<OutputOf<K>>>;
  onEvent(listener: ApiEventListener): () => void;
}

/** What the Electron preload exposes on window.amosweep: one function per method. */
export type PreloadApi = {
  readonly methods: { readonly [K in MethodName]: (input: InputOf<K>) => Promise<Result<OutputOf<K>>> };
  readonly onEvent: (listener: ApiEventListener) => () => void;
  /** The path of a file dropped on the window (Electron's webUtils.getPathForFile); '' when it has none. */
  readonly pathForFile?: (file: unknown) => string;
};

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** The IPC channel of a method; the preload and main derive it the same way. */
export const ipcChannel = (name: MethodName): string => `amosweep:${name}`;
export const IPC_EVENT_CHANNEL = 'amosweep:event';
