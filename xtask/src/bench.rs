//! `cargo xtask bench`: how long `cargo xtask codegen` takes, and how much memory it needs, on
//! synthetic registries of seed-sized providers (copies of the providers that have a guide, as
//! the seeds do) and on any folder given with `--providers`.
//!
//! Each measurement runs this same binary's `codegen` as a child process, timed by the wall
//! clock, its peak memory read from the kernel (`wait4`'s `ru_maxrss`), so the figures are those
//! of the command users run, nothing in-process.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// One row of the table.
struct Measurement {
    label: String,
    providers: usize,
    yaml_bytes: u64,
    generate_ms: f64,
    generate_mb: f64,
    check_ms: f64,
    check_mb: f64,
    package: PackageSizes,
}

/// Sizes in bytes of the generated npm package's modules a page loads.
#[derive(Default)]
struct PackageSizes {
    /// The largest provider module: what a page that shows one form loads besides `load.js`.
    largest_provider: u64,
    /// The median provider module.
    median_provider: u64,
    /// `load.js`, the map of provider ids to dynamic imports behind `loadProvider`.
    loader: u64,
    /// `catalog.js`, the `providers` list, loaded only by a page that lists providers.
    catalog: u64,
}

impl PackageSizes {
    fn of(out: &Path) -> PackageSizes {
        let size = |path: PathBuf| std::fs::metadata(path).map_or(0, |m| m.len());
        let npm = out.join(codegen::emit::NPM_PACKAGE_DIR);
        let mut modules: Vec<u64> =
            std::fs::read_dir(npm.join("providers")).into_iter().flatten().flatten().map(|e| size(e.path())).collect();
        modules.sort_unstable();
        PackageSizes {
            largest_provider: modules.last().copied().unwrap_or(0),
            median_provider: modules.get(modules.len() / 2).copied().unwrap_or(0),
            loader: size(npm.join("load.js")),
            catalog: size(npm.join("catalog.js")),
        }
    }
}

/// A providers folder to measure besides the synthetic registries.
pub struct Extra<'a> {
    pub folder: &'a Path,
    /// Measure the folder's providers copied under new ids up to this many, instead of as is.
    pub copies_up_to: Option<usize>,
}

pub fn run(
    sizes: &[usize],
    extra: Option<Extra>,
    seeds: &Path,
    repeat: usize,
    scratch: Option<&Path>,
) -> Result<(), String> {
    // Output goes where `--scratch` says: creating thousands of files costs what the file system
    // makes it cost, so a memory-backed folder measures the generator alone.
    let scratch = match scratch {
        Some(dir) => tempfile::tempdir_in(dir),
        None => tempfile::tempdir(),
    }
    .map_err(|e| e.to_string())?;
    let guided = guided_seeds(seeds)?;
    let mut rows = Vec::new();
    for &count in sizes {
        let providers = scratch.path().join(format!("registry-{count}"));
        let bytes = synthesize(&providers, seeds, &guided, count)?;
        rows.push(measure(&format!("{count} synthetic"), &providers, count, bytes, scratch.path(), repeat)?);
    }
    if let Some(Extra { folder, copies_up_to }) = extra {
        let label = folder.display().to_string();
        match copies_up_to {
            None => {
                let (count, bytes) = (seed_files_count(folder)?, yaml_bytes(folder)?);
                rows.push(measure(&label, folder, count, bytes, scratch.path(), repeat)?);
            }
            Some(count) => {
                let providers = scratch.path().join("registry-copies");
                let bytes = synthesize(&providers, folder, &seed_files(folder)?, count)?;
                let label = format!("{label}, copied up to {count}");
                rows.push(measure(&label, &providers, count, bytes, scratch.path(), repeat)?);
            }
        }
    }
    println!(
        "| registry | providers | YAML | codegen (empty folder) | peak memory | --check (fresh folder) | peak memory |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for row in &rows {
        println!(
            "| {} | {} | {:.1} MB | {:.0} ms | {:.0} MB | {:.0} ms | {:.0} MB |",
            row.label,
            row.providers,
            row.yaml_bytes as f64 / 1e6,
            row.generate_ms,
            row.generate_mb,
            row.check_ms,
            row.check_mb
        );
    }
    println!();
    println!(
        "npm package, unminified: what a connect page loads (one provider's module and `load.js`), and the catalog"
    );
    println!();
    println!(
        "| registry | providers | provider module, median | provider module, largest | `load.js` | `catalog.js` |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let kb = |bytes: u64| bytes as f64 / 1000.0;
    for row in &rows {
        let sizes = &row.package;
        println!(
            "| {} | {} | {:.1} KB | {:.1} KB | {:.1} KB | {:.1} KB |",
            row.label,
            row.providers,
            kb(sizes.median_provider),
            kb(sizes.largest_provider),
            kb(sizes.loader),
            kb(sizes.catalog)
        );
    }
    Ok(())
}

fn seed_files(seeds: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(seeds)
        .map_err(|e| format!("cannot read {}: {e}", seeds.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") && !p.ends_with(codegen::load::SETTINGS_FILE))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no provider files in {}", seeds.display()));
    }
    Ok(files)
}

