//! The corpus of provider files the validator must refuse (`tests/invalid/`) or accept with
//! exactly the warnings they declare (`tests/valid/`).
//!
//! Each case is a `<id>.yaml` file (the file name is the provider id) or a folder of them, for
//! rules that span files. Every file starts with the diagnostics it must produce, in order:
//!
//! ```text
//! # expect: 12:5: error: unknown key `descripton`
//! # help: did you mean `description`?
//! ```
//!
//! A `# help:` line checks the help of the expectation above it. The diagnostics of a file must
//! be exactly those declared. Each case runs through the whole pipeline, in write mode, into an
//! output folder holding sentinel files, which must come out byte for byte as they went in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::diagnostics::{Diagnostic, Severity};
use provider_registry_tests::{nango_overrides, project_root, run_codegen, unparsable_rust_files};

#[derive(Debug, PartialEq)]
struct Expected {
    line: usize,
    col: usize,
    severity: &'static str,
    message: String,
    help: Option<String>,
}

/// The expectations declared in a file's leading comments.
fn expectations(text: &str) -> Result<Vec<Expected>, String> {
    let mut expected: Vec<Expected> = Vec::new();
    for line in text.trim_start_matches('\u{feff}').lines().take_while(|l| l.starts_with('#')) {
        if let Some(rest) = line.strip_prefix("# expect: ") {
            let mut parts = rest.splitn(4, ": ");
            let (Some(position), Some(severity), Some(message)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(format!("malformed expectation `{line}`"));
            };
            // `splitn(4)` keeps a message holding `: ` whole only when rejoined.
            let message = match parts.next() {
                Some(tail) => format!("{message}: {tail}"),
                None => message.to_owned(),
            };
            let (line_no, col) = position.split_once(':').ok_or_else(|| format!("no `line:col` in `{line}`"))?;
            let severity = match severity {
                "error" => "error",
                "warning" => "warning",
                other => return Err(format!("unknown severity `{other}`")),
            };
            expected.push(Expected {
                line: line_no.parse().map_err(|_| format!("bad line in `{line}`"))?,
                col: col.parse().map_err(|_| format!("bad column in `{line}`"))?,
                severity,
                message,
                help: None,
            });
        } else if let Some(help) = line.strip_prefix("# help: ") {
            let last = expected.last_mut().ok_or_else(|| "`# help:` before any `# expect:`".to_string())?;
            last.help = Some(help.to_owned());
        }
    }
    Ok(expected)
}

fn actual(diagnostic: &Diagnostic, with_help: bool) -> Expected {
    Expected {
        line: diagnostic.line,
        col: diagnostic.col,
        severity: match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        },
        message: diagnostic.message.clone(),
        help: if with_help { diagnostic.help.clone() } else { None },
    }
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    provider_registry_tests::files_below(dir)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(dir.join(&path)).expect("read a snapshot file");
            (path, bytes)
        })
        .collect()
}

/// An output folder a run must leave alone: a sentinel, and a stale file where a generator
/// writes, which a write would replace.
fn sentinel_out() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(out.path().join("SENTINEL"), "must survive\n").expect("write the sentinel");
    std::fs::write(out.path().join("provider-definition.schema.json"), "stale\n").expect("write a stale file");
    out
}

/// The case's provider files: the file itself, or the YAML files of its folder.
fn case_files(case: &Path) -> Vec<PathBuf> {
    if case.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(case)
            .expect("read a case folder")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        files
    } else {
        vec![case.to_path_buf()]
    }
}

