
// The package's entry point. Each export lives in its own module, so that a bundler keeps only
// what a page uses: a page that calls `loadProvider` does not carry the catalog.
export { providers } from "./catalog.js";
export { loadProvider } from "./load.js";
export { transformErrors } from "./errors.js";
export { addVocabulary } from "./ajv.js";
export { vocabulary } from "./vocabulary.js";
