// runtime: node
/** The fake amoCRM API v4 server and its fixture format. See fake-amocrm/README.md. */
export { startFakeAmo, type FakeAmoConfig, type FakeAmoOptions, type FakeAmoServer } from './server/server';
export { parseFaultSpec, type FaultSpec } from './server/limits';
export { loadFixtureDir, loadFixtureTruth, dumpFixtureDir } from './fixtures-io';
export type { FixtureSet, ApiObject, CollectionFile } from './fixture-set';
export type { Truth } from './truth';
