//! Importing Nango's registry (`../shared/nango/providers-sample.yaml`, 339 real providers):
//! every provider is written, codegen refuses exactly the providers the report names, every
//! field attribute survives into the generated JSON Schema, and the others generate a Rust crate
//! that builds.

use std::collections::BTreeSet;

use codegen::diagnostics::Severity;
use codegen::import_nango::{import, ImportReport};
use provider_registry_tests::{cargo_on_generated_crate, run_codegen, shared_dir, unparsable_rust_files};
use serde_yaml::{Mapping, Value};

fn sample() -> std::path::PathBuf {
    shared_dir().join("nango/providers-sample.yaml")
}

fn imported() -> (tempfile::TempDir, ImportReport) {
    let dir = tempfile::tempdir().unwrap();
    let report = import(&sample(), dir.path(), None).expect("the sample imports");
    (dir, report)
}

/// The sample imported, without the providers the report names: what codegen accepts.
fn imported_without_defects() -> (tempfile::TempDir, ImportReport) {
    let (dir, report) = imported();
    for provider in report.with_defects() {
        std::fs::remove_file(dir.path().join(format!("{}.yaml", provider.id))).unwrap();
    }
    (dir, report)
}

/// Nango's alias resolution: the target's keys under the alias's own.
fn resolved(all: &Mapping, id: &str) -> Mapping {
    let own = all[id].as_mapping().unwrap().clone();
    let mut merged =
        own.get("alias").and_then(Value::as_str).map(|t| all[t].as_mapping().unwrap().clone()).unwrap_or_default();
    merged.extend(own);
    merged
}

#[test]
fn every_provider_is_imported_and_codegen_refuses_exactly_the_reported_ones() {
    let (dir, report) = imported();
    let all: Mapping = serde_yaml::from_str(&std::fs::read_to_string(sample()).unwrap()).unwrap();
    assert_eq!(report.providers.len(), all.len());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    for key in all.keys() {
        assert!(dir.path().join(format!("{}.yaml", key.as_str().unwrap())).is_file());
    }

    let out = tempfile::tempdir().unwrap();
    let run = run_codegen(dir.path(), out.path(), false, Default::default());
    let refused: BTreeSet<String> = run
        .loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.file.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let reported: BTreeSet<String> = report.with_defects().map(|p| p.id.clone()).collect();
    assert_eq!(refused, reported);
    assert!(report.with_defects().all(|p| p.defects.iter().all(|d| !d.message.is_empty())));
}

#[test]
fn the_valid_providers_generate_a_crate_that_builds() {
    let (dir, report) = imported_without_defects();
    let out = tempfile::tempdir().unwrap();
    let run = run_codegen(dir.path(), out.path(), false, Default::default());
    assert!(run.succeeded(false), "{:?}", run.emit_errors);
    assert_eq!(run.loaded.providers_read, report.providers.len() - report.with_defects().count());
    assert_eq!(unparsable_rust_files(out.path()), Vec::<String>::new());
    let output = cargo_on_generated_crate(out.path(), &["check", "--all-targets"]);
    assert!(output.status.success(), "the crate builds:\n{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn the_report_explains_the_known_defects_of_the_source() {
    let (_dir, report) = imported();
    let defect = |id: &str| {
        let provider = report.providers.iter().find(|p| p.id == id).unwrap();
        provider.defects.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("\n")
    };
    // A 65-character example for a 64-character pattern.
    assert!(defect("crisp").contains("does not match the pattern `^[a-f0-9]{64}$`"));
    // `\:` is a syntax error under the `u` flag browsers compile patterns with.
    assert!(defect("cloudflare-mcp").contains("is not a valid regular expression"));
    // A masked JWT example with four parts for a three-part pattern.
    assert!(defect("1password-events").contains("masked example"));
    // A template variable with no field.
    assert!(defect("zoho").contains("names no field"));
    // Masked examples that do fit their pattern are recognized, not reported.
    let paligo = report.providers.iter().find(|p| p.id == "paligo").unwrap();
    assert_eq!(paligo.masked_examples, ["credentials.password"]);
    // Its only defect is Nango's: a subdomain in the URL's host that accepts any value.
    assert_eq!(paligo.defects.len(), 1);
    assert!(defect("paligo").contains("is part of the URL's host, but the field accepts any value"));
}

#[test]
fn field_attributes_survive_into_the_json_schema() {
    let (dir, report) = imported_without_defects();
    let out = tempfile::tempdir().unwrap();
    let run = run_codegen(dir.path(), out.path(), false, Default::default());
    assert!(run.succeeded(false), "codegen accepts every provider the report does not name");

    let all: Mapping = serde_yaml::from_str(&std::fs::read_to_string(sample()).unwrap()).unwrap();
    let mut checked_fields = 0;
    for provider in report.providers.iter().filter(|p| p.defects.is_empty()) {
        let source = resolved(&all, &provider.id);
        let schema: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.path().join(format!("schemas/{}.json", provider.id))).unwrap(),
        )
        .unwrap();
        for group in ["connection_config", "credentials"] {
            let Some(fields) = source.get(group).and_then(Value::as_mapping) else { continue };
            for (name, attributes) in fields {
                let name = name.as_str().unwrap();
                let property = &schema["properties"][group]["properties"][name];
                let text = |key: &str| attributes.get(key).and_then(Value::as_str).map(str::to_owned);
                let at = format!("{}: {group}.{name}", provider.id);
                assert_eq!(property["title"].as_str().map(str::to_owned), text("title"), "{at} title");
                assert_eq!(
                    property["description"].as_str().map(str::to_owned),
                    text("description"),
                    "{at} description"
                );
                assert_eq!(property["pattern"].as_str().map(str::to_owned), text("pattern"), "{at} pattern");
                assert_eq!(property["format"].as_str().map(str::to_owned), text("format"), "{at} format");
                let source_enum: Option<Vec<String>> = attributes
                    .get("enum")
                    .and_then(Value::as_sequence)
                    .map(|values| values.iter().map(|v| v.as_str().unwrap().to_owned()).collect());
                let schema_enum: Option<Vec<String>> = property["enum"]
                    .as_array()
                    .map(|values| values.iter().map(|v| v.as_str().unwrap().to_owned()).collect());
                assert_eq!(schema_enum, source_enum, "{at} enum");
                let secret = attributes.get("secret").and_then(Value::as_bool).unwrap_or(false);
                assert_eq!(property["writeOnly"].as_bool().unwrap_or(false), secret, "{at} secret as writeOnly");
                checked_fields += 1;
            }
        }
    }
    assert!(checked_fields > 300, "only {checked_fields} fields checked");
}
