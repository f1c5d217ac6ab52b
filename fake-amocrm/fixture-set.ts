// runtime: node
/** The fixture format is the amoCRM wire format, owned by shared/amo/wire.ts (the product reads it too). */
export { COLLECTION_FILES, EXTRA_FILES, emptyCollections, type ApiObject, type CollectionFile, type ExtraCollection, type FixtureSet } from '../shared/amo/wire';
