//! The provider registry's code generator.
//!
//! The pipeline, one module a stage: `load` reads every provider file (`read` keeps spans and
//! checks keys and types against the schema of [`model`], `check` checks the rules, `lower`
//! builds the checked [`registry`]); each emitter of [`emit`] turns the registry into files;
//! [`write`] alone touches the output folder. Problems are collected as [`diagnostics`] and
//! reported all at once; nothing is written when any file has an error. Each stage imports only
//! the stages before it and the shared model.
//!
//! The public API is what the command line and other tools need: [`run`] with its [`Options`]
//! and [`Run`]; [`generate`] for a run held in memory, with nothing written; the provider
//! format ([`model`]) and the checked model ([`registry`]), the input of an emitter; the
//! diagnostics and their renderers; the writer's plan; [`import_nango::import`] and
//! [`scaffold::new_provider`]. Reading, checking, lowering and each emitter are private, and
//! are tested inside the crate.

mod check;
pub mod diagnostics;
pub mod emit;
mod formats;
pub mod import_nango;
mod import_nango_guides;
mod inline_markdown;
mod json_strings;
pub mod load;
mod lower;
pub mod model;
mod read;
pub mod registry;
pub mod scaffold;
mod template;
#[cfg(test)]
mod tests;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What `cargo xtask codegen` is asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    pub providers: PathBuf,
    pub out: PathBuf,
    /// Compare with the output folder instead of writing.
    pub check: bool,
    /// Replace files at generated paths that codegen did not write (otherwise the run refuses).
    pub overwrite: bool,
    pub overrides: load::SettingsOverrides,
}

/// Everything a run found and did, for the command line to report.
pub struct Run {
    pub loaded: load::Loaded,
    /// Failures of the generator itself (the input was valid).
    pub emit_errors: Vec<emit::EmitError>,
    /// The difference between the generated files and the output folder, once computed.
    pub plan: Option<write::Plan>,
    pub io_error: Option<std::io::Error>,
    pub elapsed: Duration,
    /// The wall time of each stage that ran, in order, for `--timings`.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Run {
    /// Whether the run succeeded: valid input, generation worked, and in check mode nothing is stale.
    pub fn succeeded(&self, check: bool) -> bool {
        !self.loaded.has_errors()
            && self.emit_errors.is_empty()
            && self.io_error.is_none()
            && self.plan.as_ref().is_some_and(|plan| !plan.is_refused() && (!check || plan.changes.is_empty()))
    }
}

/// Every output of a registry, generated and held in memory.
pub struct Generation {
    pub loaded: load::Loaded,
    /// The generated files, sorted by path, or the generator's own failures; `None` when the
    /// input has errors.
    pub files: Option<Result<Vec<emit::OutputFile>, Vec<emit::EmitError>>>,
    /// The wall time of each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Loads, validates and generates every output, touching no output folder: what [`run`] does
/// before it compares and writes, and what `cargo xtask bench` times as the generator's own cost.
pub fn generate(providers: &Path, overrides: &load::SettingsOverrides) -> Generation {
    on_worker(|| generate_on_worker(providers, overrides))
}

/// Runs `work` on one of rayon's worker threads (`scope` moves it there): the steps between the
/// parallel ones (collecting the providers, the registry-wide checks, merging the emitters'
/// files, planning the writes) then allocate from a heap the parallel steps have warmed, where
/// the calling thread's would first need fresh pages, which the kernel zeroes while the other
/// core waits.
fn on_worker<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    rayon::scope(|_| work())
}

fn generate_on_worker(providers: &Path, overrides: &load::SettingsOverrides) -> Generation {
    let started = Instant::now();
    let loaded = load::load(providers, overrides);
    let mut timings = vec![("load and validate", started.elapsed())];
    let files = loaded.registry.as_ref().map(|registry| emit::emit_all(registry, &mut timings));
    Generation { loaded, files, timings }
}

/// Loads, validates, generates and (unless checking) writes.
pub fn run(options: &Options) -> Run {
    on_worker(|| run_on_worker(options))
}

fn run_on_worker(options: &Options) -> Run {
    let started = Instant::now();
    let Generation { loaded, files, timings } = generate_on_worker(&options.providers, &options.overrides);
    let mut run = Run { loaded, emit_errors: Vec::new(), plan: None, io_error: None, elapsed: Duration::ZERO, timings };
    match files {
        None => {}
        Some(Err(errors)) => run.emit_errors = errors,
        Some(Ok(files)) => {
            let compared = Instant::now();
            let plan = write::plan(&options.out, files, options.overwrite);
            run.timings.push(("compare with the output folder", compared.elapsed()));
            match plan {
                Err(error) => run.io_error = Some(error),
                Ok(plan) => {
                    if !options.check && !plan.is_refused() {
                        let written = Instant::now();
                        run.io_error = write::apply(&options.out, &plan).err();
                        run.timings.push(("write", written.elapsed()));
                    }
                    run.plan = Some(plan);
                }
            }
        }
    }
    run.elapsed = started.elapsed();
    run
}
