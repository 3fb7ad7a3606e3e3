//! The output folder may hold a person's files: codegen changes only what it wrote itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::write::{Change, MANIFEST};
use provider_registry_tests::{files_below, run_codegen, scratch_providers};

/// A person's files, one in each folder codegen writes to, including names it could generate.
const PERSONS_FILES: [(&str, &str); 8] = [
    ("NOTES.md", "my notes\n"),
    ("src/main.rs", "fn main() {}\n"),
    ("src/providers/handwritten.rs", "pub struct Mine;\n"),
    ("schemas/custom.json", "{\"type\": \"object\"}\n"),
    ("schemas/faq.uischema.json", "{}\n"),
    ("guides/faq.md", "# FAQ\n"),
    ("examples/demo.rs", "fn main() { println!(\"demo\"); }\n"),
    ("examples/.hidden", "x"),
];

fn put_persons_files(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    for (path, contents) in PERSONS_FILES {
        let path = out.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    persons_files_on_disk(out)
}

fn persons_files_on_disk(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    PERSONS_FILES
        .iter()
        .filter_map(|(path, _)| Some((PathBuf::from(path), std::fs::read(out.join(path)).ok()?)))
        .collect()
}

fn generate(providers: &Path, out: &Path, check: bool) -> codegen::Run {
    run_codegen(providers, out, check, Default::default())
}

fn removed(run: &codegen::Run) -> Vec<PathBuf> {
    let changes = &run.plan.as_ref().expect("a plan").changes;
    changes.iter().filter(|c| matches!(c, Change::Delete { .. })).map(|c| c.path().to_path_buf()).collect()
}

fn sorted_persons_paths() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = PERSONS_FILES.iter().map(|(path, _)| PathBuf::from(path)).collect();
    paths.sort();
    paths
}

#[test]
fn a_first_run_writes_beside_a_persons_files_and_notes_them() {
    let providers = scratch_providers();
    let out = tempfile::tempdir().unwrap();
    let before = put_persons_files(out.path());
    let run = generate(providers.path(), out.path(), false);
    assert!(run.succeeded(false), "{:?}", run.loaded.diagnostics);
    assert_eq!(persons_files_on_disk(out.path()), before, "every one of the person's files is kept byte for byte");
    assert!(removed(&run).is_empty());
    assert_eq!(run.plan.as_ref().unwrap().foreign, sorted_persons_paths(), "each is reported once");
    assert!(out.path().join("src/providers/kandji.rs").is_file());
    assert!(out.path().join(MANIFEST).is_file());
}

#[test]
fn a_deleted_providers_outputs_are_removed_and_a_persons_files_are_kept() {
    let providers = scratch_providers();
    let out = tempfile::tempdir().unwrap();
    assert!(generate(providers.path(), out.path(), false).succeeded(false));
    let before = put_persons_files(out.path());

    std::fs::remove_file(providers.path().join("kandji.yaml")).unwrap();
    let check = generate(providers.path(), out.path(), true);
    assert!(!check.succeeded(true), "the outputs of kandji are stale");
    let kandji = [
        "guides/kandji.md",
        "npm/providers/kandji.js",
        "schemas/kandji.json",
        "schemas/kandji.uischema.json",
        "src/providers/kandji.rs",
    ]
    .map(PathBuf::from);
    assert_eq!(removed(&check), kandji, "--check would remove exactly kandji's outputs");
    assert_eq!(check.plan.as_ref().unwrap().foreign, sorted_persons_paths());
    let described = codegen::write::describe(out.path(), check.plan.as_ref().unwrap());
    assert!(!described.contains("faq"), "{described}");
    assert!(out.path().join("guides/kandji.md").is_file(), "--check removes nothing");

    let run = generate(providers.path(), out.path(), false);
    assert!(run.succeeded(false), "{:?}", run.loaded.diagnostics);
    assert_eq!(removed(&run), kandji);
    assert_eq!(run.plan.as_ref().unwrap().foreign, sorted_persons_paths());
    assert_eq!(persons_files_on_disk(out.path()), before, "every one of the person's files is kept byte for byte");
    let left = files_below(out.path());
    assert!(!left.iter().any(|p| p.to_string_lossy().contains("kandji")), "{left:?}");
    assert!(!std::fs::read_to_string(out.path().join(MANIFEST)).unwrap().contains("kandji"));

    let again = generate(providers.path(), out.path(), true);
    assert!(again.succeeded(true), "up to date, the person's files notwithstanding");
    assert_eq!(again.plan.as_ref().unwrap().foreign, sorted_persons_paths());
}

