//! The helpers both test suites need: the integration tests (`tests/support/lib.rs`) and the
//! tests inside `codegen` (`codegen/src/tests/support.rs`), which cannot depend on the
//! integration tests' library since it depends on `codegen`. Each includes this file as a
//! module and gives it, from its own scope, `project_root` and the pipeline's entry point
//! (`run`, `Options`, `Run`, `SettingsOverrides`).

use std::path::{Path, PathBuf};

use super::{project_root, run, Options, Run, SettingsOverrides};

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
pub fn run_codegen(providers: &Path, out: &Path, check: bool, overrides: SettingsOverrides) -> Run {
    run(&Options { providers: providers.to_path_buf(), out: out.to_path_buf(), check, overwrite: false, overrides })
}

/// Overrides that pin the platform name the seeds were written with.
pub fn nango_overrides() -> SettingsOverrides {
    SettingsOverrides { platform_name: Some("Nango".into()), ..SettingsOverrides::default() }
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
