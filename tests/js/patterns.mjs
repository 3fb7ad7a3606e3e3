// The pattern half of the differential test: the browser's verdict for each case that
// `cargo test -p codegen --lib tests::patterns` wrote, compared with the generated back end's.
//
// Usage: node patterns.mjs CASES.json   (cases: [{ "pattern", "value", "rust" }])
import { readFileSync } from "node:fs";

const { cases } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const disagreements = [];
for (const { pattern, value, rust } of cases) {
  const browser = new RegExp(pattern, "u").test(value);
  if (browser !== rust) {
    disagreements.push(`${JSON.stringify(pattern)} on ${JSON.stringify(value)}: browser ${browser}, Rust ${rust}`);
  }
}
console.log(`${cases.length} pattern cases, ${disagreements.length} disagreement(s)`);
for (const line of disagreements.slice(0, 50)) {
  console.log(line);
}
process.exit(disagreements.length === 0 ? 0 : 1);
