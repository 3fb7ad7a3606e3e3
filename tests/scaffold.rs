//! `cargo xtask new <id>`: the scaffold is refused until every placeholder is replaced, and is
//! a valid provider once they are.

use codegen::diagnostics::Severity;
use provider_registry_tests::{run_codegen, scratch_providers};

#[test]
fn the_scaffold_is_refused_only_for_its_placeholders_and_valid_once_filled() {
    let providers = scratch_providers();
    let path = codegen::scaffold::new_provider(providers.path(), "acme-crm").unwrap();
    let out = tempfile::tempdir().unwrap();

    let run = run_codegen(providers.path(), out.path(), false, Default::default());
    let errors: Vec<_> = run.loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|d| d.file == path && d.message.contains("`TODO` placeholder")), "{errors:#?}");
    assert!(std::fs::read_dir(out.path()).unwrap().next().is_none(), "nothing is written");

    let filled = std::fs::read_to_string(&path).unwrap().replace("TODO", "acme");
    std::fs::write(&path, filled).unwrap();
    let run = run_codegen(providers.path(), out.path(), false, Default::default());
    assert!(run.succeeded(false), "{:#?}", run.loaded.diagnostics);
    assert!(out.path().join("schemas/acme-crm.json").is_file());
}
