//! `cargo xtask bench`: how long `cargo xtask codegen` takes, and how much memory it needs, on
//! synthetic registries of seed-sized providers (copies of the providers that have a guide, as
//! the seeds do) and on any folder given with `--providers`.
//!
//! Nango's sample registry is measured imported, with and without its connect guides: codegen
//! refuses a whole run when any provider has an error, so the providers it refuses are removed
//! first and the row says how many are left; those are also copied under new ids up to the 981
//! providers of Nango's whole registry.
//!
//! Each measurement runs this same binary's `codegen` as a child process, timed by the wall
//! clock, its peak memory read from the kernel (`wait4`'s `ru_maxrss`), so the figures are those
//! of the command users run, nothing in-process: into an empty folder, `--check` on the folder
//! just written, and `--in-memory`, where every output is generated and held but nothing is
//! compared or written (the generator's own cost, apart from the disk's).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// One row of the table.
struct Measurement {
    label: String,
    providers: usize,
    yaml_bytes: u64,
    /// The median of the runs, with the CPU time (user and system, on every core) and the peak
    /// memory of that run.
    in_memory_ms: f64,
    in_memory_cpu_ms: f64,
    in_memory_mb: f64,
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

/// Nango's registry to import and measure.
pub struct Nango<'a> {
    /// Its `providers.yaml`.
    pub sample: &'a Path,
    /// Its connect guides (`<provider-id>.mdx`), measured as a row of their own.
    pub guides: &'a Path,
}

/// The providers of Nango's whole registry, of which `../shared` holds a sample.
const NANGO_PROVIDERS: usize = 981;

pub fn run(
    sizes: &[usize],
    extra: Option<Extra>,
    nango: Option<Nango>,
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
    if let Some(nango) = nango {
        for guides in [None, Some(nango.guides)] {
            let folder = scratch.path().join(if guides.is_some() { "nango-with-guides" } else { "nango" });
            let (imported, kept) = import_passing(nango.sample, guides, &folder)?;
            let with = if guides.is_some() { ", with its guides" } else { "" };
            let label = format!("Nango sample imported{with}: the {kept} of {imported} codegen accepts");
            rows.push(measure(&label, &folder, kept, yaml_bytes(&folder)?, scratch.path(), repeat)?);
            let copies = scratch.path().join(format!("{}-copies", folder.display()));
            let bytes = synthesize(&copies, &folder, &seed_files(&folder)?, NANGO_PROVIDERS)?;
            let label = format!("the same {kept}{with}, copied up to Nango's {NANGO_PROVIDERS}");
            rows.push(measure(&label, &copies, NANGO_PROVIDERS, bytes, scratch.path(), repeat)?);
        }
    }
    println!(
        "| registry | providers | YAML | in memory (median) | its CPU time | peak memory | codegen (empty folder) | peak memory | --check (fresh folder) | peak memory |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in &rows {
        println!(
            "| {} | {} | {:.1} MB | {:.1} ms | {:.1} ms | {:.0} MB | {:.0} ms | {:.0} MB | {:.0} ms | {:.0} MB |",
            row.label,
            row.providers,
            row.yaml_bytes as f64 / 1e6,
            row.in_memory_ms,
            row.in_memory_cpu_ms,
            row.in_memory_mb,
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

/// Imports Nango's registry into `folder` and removes the providers codegen refuses, until it
/// accepts the rest (a registry-wide rule can refuse a provider only beside another); returns
/// how many providers were imported and how many are left.
fn import_passing(sample: &Path, guides: Option<&Path>, folder: &Path) -> Result<(usize, usize), String> {
    let report = codegen::import_nango::import(sample, folder, guides)?;
    for _ in 0..report.providers.len() {
        let loaded = codegen::load::load(folder, &Default::default());
        if !loaded.has_errors() {
            return Ok((report.providers.len(), seed_files_count(folder)?));
        }
        let refused: BTreeSet<&Path> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == codegen::diagnostics::Severity::Error)
            .map(|d| d.file.as_path())
            .collect();
        for file in refused {
            if file.parent() != Some(folder) || file.ends_with(codegen::load::SETTINGS_FILE) {
                return Err(format!("codegen refuses {} of the imported registry", file.display()));
            }
            std::fs::remove_file(file).map_err(|e| format!("cannot remove {}: {e}", file.display()))?;
        }
    }
    Err(format!("codegen refuses every provider imported into {}", folder.display()))
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
    // The in-memory runs come first and back to back, after one run that is not counted (it
    // reads the registry into the page cache, as a run after an edit finds it): a run right
    // after a written output shares the two cores with the kernel flushing that output to disk.
    let never_written = scratch.join(format!("out-{count}-in-memory"));
    run_codegen(providers, &never_written, Mode::InMemory)?;
    let mut in_memory = (0..repeat.max(1))
        .map(|_| run_codegen(providers, &never_written, Mode::InMemory))
        .collect::<Result<Vec<_>, _>>()?;
    for attempt in 0..repeat.max(1) {
        let out = scratch.join(format!("out-{count}-{attempt}"));
        let Run { wall_ms: generate_ms, peak_mb: generate_mb, .. } = run_codegen(providers, &out, Mode::Write)?;
        let Run { wall_ms: check_ms, peak_mb: check_mb, .. } = run_codegen(providers, &out, Mode::Check)?;
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
    in_memory.sort_by(|a, b| a.wall_ms.total_cmp(&b.wall_ms));
    let median = &in_memory[in_memory.len() / 2];
    Ok(Measurement {
        label: label.to_owned(),
        providers: count,
        yaml_bytes,
        in_memory_ms: median.wall_ms,
        in_memory_cpu_ms: median.cpu_ms,
        in_memory_mb: median.peak_mb,
        generate_ms: best.0,
        generate_mb: best.1,
        check_ms: best.2,
        check_mb: best.3,
        package,
    })
}

/// What a measured run of `codegen` does with the output folder.
#[derive(Clone, Copy)]
enum Mode {
    Write,
    Check,
    /// Nothing: `--in-memory`.
    InMemory,
}

/// What the kernel says a run of the child took.
struct Run {
    wall_ms: f64,
    cpu_ms: f64,
    peak_mb: f64,
}

/// Runs `xtask codegen` as a child and measures it.
fn run_codegen(providers: &Path, out: &Path, mode: Mode) -> Result<Run, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut command = Command::new(exe);
    command.arg("codegen").arg("--providers").arg(providers).arg("--out").arg(out);
    let flag = match mode {
        Mode::Write => "",
        Mode::Check => "--check",
        Mode::InMemory => "--in-memory",
    };
    if !flag.is_empty() {
        command.arg(flag);
    }
    let started = Instant::now();
    let child = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().map_err(|e| e.to_string())?;
    let (status, usage) = wait_with_rusage(child.id())?;
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    if status != 0 {
        return Err(format!("codegen {flag} exited with {status} on {}", providers.display()));
    }
    let millis = |time: libc::timeval| time.tv_sec as f64 * 1000.0 + time.tv_usec as f64 / 1000.0;
    Ok(Run {
        wall_ms,
        cpu_ms: millis(usage.ru_utime) + millis(usage.ru_stime),
        peak_mb: usage.ru_maxrss as f64 / 1024.0,
    })
}

/// Waits for a child and returns its exit code and resource usage.
fn wait_with_rusage(pid: u32) -> Result<(i32, libc::rusage), String> {
    let mut status = 0;
    // SAFETY: `rusage` is plain data that `wait4` fills; the pid is our own child's.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let result = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    if result < 0 {
        return Err(std::io::Error::last_os_error().to_string());
    }
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 };
    Ok((code, usage))
}
