//! The generated Rust crate (`generated/`, package `provider-registry`).
//!
//! - The differential test: for every provider and every field, a corpus of values (the
//!   example, its case forms, a trailing newline, surrounding spaces, empty, look-alike Unicode
//!   digits and letters, one character short and long, 5,000 characters, host injections, other
//!   JSON types) inside an otherwise valid submission, plus structural cases (missing and unknown
//!   members). The generated Rust validation gives each case a verdict; `tests/js/differential.mjs`
//!   has ajv 8 judge the same cases with the generated JSON Schemas, and every verdict must agree.
//! - Host injection into Kandji's and Paligo's subdomain: refused by validation (and by ajv, as
//!   part of the corpus), and by the URL renderer even for a connection built without validation.
//! - Secrets never print; rendering encodes values and refuses line breaks in headers.
//! - `examples/validate.rs`: its output and exit codes.
//! - A provider whose description is full of quotes, backslashes, `*/`, `#[` and
//!   `"; panic!(); "` generates a crate (written with `--out` to a scratch folder) that builds
//!   and keeps the text intact.
//! - No input panics (property test over arbitrary JSON).

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::load::load;
use codegen::registry::{CheckedProvider, Registry};
use proptest::prelude::*;
use provider_registry::providers::{amplitude, kandji, paligo};
use provider_registry::{
    Connection, FieldSpec, Group, Method, ProviderConnection, ProviderId, RenderError, Secret, TypedConnection,
};
use provider_registry_tests::{
    cargo_on_generated_crate, nango_overrides, project_root, providers_dir, run_codegen, scratch_providers, target_dir,
};
use serde_json::{json, Map, Value};

/// The values that try to move a URL's host, as a subdomain.
const HOST_INJECTIONS: &[&str] =
    &["evil.com/", "evil.com#", "a@evil.com", "evil.com:443", "a b", "evil.com?x=", "evil.com\\"];

fn registry() -> Registry {
    load(&providers_dir(), &nango_overrides()).registry.expect("the providers load")
}

fn provider_id(provider: &CheckedProvider) -> ProviderId {
    provider.id.parse().expect("every provider has a ProviderId")
}

fn set(submission: &mut Value, field: &FieldSpec, value: Value) {
    let group = submission.as_object_mut().and_then(|s| s.get_mut(field.group.as_str())).and_then(Value::as_object_mut);
    group.expect("the group is in the submission").insert(field.name.to_owned(), value);
}

fn remove(submission: &mut Value, field: &FieldSpec) {
    if let Some(group) = submission.get_mut(field.group.as_str()).and_then(Value::as_object_mut) {
        group.remove(field.name);
    }
}

/// Whether the generated validation accepts the field's value in `submission` (its other errors
/// set aside).
fn field_accepts(id: ProviderId, submission: &Value, field: &FieldSpec) -> bool {
    match Connection::from_json(id, submission) {
        Ok(_) => true,
        Err(errors) => !errors.iter().any(|e| e.path == field.path()),
    }
}

/// A submission the generated validation accepts: each field gets its example, else its default,
/// else its first enum value, else the first of a few candidates it accepts.
fn valid_submission(provider: &CheckedProvider) -> Value {
    let id = provider_id(provider);
    let mut submission = Map::new();
    for group in Group::ALL {
        if id.fields().iter().any(|f| f.group == group) {
            submission.insert(group.as_str().to_owned(), json!({}));
        }
    }
    let mut submission = Value::Object(submission);
    for (spec, checked) in id.fields().iter().zip(&provider.fields) {
        let field = &checked.field;
        let mut candidates: Vec<String> = Vec::new();
        if let Some(example) = &field.example {
            if field.example_masked {
                candidates.extend("0aA1fF9zZ".chars().map(|c| example.replace('*', &c.to_string())));
            } else {
                candidates.push(example.clone());
            }
        }
        candidates.extend(field.default.iter().cloned());
        candidates.extend(field.allowed.iter().flatten().take(1).cloned());
        candidates.extend(
            [
                "name@example.com",
                "https://example.com",
                "1bc32cba-a5d6-438a-bbcc-af312f560a3c",
                "example.com",
                "acme",
                "ACME",
                "1234",
            ]
            .map(String::from),
        );
        let value = candidates.into_iter().find(|candidate| {
            let mut trial = submission.clone();
            set(&mut trial, spec, Value::String(candidate.clone()));
            field_accepts(id, &trial, spec)
        });
        let value = value.unwrap_or_else(|| panic!("no valid value found for {} {}", provider.id, spec.path()));
        set(&mut submission, spec, Value::String(value));
    }
    assert!(
        Connection::from_json(id, &submission).is_ok(),
        "{}: the baseline submission is valid: {submission}",
        provider.id
    );
    submission
}

