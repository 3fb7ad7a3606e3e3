// Compiles every `.mdx` file in the folders given on the command line with @mdx-js/mdx's
// `compile`, the parser MDX sites run: a guide that does not compile would break the page it
// is published on. Prints `file:line:col: message` for each failure; exits 1 if any file fails
// or if no file was found (a check of nothing would pass).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compile } from '@mdx-js/mdx';

const folders = process.argv.slice(2);
if (folders.length === 0) {
  console.error('usage: node compile.mjs FOLDER...');
  process.exit(2);
}

let compiled = 0;
let failed = 0;
for (const folder of folders) {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.mdx')).sort();
  for (const name of names) {
    const path = join(folder, name);
    try {
      await compile(await readFile(path, 'utf8'));
      compiled += 1;
    } catch (error) {
      failed += 1;
      const place = error.place?.start ?? error.place ?? {};
      console.error(`${path}:${place.line ?? 1}:${place.column ?? 1}: ${error.reason ?? error.message}`);
    }
  }
}
console.log(`@mdx-js/mdx: ${compiled} compiled, ${failed} failed`);
if (failed > 0 || compiled === 0) {
  process.exit(1);
}
