//! The build step as CI and authors use it: check mode, minimal and deterministic writes,
//! removal of stale outputs, line-ending independence.

use std::path::Path;
use std::time::SystemTime;

use provider_registry_tests::{files_below, run_codegen, scratch_providers};

fn generate(providers: &Path, out: &Path) -> codegen::Run {
    let run = run_codegen(providers, out, false, Default::default());
    assert!(run.succeeded(false), "codegen failed: {:?}", run.loaded.diagnostics);
    run
}

fn snapshot(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>, SystemTime)> {
    files_below(dir)
        .into_iter()
        .map(|relative| {
            let path = dir.join(&relative);
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            (relative, std::fs::read(&path).unwrap(), modified)
        })
        .collect()
}

#[test]
fn check_mode_reports_a_stale_file_with_a_diff_and_touches_nothing() {
    let providers = scratch_providers();
    let out = tempfile::tempdir().unwrap();
    generate(providers.path(), out.path());

    let stale = out.path().join("schemas/perdoo.json");
    let text = std::fs::read_to_string(&stale).unwrap();
    std::fs::write(&stale, text.replace("Your Perdoo API token", "An edited description")).unwrap();
    let before = snapshot(out.path());

    let run = run_codegen(providers.path(), out.path(), true, Default::default());
    assert!(!run.succeeded(true));
    let plan = run.plan.as_ref().unwrap();
    let diff = codegen::write::describe(out.path(), plan);
    let removed = diff.lines().filter(|line| line.starts_with('-') && !line.starts_with("---"));
    let added = diff.lines().filter(|line| line.starts_with('+') && !line.starts_with("+++"));
    let removed: Vec<&str> = removed.map(str::trim_end).collect();
    let added: Vec<&str> = added.map(str::trim_end).collect();
    assert_eq!(removed, ["-          \"description\": \"An edited description\","], "{diff}");
    assert_eq!(added, ["+          \"description\": \"Your Perdoo API token\","], "{diff}");
    assert_eq!(plan.changes.len(), 1, "only the edited file is stale");
    assert_eq!(snapshot(out.path()), before, "check mode changes no byte and no modification time");
}

#[test]
fn a_second_run_rewrites_nothing() {
    let providers = scratch_providers();
    let out = tempfile::tempdir().unwrap();
    generate(providers.path(), out.path());
    let before = snapshot(out.path());
    std::thread::sleep(std::time::Duration::from_millis(20));
    let run = generate(providers.path(), out.path());
    assert!(run.plan.unwrap().changes.is_empty());
    assert_eq!(snapshot(out.path()), before, "unchanged files keep their modification time");
}

#[test]
fn two_fresh_runs_are_byte_identical() {
    let providers = scratch_providers();
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(providers.path(), first.path());
    generate(providers.path(), second.path());
    let strip = |files: Vec<(std::path::PathBuf, Vec<u8>, SystemTime)>| {
        files.into_iter().map(|(path, bytes, _)| (path, bytes)).collect::<Vec<_>>()
    };
    assert_eq!(strip(snapshot(first.path())), strip(snapshot(second.path())));
}

#[test]
fn a_first_run_and_a_partial_folder_get_exactly_the_generated_files() {
    let providers = scratch_providers();
    let parent = tempfile::tempdir().unwrap();
    // An output folder that does not exist yet: its folders are built whole, then renamed.
    let out = parent.path().join("out");
    let run = generate(providers.path(), &out);
    let created: Vec<std::path::PathBuf> =
        run.plan.as_ref().unwrap().changes.iter().map(|change| change.path().to_path_buf()).collect();
    assert_eq!(files_below(&out), created, "every generated file, no temporary file or folder left");
    assert_eq!(files_below(parent.path()).len(), created.len(), "nothing written beside the output folder");

    // One folder lost: it is built again, and the others are left as they are.
    let before = snapshot(&out);
    std::fs::remove_dir_all(out.join("guides")).unwrap();
    let run = generate(providers.path(), &out);
    assert!(run.plan.unwrap().changes.iter().all(|change| change.path().starts_with("guides")));
    assert_eq!(
        snapshot(&out).into_iter().map(|(p, b, _)| (p, b)).collect::<Vec<_>>(),
        before.into_iter().map(|(p, b, _)| (p, b)).collect::<Vec<_>>()
    );
}

#[test]
fn a_leftover_building_folder_of_this_process_is_not_published() {
    let providers = scratch_providers();
    let out = tempfile::tempdir().unwrap();
    // What a run that died while building `guides/` under this process id would have left.
    let leftover = out.path().join(format!(".guides.{}.tmp", std::process::id()));
    std::fs::create_dir_all(&leftover).unwrap();
    std::fs::write(leftover.join("stale.md"), "half a run").unwrap();
    generate(providers.path(), out.path());
    assert!(out.path().join("guides/perdoo.md").is_file());
    assert!(!out.path().join("guides/stale.md").exists(), "the leftover's files were published");
    assert!(!leftover.exists());
}

#[cfg(unix)]
#[test]
fn a_provider_file_may_be_a_symbolic_link() {
    let providers = scratch_providers();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("perdoo.yaml");
    std::fs::rename(providers.path().join("perdoo.yaml"), &target).unwrap();
    std::os::unix::fs::symlink(&target, providers.path().join("perdoo.yaml")).unwrap();
    let out = tempfile::tempdir().unwrap();
    generate(providers.path(), out.path());
    assert!(out.path().join("guides/perdoo.md").is_file());
}

#[test]
fn deleting_a_provider_removes_its_outputs_and_nothing_else() {
    let providers = scratch_providers();
    let out = tempfile::tempdir().unwrap();
    generate(providers.path(), out.path());
    std::fs::write(out.path().join("NOTES.txt"), "kept").unwrap();
    let before: Vec<_> = files_below(out.path());
    assert!(before.iter().any(|p| p.to_string_lossy().contains("kandji")));

    std::fs::remove_file(providers.path().join("kandji.yaml")).unwrap();
    generate(providers.path(), out.path());
    let after = files_below(out.path());
    let mentions_kandji = |p: &&std::path::PathBuf| p.file_name().unwrap().to_string_lossy().contains("kandji");
    assert!(!after.iter().any(|p| mentions_kandji(&p)), "{after:?}");
    assert!(after.contains(&"NOTES.txt".into()), "files codegen does not own are left alone");
    assert!(after.iter().any(|p| p.to_string_lossy().contains("perdoo")));
}

#[test]
fn a_crlf_file_with_a_bom_generates_the_same_bytes_as_its_lf_twin() {
    let lf = scratch_providers();
    let crlf = scratch_providers();
    for name in ["perdoo.yaml", "paligo.yaml"] {
        let text = std::fs::read_to_string(lf.path().join(name)).unwrap();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(text.replace('\n', "\r\n").into_bytes());
        std::fs::write(crlf.path().join(name), bytes).unwrap();
    }
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    generate(lf.path(), first.path());
    generate(crlf.path(), second.path());
    let files = files_below(first.path());
    assert_eq!(files, files_below(second.path()));
    for file in files {
        let (a, b) =
            (std::fs::read(first.path().join(&file)).unwrap(), std::fs::read(second.path().join(&file)).unwrap());
        assert!(a == b, "{} differs", file.display());
        assert!(!a.contains(&b'\r'), "{} has a carriage return", file.display());
    }
}
