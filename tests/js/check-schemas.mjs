// Checks the generated JSON Schemas the way front ends use them: ajv 8 (draft 2020-12) with
// ajv-formats, in strict mode, with the registry's presentation keywords registered.
//
// 1. Every schema in generated/schemas/ compiles, and conforms to generated/schemas/vocabulary.json;
//    every file registry.json points to exists.
// 2. The cases written by `cargo test -p codegen --lib tests::json_schema` (the seeds and a fixture provider):
//    each submission gets exactly the errors (instance path and keyword) the Rust side expects.
//
// Usage: node check-schemas.mjs <generated folder> <schema-cases.json>

import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [generated, casesPath] = process.argv.slice(2);
if (!generated || !casesPath) {
  console.error("usage: node check-schemas.mjs <generated folder> <schema-cases.json>");
  process.exit(2);
}

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

/** An ajv instance as a front end would set it up, knowing the keywords of `vocabulary`. */
function frontEndAjv(vocabulary) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  // Each keyword's value is checked against its entry in the vocabulary when a schema compiles.
  ajv.addVocabulary(Object.entries(vocabulary.properties).map(([keyword, metaSchema]) => ({ keyword, metaSchema })));
  ajv.addMetaSchema(vocabulary);
  return ajv;
}

let passed = 0;
const failures = [];
function check(name, ok, detail) {
  if (ok) {
    passed += 1;
  } else {
    failures.push(`${name}${detail ? `\n    ${detail}` : ""}`);
  }
}

function compile(ajv, name, schema) {
  try {
    const validate = ajv.compile(schema);
    check(`${name} compiles in strict mode`, true);
    return validate;
  } catch (error) {
    check(`${name} compiles in strict mode`, false, error.message);
    return null;
  }
}

// 1. The committed files.
const schemasDir = join(generated, "schemas");
const vocabulary = readJson(join(schemasDir, "vocabulary.json"));
const ajv = frontEndAjv(vocabulary);
const schemaFiles = readdirSync(schemasDir)
  .filter((file) => file.endsWith(".json") && !file.endsWith(".uischema.json") && file !== "vocabulary.json")
  .sort();
for (const file of schemaFiles) {
  const schema = readJson(join(schemasDir, file));
  compile(ajv, `schemas/${file}`, schema);
  const conforms = ajv.validate(vocabulary.$id, schema);
  check(`schemas/${file} conforms to vocabulary.json`, conforms, ajv.errorsText(ajv.errors));
}
const catalog = readJson(join(generated, "registry.json"));
check("registry.json lists every schema", catalog.providers.length === schemaFiles.length,
  `${catalog.providers.length} providers, ${schemaFiles.length} schemas`);
for (const entry of catalog.providers) {
  for (const key of ["schema", "uischema"]) {
    check(`registry.json: ${entry.id} ${key} exists`, existsSync(join(generated, entry[key])), entry[key]);
  }
}

// 2. The shared cases. They carry their own schemas (the fixture provider is not committed), so
// they get their own ajv instance: schema ids must be unique within one.
const cases = readJson(casesPath);
const caseAjv = frontEndAjv(cases.vocabulary);
const key = (error) => `${error.path} ${error.keyword}`;
for (const provider of cases.providers) {
  const validate = compile(caseAjv, `${provider.id} (cases)`, provider.schema);
  if (!validate) continue;
  for (const testCase of provider.cases) {
    validate(testCase.submission);
    // `if` only says that its `then` failed; the `then` error itself is what both sides compare.
    const reported = (validate.errors ?? [])
      .filter((error) => error.keyword !== "if")
      .map((error) => key({ path: error.instancePath, keyword: error.keyword }));
    const actual = [...new Set(reported)].sort();
    const expected = testCase.errors.map(key).sort();
    const same = actual.length === expected.length && actual.every((entry, i) => entry === expected[i]);
    check(`${provider.id} / ${testCase.name}`, same,
      `expected [${expected.join(", ")}], ajv reports [${actual.join(", ")}] for ${JSON.stringify(testCase.submission)}`);
  }
}

for (const failure of failures) {
  console.log(`FAIL ${failure}`);
}
console.log(`ajv ${JSON.parse(readFileSync(new URL("./node_modules/ajv/package.json", import.meta.url))).version}: ` +
  `${schemaFiles.length} committed schemas, ${cases.providers.reduce((n, p) => n + p.cases.length, 0)} cases`);
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
