//! `cargo xtask bench-compile`: what the generated crate costs a back end to compile, against the
//! straightforward generation of the same providers, in one run.
//!
//! Both crates are built as a back end builds a path dependency: a debug build with the default
//! profile (incremental compilation on), the dependencies already built, the crate alone rebuilt
//! after `cargo clean -p`. The straightforward crate has, per provider, a serde-derived
//! `ConnectionConfig` and `Credentials` pair and a lazily compiled regex per pattern, with a
//! `validate` function that uses them. The registry is the synthetic one of `cargo xtask bench`:
//! copies of the providers written like the seeds.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use codegen::registry::Group;
use codegen::registry::{CheckedProvider, Registry};

pub fn run(count: usize, runs: usize, seeds: &Path, root: &Path) -> Result<(), String> {
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let providers = scratch.path().join("providers");
    crate::bench::synthesize_guided(&providers, seeds, count)?;
    let ours = scratch.path().join("generated");
    let run = codegen::run(&codegen::Options {
        providers: providers.clone(),
        out: ours.clone(),
        check: false,
        overwrite: false,
        overrides: Default::default(),
    });
    let registry = run.loaded.registry.as_ref().ok_or("the synthetic registry does not validate")?;
    if !run.succeeded(false) {
        return Err(format!("generation failed: {:?} {:?}", run.emit_errors, run.io_error));
    }
    let straightforward = scratch.path().join("straightforward");
    write_straightforward_crate(registry, &straightforward)?;
    let target = scratch.path().join("target");
    for dir in [&ours, &straightforward] {
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    }
    let ours_seconds = best_build(&ours, "provider-registry", &target, runs)?;
    let straightforward_seconds = best_build(&straightforward, "straightforward-registry", &target, runs)?;
    println!(
        "{count} providers, debug build of the crate alone after `cargo clean -p`, incremental on, best of {runs}:"
    );
    println!(
        "  generated crate:        {ours_seconds:6.2} s ({:.1} ms per provider)",
        ours_seconds * 1000.0 / count as f64
    );
    println!(
        "  straightforward crate:  {straightforward_seconds:6.2} s ({:.1} ms per provider)",
        straightforward_seconds * 1000.0 / count as f64
    );
    println!("  ratio: {:.1}x", straightforward_seconds / ours_seconds);
    Ok(())
}

/// Builds the crate once (its dependencies with it), then `runs` times after `cargo clean -p`,
/// and returns the fastest of those builds in seconds.
fn best_build(manifest_dir: &Path, package: &str, target: &Path, runs: usize) -> Result<f64, String> {
    let cargo = |args: &[&str]| {
        let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(args)
            .args(["--quiet", "--offline", "--manifest-path"])
            .arg(manifest_dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", target)
            .env_remove("CARGO_INCREMENTAL")
            .env_remove("RUSTFLAGS")
            .status()
            .map_err(|e| e.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("cargo {} failed in {}", args.join(" "), manifest_dir.display()))
        }
    };
    cargo(&["build"])?;
    let mut best = f64::INFINITY;
    for _ in 0..runs.max(1) {
        cargo(&["clean", "-p", package])?;
        let started = Instant::now();
        cargo(&["build"])?;
        best = best.min(started.elapsed().as_secs_f64());
    }
    Ok(best)
}

/// The straightforward generation: per provider, a serde-derived struct pair, a lazily compiled
/// regex per pattern and a `validate` function that runs them.
fn write_straightforward_crate(registry: &Registry, dir: &Path) -> Result<(), String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| e.to_string())?;
    let manifest = "[package]\nname = \"straightforward-registry\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nregex = \"1.13.2\"\nserde = { version = \"1.0.229\", features = [\"derive\"] }\n";
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let mut lib = String::from("//! One module a provider.\n\n");
    for (index, provider) in registry.providers.iter().enumerate() {
        let module = format!("p{index:05}");
        writeln!(lib, "pub mod {module};").expect("a String takes writes");
        std::fs::write(src.join(format!("{module}.rs")), straightforward_module(provider))
            .map_err(|e| e.to_string())?;
    }
    std::fs::write(src.join("lib.rs"), lib).map_err(|e| e.to_string())
}

fn straightforward_module(provider: &CheckedProvider) -> String {
    let mut code =
        String::from("use std::sync::LazyLock;\n\nuse regex::Regex;\nuse serde::{Deserialize, Serialize};\n");
    let mut statics = String::new();
    let mut checks = String::new();
    for (group, type_name) in [(Group::ConnectionConfig, "ConnectionConfig"), (Group::Credentials, "Credentials")] {
        code.push_str(&format!("\n#[derive(Clone, Debug, Serialize, Deserialize)]\npub struct {type_name} {{\n"));
        for (index, field) in provider.fields.iter().filter(|f| f.group == group).enumerate() {
            let member = format!("f{index}");
            let optional = field.field.optional || field.field.visible_when.is_some();
            let ty = if optional { "Option<String>" } else { "String" };
            code.push_str(&format!("    #[serde(rename = {:?})]\n    pub {member}: {ty},\n", field.name));
            let Some(pattern) = &field.field.pattern else { continue };
            let regex = format!("{}_{}", group.section().to_uppercase(), index);
            statics.push_str(&format!(
                "static {regex}: LazyLock<Regex> = LazyLock::new(|| Regex::new({pattern:?}).expect(\"a pattern\"));\n"
            ));
            let value = format!("{}.{member}", group.section());
            let value = if optional { format!("{value}.as_deref()") } else { format!("Some({value}.as_str())") };
            checks.push_str(&format!(
                "    if !{value}.is_none_or(|v| {regex}.is_match(v)) {{\n        errors.push({:?});\n    }}\n",
                field.path()
            ));
        }
        code.push_str("}\n");
    }
    code.push('\n');
    code.push_str(&statics);
    code.push_str("\n/// The fields whose value fails its pattern.\n");
    code.push_str(
        "pub fn validate(connection_config: &ConnectionConfig, credentials: &Credentials) -> Vec<&'static str> {\n",
    );
    code.push_str("    let _ = (connection_config, credentials);\n    let mut errors = Vec::new();\n");
    code.push_str(&checks);
    code.push_str("    errors\n}\n");
    code
}