/// Digits and letters that look like ASCII: Arabic-Indic and fullwidth digits, fullwidth and
/// Cyrillic letters, the Kelvin sign, the long s, the dotless i.
fn look_alikes(value: &str) -> Vec<String> {
    let map_all = |f: &dyn Fn(char) -> Option<char>| value.chars().map(|c| f(c).unwrap_or(c)).collect::<String>();
    let shift = |c: char, from: char, to: u32| char::from_u32(to + (c as u32 - from as u32));
    let mut out = vec![
        map_all(&|c| c.is_ascii_digit().then(|| shift(c, '0', 0x0660)).flatten()),
        map_all(&|c| c.is_ascii_digit().then(|| shift(c, '0', 0xFF10)).flatten()),
        map_all(&|c| c.is_ascii_lowercase().then(|| shift(c, 'a', 0xFF41)).flatten()),
        map_all(&|c| c.is_ascii_uppercase().then(|| shift(c, 'A', 0xFF21)).flatten()),
    ];
    for (ascii, unicode) in [
        ('a', 'а'),
        ('e', 'е'),
        ('o', 'о'),
        ('c', 'с'),
        ('p', 'р'),
        ('x', 'х'),
        ('k', '\u{212A}'),
        ('K', '\u{212A}'),
        ('s', 'ſ'),
        ('i', 'ı'),
        ('I', 'İ'),
    ] {
        if value.contains(ascii) {
            out.push(value.replacen(ascii, &unicode.to_string(), 1));
        }
    }
    // Letters that case-insensitive matching could fold to ASCII (`i` without `u` must not).
    if let Some(first) = value.find(|c: char| c.is_ascii_alphabetic()) {
        for unicode in ['\u{212A}', 'ſ'] {
            out.push(format!("{}{unicode}{}", &value[..first], &value[first + 1..]));
        }
    }
    out.retain(|v| v != value);
    out
}

/// The values tried in one field, each with a label.
fn corpus(base: &str, spec: &FieldSpec) -> Vec<(String, Value)> {
    let mut values: Vec<(String, String)> = vec![
        ("the valid value".into(), base.to_owned()),
        ("upper case".into(), base.to_uppercase()),
        ("lower case".into(), base.to_lowercase()),
        ("trailing newline".into(), format!("{base}\n")),
        ("surrounding spaces".into(), format!(" {base} ")),
        ("empty".into(), String::new()),
        ("one character short".into(), base.chars().take(base.chars().count().saturating_sub(1)).collect()),
        ("one character long".into(), format!("{base}{}", base.chars().last().unwrap_or('a'))),
        ("5,000 characters".into(), {
            let last = base.chars().last().unwrap_or('a');
            let mut long = base.to_owned();
            long.extend(std::iter::repeat_n(last, 5000usize.saturating_sub(base.chars().count())));
            long
        }),
        ("a space".into(), " ".into()),
        ("text".into(), "hello".into()),
    ];
    values.extend(look_alikes(base).into_iter().map(|v| ("look-alike Unicode".into(), v)));
    values.extend(spec.allowed.iter().map(|v| ("an enum value".into(), v.to_string())));
    values.extend(HOST_INJECTIONS.iter().map(|v| ("host injection".into(), v.to_string())));
    values.extend(HOST_INJECTIONS.iter().map(|v| ("host injection after the value".into(), format!("{base}{v}"))));
    let mut cases: Vec<(String, Value)> = values.into_iter().map(|(label, v)| (label, Value::String(v))).collect();
    cases.extend([("null".into(), Value::Null), ("a number".into(), json!(1)), ("an array".into(), json!([base]))]);
    cases
}

