//! Helpers shared by the integration tests in `tests/`.

use std::path::{Path, PathBuf};

use codegen::load::SettingsOverrides;

/// The project root (where `providers/` and `generated/` are).
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, read in place at test time, never copied into the project.
pub fn shared_dir() -> PathBuf {
    project_root().join("../shared")
}

/// The registry's own providers folder.
pub fn providers_dir() -> PathBuf {
    project_root().join("providers")
}

/// A scratch copy of the registry's providers folder (YAML files and `_registry.yaml`), to
/// mutate freely.
pub fn scratch_providers() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for entry in std::fs::read_dir(providers_dir()).expect("providers/ exists").flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy a provider file");
        }
    }
    dir
}

/// Runs the whole pipeline (load, validate, generate, write or check) as `cargo xtask codegen` does.
pub fn run_codegen(providers: &Path, out: &Path, check: bool, overrides: SettingsOverrides) -> codegen::Run {
    codegen::run(&codegen::Options {
        providers: providers.to_path_buf(),
        out: out.to_path_buf(),
        check,
        overwrite: false,
        overrides,
    })
}

/// Overrides that pin the platform name the seeds were written with.
pub fn nango_overrides() -> SettingsOverrides {
    SettingsOverrides { platform_name: Some("Nango".into()), ..SettingsOverrides::default() }
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

/// Where cargo builds: the workspace's target folder unless `CARGO_TARGET_DIR` says otherwise.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| project_root().join("target"), PathBuf::from)
}

/// Runs `cargo <args>` offline, with warnings denied, on a crate generated into `out`. The
/// workspace's lockfile pins the dependencies to versions already downloaded, and all such runs
/// share one target folder, so the dependencies build once.
pub fn cargo_on_generated_crate(out: &Path, args: &[&str]) -> std::process::Output {
    std::fs::copy(project_root().join("Cargo.lock"), out.join("Cargo.lock")).expect("copy Cargo.lock");
    std::process::Command::new(env!("CARGO"))
        .args(args)
        .args(["--offline", "--quiet", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir().join("standalone-generated"))
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("cargo runs")
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
