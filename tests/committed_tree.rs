//! `cargo xtask codegen --check` on the committed tree: the providers validate and `generated/`
//! is what they generate.

use provider_registry_tests::{files_below, nango_overrides, project_root, providers_dir, run_codegen};

#[test]
fn the_committed_tree_passes_the_check() {
    let out = project_root().join("generated");
    let before = files_below(&out);
    let run = run_codegen(&providers_dir(), &out, true, nango_overrides());
    let errors: Vec<_> =
        run.loaded.diagnostics.iter().filter(|d| d.severity == codegen::diagnostics::Severity::Error).collect();
    assert!(errors.is_empty(), "the providers do not validate: {errors:#?}");
    let stale: Vec<_> = run.plan.iter().flat_map(|p| &p.changes).map(|c| c.path().display().to_string()).collect();
    assert!(run.succeeded(true), "generated/ is out of date, run `cargo xtask codegen`: {stale:?}");
    assert_eq!(files_below(&out), before, "check mode wrote into generated/");
}
