// What the browser tests share: a static file server, the browser, and values for each field
// found with ajv from the field's own schema.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { extname, join, normalize, sep } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import RandExp from "randexp";
import { addVocabulary } from "@nango/provider-registry";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);

/** Where axe-core's browser build is. */
export const AXE_PATH = require.resolve("axe-core");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
};

/** Serves `root` on a free port of 127.0.0.1 (module scripts do not load from `file:`). */
export async function serve(root) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    const inside = file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
    const info = inside ? await stat(file).catch(() => null) : null;
    if (!info || !info.isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(response);
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((done) => server.close(done)) };
}

/** Debian's chromium, which `.ci/run` installs; Playwright's own browsers cannot be downloaded here. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

const ajv = addVocabulary(new Ajv2020({ strict: true, allErrors: true }));
const checkers = new Map();

/** Whether the field's schema accepts `value`. */
export function accepts(field, value) {
  const key = JSON.stringify(field);
  if (!checkers.has(key)) {
    checkers.set(key, ajv.compile(field));
  }
  return checkers.get(key)(value);
}

const FILLERS = ["0", "a", "f", "A", "F", "1", "9", "z"];
const FORMAT_VALUES = {
  email: "name@example.com",
  uri: "https://example.com/",
  uuid: "00000000-0000-4000-8000-000000000000",
  hostname: "example.com",
};

/** The masked example with its first run of `*` filled with `length` times `filler`, other runs dropped. */
function fillMask(masked, length, filler) {
  return masked.replace(/\*+/, filler.repeat(length)).replace(/\*/g, "");
}

/**
 * A value the field accepts: its example, else its default, else its first `enum` value, else the
 * first of a fixed list of candidates (the masked example filled in, a value of the format, runs
 * of one character).
 */
export function validValue(field) {
  const candidates = [field.examples?.[0], field.default, field.enum?.[0]].filter((v) => v !== undefined);
  const masked = field["x-masked-example"];
  if (masked) {
    candidates.push(...FILLERS.map((filler) => masked.replace(/\*/g, filler)));
    const stars = [...masked].filter((c) => c === "*").length;
    for (const length of [stars, ...Array.from({ length: 64 }, (_, i) => i + 1)]) {
      candidates.push(...FILLERS.map((filler) => fillMask(masked, length, filler)));
    }
  }
  if (field.format) {
    candidates.push(FORMAT_VALUES[field.format]);
  }
  for (let length = 1; length <= 64; length += 1) {
    candidates.push(...FILLERS.map((filler) => filler.repeat(length)));
  }
  let value = candidates.find((candidate) => accepts(field, candidate));
  if (value === undefined && field.pattern) {
    value = generated(field);
  }
  if (value === undefined) {
    throw new Error(`no candidate value fits ${JSON.stringify(field)}`);
  }
  return value;
}

/**
 * A value the pattern accepts, made by randexp from the pattern itself, with a fixed seed so that
 * every run types the same values; the first of 50 tries that the whole schema accepts.
 */
function generated(field) {
  const generator = new RandExp(new RegExp(field.pattern, "u"));
  let seed = 17;
  generator.randInt = (low, high) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return low + (seed % (high - low + 1));
  };
  generator.max = 16;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const value = generator.gen();
    if (accepts(field, value)) {
      return value;
    }
  }
  return undefined;
}

/** A value a person might type that the field's pattern or format refuses, if there is one. */
export function wrongValue(field) {
  if (!field.pattern && !field.format) {
    return undefined;
  }
  const valid = validValue(field);
  const candidates = ["not valid!", "@", `${valid} `, `${valid}/#`, "-", "x", "0", `https://${valid}`];
  return candidates.find((candidate) => !accepts(field, candidate));
}
