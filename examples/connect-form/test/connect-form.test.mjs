// The reference connect form and the authors' preview in Chromium, for every provider of every
// target named in $CONNECT_FORM_TARGETS (written by .ci/browser.sh): the form renders without a
// console error; it has one input per field the user types, in order, secrets as password
// inputs, prefix and suffix shown; each field's example, typed and submitted, gives JSON that the
// generated Rust crate's `validate` example accepts; a wrong value shows its hint and blocks
// the submit; conditional fields appear and disappear; axe-core finds nothing serious.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { AXE_PATH, launchBrowser, serve, validValue, wrongValue } from "./support.mjs";

const run = promisify(execFile);

const targetsFile = process.env.CONNECT_FORM_TARGETS;
if (!targetsFile) {
  throw new Error("CONNECT_FORM_TARGETS names no targets file: run .ci/browser.sh");
}
const targets = JSON.parse(await readFile(targetsFile, "utf8"));
const scratch = await mkdtemp(join(tmpdir(), "connect-form-test-"));

/** A transparent 1x1 PNG, served for every image: the guides' screenshots are on the network. */
const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The user-typed fields of a schema, in form order, with their DOM ids. */
function fieldsOf(id, schema) {
  const fields = [];
  for (const [group, groupSchema] of Object.entries(schema.properties)) {
    for (const [name, field] of Object.entries(groupSchema.properties)) {
      fields.push({
        group,
        name,
        field,
        typed: !field["x-hidden"] && !field["x-automated"],
        required: (groupSchema.required ?? []).includes(name),
        domId: `connect-${id}_${group}_${name}`,
      });
    }
  }
  return fields;
}

/** Values for every field: what the user types and what the platform fills in. */
function valuesOf(fields) {
  const values = {};
  for (const { group, name, field } of fields) {
    values[group] ??= {};
    values[group][name] = validValue(field);
  }
  return values;
}

/** Whether a field is shown with these values of its group. */
function shown(entry, values) {
  const condition = entry.field["x-visible-when"];
  return !condition || values[entry.group]?.[condition.field] === condition.equals;
}

async function openPage(site, target, id, platformValues) {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  const scripts = [];
  page.on("response", (response) => {
    if (response.url().endsWith(".js")) scripts.push(response.text());
  });
  await page.route(/\.(png|jpe?g|gif|webp|svg)(\?|$)/, (route) =>
    route.fulfill({ status: 200, contentType: "image/png", body: PIXEL }),
  );
  const path = target.page.replace("{id}", encodeURIComponent(id));
  const query = Object.keys(platformValues).length
    ? `${path.includes("?") ? "&" : "?"}values=${encodeURIComponent(JSON.stringify(platformValues))}`
    : "";
  await page.goto(new URL(path + query, site.url).href);
  await page.locator("form button[type=submit]").waitFor();
  return { page, problems, scripts };
}

/** Types a value into a field: a select for an `enum`, an input otherwise. */
async function typeInto(page, entry, value) {
  const control = page.locator(`[id="${entry.domId}"]`);
  if (entry.field.enum) {
    await control.selectOption(value);
  } else {
    await control.fill(value);
  }
}

async function typeAll(page, typed, values) {
  for (const entry of typed) {
    if (shown(entry, values)) {
      await typeInto(page, entry, values[entry.group][entry.name]);
    }
  }
}

