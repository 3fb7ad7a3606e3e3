// Bundles the reference connect form with esbuild: `dist/connect-form.js`, one chunk per
// provider (loaded when its form is shown), `index.html` and `connect-form.css`; and the list
// of providers, `providers.html` with `providers.js`.
//
//   node build.mjs [--package DIR] [--outdir DIR]
//
// `--package` bundles another generated package (the `npm/` folder of `cargo xtask codegen
// --out`) in place of the one this project depends on, still through its public entry points.
import { copyFile, mkdir, mkdtemp, readFile, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: { package: { type: "string" }, outdir: { type: "string", default: join(here, "dist") } },
});
const outdir = resolve(values.outdir);

/** The registry package as this project names it: its dependency installed from a folder. */
async function packageName() {
  const manifest = JSON.parse(await readFile(join(here, "package.json"), "utf8"));
  const [name] = Object.entries(manifest.dependencies).find(([, spec]) => spec.startsWith("file:"));
  return name;
}

/**
 * Resolves the package's imports in another folder, as if it were installed there: its
 * `exports` still decide what can be imported; its own imports (react, @rjsf/utils) resolve
 * from this project's node_modules.
 */
async function otherPackage(folder) {
  const name = await packageName();
  const modules = join(await mkdtemp(join(tmpdir(), "connect-form-")), "node_modules");
  await mkdir(dirname(join(modules, name)), { recursive: true });
  await symlink(resolve(folder), join(modules, name), "dir");
  const filter = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(/.*)?$`);
  // `build.resolve` runs this plugin again: the marker lets that inner call through.
  const again = Symbol("resolving in the other folder");
  return {
    name: "registry-package",
    setup(build) {
      build.onResolve({ filter }, (args) =>
        args.pluginData === again
          ? undefined
          : build.resolve(args.path, { kind: args.kind, resolveDir: dirname(modules), pluginData: again }),
      );
    },
  };
}

const plugins = values.package ? [await otherPackage(values.package)] : [];
const common = {
  bundle: true,
  format: "esm",
  target: "es2020",
  jsx: "automatic",
  minify: true,
  legalComments: "none",
  preserveSymlinks: true,
  nodePaths: [join(here, "node_modules")],
  define: { "process.env.NODE_ENV": '"production"' },
  outdir,
  plugins,
  logLevel: "warning",
};
// The provider list is a build of its own: in one build with code splitting, a chunk shared
// with the form would carry the catalog into the form's page.
await esbuild.build({ ...common, entryPoints: { providers: join(here, "src/ProviderList.tsx") } });
await esbuild.build({
  ...common,
  entryPoints: { "connect-form": join(here, "src/main.tsx") },
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
});
await mkdir(outdir, { recursive: true });
await copyFile(join(here, "index.html"), join(outdir, "index.html"));
await copyFile(join(here, "providers.html"), join(outdir, "providers.html"));
await copyFile(join(here, "connect-form.css"), join(outdir, "connect-form.css"));
