// runtime: node
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** The version in package.json; the Electron bundle inlines it at build time. */
export const APP_VERSION: string = (require('../../package.json') as { version: string }).version;