#[test]
fn a_persons_file_at_a_generated_path_is_never_replaced_without_overwrite() {
    let providers = scratch_providers();
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(out.path().join("src")).unwrap();
    std::fs::write(out.path().join("src/lib.rs"), "// my own library\n").unwrap();
    std::fs::write(out.path().join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    let run = generate(providers.path(), out.path(), false);
    assert!(!run.succeeded(false));
    let plan = run.plan.as_ref().unwrap();
    assert_eq!(plan.conflicts, [PathBuf::from("Cargo.toml"), PathBuf::from("src/lib.rs")]);
    assert_eq!(files_below(out.path()), [PathBuf::from("Cargo.toml"), PathBuf::from("src/lib.rs")], "nothing written");
    assert_eq!(std::fs::read_to_string(out.path().join("src/lib.rs")).unwrap(), "// my own library\n");
    let described = codegen::write::describe(out.path(), plan);
    assert!(described.contains("src/lib.rs, which codegen did not write"), "{described}");

    let forced = codegen::run(&codegen::Options {
        providers: providers.path().to_path_buf(),
        out: out.path().to_path_buf(),
        check: false,
        overwrite: true,
        overrides: Default::default(),
    });
    assert!(forced.succeeded(false));
    assert!(std::fs::read_to_string(out.path().join("src/lib.rs")).unwrap().starts_with("// generated by"));
}

#[test]
fn without_a_manifest_nothing_is_removed_and_generated_files_are_updated() {
    let providers = scratch_providers();
    let out = tempfile::tempdir().unwrap();
    assert!(generate(providers.path(), out.path(), false).succeeded(false));
    std::fs::remove_file(out.path().join(MANIFEST)).unwrap();
    let guide = out.path().join("guides/perdoo.md");
    let edited = std::fs::read_to_string(&guide).unwrap().replace("Perdoo", "Edited");
    std::fs::write(&guide, edited).unwrap();
    std::fs::remove_file(providers.path().join("kandji.yaml")).unwrap();

    let run = generate(providers.path(), out.path(), false);
    assert!(run.succeeded(false), "a file with the generated notice is codegen's to update");
    assert!(removed(&run).is_empty(), "no manifest, no removal");
    assert!(out.path().join("guides/kandji.md").is_file());
    assert!(run.plan.as_ref().unwrap().foreign.contains(&PathBuf::from("guides/kandji.md")));
    assert!(!std::fs::read_to_string(&guide).unwrap().contains("Edited"));
}

#[test]
fn a_manifest_cannot_remove_files_outside_the_folder_or_links() {
    let providers = scratch_providers();
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    assert!(generate(providers.path(), &out, false).succeeded(false));
    std::fs::write(scratch.path().join("outside.txt"), "kept").unwrap();
    std::fs::write(out.join("guides/target.md"), "kept").unwrap();
    std::os::unix::fs::symlink(out.join("guides/target.md"), out.join("guides/link.md")).unwrap();
    let mut manifest = std::fs::read_to_string(out.join(MANIFEST)).unwrap();
    manifest.push_str("../outside.txt\nguides/link.md\n");
    std::fs::write(out.join(MANIFEST), manifest).unwrap();
    let run = generate(providers.path(), &out, false);
    assert!(run.succeeded(false));
    assert!(removed(&run).is_empty(), "{:?}", removed(&run));
    assert!(scratch.path().join("outside.txt").is_file());
    assert!(out.join("guides/link.md").symlink_metadata().is_ok());
}