fn seed_files_count(folder: &Path) -> Result<usize, String> {
    Ok(seed_files(folder)?.len())
}

fn yaml_bytes(folder: &Path) -> Result<u64, String> {
    Ok(seed_files(folder)?.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum())
}

/// "Seed-sized" providers: those written like the seeds, guide included.
fn guided_seeds(seeds: &Path) -> Result<Vec<PathBuf>, String> {
    let guided: Vec<PathBuf> = seed_files(seeds)?
        .into_iter()
        .filter(|path| std::fs::read_to_string(path).is_ok_and(|text| text.contains("\nguide:")))
        .collect();
    if guided.is_empty() {
        return Err(format!("no provider with a guide in {}", seeds.display()));
    }
    Ok(guided)
}

/// A registry of `count` seed-sized providers in `out`.
pub fn synthesize_guided(out: &Path, seeds: &Path, count: usize) -> Result<u64, String> {
    synthesize(out, seeds, &guided_seeds(seeds)?, count)
}

/// A registry of `count` providers, copies of the seeds under new ids.
fn synthesize(out: &Path, seeds: &Path, seed_files: &[PathBuf], count: usize) -> Result<u64, String> {
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    std::fs::copy(seeds.join(codegen::load::SETTINGS_FILE), out.join(codegen::load::SETTINGS_FILE))
        .map_err(|e| e.to_string())?;
    let mut bytes = 0;
    for index in 0..count {
        let seed = &seed_files[index % seed_files.len()];
        let stem = seed.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let text = std::fs::read_to_string(seed).map_err(|e| e.to_string())?;
        bytes += text.len() as u64;
        std::fs::write(out.join(format!("{stem}-{index:05}.yaml")), text).map_err(|e| e.to_string())?;
    }
    Ok(bytes)
}

fn measure(
    label: &str,
    providers: &Path,
    count: usize,
    yaml_bytes: u64,
    scratch: &Path,
    repeat: usize,
) -> Result<Measurement, String> {
    let mut best = (f64::MAX, 0.0, f64::MAX, 0.0);
    let mut package = PackageSizes::default();
    for attempt in 0..repeat.max(1) {
        let out = scratch.join(format!("out-{count}-{attempt}"));
        let (generate_ms, generate_mb) = run_codegen(providers, &out, false)?;
        let (check_ms, check_mb) = run_codegen(providers, &out, true)?;
        if attempt == 0 {
            package = PackageSizes::of(&out);
        }
        if generate_ms < best.0 {
            best.0 = generate_ms;
            best.1 = generate_mb;
        }
        if check_ms < best.2 {
            best.2 = check_ms;
            best.3 = check_mb;
        }
        let _ = std::fs::remove_dir_all(&out);
    }
    Ok(Measurement {
        label: label.to_owned(),
        providers: count,
        yaml_bytes,
        generate_ms: best.0,
        generate_mb: best.1,
        check_ms: best.2,
        check_mb: best.3,
        package,
    })
}

/// Runs `xtask codegen` as a child; returns its wall time in ms and its peak memory in MB.
fn run_codegen(providers: &Path, out: &Path, check: bool) -> Result<(f64, f64), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut command = Command::new(exe);
    command.arg("codegen").arg("--providers").arg(providers).arg("--out").arg(out);
    if check {
        command.arg("--check");
    }
    let started = Instant::now();
    let child = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().map_err(|e| e.to_string())?;
    let (status, max_rss_kb) = wait_with_rusage(child.id())?;
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    if status != 0 {
        return Err(format!(
            "codegen {} exited with {status} on {}",
            if check { "--check" } else { "" },
            providers.display()
        ));
    }
    Ok((elapsed, max_rss_kb as f64 / 1024.0))
}

/// Waits for a child and returns its exit code and peak resident memory in KiB.
fn wait_with_rusage(pid: u32) -> Result<(i32, i64), String> {
    let mut status = 0;
    // SAFETY: `rusage` is plain data that `wait4` fills; the pid is our own child's.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let result = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    if result < 0 {
        return Err(std::io::Error::last_os_error().to_string());
    }
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    Ok((code, usage.ru_maxrss))
}
