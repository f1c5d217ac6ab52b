// runtime: node
/**
 * The snapshot store (issue 14): the snapshot capability owns its core tables (migration 0001) and
 * other capabilities reach them only through these typed functions, one module per subject; lint
 * (amosweep/snapshot-tables) refuses SQL naming those tables anywhere else. Read functions take a
 * DbReader; the few write functions (push keeping the snapshot in step) take a DbWriter.
 */
export * from './meta';
export * from './cards';
export * from './leads';
export * from './fields';
export * from './tags';
export * from './tasks';
export * from './notes';
export * from './events';
export * from './pipelines';
export * from './users';
export * from './entities';
export * from './links';
export * from './personal';
export { readMeta, hasMetaKey } from '../meta';
