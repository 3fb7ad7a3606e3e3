//! The emitters: each takes the checked registry and returns files, never touching the disk.

use std::path::PathBuf;

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

/// Runs every emitter over the registry, sorted by path.
pub fn emit_all(registry: &Registry) -> Result<Vec<OutputFile>, Vec<EmitError>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let results: Vec<Result<Vec<OutputFile>, EmitError>> = vec![
        definition_schema::emit(registry),
        guides::emit(registry),
        json_schema::emit(registry),
        rust_crate::emit(registry),
    ];
    for result in results {
        match result {
            Ok(mut emitted) => files.append(&mut emitted),
            Err(error) => errors.push(error),
        }
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
