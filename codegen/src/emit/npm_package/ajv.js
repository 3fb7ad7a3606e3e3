
import addFormats from "ajv-formats";

import { vocabulary } from "./vocabulary.js";

/** The formats the schemas use, with the meaning of ajv-formats' full mode. */
const FORMATS = ["email", "hostname", "uri", "uuid"];

/**
 * Registers the schemas' `x-` keywords, each with the meta-schema of its value, and their formats
 * with an ajv 8 instance, then returns the instance. Calling it twice is harmless.
 */
export function addVocabulary(ajv) {
  for (const [keyword, metaSchema] of Object.entries(vocabulary.properties)) {
    if (!ajv.getKeyword(keyword)) {
      ajv.addKeyword({ keyword, metaSchema });
    }
  }
  addFormats(ajv, { mode: "full", formats: FORMATS, keywords: false });
  return ajv;
}