/// Writes `files` (name and bytes) with the registry settings into a scratch providers folder,
/// runs the pipeline, and returns the problems with what was expected.
fn run_case(name: &str, files: &[(String, Vec<u8>)], must_fail: bool) -> Vec<String> {
    let providers = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(project_root().join("providers/_registry.yaml"), providers.path().join("_registry.yaml"))
        .expect("copy the registry settings");
    let mut expected_by_file = BTreeMap::new();
    let mut problems = Vec::new();
    for (file_name, bytes) in files {
        let path = providers.path().join(file_name);
        std::fs::write(&path, bytes).expect("write a case file");
        match expectations(&String::from_utf8_lossy(bytes)) {
            Ok(expected) => {
                expected_by_file.insert(path, expected);
            }
            Err(problem) => problems.push(format!("{name}/{file_name}: {problem}")),
        }
    }
    let out = sentinel_out();
    let before = snapshot(out.path());
    let run = std::panic::catch_unwind(|| run_codegen(providers.path(), out.path(), false, nango_overrides()));
    let Ok(run) = run else {
        return vec![format!("{name}: the pipeline panicked")];
    };
    if must_fail {
        if !expected_by_file.values().flatten().any(|e| e.severity == "error") {
            problems.push(format!("{name}: a case under tests/invalid/ must expect at least one error"));
        }
        if run.succeeded(false) {
            problems.push(format!("{name}: the run succeeded"));
        }
        if snapshot(out.path()) != before {
            problems.push(format!("{name}: the output folder was changed"));
        }
    }
    if !must_fail && !run.succeeded(false) {
        let emit_errors: Vec<&str> = run.emit_errors.iter().map(|e| e.message.as_str()).collect();
        problems.push(format!("{name}: a valid case must generate: {emit_errors:?}"));
    }
    if !must_fail {
        problems.extend(unparsable_rust_files(out.path()).into_iter().map(|error| format!("{name}: {error}")));
    }
    for (path, expected) in &expected_by_file {
        let found: Vec<Expected> = run
            .loaded
            .diagnostics
            .iter()
            .filter(|d| &d.file == path)
            .enumerate()
            .map(|(index, d)| actual(d, expected.get(index).is_some_and(|e| e.help.is_some())))
            .collect();
        if &found != expected {
            let file = path.file_name().unwrap_or_default().to_string_lossy();
            problems.push(format!("{name}/{file}:\n  expected {expected:#?}\n  found {found:#?}"));
        }
    }
    let strays: Vec<&Diagnostic> =
        run.loaded.diagnostics.iter().filter(|d| !expected_by_file.contains_key(&d.file)).collect();
    if !strays.is_empty() {
        problems.push(format!("{name}: diagnostics on files without expectations: {strays:#?}"));
    }
    problems
}

fn run_corpus(folder: &str, must_fail: bool) {
    let root = project_root().join("tests").join(folder);
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(&root).expect("the corpus folder").flatten().map(|e| e.path()).collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in {}", root.display());
    let mut problems = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let files: Vec<(String, Vec<u8>)> = case_files(case)
            .iter()
            .map(|p| {
                let file_name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
                (file_name, std::fs::read(p).expect("read a case file"))
            })
            .collect();
        problems.extend(run_case(&name, &files, must_fail));
    }
    assert!(problems.is_empty(), "{} of {} cases failed:\n{}", problems.len(), cases.len(), problems.join("\n"));
}

#[test]
fn invalid_files_are_refused_with_their_own_messages() {
    run_corpus("invalid", true);
}

#[test]
fn valid_files_produce_only_the_warnings_they_declare() {
    run_corpus("valid", false);
}

/// A small valid provider, for the cases that must be written as bytes.
const MINIMAL: &str = "display_name: Acme
auth_mode: API_KEY
docs:
  main: https://example.com/docs
credentials:
  apiKey:
    title: API Key
    description: Your key
    secret: true
    docs_anchor: '#api-key'
";

#[test]
fn bytes_that_are_not_utf8_are_refused_at_their_position() {
    let mut bytes = b"# expect: 4:9: error: the file is not UTF-8: byte 0xFF cannot start a character here\n".to_vec();
    bytes.extend_from_slice(b"display_name: Acme\ndocs:\n  main: \xFFhttps://example.com\n");
    let problems = run_case("not-utf8", &[("acme.yaml".into(), bytes)], true);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_bom_and_crlf_line_endings_do_not_shift_positions() {
    let text = format!("# expect: 6:3: error: unknown key `mian`\n# help: did you mean `main`?\n{MINIMAL}")
        .replace("  main:", "  mian:")
        .replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    let problems = run_case("bom-crlf", &[("acme.yaml".into(), bytes)], true);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_alias_bomb_is_refused_quickly() {
    let mut text = String::from("# expect: 7:15: error: aliases expand to more than 100000 values and characters\n");
    text.push_str("# help: this looks like an alias bomb; write the values out instead of nesting aliases\n");
    text.push_str("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..12 {
        let previous = format!("*a{}", level - 1);
        text.push_str(&format!("a{level}: &a{level} [{}]\n", [previous.as_str(); 10].join(", ")));
    }
    let started = std::time::Instant::now();
    let problems = run_case("alias-bomb", &[("acme.yaml".into(), text.into_bytes())], true);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
}
