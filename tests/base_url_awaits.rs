//! When a valid submission gives no base URL yet: the generated crate's
//! `RequestSpec::base_url_awaits` lists the values the base URL names that are filled in after
//! the form, and `examples/validate.rs` prints `"base_url":null` for those alone. A base URL
//! that names only the submission's values and lacks one is an error of the submission, even
//! for a provider with other values filled in later.

use std::process::Command;

use provider_registry_tests::{cargo_on_generated_crate, nango_overrides, providers_dir, run_codegen, target_dir};
use serde_json::{json, Value};

/// Mailchimp's base URL names the data center its OAuth token response gives.
const MAILCHIMP: &str = r#"
display_name: Mailchimp
auth_mode: OAUTH2
oauth2:
  authorization_url: https://login.mailchimp.com/oauth2/authorize
  token_url: https://login.mailchimp.com/oauth2/token
docs:
  main: https://mailchimp.com/developer
proxy:
  base_url: https://${connectionConfig.dc}.api.mailchimp.com
connection_config:
  dc:
    filled_by: token_response
"#;

/// A base URL that names only an optional value of the submission, in a provider with a value
/// the platform fills in (for a header).
const ACME: &str = r#"
display_name: Acme
auth_mode: API_KEY
docs:
  main: https://docs.example.com/acme
  connect: https://docs.example.com/acme/connect
proxy:
  base_url: https://${connectionConfig.region}.acme.example.com
  headers:
    x-api-key: ${apiKey}
    x-org: ${connectionConfig.org}
connection_config:
  region:
    title: Region
    description: Where your data lives
    pattern: '^[a-z0-9-]+$'
    example: eu
    optional: true
    docs_anchor: '#region'
  org:
    filled_by: platform
credentials:
  apiKey:
    title: API Key
    description: Your Acme API key
    secret: true
    docs_anchor: '#api-key'
"#;

/// The generated crate's own test of its static data.
const AWAITS_TEST: &str = r#"use provider_registry::ProviderId;

#[test]
fn base_url_awaits() {
    assert_eq!(ProviderId::Mailchimp.info().requests.base_url_awaits, ["connection_config.dc"]);
    assert!(ProviderId::Acme.info().requests.base_url_awaits.is_empty());
}
"#;

#[test]
fn only_a_base_url_naming_values_filled_in_after_the_form_is_not_known_yet() {
    let providers = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(providers_dir().join("_registry.yaml"), providers.path().join("_registry.yaml"))
        .expect("copy the settings");
    std::fs::write(providers.path().join("mailchimp.yaml"), MAILCHIMP).expect("write mailchimp.yaml");
    std::fs::write(providers.path().join("acme.yaml"), ACME).expect("write acme.yaml");
    let out = tempfile::tempdir().expect("a temporary folder");
    let run = run_codegen(providers.path(), out.path(), false, nango_overrides());
    assert!(run.succeeded(false), "codegen succeeds: {:?}", run.loaded.diagnostics);

    let tests = out.path().join("tests");
    std::fs::create_dir_all(&tests).expect("tests/");
    std::fs::write(tests.join("awaits.rs"), AWAITS_TEST).expect("write the test");
    let output = cargo_on_generated_crate(out.path(), &["test", "--test", "awaits"]);
    assert!(
        output.status.success(),
        "the static data lists the awaited values:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let output = cargo_on_generated_crate(out.path(), &["build", "--example", "validate"]);
    assert!(output.status.success(), "the example builds:\n{}", String::from_utf8_lossy(&output.stderr));
    let example = target_dir().join("standalone-generated/debug/examples/validate");
    let validate = |id: &str, submission: Value| -> (Option<i32>, Value) {
        let path = out.path().join(format!("{id}-submission.json"));
        std::fs::write(&path, submission.to_string()).expect("write the submission");
        let output = Command::new(&example).arg(id).arg(&path).output().expect("the example runs");
        let line = serde_json::from_slice(&output.stdout).expect("one JSON line");
        (output.status.code(), line)
    };
    assert_eq!(validate("mailchimp", json!({})), (Some(0), json!({ "ok": true, "base_url": null })));
    assert_eq!(
        validate("acme", json!({ "connection_config": { "region": "eu" }, "credentials": { "apiKey": "k" } })),
        (Some(0), json!({ "ok": true, "base_url": "https://eu.acme.example.com" }))
    );
    let (code, line) = validate("acme", json!({ "credentials": { "apiKey": "k" } }));
    assert_eq!(code, Some(1), "{line}");
    assert_eq!(line["errors"][0]["rule"], "base_url", "{line}");
}
