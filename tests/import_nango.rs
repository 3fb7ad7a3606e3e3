//! Importing Nango's registry (`../shared/nango/providers-sample.yaml`, 339 real providers):
//! every provider is written, codegen refuses exactly the providers the report names, each for a
//! real defect of Nango's data, every field attribute survives into the generated JSON Schema
//! with the defaults of Nango's connect UI, and the others generate a Rust crate that builds.

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
    assert!(report.with_defects().all(|p| p.defects.iter().all(|d| !d.diagnostic.message.is_empty())));
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
        provider.defects.iter().map(|d| d.diagnostic.message.clone()).collect::<Vec<_>>().join("\n")
    };
    // A 65-character example for a 64-character pattern.
    assert!(defect("crisp").contains("does not match the pattern `^[a-f0-9]{64}$`"));
    // `\:` is a syntax error under the `u` flag browsers compile patterns with.
    assert!(defect("cloudflare-mcp").contains("is not a valid regular expression"));
    // A masked JWT example with four parts for a three-part pattern.
    assert!(defect("1password-events").contains("masked example"));
    // The report names the Nango key to fix.
    let crisp = report.providers.iter().find(|p| p.id == "crisp").unwrap();
    assert_eq!(crisp.defects[0].nango_key, "credentials.password.example");
    let kandji = report.providers.iter().find(|p| p.id == "kandji").unwrap();
    assert_eq!(kandji.defects[0].nango_key, "connection_config.subdomain");
    let pattern = report.providers.iter().find(|p| p.id == "cloudflare-mcp").unwrap();
    assert_eq!(pattern.defects[0].nango_key, "connection_config.mcp_server_url.pattern");
    let total: usize = report.defect_counts.values().sum();
    assert_eq!(total, report.providers.iter().map(|p| p.defects.len()).sum::<usize>());
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
                if attributes.get("automated").and_then(Value::as_bool) == Some(true) {
                    // Nango's form leaves it out: its value comes after the form.
                    assert!(property.is_null(), "{at} is no part of the form");
                    continue;
                }
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
                // Nango's connect UI masks these credentials whatever the provider says.
                let always_secret = group == "credentials"
                    && [
                        "apiKey",
                        "password",
                        "pat_secret",
                        "content_url",
                        "client_secret",
                        "client_certificate",
                        "client_private_key",
                        "oauth_client_secret_override",
                        "oauth_refresh_token_override",
                        "token_id",
                        "token_secret",
                        "dev_key",
                    ]
                    .contains(&name);
                let secret = always_secret || attributes.get("secret").and_then(Value::as_bool).unwrap_or(false);
                assert_eq!(property["writeOnly"].as_bool().unwrap_or(false), secret, "{at} secret as writeOnly");
                checked_fields += 1;
            }
        }
    }
    assert!(checked_fields > 300, "only {checked_fields} fields checked");
}

/// What a refusal is about, read from its message: the four kinds of real defect in Nango's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Refusal {
    /// A pattern that is not a valid `u`-flag regular expression (or cannot run the same way in
    /// the browser and the back end).
    Pattern,
    /// An example that fails its own pattern or format; for a masked one, the characters it
    /// shows contradict the pattern.
    Example,
    /// A field the user types that can move a URL's host.
    Host,
    /// What the auth mode needs is missing.
    Auth,
}

fn refusal(message: &str) -> Option<Refusal> {
    let pattern = ["is not a valid regular expression", "cannot be evaluated identically", "can take exponential time"];
    if message.starts_with("pattern `") && pattern.iter().any(|reason| message.contains(reason)) {
        Some(Refusal::Pattern)
    } else if (message.starts_with("example `") || message.starts_with("masked example `"))
        && (message.contains("does not match the pattern") || message.contains("is not a valid `"))
    {
        Some(Refusal::Example)
    } else if message.contains("is part of the URL's host, but the field accepts") {
        Some(Refusal::Host)
    } else if message.starts_with("auth mode ") && message.contains(" needs ") {
        Some(Refusal::Auth)
    } else {
        None
    }
}

