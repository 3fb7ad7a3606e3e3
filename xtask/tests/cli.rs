//! The `xtask` binary end to end: how diagnostics are printed, and the exit code.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh folder under the system's temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let path = std::env::temp_dir().join(format!("xtask-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create a scratch folder");
        Scratch(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A provider with a misspelled key on line 5, next to the registry settings.
fn broken_providers(name: &str) -> Scratch {
    let dir = Scratch::new(name);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::copy(root.join("providers/_registry.yaml"), dir.path().join("_registry.yaml")).expect("copy settings");
    let provider = "display_name: Acme\nauth_mode: API_KEY\ndocs:\n  main: https://example.com/docs\n  mian: https://example.com\n";
    std::fs::write(dir.path().join("acme.yaml"), provider).expect("write a provider");
    dir
}

fn codegen(providers: &Path, out: &Path, format: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--providers"])
        .arg(providers)
        .arg("--out")
        .arg(out)
        .args(["--format", format])
        .output()
        .expect("run xtask")
}

#[test]
fn human_format_shows_the_source_line_a_caret_and_help() {
    let providers = broken_providers("human");
    let out = Scratch::new("human-out");
    let output = codegen(providers.path(), out.path(), "human");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let file = providers.path().join("acme.yaml");
    let expected = format!(
        "{}:5:3: error: unknown key `mian`\n  |\n5 |   mian: https://example.com\n  |   ^^^^\n  = help: did you mean `main`?\n",
        file.display()
    );
    assert!(stderr.contains(&expected), "stderr:\n{stderr}");
    assert_eq!(output.status.code(), Some(1));
    assert!(std::fs::read_dir(out.path()).expect("the output folder").next().is_none(), "something was written");
}

#[test]
fn github_format_annotates_the_line() {
    let providers = broken_providers("github");
    let out = Scratch::new("github-out");
    let output = codegen(providers.path(), out.path(), "github");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let file = providers.path().join("acme.yaml").display().to_string().replace(':', "%3A").replace(',', "%2C");
    let expected = format!("::error file={file},line=5,col=3::unknown key `mian`%0Ahelp: did you mean `main`?");
    assert!(stdout.lines().any(|l| l == expected), "stdout:\n{stdout}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn timings_name_every_stage_that_ran() {
    let out = Scratch::new("timings-out");
    let providers = Path::new(env!("CARGO_MANIFEST_DIR")).join("../providers");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--timings", "--providers"])
        .arg(&providers)
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("run xtask");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let timings = stderr.lines().find_map(|line| line.strip_prefix("timings: ")).expect("a timings line");
    let stages: Vec<&str> = timings
        .split(", ")
        .map(|stage| stage.rsplit_once(' ').and_then(|(s, _)| s.rsplit_once(' ')).unwrap().0)
        .collect();
    assert_eq!(
        stages,
        [
            "load and validate",
            "definition schema",
            "guides",
            "JSON Schemas and npm package",
            "Rust crate",
            "compare with the output folder",
            "write"
        ],
        "{stderr}"
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn bench_measures_synthetic_registries_and_copies_of_a_folder() {
    let scratch = Scratch::new("bench");
    let providers = Path::new(env!("CARGO_MANIFEST_DIR")).join("../providers");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["bench", "--sizes", "2", "--repeat", "1", "--no-nango", "--copies-up-to", "7", "--providers"])
        .arg(&providers)
        .arg("--scratch")
        .arg(scratch.path())
        .output()
        .expect("run xtask");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    let cells = |row: &'_ str| -> Vec<String> {
        row.split('|').map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned).collect()
    };
    let mut tables = stdout.split("\n\n");
    let rows: Vec<Vec<String>> = tables.next().expect("the timings").lines().skip(2).map(cells).collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    assert_eq!(rows[0][..2], ["2 synthetic", "2"]);
    assert!(rows[1][0].ends_with("providers, copied up to 7"), "{stdout}");
    assert_eq!(rows[1][1], "7");
    let sizes: Vec<Vec<String>> = tables.nth(1).expect("the package's sizes").lines().skip(2).map(cells).collect();
    assert_eq!(sizes.len(), 2, "{stdout}");
    for row in &sizes {
        let kilobytes: Vec<f64> = row[2..].iter().map(|c| c.trim_end_matches(" KB").parse().expect("a size")).collect();
        assert_eq!(kilobytes.len(), 4, "{stdout}");
        assert!(kilobytes.iter().all(|kb| *kb > 0.0), "{stdout}");
    }
}

#[test]
fn bench_measures_nangos_sample_imported_with_and_without_its_guides_and_in_memory() {
    let scratch = Scratch::new("bench-nango");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["bench", "--sizes", "1", "--repeat", "1", "--scratch"])
        .arg(scratch.path())
        .output()
        .expect("run xtask");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    let rows: Vec<Vec<&str>> = stdout
        .split("\n\n")
        .next()
        .expect("the timings")
        .lines()
        .skip(2)
        .map(|row| row.split('|').map(str::trim).filter(|c| !c.is_empty()).collect())
        .collect();
    let labels: Vec<&str> = rows.iter().map(|row| row[0]).collect();
    assert_eq!(labels.len(), 5, "{stdout}");
    assert!(labels[1].starts_with("Nango sample imported: the ") && labels[1].ends_with(" of 339 codegen accepts"));
    assert!(labels[2].ends_with(", copied up to Nango's 981"), "{stdout}");
    assert!(labels[3].starts_with("Nango sample imported, with its guides: the "), "{stdout}");
    let accepted: usize = rows[1][1].parse().expect("a count");
    assert!(accepted > 100 && accepted <= 339, "{stdout}");
    assert_eq!(rows[2][1], "981");
    assert_eq!(rows[4][1], "981");
    for row in &rows {
        let in_memory: f64 = row[3].trim_end_matches(" ms").parse().expect("a time");
        let cpu: f64 = row[4].trim_end_matches(" ms").parse().expect("a time");
        assert!(in_memory > 0.0 && cpu > 0.0, "{stdout}");
    }
}