struct Case {
    provider: String,
    label: String,
    submission: Value,
    rust_valid: bool,
}

fn cases_for(provider: &CheckedProvider) -> Vec<Case> {
    let id = provider_id(provider);
    let valid = valid_submission(provider);
    let mut cases = Vec::new();
    let mut add = |label: String, submission: Value| {
        let rust_valid = Connection::from_json(id, &submission).is_ok();
        cases.push(Case { provider: provider.id.clone(), label, submission, rust_valid });
    };
    add("the valid submission".into(), valid.clone());
    for spec in id.fields() {
        let base = valid[spec.group.as_str()][spec.name].as_str().unwrap_or_default().to_owned();
        for (label, value) in corpus(&base, spec) {
            let mut submission = valid.clone();
            set(&mut submission, spec, value.clone());
            add(format!("{}: {label} {value}", spec.path()), submission);
        }
        let mut missing = valid.clone();
        remove(&mut missing, spec);
        add(format!("{}: left out", spec.path()), missing);
    }
    for group in Group::ALL {
        let mut unknown = valid.clone();
        if let Some(members) = unknown.get_mut(group.as_str()).and_then(Value::as_object_mut) {
            members.insert("unknownField".into(), json!("x"));
            add(format!("{}: an unknown member", group.as_str()), unknown);
        } else {
            unknown.as_object_mut().map(|s| s.insert(group.as_str().into(), json!({})));
            add(format!("{}: a group the provider does not have", group.as_str()), unknown);
        }
        let mut missing = valid.clone();
        missing.as_object_mut().map(|s| s.remove(group.as_str()));
        add(format!("{}: left out", group.as_str()), missing);
        let mut wrong_type = valid.clone();
        wrong_type.as_object_mut().map(|s| s.insert(group.as_str().into(), json!("x")));
        add(format!("{}: not an object", group.as_str()), wrong_type);
    }
    let mut unknown = valid.clone();
    unknown.as_object_mut().map(|s| s.insert("connectionConfig".into(), json!({})));
    add("an unknown top-level member".into(), unknown);
    for other in [json!(null), json!([]), json!("x"), json!({})] {
        add(format!("the submission {other}"), other);
    }
    cases
}

/// Runs node on the differential script, installing its packages first if needed.
fn run_node_differential(cases_path: &Path) {
    let js = project_root().join("tests/js");
    if !js.join("node_modules/ajv").exists() {
        let status =
            Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(&js).status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "npm ci in tests/js failed (node and npm are needed; see .ci/differential.sh)"
        );
    }
    let output = Command::new("node")
        .arg("differential.mjs")
        .arg(project_root().join("generated"))
        .arg(cases_path)
        .current_dir(&js)
        .output()
        .expect("node runs (node 18 or later is needed)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "ajv and the generated Rust validation disagree:\n{stdout}");
}

#[test]
fn rust_validation_agrees_with_ajv_on_every_verdict() {
    let registry = registry();
    let cases: Vec<Case> = registry.providers.iter().flat_map(cases_for).collect();
    assert!(cases.len() > 200, "the corpus is not empty: {}", cases.len());
    assert!(cases.iter().any(|c| c.rust_valid) && cases.iter().any(|c| !c.rust_valid));
    let dir = target_dir().join("tmp");
    std::fs::create_dir_all(&dir).expect("target/tmp");
    let path = dir.join("rust-differential-cases.json");
    let cases: Vec<Value> = cases
        .into_iter()
        .map(|c| json!({ "provider": c.provider, "label": c.label, "submission": c.submission, "rust_valid": c.rust_valid }))
        .collect();
    std::fs::write(&path, json!({ "cases": cases }).to_string()).expect("write the cases");
    run_node_differential(&path);
}