async function seriousViolations(page) {
  await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((n) => n.target).join(", ")})`);
}

async function validate(target, id, submission) {
  const file = join(scratch, `${target.name}-${id}.json`);
  await writeFile(file, submission);
  try {
    const { stdout } = await run(target.validate, [id, file]);
    return JSON.parse(stdout);
  } catch (error) {
    return { ok: false, output: `${error.stdout}${error.stderr}` };
  }
}

for (const target of targets) {
  const catalog = JSON.parse(await readFile(join(target.out, "registry.json"), "utf8"));
  describe(`${target.name}: ${catalog.providers.length} providers`, { concurrency: 4 }, () => {
    let site;
    before(async () => {
      site = await serve(target.site);
    });
    after(async () => {
      await site?.close();
    });

    if (target.preview) {
      test("the preview's index links every provider's page, each with its form and guide", async () => {
        const page = await browser.newPage();
        await page.goto(site.url);
        const links = await page.locator("main a").evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")));
        assert.deepEqual(links, catalog.providers.map((entry) => `${entry.id}.html`));
        for (const entry of catalog.providers.slice(0, 5)) {
          await page.goto(new URL(`${entry.id}.html`, site.url).href);
          await page.locator("form button[type=submit]").waitFor();
          const guide = await page.locator("article.guide").textContent();
          assert.ok(entry.guide ? guide.includes("Step 1") : guide.includes("no guide"), entry.id);
        }
        await page.close();
      });
    }

    for (const entry of catalog.providers) {
      const id = entry.id;
      test(id, async () => {
        const schema = JSON.parse(await readFile(join(target.out, entry.schema), "utf8"));
        const uiSchema = JSON.parse(await readFile(join(target.out, entry.uischema), "utf8"));
        const fields = fieldsOf(id, schema);
        const typed = fields.filter((f) => f.typed);
        const values = valuesOf(fields);
        const platformValues = {};
        for (const { group, name } of fields.filter((f) => !f.typed)) {
          platformValues[group] ??= {};
          platformValues[group][name] = values[group][name];
        }

        const { page, problems, scripts } = await openPage(site, target, id, platformValues);
        try {
          const loaded = await Promise.all(scripts);
          assert.ok(!loaded.some((script) => script.includes("connectGuideUrl")), "a form page does not load the catalog");
          // One control per shown field the user types, in order.
          const controls = await page
            .locator("form input:not([type=hidden]), form select, form textarea")
            .evaluateAll((elements) =>
              elements.map((e) => ({ id: e.id, type: e.getAttribute("type"), tag: e.tagName.toLowerCase() })),
            );
          const initial = {};
          for (const f of fields) {
            if (f.field.default !== undefined) {
              initial[f.group] ??= {};
              initial[f.group][f.name] = f.field.default;
            }
          }
          const expected = typed.filter((f) => shown(f, initial));
          assert.deepEqual(controls.map((c) => c.id), expected.map((f) => f.domId), "one input per field, in order");
          for (const f of expected) {
            const control = controls.find((c) => c.id === f.domId);
            const textarea = uiSchema[f.group][f.name]["ui:widget"] === "textarea";
            if (f.field.examples?.[0].includes("\n")) {
              // A value of several lines, such as a PEM key, which a one-line input would flatten.
              assert.ok(textarea, `${f.domId}, whose example has several lines, gets a text area`);
            }
            if (textarea) {
              assert.equal(control.tag, "textarea", `${f.domId} is a text area`);
            } else if (f.field.writeOnly) {
              assert.equal(control.type, "password", `${f.domId} is a password input`);
            }
            for (const side of ["prefix", "suffix"]) {
              const text = f.field[`x-${side}`];
              if (text !== undefined) {
                const adornment = page.locator(`[id="${f.domId}__${side}"]`);
                assert.ok(await adornment.isVisible(), `${f.domId} shows its ${side}`);
                assert.equal(await adornment.textContent(), text);
              }
            }
            const docsUrl = uiSchema[f.group][f.name]["ui:docsUrl"];
            if (docsUrl) {
              const link = page.locator(`[id="${f.domId}"]`).locator("xpath=ancestor::div[contains(@class,'form-group')][1]").locator("a.rjsf-docs-link");
              assert.equal(await link.getAttribute("href"), docsUrl, `${f.domId} links its guide step`);
            }
          }
          assert.equal(await page.locator("legend", { hasText: /^(Connection config|Credentials)$/ }).count(), 0, "no developer captions");

          // Conditional fields appear while their condition holds, and disappear after.
          for (const f of typed.filter((f) => f.field["x-visible-when"])) {
            const condition = f.field["x-visible-when"];
            const controller = fields.find((c) => c.group === f.group && c.name === condition.field);
            const other = (controller.field.enum ?? []).find((v) => v !== condition.equals) ?? "something else";
            const control = page.locator(`[id="${f.domId}"]`);
            await typeInto(page, controller, condition.equals);
            assert.ok(await control.isVisible(), `${f.domId} appears when ${condition.field} is ${condition.equals}`);
            await typeInto(page, controller, other);
            assert.equal(await control.count(), 0, `${f.domId} disappears when ${condition.field} is ${other}`);
          }

          // A wrong value shows its hint and blocks the submit.
          // A select offers only right values.
          const refusable = typed.find((f) => !f.field.enum && shown(f, values) && wrongValue(f.field) !== undefined);
          if (refusable) {
            await typeAll(page, typed, values);
            await typeInto(page, refusable, wrongValue(refusable.field));
            await page.locator("form button[type=submit]").click();
            const errors = page.locator(`[id="${refusable.domId}__error"]`);
            await errors.waitFor();
            const text = await errors.textContent();
            const hint = uiSchema[refusable.group][refusable.name]["ui:patternHint"];
            if (hint) {
              assert.ok(text.includes(hint), `${refusable.domId} shows its hint, not ${JSON.stringify(text)}`);
            }
            assert.doesNotMatch(text, /must match|\^|\$/, "no regular expression is shown");
            assert.equal(await page.locator("#submission").count(), 0, "the submit is blocked");
          }
          if (target.screenshots?.includes(id)) {
            await mkdir(target.screenshotDir, { recursive: true });
            await page.screenshot({ path: join(target.screenshotDir, `${target.name}-${id}.png`), fullPage: true });
          }
          assert.deepEqual(await seriousViolations(page), [], "axe-core: no serious or critical violation");

          // The examples, typed and submitted, are accepted by the back end.
          await typeAll(page, typed, values);
          await page.locator("form button[type=submit]").click();
          const submitted = await page.locator("#submission").textContent({ timeout: 5000 });
          const submission = JSON.parse(submitted);
          for (const f of fields.filter((f) => shown(f, values))) {
            assert.equal(submission[f.group]?.[f.name], values[f.group][f.name], `${f.group}.${f.name} is submitted`);
          }
          const verdict = await validate(target, id, submitted);
          assert.equal(verdict.ok, true, `the Rust crate accepts ${submitted}: ${JSON.stringify(verdict)}`);
          assert.deepEqual(problems, [], "no console error");
        } finally {
          await page.close();
        }
      });
    }
  });
}