#[test]
fn preview_without_node_says_so_in_one_line_and_writes_nothing() {
    let empty_path = Scratch::new("no-node-path");
    let out = Scratch::new("preview-out");
    let site = out.path().join("site");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("preview")
        .arg("--out")
        .arg(&site)
        .env("PATH", empty_path.path())
        .output()
        .expect("xtask runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: `cargo xtask preview` needs node"), "{stderr}");
    assert!(!site.exists(), "nothing is written");
}

#[test]
fn a_persons_file_in_the_way_is_refused_with_the_flag_to_proceed_and_others_are_noted() {
    let out = Scratch::new("persons-files");
    std::fs::write(out.path().join("Cargo.toml"), "[package]\nname = \"mine\"\n").expect("write a person's file");
    std::fs::write(out.path().join("NOTES.md"), "mine\n").expect("write a person's file");
    let providers = Path::new(env!("CARGO_MANIFEST_DIR")).join("../providers");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["codegen", "--providers"])
            .arg(&providers)
            .arg("--out")
            .arg(out.path())
            .args(extra)
            .output()
            .expect("run xtask")
    };
    let refused = run(&[]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    let cargo_toml = out.path().join("Cargo.toml");
    assert!(stderr.contains(&format!("error: {} was not written by codegen", cargo_toml.display())), "{stderr}");
    assert!(stderr.contains("`--overwrite`"), "{stderr}");
    assert!(stderr.contains(&format!("note: {}: not written by codegen", out.path().join("NOTES.md").display())));
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(std::fs::read_dir(out.path()).expect("the output folder").count(), 2, "something was written");

    let forced = run(&["--overwrite"]);
    assert_eq!(forced.status.code(), Some(0), "{}", String::from_utf8_lossy(&forced.stderr));
    assert_eq!(std::fs::read_to_string(out.path().join("NOTES.md")).expect("kept"), "mine\n");
}
