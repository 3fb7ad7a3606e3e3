//! Entries of the providers folder that are not regular files are reported and skipped, and
//! reading them never blocks.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use codegen::diagnostics::{Diagnostic, Severity};
use provider_registry_tests::{run_codegen, scratch_providers};

/// Runs codegen on another thread, so that a run that blocks fails the test instead of hanging it.
fn run_within_a_minute(providers: &Path) -> codegen::Run {
    let (providers, out) = (providers.to_path_buf(), tempfile::tempdir().unwrap());
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let run = run_codegen(&providers, out.path(), false, Default::default());
        let _ = sender.send(run);
    });
    receiver.recv_timeout(Duration::from_secs(60)).expect("the run finishes instead of blocking")
}

fn notes(run: &codegen::Run) -> Vec<&Diagnostic> {
    run.loaded.diagnostics.iter().filter(|d| d.severity == Severity::Note).collect()
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success());
}

#[test]
fn a_fifo_is_reported_with_its_path_and_the_run_finishes() {
    let providers = scratch_providers();
    let fifo = providers.path().join("pipe.yaml");
    mkfifo(&fifo);
    let run = run_within_a_minute(providers.path());
    let notes = notes(&run);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].file, fifo);
    assert_eq!((notes[0].line, notes[0].col), (1, 1));
    assert!(notes[0].message.contains("FIFO"), "{}", notes[0].message);
    assert!(run.succeeded(false), "a note does not fail the run: {:?}", run.loaded.diagnostics);
    assert_eq!(run.loaded.providers_read, 4, "the FIFO is not read as a provider");
}

#[test]
fn links_to_devices_fifos_and_nowhere_are_each_reported_and_skipped() {
    let providers = scratch_providers();
    let dir = providers.path();
    mkfifo(&dir.join("pipe"));
    std::os::unix::fs::symlink(dir.join("pipe"), dir.join("to-pipe.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.yaml")).unwrap();
    std::os::unix::fs::symlink(dir.join("loop-b.yaml"), dir.join("loop-a.yaml")).unwrap();
    std::os::unix::fs::symlink(dir.join("loop-a.yaml"), dir.join("loop-b.yaml")).unwrap();
    std::os::unix::fs::symlink(dir.join("missing.yaml"), dir.join("dangling.yaml")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("socket.yaml")).unwrap();
    let run = run_within_a_minute(dir);
    let mut found: Vec<(String, String)> = notes(&run)
        .iter()
        .map(|d| (d.file.file_name().unwrap().to_string_lossy().into_owned(), d.message.clone()))
        .collect();
    found.sort();
    let expected = [
        ("dangling.yaml", "a symbolic link to nothing"),
        ("loop-a.yaml", "a symbolic link that loops"),
        ("loop-b.yaml", "a symbolic link that loops"),
        ("pipe", "a FIFO"),
        ("socket.yaml", "a socket"),
        ("to-pipe.yaml", "a symbolic link to a FIFO"),
        ("zero.yaml", "a symbolic link to a character device"),
    ];
    assert_eq!(found.len(), expected.len(), "{found:?}");
    for ((file, message), (expected_file, expected_what)) in found.iter().zip(expected) {
        assert_eq!(file, expected_file);
        assert!(message.contains(expected_what), "{file}: {message}");
    }
    assert!(run.succeeded(false), "{:?}", run.loaded.diagnostics);
}

#[test]
fn a_fifo_among_the_templates_is_reported_and_skipped() {
    let providers = scratch_providers();
    let templates = providers.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    mkfifo(&templates.join("guide.md.j2"));
    let run = run_within_a_minute(providers.path());
    let notes = notes(&run);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].file, templates.join("guide.md.j2"));
    assert!(run.succeeded(false), "{:?}", run.loaded.diagnostics);
}