fn kandji(subdomain: &str, api_key: &str) -> kandji::Kandji {
    kandji::Kandji {
        connection_config: kandji::ConnectionConfig { subdomain: subdomain.into() },
        credentials: kandji::Credentials { api_key: Secret::new(api_key) },
    }
}

fn paligo(subdomain: &str) -> paligo::Paligo {
    paligo::Paligo {
        connection_config: paligo::ConnectionConfig { subdomain: subdomain.into() },
        credentials: paligo::Credentials { username: "name@example.com".into(), password: Secret::new("74E12F9C5D6F") },
    }
}

#[test]
fn host_injection_is_refused_by_validation_and_by_the_renderer() {
    for injection in HOST_INJECTIONS {
        for (id, submission) in [
            (
                ProviderId::Kandji,
                json!({ "connection_config": { "subdomain": injection }, "credentials": { "apiKey": "1bc32cba-a5d6-438a-bbcc-af312f560a3c" } }),
            ),
            (
                ProviderId::Paligo,
                json!({ "connection_config": { "subdomain": injection }, "credentials": { "username": "name@example.com", "password": "74E12F" } }),
            ),
        ] {
            let errors = Connection::from_json(id, &submission).expect_err("an injection is refused");
            assert!(
                errors.iter().any(|e| e.path == "connection_config.subdomain" && e.rule == "pattern"),
                "{id} {injection}: {errors:?}"
            );
        }
        // Built in code, never validated: the renderer still refuses.
        let unchecked = kandji(injection, "1bc32cba-a5d6-438a-bbcc-af312f560a3c");
        assert!(!unchecked.validate().is_empty());
        assert!(matches!(unchecked.base_url(), Err(RenderError::UnsafeValue { .. })), "kandji {injection}");
        assert!(matches!(paligo(injection).base_url(), Err(RenderError::UnsafeValue { .. })), "paligo {injection}");
        assert!(matches!(paligo(injection).verification(&[]), Err(RenderError::UnsafeValue { .. })));
    }
    assert_eq!(kandji("nango.api", "k").base_url().as_deref(), Ok("https://nango.api.kandji.io"));
    let verification = paligo("mycompany").verification(&[]).expect("renders").expect("Paligo verifies");
    let requests: Vec<(Method, &str)> = verification.requests.iter().map(|r| (r.method(), r.url())).collect();
    assert_eq!(requests, [(Method::Get, "https://mycompany.paligoapp.com/api/v2/groups?page=1&per_page=1")]);
}

#[test]
fn connections_render_headers_and_keep_secrets_out_of_logs() {
    let submission = json!({ "connection_config": { "subdomain": "nango.api" }, "credentials": { "apiKey": "1bc32cba-a5d6-438a-bbcc-af312f560a3c" } });
    let connection = Connection::from_json(ProviderId::Kandji, &submission).expect("valid");
    assert_eq!(connection.provider(), ProviderId::Kandji);
    assert_eq!(connection.base_url().as_deref(), Ok("https://nango.api.kandji.io"));
    let headers = connection.headers(&[]).expect("renders");
    assert_eq!(headers, [("authorization", "Bearer 1bc32cba-a5d6-438a-bbcc-af312f560a3c".to_owned())]);
    for printed in
        [format!("{connection:?}"), format!("{:?}", kandji("a", "1bc32cba")), Secret::new("1bc32cba").to_string()]
    {
        assert!(!printed.contains("1bc32cba"), "a secret was printed: {printed}");
    }
    assert!(format!("{connection:?}").contains("nango.api"), "other values print");
    let split = kandji("a", "token\r\nx-evil: 1");
    assert!(matches!(split.headers(&[]), Err(RenderError::UnsafeValue { .. })));
}

