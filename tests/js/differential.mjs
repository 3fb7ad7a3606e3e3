// The differential test of the generated Rust crate (see tests/rust_crate.rs): every case is a
// submission with the verdict the generated Rust validation gave it; ajv 8 (draft 2020-12, strict,
// ajv-formats, the registry's presentation vocabulary) must give the same verdict with the
// provider's generated JSON Schema.
//
// Usage: node differential.mjs <generated folder> <rust-differential-cases.json>
// Prints each disagreement, then `N passed, M failed`; exits 1 on any disagreement.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [generated, casesPath] = process.argv.slice(2);
if (!generated || !casesPath) {
  console.error("usage: node differential.mjs <generated folder> <rust-differential-cases.json>");
  process.exit(2);
}

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const vocabulary = readJson(join(generated, "schemas", "vocabulary.json"));
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
ajv.addVocabulary(Object.entries(vocabulary.properties).map(([keyword, metaSchema]) => ({ keyword, metaSchema })));
ajv.addMetaSchema(vocabulary);

const validators = new Map();
function validatorFor(provider) {
  if (!validators.has(provider)) {
    validators.set(provider, ajv.compile(readJson(join(generated, "schemas", `${provider}.json`))));
  }
  return validators.get(provider);
}

const { cases } = readJson(casesPath);
let passed = 0;
let failed = 0;
for (const { provider, label, submission, rust_valid: rustValid } of cases) {
  const validate = validatorFor(provider);
  const ajvValid = validate(submission);
  if (ajvValid === rustValid) {
    passed += 1;
  } else {
    failed += 1;
    console.log(`DISAGREE ${provider}: ${label}: ajv says ${ajvValid ? "valid" : "invalid"}, Rust says ${rustValid ? "valid" : "invalid"}`);
    console.log(`  submission: ${JSON.stringify(submission).slice(0, 300)}`);
    if (!ajvValid) {
      console.log(`  ajv: ${ajv.errorsText(validate.errors)}`.slice(0, 300));
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
