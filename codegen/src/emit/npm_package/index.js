
// The package's entry point. Each export lives in its own module, so that a bundler keeps only
// what a page uses: a page that shows one form does not carry the catalog. The
// react-jsonschema-form templates are also the `/rjsf` entry point.
export { providers } from "./catalog.js";
export { loadProvider } from "./load.js";
export { transformErrors } from "./errors.js";
export { addVocabulary } from "./ajv.js";
export { vocabulary } from "./vocabulary.js";
export { BaseInputTemplate, FieldTemplate, ObjectFieldTemplate, isShown, templates } from "./rjsf.js";