#[test]
fn connections_convert_to_their_providers_own_types() {
    let submission = json!({ "connection_config": { "subdomain": "nango.api" }, "credentials": { "apiKey": "1bc32cba-a5d6-438a-bbcc-af312f560a3c" } });
    let connection = Connection::from_json(ProviderId::Kandji, &submission).expect("valid");
    let typed: kandji::Kandji = connection.typed().expect("a Kandji connection");
    assert_eq!(typed.connection_config.subdomain, "nango.api");
    assert_eq!(typed.credentials.api_key.expose(), "1bc32cba-a5d6-438a-bbcc-af312f560a3c");
    assert_eq!(typed.field_values(), connection.field_values());
    assert_eq!(typed.provider(), ProviderId::Kandji);
    assert!(connection.typed::<paligo::Paligo>().is_none(), "another provider's type");
    let direct = kandji::Kandji::from_json(&submission).expect("valid");
    assert_eq!(direct.base_url(), connection.base_url());
    let refused = json!({ "connection_config": { "subdomain": "evil.com/" }, "credentials": {} });
    let paths = |errors: Vec<provider_registry::FieldError>| errors.into_iter().map(|e| e.path).collect::<Vec<_>>();
    assert_eq!(
        paths(kandji::Kandji::from_json(&refused).expect_err("refused")),
        paths(Connection::from_json(ProviderId::Kandji, &refused).expect_err("refused")),
    );

    // A field with `enum` values becomes its enum, and stays `None` when left out.
    let credentials = json!({ "username": "64371a39e74ad915af75674c0696e356", "password": "secret" });
    let with_host =
        json!({ "connection_config": { "hostname": "analytics.eu.amplitude.com" }, "credentials": credentials });
    let typed = amplitude::Amplitude::from_json(&with_host).expect("valid");
    assert_eq!(typed.connection_config.hostname, Some(amplitude::Hostname::AnalyticsEuAmplitudeCom));
    let without_host = json!({ "credentials": credentials });
    let connection = Connection::from_json(ProviderId::Amplitude, &without_host).expect("valid");
    let typed: amplitude::Amplitude = connection.typed().expect("an Amplitude connection");
    assert_eq!(typed.connection_config.hostname, None);
    assert_eq!(typed.credentials.username, "64371a39e74ad915af75674c0696e356");
    let other_host = json!({ "connection_config": { "hostname": "amplitude.org" }, "credentials": credentials });
    assert!(amplitude::Amplitude::from_json(&other_host).is_err());
}

#[test]
fn provider_ids_describe_every_provider() {
    let registry = registry();
    assert_eq!(ProviderId::ALL.len(), registry.providers.len());
    for (id, provider) in ProviderId::ALL.iter().zip(&registry.providers) {
        assert_eq!(id.as_str(), provider.id);
        assert_eq!(id.to_string().parse::<ProviderId>(), Ok(*id));
        assert_eq!(id.display_name(), provider.definition.display_name);
        assert_eq!(id.auth_mode().as_str(), provider.definition.auth_mode.as_str());
        assert_eq!(id.categories(), provider.definition.categories.as_slice());
        assert_eq!(id.docs_url(), provider.definition.docs.main);
        let schema = std::fs::read_to_string(project_root().join(format!("generated/schemas/{}.json", provider.id)))
            .expect("schema");
        assert_eq!(id.json_schema(), schema);
        let names: Vec<&str> = id.fields().iter().map(|f| f.name).collect();
        assert_eq!(names, provider.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>());
    }
    assert!("nope".parse::<ProviderId>().is_err());
}

/// Builds the generated crate's example once and returns its path.
fn validate_example() -> PathBuf {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--offline", "-p", "provider-registry", "--example", "validate"])
        .current_dir(project_root())
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the example builds");
    target_dir().join("debug/examples/validate")
}