#[test]
fn every_provider_codegen_refuses_has_a_real_defect_of_the_data() {
    let (dir, _report) = imported();
    let out = tempfile::tempdir().unwrap();
    let run = run_codegen(dir.path(), out.path(), false, Default::default());
    let all: Mapping = serde_yaml::from_str(&std::fs::read_to_string(sample()).unwrap()).unwrap();
    let mut refused: std::collections::BTreeMap<String, BTreeSet<Refusal>> = Default::default();
    let mut false_refusals = Vec::new();
    for diagnostic in run.loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        let id = diagnostic.file.file_stem().unwrap().to_string_lossy().into_owned();
        match refusal(&diagnostic.message) {
            Some(Refusal::Host) => {
                // The field is one the user types in Nango's form: not hidden, not automated,
                // and no value the OAuth flow returns.
                let source = resolved(&all, &id);
                let variable = diagnostic.message.split("`${").nth(1).and_then(|r| r.split("}`").next()).unwrap();
                let (group, name) = variable.split_once('.').unwrap();
                let group = if group == "connectionConfig" { "connection_config" } else { "credentials" };
                let field = source.get(group).and_then(|g| g.get(name)).expect("a field Nango lists");
                for hidden_from_the_user in ["hidden", "automated"] {
                    assert_ne!(
                        field.get(hidden_from_the_user).and_then(Value::as_bool),
                        Some(true),
                        "{id}: {variable}"
                    );
                }
                refused.entry(id).or_default().insert(Refusal::Host);
            }
            Some(kind) => {
                refused.entry(id).or_default().insert(kind);
            }
            None => false_refusals.push(format!("{id}: {}", diagnostic.message)),
        }
    }
    assert_eq!(false_refusals, Vec::<String>::new(), "refusals that are not defects of Nango's data");

    use Refusal::*;
    let expected: &[(&str, &[Refusal])] = &[
        // Its masked JWT example shows four dot-separated parts; the pattern has three.
        ("1password-events", &[Example]),
        // `instanceUrl` (and `hostname`, `apiServer` below) may hold `host:port`.
        ("acumatica", &[Host]),
        // Certificate and key examples hold `\\n` and `...`, which their patterns refuse.
        ("adp", &[Example]),
        ("adp-lyric", &[Example]),
        ("adp-workforce-now-next-gen", &[Example]),
        // The optional region override the user types has no pattern.
        ("aws-sigv4", &[Host]),
        ("bird", &[Host]),
        // `\:` is a syntax error under the `u` flag.
        ("cloudflare-mcp", &[Pattern]),
        // A 65-character example for a 64-character pattern.
        ("crisp", &[Example]),
        // A 32-character example, not all hexadecimal, for a 40-digit hexadecimal pattern.
        ("elevio", &[Example]),
        // `bundleAlias`, which replaced the hidden `subdomain`, accepts any value.
        ("freshsales", &[Host]),
        // The example holds a line break where the pattern wants a backslash and an `n`.
        ("google-service-account", &[Example]),
        // A host name with dots as the example of a pattern without dots.
        ("greenhouse-assessment", &[Example]),
        ("jamf", &[Host]),
        ("kandji", &[Host]),
        ("looker", &[Host]),
        ("mattermost", &[Host]),
        ("mcp-generic", &[Pattern]),
        // An enum value holds `/`.
        ("modmed", &[Host]),
        ("namely", &[Host]),
        ("netsuite-client-credentials", &[Host]),
        ("paligo", &[Host]),
        ("personio-recruiting", &[Host]),
        ("sap-business-one", &[Host]),
        ("sap-odata-basic", &[Host]),
        ("shopworks", &[Host]),
        // The word `domain` as the example of a domain pattern.
        ("twenty-crm-self-hosted", &[Example]),
        ("veeva-vault", &[Host]),
        ("woocommerce", &[Host]),
    ];
    let expected: std::collections::BTreeMap<String, BTreeSet<Refusal>> =
        expected.iter().map(|(id, kinds)| (id.to_string(), kinds.iter().copied().collect())).collect();
    assert_eq!(refused, expected);
}

#[test]
fn values_nango_fills_in_are_imported_as_such() {
    let (dir, report) = imported();
    let read = |id: &str| -> codegen::model::Provider {
        let text = std::fs::read_to_string(dir.path().join(format!("{id}.yaml"))).unwrap();
        serde_yaml::from_str(&text).unwrap()
    };
    use codegen::model::FilledBy;
    let zoho = read("zoho");
    assert_eq!(zoho.connection_config["api_domain"].filled_by, FilledBy::TokenResponse);
    assert_eq!(zoho.connection_config["accounts-server"].filled_by, FilledBy::Redirect);
    assert!(!zoho.passthrough.contains_key("token_response_metadata"), "a mapped key leaves passthrough");
    let teamwork = read("teamwork");
    assert_eq!(teamwork.connection_config["installation.apiEndPoint"].filled_by, FilledBy::TokenResponse);
    // QuickBooks' redirect carries `realmId`, and Nango's form lets the user type it too.
    assert_eq!(read("quickbooks").connection_config["realmId"].filled_by, FilledBy::User);
    assert_eq!(
        read("amazon-selling-partner-beta").connection_config["selling_partner_id"].filled_by,
        FilledBy::Redirect
    );
    // An automated field that the integration's own settings hold.
    assert_eq!(read("aws-sigv4").connection_config["service"].filled_by, FilledBy::Integration);
    // An automated field no metadata names: a post-connection script fills it in.
    assert_eq!(read("sage-200").connection_config["site_id"].filled_by, FilledBy::Platform);
    // A cookie a `TWO_STEP` login keeps.
    assert_eq!(read("sap-business-one").credentials["_cookies"].filled_by, FilledBy::Platform);

    // Nango's connect UI defaults: Basic auth's hidden empty password, the API key as a secret,
    // the first value of a required choice selected.
    let stripe = read("stripe-api-key");
    assert_eq!(stripe.credentials["password"].default.as_deref(), Some(""));
    assert!(stripe.credentials["password"].hidden);
    for id in ["kandji", "perdoo"] {
        assert!(read(id).credentials["apiKey"].secret, "{id}");
    }
    let posthog = read("posthog");
    assert_eq!(posthog.connection_config["subdomain"].default.as_deref(), Some("us"));
    // The visible password of WooCommerce, whose empty default Nango's form ignores.
    assert_eq!(read("woocommerce").credentials["password"].default, None);

    // No warning flags a gap of our format: no API key or password left unmasked, no field
    // Nango does use reported as unused.
    let warnings: Vec<String> =
        report.providers.iter().flat_map(|p| p.warnings.iter().map(|w| format!("{}: {}", p.id, w.message))).collect();
    assert!(!warnings.iter().any(|w| w.contains("not marked secret")), "{warnings:#?}");
    for used in ["bird: connection-config field `workspaceId`", "dayforce: connection-config field `companyId`"] {
        assert!(!warnings.iter().any(|w| w.starts_with(used)), "{used}");
    }
}
