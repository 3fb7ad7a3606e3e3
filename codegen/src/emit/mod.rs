//! The emitters: each takes the checked registry and returns files, never touching the disk.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::registry::Registry;

pub mod definition_schema;
pub mod guides;
pub mod json_schema;
pub mod rust_crate;

/// One generated file, its path relative to the output folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
}

impl OutputFile {
    pub fn new(path: impl Into<PathBuf>, contents: impl Into<String>) -> Self {
        OutputFile { path: path.into(), contents: contents.into() }
    }
}

/// A generation failure: a bug in an emitter or a template, never a problem of the input (the
/// validator has refused those already).
#[derive(Debug)]
pub struct EmitError {
    pub emitter: &'static str,
    pub message: String,
}

/// An emitter: the checked registry in, files out.
type Emitter = fn(&Registry) -> Result<Vec<OutputFile>, EmitError>;

/// Every emitter, with the name `cargo xtask codegen --timings` shows it under.
const EMITTERS: [(&str, Emitter); 4] = [
    ("definition schema", definition_schema::emit),
    ("guides", guides::emit),
    ("JSON Schemas", json_schema::emit),
    ("Rust crate", rust_crate::emit),
];

/// Runs every emitter over the registry; the files come sorted by path. Each emitter's wall time
/// is added to `timings`.
pub fn emit_all(
    registry: &Registry,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Result<Vec<OutputFile>, Vec<EmitError>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for (name, emit) in EMITTERS {
        let started = Instant::now();
        match emit(registry) {
            Ok(mut emitted) => files.append(&mut emitted),
            Err(error) => errors.push(error),
        }
        timings.push((name, started.elapsed()));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Pretty JSON with a trailing newline, as every JSON file here is written.
pub fn json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values serialize");
    text.push('\n');
    text
}