#[test]
fn the_validate_example_prints_one_json_line_and_exits_0_1_or_2() {
    let example = validate_example();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let write = |name: &str, value: &Value| {
        let path = dir.path().join(name);
        std::fs::write(&path, value.to_string()).expect("write");
        path
    };
    let valid = write(
        "valid.json",
        &json!({ "connection_config": { "subdomain": "nango.api" }, "credentials": { "apiKey": "1bc32cba-a5d6-438a-bbcc-af312f560a3c" } }),
    );
    let invalid =
        write("invalid.json", &json!({ "connection_config": { "subdomain": "evil.com/" }, "credentials": {} }));
    let run = |args: &[&Path]| Command::new(&example).args(args).output().expect("the example runs");

    let ok = run(&[Path::new("kandji"), &valid]);
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&ok.stdout), "{\"ok\":true,\"base_url\":\"https://nango.api.kandji.io\"}\n");

    let refused = run(&[Path::new("kandji"), &invalid]);
    assert_eq!(refused.status.code(), Some(1));
    let line: Value = serde_json::from_slice(&refused.stdout).expect("one JSON line");
    assert_eq!(line["ok"], false);
    let errors: Vec<(&str, &str)> = line["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| (e["path"].as_str().unwrap_or(""), e["rule"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(errors, [("connection_config.subdomain", "pattern"), ("credentials.apiKey", "required")]);
    assert!(String::from_utf8_lossy(&refused.stdout).starts_with("{\"ok\":false,\"errors\":[{\"path\":"));

    assert_eq!(run(&[Path::new("nope"), &valid]).status.code(), Some(2), "unknown provider");
    assert_eq!(run(&[Path::new("kandji"), &dir.path().join("missing.json")]).status.code(), Some(2), "unreadable file");
    assert_eq!(run(&[Path::new("kandji")]).status.code(), Some(2), "missing argument");
}

/// A description no code generator should trip on.
const HOSTILE_TEXT: &str = r#"Quotes " and ' and \" and \\ backslashes \n, a */ comment end, /* a start, #[attr], "; panic!(); ", {{ 7*7 }}, `tick`, 1 < 2 > 0 and [link]"#;

