// runtime: node
/** The push engine talks to amoCRM only through the shared, rate-limited client. */
export type { AmoClient, AmoRequest, AmoResponse } from '../amo/client';
export type ApiObject = Record<string, unknown>;
