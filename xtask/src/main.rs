//! `cargo xtask`: the registry's command line. It parses arguments, calls the `codegen`
//! library and prints what it reports; all the work lives in the library.

use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod bench;
mod bench_compile;
mod preview;

/// The generator allocates millions of small strings on both cores; mimalloc serves them from
/// per-thread pages, where the system allocator grows shared arenas. Its version 2 touches less
/// memory than version 3 here (the README's Dependencies table has the figures), and every page
/// touched is a page the kernel zeroes first.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use codegen::diagnostics::{render_github, render_human_all, Severity};
use codegen::load::SettingsOverrides;
use codegen::model::GuideFlavor;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Validate provider definitions and generate Rust types, JSON Schemas and guides"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate every provider file and generate the output folder.
    Codegen(CodegenArgs),
    /// Scaffold `providers/<id>.yaml` with every section and clear placeholders.
    New {
        /// The provider id: lowercase letters, digits and `-`.
        id: String,
        /// The folder of provider files.
        #[arg(long, default_value = "providers")]
        providers: PathBuf,
    },
    /// Time and peak memory of `codegen` on synthetic registries of seed-sized providers.
    Bench {
        /// Registry sizes to measure.
        #[arg(long, value_delimiter = ',', default_values_t = [10, 100, 1000, 10000])]
        sizes: Vec<usize>,
        /// Also measure this providers folder (such as an imported registry).
        #[arg(long)]
        providers: Option<PathBuf>,
        /// Measure `--providers` copied under new ids up to this many providers (Nango's
        /// registry has 981, of which only a sample is available here).
        #[arg(long, requires = "providers")]
        copies_up_to: Option<usize>,
        /// Runs per measurement; the fastest is reported.
        #[arg(long, default_value_t = 3)]
        repeat: usize,
        /// Where to write the synthetic registries and outputs (default: the system's temporary
        /// folder); `/dev/shm` measures the generator without the disk.
        #[arg(long)]
        scratch: Option<PathBuf>,
        /// Nango's `providers.yaml`, imported and measured (relative to the project root).
        #[arg(long, default_value = "../shared/nango/providers-sample.yaml")]
        nango: PathBuf,
        /// Nango's connect guides, imported with it for a row of their own.
        #[arg(long, default_value = "../shared/nango/guides")]
        nango_guides: PathBuf,
        /// Measure no Nango registry.
        #[arg(long, conflicts_with_all = ["nango", "nango_guides"])]
        no_nango: bool,
    },
    /// Build a static site for authors: each provider's connect form beside its rendered guide.
    Preview {
        /// The folder of provider files.
        #[arg(long, default_value = "providers")]
        providers: PathBuf,
        /// The folder to write the site into (`index.html` links every provider's page).
        #[arg(long)]
        out: PathBuf,
    },
    /// Compile time of the generated crate against the straightforward generation (serde-derived
    /// structs and a lazy regex per provider), for the same synthetic providers.
    BenchCompile {
        /// How many seed-sized providers.
        #[arg(long, default_value_t = 1000)]
        providers: usize,
        /// Builds per crate; the fastest is reported.
        #[arg(long, default_value_t = 1)]
        repeat: usize,
    },
    /// Convert another registry's format into provider files.
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import Nango's `providers.yaml`: one provider file per Nango provider, then a report of
    /// what must be fixed before codegen accepts them.
    Nango {
        /// Nango's `providers.yaml`.
        source: PathBuf,
        /// The folder to write provider files into.
        #[arg(long)]
        out: PathBuf,
        /// A folder of Nango connect guides, `<provider-id>.mdx`: each becomes its provider's
        /// `guide:` section.
        #[arg(long)]
        guides: Option<PathBuf>,
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(clap::Args)]
struct CodegenArgs {
    /// The folder of provider files.
    #[arg(long, default_value = "providers")]
    providers: PathBuf,
    /// The output folder.
    #[arg(long, default_value = "generated")]
    out: PathBuf,
    /// Write nothing; fail with a diff if the output folder is not up to date.
    #[arg(long)]
    check: bool,
    /// Replace files at generated paths that codegen did not write (by default the run refuses
    /// and writes nothing).
    #[arg(long)]
    overwrite: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// The platform name used in guides (overrides `platform_name` in `_registry.yaml`).
    #[arg(long)]
    platform_name: Option<String>,
    /// Where connect guides are published (overrides `docs_base_url`).
    #[arg(long)]
    docs_base_url: Option<String>,
    /// Where JSON Schemas are published (overrides `schema_base_url`).
    #[arg(long)]
    schema_base_url: Option<String>,
    /// The guides' Markdown flavor (overrides `guide_flavor`).
    #[arg(long, value_enum)]
    guide_flavor: Option<Flavor>,
    /// The site that image paths and link paths in provider prose are on (overrides `assets_base_url`).
    #[arg(long)]
    assets_base_url: Option<String>,
    /// After the summary, print how long each stage took.
    #[arg(long)]
    timings: bool,
    /// Generate every output and hold it in memory, comparing and writing nothing: the
    /// generator's own cost, which `cargo xtask bench` times apart from the disk's.
    #[arg(long, hide = true, conflicts_with_all = ["check", "overwrite"])]
    in_memory: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// `file:line:col: error: message`, with the source line.
    Human,
    /// GitHub Actions workflow commands, so errors land on the pull request's lines.
    Github,
    /// One JSON document on standard output.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Flavor {
    Gfm,
    Mdx,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Codegen(args) => codegen_command(args),
        Command::New { id, providers } => new_command(&id, &providers),
        Command::Bench { sizes, providers, copies_up_to, repeat, scratch, nango, nango_guides, no_nango } => {
            let root = project_root();
            let extra = providers.as_deref().map(|folder| bench::Extra { folder, copies_up_to });
            let (sample, guides) = (root.join(nango), root.join(nango_guides));
            let nango = (!no_nango).then_some(bench::Nango { sample: &sample, guides: &guides });
            match bench::run(&sizes, extra, nango, &root.join("providers"), repeat, scratch.as_deref()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Preview { providers, out } => preview_command(&providers, &out),
        Command::BenchCompile { providers, repeat } => {
            let root = project_root();
            match bench_compile::run(providers, repeat, &root.join("providers"), &root) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import(ImportCommand::Nango { source, out, guides, format }) => {
            import_nango_command(&source, &out, guides.as_deref(), format)
        }
    }
}

/// The workspace root: paths in diagnostics are shown relative to it, as CI annotations need.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace").to_path_buf()
}

/// Resolves a path given on the command line (relative to where the command was run) and
/// shows it relative to the project root when it is inside it.
fn resolve(path: &Path, cwd: &Path, root: &Path, default: &str) -> PathBuf {
    if path == Path::new(default) {
        return PathBuf::from(default);
    }
    let absolute = cwd.join(path);
    absolute.strip_prefix(root).map(Path::to_path_buf).unwrap_or(absolute)
}

fn codegen_command(args: CodegenArgs) -> ExitCode {
    let root = project_root();
    let cwd = std::env::current_dir().unwrap_or_else(|_| root.clone());
    let options = codegen::Options {
        providers: resolve(&args.providers, &cwd, &root, "providers"),
        out: resolve(&args.out, &cwd, &root, "generated"),
        check: args.check,
        overwrite: args.overwrite,
        overrides: SettingsOverrides {
            platform_name: args.platform_name,
            docs_base_url: args.docs_base_url,
            schema_base_url: args.schema_base_url,
            guide_flavor: args.guide_flavor.map(|f| match f {
                Flavor::Gfm => GuideFlavor::Gfm,
                Flavor::Mdx => GuideFlavor::Mdx,
            }),
            assets_base_url: args.assets_base_url,
        },
    };
    if let Err(error) = std::env::set_current_dir(&root) {
        eprintln!("error: cannot enter the project root {}: {error}", root.display());
        return ExitCode::from(2);
    }
    if args.in_memory {
        return in_memory_command(&options, args.format, args.timings);
    }
    let run = codegen::run(&options);
    let diagnostics = &run.loaded.diagnostics;
    print_diagnostics(&run.loaded, args.format, run.succeeded(options.check));
    for error in &run.emit_errors {
        eprintln!("error: generating the {} output failed: {}", error.emitter, error.message);
    }
    if let Some(error) = &run.io_error {
        eprintln!("error: cannot write {}: {error}", options.out.display());
    }
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    let millis = run.elapsed.as_secs_f64() * 1000.0;
    if let Some(plan) = &run.plan {
        for path in &plan.foreign {
            eprintln!("note: {}: not written by codegen, left as it is", options.out.join(path).display());
        }
        for path in &plan.conflicts {
            eprintln!(
                "error: {} was not written by codegen, which generates a file at this path",
                options.out.join(path).display()
            );
        }
        if plan.is_refused() {
            eprintln!(
                "  = help: move the file(s) away, or run with `--overwrite` to replace them with the generated ones"
            );
        }
    }
    match &run.plan {
        Some(plan) if plan.is_refused() && !options.check => eprintln!(
            "codegen: {} providers read, {} file(s) in the way; nothing was written",
            run.loaded.providers_read,
            plan.conflicts.len()
        ),
        Some(plan) if options.check => {
            if !plan.changes.is_empty() {
                eprint!("{}", codegen::write::describe(&options.out, plan));
                eprintln!(
                    "error: {} generated file(s) are out of date; run `cargo xtask codegen` and commit the result",
                    plan.changes.len()
                );
            }
            eprintln!(
                "codegen --check: {} providers read, {} up to date, {} stale, {} left alone, {warnings} warning(s), {millis:.0} ms",
                run.loaded.providers_read,
                plan.unchanged,
                plan.changes.len(),
                plan.foreign.len()
            );
        }
        Some(plan) => {
            let removed = plan.changes.iter().filter(|c| matches!(c, codegen::write::Change::Delete { .. })).count();
            eprintln!(
                "codegen: {} providers read, {} written, {} unchanged, {removed} removed, {} left alone, {warnings} warning(s), {millis:.0} ms",
                run.loaded.providers_read,
                plan.changes.len() - removed,
                plan.unchanged,
                plan.foreign.len()
            );
        }
        None => eprintln!(
            "codegen: {} providers read, {errors} error(s), {warnings} warning(s); nothing was written",
            run.loaded.providers_read
        ),
    }
    if args.timings {
        print_timings(&run.timings);
    }
    let code = if run.succeeded(options.check) { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    // The run holds the registry and every generated file, and the process ends now: freeing
    // them one allocation at a time would cost a large registry's run a tenth of its time.
    std::mem::forget(run);
    code
}

/// `codegen --in-memory`: every output generated and held, nothing compared or written.
fn in_memory_command(options: &codegen::Options, format: Format, timings: bool) -> ExitCode {
    let started = std::time::Instant::now();
    let generation = codegen::generate(&options.providers, &options.overrides);
    let generated = match &generation.files {
        Some(Ok(files)) => Some(files.len()),
        _ => None,
    };
    print_diagnostics(&generation.loaded, format, generated.is_some());
    for error in generation.files.iter().flat_map(|files| files.as_ref().err()).flatten() {
        eprintln!("error: generating the {} output failed: {}", error.emitter, error.message);
    }
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    match generated {
        Some(files) => eprintln!(
            "codegen --in-memory: {} providers read, {files} files generated and held, nothing written, {millis:.0} ms",
            generation.loaded.providers_read
        ),
        None => {
            eprintln!("codegen --in-memory: {} providers read, nothing generated", generation.loaded.providers_read)
        }
    }
    if timings {
        print_timings(&generation.timings);
    }
    let code = if generated.is_some() { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    // As `codegen_command` does: the process ends now, and freeing would cost it a tenth.
    std::mem::forget(generation);
    code
}

fn print_diagnostics(loaded: &codegen::load::Loaded, format: Format, ok: bool) {
    match format {
        // Rendered into one text, written at once: standard error is not buffered, and a large
        // registry has hundreds of diagnostics.
        Format::Human => {
            let text = render_human_all(&loaded.diagnostics, |file| loaded.sources.get(file).map(String::as_str));
            std::io::stderr().lock().write_all(text.as_bytes()).expect("printing to standard error");
        }
        Format::Github => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            for diagnostic in &loaded.diagnostics {
                writeln!(out, "{}", render_github(diagnostic)).expect("printing to standard output");
            }
            out.flush().expect("printing to standard output");
        }
        Format::Json => {
            let document = serde_json::json!({ "diagnostics": loaded.diagnostics, "ok": ok });
            println!("{document}");
        }
    }
}

fn print_timings(timings: &[(&'static str, std::time::Duration)]) {
    let stages: Vec<String> =
        timings.iter().map(|(stage, took)| format!("{stage} {:.1} ms", took.as_secs_f64() * 1000.0)).collect();
    eprintln!("timings: {}", stages.join(", "));
}

fn preview_command(providers: &Path, out: &Path) -> ExitCode {
    let root = project_root();
    let cwd = std::env::current_dir().unwrap_or_else(|_| root.clone());
    let providers = if providers == Path::new("providers") { root.join("providers") } else { cwd.join(providers) };
    let out = cwd.join(out);
    match preview::run(&preview::Preview { root: &root, providers: &providers, out: &out }) {
        Ok(pages) => {
            eprintln!("preview: {pages} provider pages; open {}", out.join("index.html").display());
            ExitCode::SUCCESS
        }
        Err(preview::Failure::Message(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
        Err(preview::Failure::Codegen(run)) => {
            let loaded = &run.loaded;
            eprint!("{}", render_human_all(&loaded.diagnostics, |file| loaded.sources.get(file).map(String::as_str)));
            for error in &run.emit_errors {
                eprintln!("error: generating the {} output failed: {}", error.emitter, error.message);
            }
            eprintln!("error: the providers do not validate; nothing was written");
            ExitCode::FAILURE
        }
    }
}

fn import_nango_command(source: &Path, out: &Path, guides: Option<&Path>, format: Format) -> ExitCode {
    let report = match codegen::import_nango::import(source, out, guides) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    match format {
        Format::Json => println!("{}", serde_json::to_string(&report).expect("the report is JSON")),
        Format::Human | Format::Github => print!("{}", report.to_human()),
    }
    // Defects are expected in a real registry: the import itself succeeded.
    if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn new_command(id: &str, providers: &Path) -> ExitCode {
    let providers =
        if providers == Path::new("providers") { project_root().join("providers") } else { providers.to_path_buf() };
    match codegen::scaffold::new_provider(&providers, id) {
        Ok(path) => {
            println!("created {}", path.display());
            println!("next: replace each TODO, then run `cargo xtask codegen`");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