#[test]
fn hostile_provider_text_builds_and_survives() {
    let providers = scratch_providers();
    let seed = std::fs::read_to_string(providers.path().join("perdoo.yaml")).expect("perdoo.yaml");
    let yaml_text = serde_json::to_string(HOSTILE_TEXT).expect("a JSON string is a YAML string");
    let hostile = seed
        .replace("description: Your Perdoo API token", &format!("description: {yaml_text}"))
        .replace("title: API Token", &format!("title: {yaml_text}"));
    assert_ne!(hostile, seed);
    std::fs::write(providers.path().join("hostile.yaml"), hostile).expect("write hostile.yaml");
    let out = tempfile::tempdir().expect("a temporary folder");
    let run = run_codegen(providers.path(), out.path(), false, nango_overrides());
    let messages: Vec<&str> = run.loaded.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(run.succeeded(false), "codegen succeeds: {messages:?} {:?}", run.emit_errors);

    // The crate checks its own text: a test added to it compares what it holds with the input.
    let tests = out.path().join("tests");
    std::fs::create_dir_all(&tests).expect("tests/");
    std::fs::write(
        tests.join("text.rs"),
        format!(
            "#[test]\nfn text_survives() {{\n    let field = &provider_registry::ProviderId::Hostile.fields()[0];\n    assert_eq!(field.description, {HOSTILE_TEXT:?});\n    assert_eq!(field.title, {HOSTILE_TEXT:?});\n}}\n"
        ),
    )
    .expect("write the test");
    let output = cargo_on_generated_crate(out.path(), &["test"]);
    assert!(
        output.status.success(),
        "the generated crate builds and its text survives:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let source = std::fs::read_to_string(out.path().join("src/providers/hostile.rs")).expect("the module");
    assert!(source.contains(r"\#\[attr\]"), "the rustdoc holds the text, escaped for Markdown");
}

#[test]
fn values_filled_in_after_the_form_are_typed_but_never_submitted() {
    let providers = scratch_providers();
    let zoho = std::fs::read_to_string(project_root().join("tests/valid/filled-by-values.yaml")).expect("the case");
    std::fs::write(providers.path().join("zoho.yaml"), zoho).expect("write zoho.yaml");
    let stripe =
        std::fs::read_to_string(project_root().join("tests/valid/hidden-empty-default.yaml")).expect("the case");
    std::fs::write(providers.path().join("stripe.yaml"), stripe).expect("write stripe.yaml");
    let out = tempfile::tempdir().expect("a temporary folder");
    let run = run_codegen(providers.path(), out.path(), false, nango_overrides());
    assert!(run.succeeded(false), "codegen succeeds: {:?}", run.loaded.diagnostics);

    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("schemas/zoho.json")).expect("the schema"))
            .expect("JSON");
    assert_eq!(schema["properties"], json!({}), "the form has nothing to submit");
    let ui: Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("schemas/zoho.uischema.json")).expect("the uiSchema"),
    )
    .expect("JSON");
    assert_eq!(ui["ui:order"], json!([]));
    let stripe: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("schemas/stripe.json")).expect("the schema"))
            .expect("JSON");
    let credentials = &stripe["properties"]["credentials"]["properties"];
    assert_eq!(credentials["password"]["default"], "", "a hidden empty default is kept");
    assert!(credentials["password"].get("minLength").is_none(), "and the empty string is valid");
    assert_eq!(credentials["username"]["minLength"], 1, "a value the user types is never empty");

    let tests = out.path().join("tests");
    std::fs::create_dir_all(&tests).expect("tests/");
    std::fs::write(
        tests.join("filled.rs"),
        r#"use provider_registry::providers::stripe::Stripe;
use provider_registry::providers::zoho::Zoho;
use provider_registry::{FilledBy, ProviderConnection, ProviderId, TypedConnection};
use serde_json::json;

#[test]
fn hidden_empty_default() {
    let submission = |password: &str| {
        json!({ "connection_config": { "region": "api" }, "credentials": { "username": "sk_live_1", "password": password } })
    };
    assert!(Stripe::from_json(&submission("")).is_ok(), "the hidden password may be empty");
    let mut empty_username = submission("");
    empty_username["credentials"]["username"] = json!("");
    assert!(Stripe::from_json(&empty_username).is_err(), "the username the user types may not");
}

#[test]
fn filled_values() {
    let mut connection = Zoho::from_json(&json!({})).expect("nothing to submit");
    assert_eq!(connection.connection_config.api_domain, None);
    assert!(connection.base_url().is_err(), "no alternative has its values yet");
    connection.connection_config.api_domain = Some("https://www.zohoapis.eu".into());
    assert_eq!(connection.base_url().as_deref(), Ok("https://www.zohoapis.eu"));
    connection.connection_config.instance = Some("eu1".into());
    assert_eq!(connection.base_url().as_deref(), Ok("https://eu1.zohoapis.com"));

    let submitted = json!({ "connection_config": { "api_domain": "https://evil.example" } });
    let errors = Zoho::from_json(&submitted).expect_err("a filled value cannot be submitted");
    assert!(errors.iter().any(|e| e.rule == "additionalProperties"), "{errors:?}");

    let filled: Vec<(&str, FilledBy)> = ProviderId::Zoho.fields().iter().map(|f| (f.name, f.filled_by)).collect();
    assert_eq!(
        filled,
        [
            ("accounts-server", FilledBy::Redirect("accounts-server")),
            ("api_domain", FilledBy::TokenResponse("api_domain")),
            ("instance", FilledBy::TokenResponse("installation.instance")),
            ("org", FilledBy::Platform),
            ("workspace_id", FilledBy::TokenResponse("workspace_id")),
            ("clientId", FilledBy::Integration("client_id")),
        ]
    );
}
"#,
    )
    .expect("write the test");
    let output = cargo_on_generated_crate(out.path(), &["test", "--test", "filled"]);
    assert!(
        output.status.success(),
        "the generated crate builds and keeps the filled values:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        "[a-z0-9.@:/#?-]{0,20}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        let keys = prop_oneof![
            Just("connection_config".to_owned()),
            Just("credentials".to_owned()),
            Just("subdomain".to_owned()),
            Just("apiKey".to_owned()),
            Just("username".to_owned()),
            Just("password".to_owned()),
            "[a-z]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    // The root package's library is `tests/support/lib.rs`, where proptest cannot keep its
    // regression files; a failure prints its minimal case instead.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_submission_panics(submission in arbitrary_json()) {
        for id in ProviderId::ALL {
            if let Ok(connection) = Connection::from_json(*id, &submission) {
                prop_assert!(connection.validate().is_empty());
                let _ = (connection.base_url(), connection.headers(&[]), connection.verification(&[]));
            }
        }
    }
}
