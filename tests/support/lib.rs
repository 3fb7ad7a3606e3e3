//! Helpers shared by the integration tests in `tests/`: those of `common.rs`, which the tests
//! inside `codegen` share too, and the ones only these tests need.

use std::path::{Path, PathBuf};

use codegen::load::SettingsOverrides;
use codegen::{run, Options, Run};

mod common;

pub use common::*;

/// The project root (where `providers/` and `generated/` are).
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The Rust files below `out` that `syn` cannot parse, with the reason: the generator writes the
/// files that grow with the registry as text, so every test that generates checks them.
pub fn unparsable_rust_files(out: &Path) -> Vec<String> {
    files_below(out)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .filter_map(|path| {
            let text = std::fs::read_to_string(out.join(&path)).expect("read a generated file");
            syn::parse_file(&text).err().map(|error| format!("{}: {error}", path.display()))
        })
        .collect()
}

/// Every file below `dir`, relative to it, sorted.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                out.push(path.strip_prefix(base).expect("below base").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
