//! The front ends' JSON Schemas (`generated/schemas/`).
//!
//! The core of this file is a set of cases, per provider: a valid submission, then for every
//! field an empty value, a missing one, one the pattern refuses, one the format refuses, one
//! outside the enum, a number, an unknown field, and the visibility conditions. Each case carries
//! the errors (instance path and keyword) that the rules at the top of
//! `codegen/src/emit/json_schema.rs` predict, computed here by [`predicted_errors`] with the
//! generator's own pattern and format semantics. The `jsonschema` crate must report exactly
//! those errors; the cases are then written to `<target>/tmp/schema-cases.json`, where
//! `.ci/ajv.sh` has ajv 8 check the very same cases.
//!
//! The cases cover the seed providers and [`FIXTURE`], a provider that uses every field option.
//!
//! Submissions need a valid value for every field. A field's value is its example, else its
//! default, else its first `enum` value; for a masked example (or none), [`valid_value`] searches
//! a short, fixed list of candidates (the masked example with its `*` filled in, a value typical
//! of the format, runs of one character) for the first that the pattern, format and enum accept.

use std::collections::BTreeSet;
use std::path::Path;

use super::support::{project_root, providers_dir, scratch_providers};
use crate::check::pattern::{self, Pattern};
use crate::diagnostics::Severity;
use crate::emit::json_schema;
use crate::formats::FormatCheck;
use crate::load::{load, SettingsOverrides};
use crate::model::Format;
use crate::registry::{CheckedField, CheckedProvider, Registry};
use crate::template::Group;
use jsonschema::{Keyword, ValidationError, Validator};
use serde_json::{json, Map, Value};

/// A provider that uses every option a field has: optional and conditional fields, an enum with
/// a default, hidden and automated fields, every format, masked and missing examples, and a
/// pattern whose meaning differs between regex engines (`\d` is ASCII in ECMAScript).
const FIXTURE: &str = r#"
display_name: Acme Cloud
categories: [devops]
auth_mode: API_KEY
docs:
  main: https://docs.example.com/acme
  connect: https://docs.example.com/acme/connect
proxy:
  base_url: https://${connectionConfig.host}/${connectionConfig.region}
  headers:
    x-api-key: ${apiKey}
    x-installation: ${connectionConfig.installationId}
    x-account: ${connectionConfig.accountId}
connection_config:
  host:
    title: Host
    description: The host name of your Acme instance
    format: hostname
    example: acme.example.com
    prefix: https://
    docs_anchor: '#host'
  region:
    title: Region
    description: Where your {platform} data lives
    enum: [eu, us, custom]
    default: eu
    docs_anchor: '#region'
  regionUrl:
    title: Region URL
    description: The URL of your custom region
    format: uri
    example: https://acme.example.com/regions/1
    visible_when: { field: region, equals: custom }
    docs_anchor: '#region-url'
  label:
    title: Label
    description: A name for this connection
    optional: true
    visible_when: { field: region, equals: custom }
    docs_anchor: '#label'
  accountId:
    title: Account ID
    description: Your account number
    pattern: '^\d{4,}$'
    pattern_hint: Four digits or more
    optional: true
    order: 1
    docs_anchor: '#account-id'
  installationId:
    title: Installation
    description: Filled in when the app is installed
    pattern: '^inst-[0-9a-f]{6}$'
    example: inst-00af12
    hidden: true
    automated: true
credentials:
  apiKey:
    title: API Key
    description: Your Acme API key
    secret: true
    pattern: '^ak_[a-z0-9]{8}$'
    example: 'ak_****'
    example_masked: true
    suffix: (from Settings)
    docs_anchor: '#api-key'
  contact:
    title: Contact
    description: Who to tell about problems
    format: email
    optional: true
    docs_anchor: '#contact'
  tenant:
    title: Tenant
    description: Your tenant's id
    format: uuid
    docs_anchor: '#tenant'
"#;

fn registry_of(dir: &Path) -> Registry {
    let loaded = load(dir, &SettingsOverrides::default());
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.file.display(), d.message))
        .collect();
    assert!(errors.is_empty(), "the providers do not validate: {errors:#?}");
    loaded.registry.expect("a registry when there are no errors")
}

/// The seeds plus [`FIXTURE`].
fn registry_with_fixture() -> Registry {
    let dir = scratch_providers();
    std::fs::write(dir.path().join("acme.yaml"), FIXTURE).expect("write the fixture");
    registry_of(dir.path())
}

fn provider<'r>(registry: &'r Registry, id: &str) -> &'r CheckedProvider {
    registry.providers.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("provider `{id}`"))
}

fn schema_of(registry: &Registry, id: &str) -> Value {
    let provider = provider(registry, id);
    let notice = crate::registry::notice(&provider.source_name());
    serde_json::to_value(json_schema::provider_schema(registry, provider, &notice)).expect("a schema is JSON")
}

fn emitted(registry: &Registry, path: &str) -> Value {
    let files = json_schema::emit(registry, json_schema::schema_texts(registry)).expect("the emitter succeeds");
    let file = files.iter().find(|f| f.path == Path::new(path)).unwrap_or_else(|| panic!("`{path}` is emitted"));
    serde_json::from_str(&file.contents).expect("emitted JSON parses")
}

// ---------------------------------------------------------------------------------------------
// The Rust validator: the `jsonschema` crate, draft 2020-12, formats asserted. Its own `pattern`
// engines (fancy-regex, regex) are not ECMAScript and its formats are not ajv-formats', so both
// are replaced by the generator's, which follow the browser (ajv) semantics.

struct EcmaScriptPattern(std::sync::Arc<Pattern>);

impl<'i> Keyword<'i> for EcmaScriptPattern {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(ValidationError::custom(format!("does not match the pattern `{}`", self.0.source)))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        instance.as_str().is_none_or(|text| self.0.accepts(text))
    }
}

fn rust_validator(schema: &Value) -> Validator {
    let mut options = jsonschema::draft202012::options().should_validate_formats(true).with_keyword(
        "pattern",
        |_parent: &Map<String, Value>, value: &Value, _location| {
            let source = value.as_str().ok_or_else(|| ValidationError::custom("`pattern` is not a string"))?;
            let compiled = pattern::compile(source)
                .map_err(|error| ValidationError::custom(format!("pattern `{source}` does not compile: {error:?}")))?;
            Ok(Box::new(EcmaScriptPattern(compiled)) as Box<dyn for<'i> Keyword<'i>>)
        },
    );
    for format in [Format::Email, Format::Uri, Format::Uuid, Format::Hostname] {
        let check = FormatCheck::new(format);
        options = options.with_format(format.as_str(), move |value: &str| check.accepts(value));
    }
    options.build(schema).unwrap_or_else(|error| panic!("the schema compiles: {error}"))
}

/// The errors the validator reports, as (instance path, keyword) pairs.
fn rust_errors(validator: &Validator, instance: &Value) -> BTreeSet<(String, String)> {
    validator
        .iter_errors(instance)
        .map(|error| {
            let keyword = error.schema_path().as_str().rsplit('/').next().unwrap_or_default().to_owned();
            (error.instance_path().as_str().to_owned(), keyword)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The rules, as stated at the top of json_schema.rs, to predict each case's errors.

fn group_key(group: Group) -> &'static str {
    match group {
        Group::ConnectionConfig => "connection_config",
        _ => "credentials",
    }
}

fn groups_of(provider: &CheckedProvider) -> Vec<(Group, Vec<&CheckedField>)> {
    [Group::ConnectionConfig, Group::Credentials]
        .into_iter()
        .map(|group| (group, provider.fields.iter().filter(|f| f.group == group).collect::<Vec<_>>()))
        .filter(|(_, fields)| !fields.is_empty())
        .collect()
}

fn always_required(field: &CheckedField) -> bool {
    !field.field.optional && field.field.visible_when.is_none()
}

/// Which value checks refuse `value`: `minLength`, `pattern`, `format`, `enum`.
fn refusing_keywords(field: &CheckedField, value: &str) -> Vec<&'static str> {
    let f = &field.field;
    let mut keywords = Vec::new();
    if value.is_empty() {
        keywords.push("minLength");
    }
    if let Some(source) = &f.pattern {
        if !pattern::compile(source).expect("checked patterns compile").accepts(value) {
            keywords.push("pattern");
        }
    }
    if let Some(format) = f.format {
        if !FormatCheck::new(format).accepts(value) {
            keywords.push("format");
        }
    }
    if f.allowed.as_ref().is_some_and(|allowed| !allowed.iter().any(|a| a == value)) {
        keywords.push("enum");
    }
    keywords
}

/// The errors the rules predict for a submission (an object whose groups are objects).
fn predicted_errors(provider: &CheckedProvider, submission: &Value) -> BTreeSet<(String, String)> {
    let mut errors = BTreeSet::new();
    let mut error = |path: String, keyword: &str| errors.insert((path, keyword.to_owned()));
    let groups = groups_of(provider);
    let root = submission.as_object().expect("submissions are objects");
    if root.keys().any(|key| !groups.iter().any(|(group, _)| group_key(*group) == key)) {
        error(String::new(), "additionalProperties");
    }
    for (group, fields) in &groups {
        let key = group_key(*group);
        let Some(values) = root.get(key) else {
            if fields.iter().any(|f| always_required(f)) {
                error(String::new(), "required");
            }
            continue;
        };
        let values = values.as_object().expect("groups are objects");
        let path = format!("/{key}");
        if values.keys().any(|name| !fields.iter().any(|f| &f.name == name)) {
            error(path.clone(), "additionalProperties");
        }
        for field in fields {
            match values.get(&field.name) {
                None => {
                    let shown = field.field.visible_when.as_ref().is_none_or(|condition| {
                        values.get(&condition.field).and_then(Value::as_str) == Some(condition.equals.as_str())
                    });
                    if !field.field.optional && shown {
                        error(path.clone(), "required");
                    }
                }
                Some(Value::String(text)) => {
                    for keyword in refusing_keywords(field, text) {
                        error(format!("{path}/{}", field.name), keyword);
                    }
                }
                Some(_) => {
                    error(format!("{path}/{}", field.name), "type");
                    if field.field.allowed.is_some() {
                        error(format!("{path}/{}", field.name), "enum");
                    }
                }
            }
        }
    }
    errors
}

// ---------------------------------------------------------------------------------------------
// Building the cases.

/// A valid value for the field, or `None` if the fixed candidates hold none (the test then says
/// which field needs an example).
fn valid_value(field: &CheckedField) -> Option<String> {
    let f = &field.field;
    let known = [
        f.example.clone().filter(|_| !f.example_masked),
        f.default.clone(),
        f.allowed.as_ref().and_then(|a| a.first().cloned()),
    ];
    let mut candidates: Vec<String> = known.into_iter().flatten().collect();
    let fillers = ['0', 'a', 'f', 'A', 'F', '1', '9', 'z'];
    if let Some(masked) = f.example.as_ref().filter(|_| f.example_masked) {
        let stars = masked.chars().filter(|c| *c == '*').count();
        for length in std::iter::once(stars).chain(1..=64) {
            for filler in fillers {
                candidates.push(fill_mask(masked, length, filler));
            }
        }
    }
    candidates.extend(f.format.map(|format| {
        match format {
            Format::Email => "name@example.com",
            Format::Uri => "https://example.com/",
            Format::Uuid => "00000000-0000-4000-8000-000000000000",
            Format::Hostname => "example.com",
        }
        .to_owned()
    }));
    for length in 1..=64 {
        candidates.extend(fillers.iter().map(|c| c.to_string().repeat(length)));
    }
    candidates.into_iter().find(|value| refusing_keywords(field, value).is_empty())
}

/// The masked example with its first run of `*` replaced by `length` times `filler` and any
/// other run dropped.
fn fill_mask(masked: &str, length: usize, filler: char) -> String {
    let mut out = String::new();
    let mut filled = false;
    for c in masked.chars() {
        if c != '*' {
            out.push(c);
        } else if !filled {
            out.extend(std::iter::repeat_n(filler, length));
            filled = true;
        }
    }
    out
}

/// Values that are likely refused by something: the valid value altered, typical mistakes for
/// each format, and traps where regex engines differ (non-ASCII digits).
fn candidate_mistakes(valid: &str) -> Vec<String> {
    let mut shorter = valid.to_owned();
    shorter.pop();
    [
        format!("{valid}!"),
        format!("-{valid}"),
        shorter,
        valid.to_uppercase(),
        format!("{valid}x"),
        format!("{valid} "),
        "evil.com/#".into(),
        "name@".into(),
        "not a uri".into(),
        "١٢٣٤٥".into(),
        "x".into(),
        "example.com".into(),
        "example.com.".into(),
        "a..b".into(),
        "xn--bcher-kva.example".into(),
        "name@example.com.".into(),
        "mailto:name@example.com".into(),
        "http://[::1]:8080/".into(),
        "https://exa mple.com".into(),
        "1BC32CBA-A5D6-438A-BBCC-AF312F560A3C".into(),
        "urn:uuid:1bc32cba-a5d6-438a-bbcc-af312f560a3c".into(),
        "1bc32cbaa5d6438abbccaf312f560a3c".into(),
    ]
    .into_iter()
    .filter(|v| !v.is_empty())
    .collect()
}

/// A non-empty value refused by `keyword`, preferably by it alone.
fn refused_by(field: &CheckedField, valid: &str, keyword: &str) -> Option<String> {
    let mistakes = candidate_mistakes(valid);
    let refused: Vec<(String, Vec<&str>)> = mistakes
        .into_iter()
        .map(|v| (v.clone(), refusing_keywords(field, &v)))
        .filter(|(_, k)| k.contains(&keyword))
        .collect();
    refused.iter().find(|(_, k)| k.len() == 1).or(refused.first()).map(|(v, _)| v.clone())
}

/// What a case is about, checked against the predicted errors so that a case means what its name
/// says.
enum Intent {
    Valid,
    /// This error (instance path, keyword), perhaps among others.
    Error(String, &'static str),
    /// Only the verdicts of the validators and the rules are compared.
    Compare,
}

struct Case {
    name: String,
    submission: Value,
    /// What the case is about: an error it must produce, or none for a valid submission.
    intent: Intent,
}

fn valid_submission(provider: &CheckedProvider) -> Value {
    let mut root = Map::new();
    for (group, fields) in groups_of(provider) {
        let mut values = Map::new();
        for field in fields {
            let value = valid_value(field).unwrap_or_else(|| {
                panic!("no valid value found for `{}` of {}: give it an example", field.name, provider.id)
            });
            values.insert(field.name.clone(), value.into());
        }
        root.insert(group_key(group).into(), values.into());
    }
    Value::Object(root)
}

fn cases(provider: &CheckedProvider) -> Vec<Case> {
    let valid = valid_submission(provider);
    let mut cases = vec![Case { name: "valid submission".into(), submission: valid.clone(), intent: Intent::Valid }];
    let with = |group: &str, change: &dyn Fn(&mut Map<String, Value>)| {
        let mut submission = valid.clone();
        if let Some(values) = submission.get_mut(group).and_then(Value::as_object_mut) {
            change(values);
        }
        submission
    };
    for (group, fields) in groups_of(provider) {
        let key = group_key(group);
        let group_path = format!("/{key}");
        cases.push(Case {
            name: format!("{key}: unknown field"),
            submission: with(key, &|values| {
                values.insert("unknownField".into(), "x".into());
            }),
            intent: Intent::Error(group_path.clone(), "additionalProperties"),
        });
        if fields.iter().any(|f| always_required(f)) {
            let mut submission = valid.clone();
            submission.as_object_mut().expect("an object").remove(key);
            cases.push(Case {
                name: format!("{key}: missing"),
                submission,
                intent: Intent::Error(String::new(), "required"),
            });
        }
        for field in &fields {
            let path = format!("{group_path}/{}", field.name);
            let valid_text = valid[key][&field.name].as_str().expect("valid values are strings").to_owned();
            let set = |value: Value| {
                with(key, &|values| {
                    values.insert(field.name.clone(), value.clone());
                })
            };
            let name = |what: &str| format!("{}: {what}", field.path());
            cases.push(Case {
                name: name("empty"),
                submission: set("".into()),
                intent: Intent::Error(path.clone(), "minLength"),
            });
            cases.push(Case {
                name: name("a number"),
                submission: set(42.into()),
                intent: Intent::Error(path.clone(), "type"),
            });
            let missing = with(key, &|values| {
                values.remove(&field.name);
            });
            let missing_intent = if always_required(field) {
                Intent::Error(group_path.clone(), "required")
            } else if field.field.optional {
                Intent::Valid
            } else {
                Intent::Compare
            };
            cases.push(Case { name: name("missing"), submission: missing, intent: missing_intent });
            for keyword in ["pattern", "format", "enum"] {
                if let Some(value) = refused_by(field, &valid_text, keyword) {
                    cases.push(Case {
                        name: name(&format!("`{value}`, refused by {keyword}")),
                        submission: set(value.into()),
                        intent: Intent::Error(path.clone(), keyword),
                    });
                }
            }
            if field.field.pattern.is_some() || field.field.format.is_some() || field.field.allowed.is_some() {
                for value in candidate_mistakes(&valid_text) {
                    cases.push(Case {
                        name: name(&format!("`{value}`")),
                        submission: set(value.into()),
                        intent: Intent::Compare,
                    });
                }
            }
            if let Some(condition) = &field.field.visible_when {
                let shown = with(key, &|values| {
                    values.insert(condition.field.clone(), condition.equals.clone().into());
                    values.remove(&field.name);
                });
                let intent =
                    if field.field.optional { Intent::Valid } else { Intent::Error(group_path.clone(), "required") };
                cases.push(Case { name: name("missing while shown"), submission: shown, intent });
                let controller = fields.iter().find(|f| f.name == condition.field).expect("conditions name a field");
                let other = controller.field.allowed.iter().flatten().find(|v| **v != condition.equals);
                if let Some(other) = other {
                    let hidden = with(key, &|values| {
                        values.insert(condition.field.clone(), other.clone().into());
                        values.remove(&field.name);
                    });
                    cases.push(Case {
                        name: name("missing while not shown"),
                        submission: hidden,
                        intent: Intent::Valid,
                    });
                }
            }
        }
    }
    let mut extra_group = valid.clone();
    extra_group.as_object_mut().expect("an object").insert("metadata".into(), json!({}));
    cases.push(Case {
        name: "unknown group".into(),
        submission: extra_group,
        intent: Intent::Error(String::new(), "additionalProperties"),
    });
    // Different mistakes can produce the same submission: keep the first, whose name says more.
    let mut seen = BTreeSet::new();
    cases.retain(|case| seen.insert(case.submission.to_string()));
    cases
}

// ---------------------------------------------------------------------------------------------
// The tests.

#[test]
fn the_seeds_schemas_say_what_the_seeds_say() {
    let registry = registry_of(&providers_dir());
    let perdoo = schema_of(&registry, "perdoo");
    let token = &perdoo["properties"]["credentials"]["properties"]["apiKey"];
    assert_eq!(token["pattern"], "^[a-f0-9]{64}$");
    assert_eq!(token["writeOnly"], true);
    assert_eq!(perdoo["properties"]["credentials"]["required"], json!(["apiKey"]));
    assert!(perdoo["properties"].get("connection_config").is_none(), "Perdoo has no connection config");

    let kandji = schema_of(&registry, "kandji");
    assert_eq!(kandji["properties"]["credentials"]["properties"]["apiKey"]["format"], "uuid");
    assert_eq!(kandji["x-base-url"], "https://${connectionConfig.subdomain}.kandji.io");
    assert_eq!(kandji["$id"], "https://providers.example.com/schemas/kandji.json");
    assert_eq!(kandji["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(
        kandji["properties"]["connection_config"]["properties"]["subdomain"]["x-docs-url"],
        "https://nango.dev/docs/integrations/all/kandji/connect#step-1-finding-your-subdomain"
    );

    let paligo = schema_of(&registry, "paligo");
    let credentials = &paligo["properties"]["credentials"]["properties"];
    assert_eq!(credentials["username"]["format"], "email");
    assert_eq!(credentials["password"]["title"], "API Key");
    assert_eq!(credentials["password"]["writeOnly"], true);
    assert!(credentials["password"].get("examples").is_none(), "a masked example is not an example");
    assert_eq!(credentials["password"]["x-masked-example"], "74E12F****************************9C5D6F");
    let names: Vec<&String> = credentials.as_object().expect("properties").keys().collect();
    assert_eq!(names, ["username", "password"], "properties are in form order");
    let subdomain = &paligo["properties"]["connection_config"]["properties"]["subdomain"];
    assert_eq!((&subdomain["x-prefix"], &subdomain["x-suffix"]), (&json!("https://"), &json!(".paligoapp.com")));
}

#[test]
fn the_fixture_turns_every_field_option_into_its_keyword() {
    let registry = registry_with_fixture();
    let schema = schema_of(&registry, "acme");
    let config = &schema["properties"]["connection_config"];
    let fields = &config["properties"];
    let names: Vec<&String> = fields.as_object().expect("properties").keys().collect();
    assert_eq!(names, ["accountId", "host", "region", "regionUrl", "label", "installationId"]);
    assert_eq!(fields["accountId"]["x-order"], 1);
    assert_eq!(fields["installationId"]["x-order"], 6);
    assert_eq!(fields["region"]["enum"], json!(["eu", "us", "custom"]));
    assert_eq!(fields["region"]["default"], "eu");
    assert_eq!(fields["region"]["description"], "Where your Nango data lives", "the platform name is filled in");
    assert_eq!(fields["region"]["x-docs-url"], "https://docs.example.com/acme/connect#region");
    assert_eq!(
        (&fields["installationId"]["x-hidden"], &fields["installationId"]["x-automated"]),
        (&json!(true), &json!(true))
    );
    assert_eq!(fields["label"]["x-visible-when"], json!({ "field": "region", "equals": "custom" }));
    assert_eq!(
        config["required"],
        json!(["host", "region", "installationId"]),
        "optional and conditional fields are not"
    );
    let conditions = config["allOf"].as_array().expect("conditions");
    assert_eq!(conditions.len(), 1, "only the required conditional field has a condition");
    assert_eq!(conditions[0]["if"]["properties"]["region"]["const"], "custom");
    assert_eq!(conditions[0]["then"]["required"], json!(["regionUrl"]));
    assert!(fields.as_object().expect("properties").values().all(|f| f["minLength"] == 1));
    assert_eq!(schema["properties"]["credentials"]["required"], json!(["apiKey", "tenant"]));
    assert_eq!(schema["required"], json!(["connection_config", "credentials"]));

    let ui = emitted(&registry, "schemas/acme.uischema.json");
    assert_eq!(ui["ui:order"], json!(["connection_config", "credentials"]));
    assert_eq!(
        ui["connection_config"]["ui:order"],
        json!(["accountId", "host", "region", "regionUrl", "label", "installationId"])
    );
    assert_eq!(ui["connection_config"]["installationId"]["ui:widget"], "hidden");
    assert_eq!(ui["connection_config"]["accountId"]["ui:patternHint"], "Four digits or more");
    assert_eq!(ui["connection_config"]["host"]["ui:prefix"], "https://");
    assert_eq!(ui["connection_config"]["host"]["ui:docsUrl"], "https://docs.example.com/acme/connect#host");
    assert_eq!(ui["connection_config"]["ui:label"], false, "no developer caption");
    assert_eq!(
        ui["credentials"]["apiKey"],
        json!({
            "ui:autocomplete": "off",
            "ui:docsUrl": "https://docs.example.com/acme/connect#api-key",
            "ui:placeholder": "ak_****",
            "ui:suffix": "(from Settings)",
            "ui:widget": "password",
        })
    );
    assert_eq!(ui["connection_config"]["installationId"], json!({ "ui:widget": "hidden" }));
}

#[test]
fn ui_schemas_follow_their_schemas() {
    let registry = registry_with_fixture();
    for provider in &registry.providers {
        let schema = schema_of(&registry, &provider.id);
        let ui = emitted(&registry, &provider.outputs.ui_schema);
        let groups: Vec<&String> = schema["properties"].as_object().expect("groups").keys().collect();
        assert_eq!(ui["ui:order"], json!(groups), "{}", provider.id);
        for group in groups {
            let fields = schema["properties"][group]["properties"].as_object().expect("fields");
            assert_eq!(ui[group]["ui:order"], json!(fields.keys().collect::<Vec<_>>()), "{} {group}", provider.id);
            for (name, field) in fields {
                let widget = &ui[group][name]["ui:widget"];
                let expected = if field.get("x-hidden").is_some() || field.get("x-automated").is_some() {
                    json!("hidden")
                } else if field.get("enum").is_some() {
                    json!("select")
                } else if field["writeOnly"] == true {
                    json!("password")
                } else {
                    Value::Null
                };
                assert_eq!(widget, &expected, "{} {group}.{name}", provider.id);
            }
        }
    }
}

/// A provider whose values span several lines: a certificate marked `multiline` without an
/// example, and a secret key whose example holds line breaks.
const MULTILINE: &str = r#"
display_name: Acme Certificates
categories: [devops]
auth_mode: API_KEY
docs:
  main: https://docs.example.com/acme-certificates
  connect: https://docs.example.com/acme-certificates/connect
proxy:
  base_url: https://api.acme.example.com
  headers:
    x-api-key: ${apiKey}
    x-certificate: ${connectionConfig.certificateId}
credentials:
  apiKey:
    title: API Key
    description: Your Acme API key
    secret: true
    docs_anchor: '#api-key'
  certificate:
    title: Certificate
    description: Your client certificate, in PEM
    multiline: true
    docs_anchor: '#certificate'
  privateKey:
    title: Private Key
    description: The certificate's private key, in PEM
    secret: true
    example: |-
      -----BEGIN PRIVATE KEY-----
      MIIEvQIBADANBgkqhkiG9w0BAQEFAASC
      -----END PRIVATE KEY-----
    docs_anchor: '#private-key'
connection_config:
  certificateId:
    title: Certificate ID
    description: The id Acme gave the certificate
    example: cert-1
    docs_anchor: '#certificate-id'
"#;

#[test]
fn values_of_several_lines_get_a_text_area() {
    let dir = scratch_providers();
    std::fs::write(dir.path().join("acme-certificates.yaml"), MULTILINE).expect("write the provider");
    let registry = registry_of(dir.path());
    let ui = emitted(&registry, &provider(&registry, "acme-certificates").outputs.ui_schema);
    let credentials = &ui["credentials"];
    assert_eq!(credentials["certificate"]["ui:widget"], "textarea", "`multiline: true` without an example");
    assert_eq!(credentials["certificate"].get("ui:autocomplete"), None, "a value that is not secret");
    assert_eq!(credentials["privateKey"]["ui:widget"], "textarea", "an example of several lines");
    assert_eq!(credentials["privateKey"]["ui:autocomplete"], "off", "a secret");
    assert_eq!(credentials["apiKey"]["ui:widget"], "password", "a secret of one line");
    assert_eq!(ui["connection_config"]["certificateId"].get("ui:widget"), None, "a value of one line");
    let schema = schema_of(&registry, "acme-certificates");
    assert_eq!(schema["properties"]["credentials"]["properties"]["privateKey"]["writeOnly"], true);
}

#[test]
fn the_catalog_lists_every_provider_with_its_files() {
    let registry = registry_with_fixture();
    let catalog = emitted(&registry, "registry.json");
    let entries = catalog["providers"].as_array().expect("providers");
    let ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().expect("an id")).collect();
    assert_eq!(ids, ["acme", "amplitude", "kandji", "paligo", "perdoo"]);
    let entry = |id: &str| entries.iter().find(|e| e["id"] == id).expect("listed");
    let files = json_schema::emit(&registry, json_schema::schema_texts(&registry)).expect("the emitter succeeds");
    for entry in entries {
        for key in ["schema", "uischema"] {
            let path = entry[key].as_str().expect("a path");
            assert!(files.iter().any(|f| f.path == Path::new(path)), "{path} is emitted");
        }
    }
    let acme = entry("acme");
    assert!(acme.get("guide").is_none(), "no guide, no link");
    assert_eq!(acme["base_url"], "https://${connectionConfig.host}/${connectionConfig.region}");
    assert_eq!(entry("kandji")["guide"], "guides/kandji.md");
    assert_eq!(entry("kandji")["auth_mode"], "API_KEY");
    assert_eq!(entry("kandji")["categories"], json!(["support", "productivity"]));

    let linked: BTreeSet<&str> = entries.iter().filter_map(|e| e["guide"].as_str()).collect();
    let guides = crate::emit::guides::emit(&registry).expect("the guides emitter succeeds");
    let written: BTreeSet<&str> =
        guides.iter().filter_map(|f| f.path.to_str()).filter(|p| *p != "guides/README.md").collect();
    assert_eq!(linked, written, "the catalog links exactly the guides the guides emitter writes");

    let overrides =
        SettingsOverrides { guide_flavor: Some(crate::model::GuideFlavor::Mdx), ..SettingsOverrides::default() };
    let loaded = load(&providers_dir(), &overrides);
    let mdx = emitted(loaded.registry.as_ref().expect("a registry"), "registry.json");
    let kandji = mdx["providers"].as_array().expect("providers").iter().find(|e| e["id"] == "kandji").expect("listed");
    assert_eq!(kandji["guide"], "guides/kandji.mdx");
}

#[test]
fn imported_passthrough_keys_reach_the_catalog() {
    let dir = scratch_providers();
    let with_passthrough = format!("{FIXTURE}passthrough:\n  webhook_user_defined_secret: true\n  alias: acme-old\n");
    std::fs::write(dir.path().join("acme.yaml"), with_passthrough).expect("write the fixture");
    let catalog = emitted(&registry_of(dir.path()), "registry.json");
    assert_eq!(
        catalog["providers"][0]["passthrough"],
        json!({ "webhook_user_defined_secret": true, "alias": "acme-old" })
    );
    let kandji =
        catalog["providers"].as_array().expect("providers").iter().find(|e| e["id"] == "kandji").expect("listed");
    assert!(kandji.get("passthrough").is_none(), "no passthrough, no key");
}

/// The schemas, uiSchemas and catalog are serialized from structs that declare their fields in
/// the sorted order of their names on the wire: every object of the published JSON has its keys
/// sorted, but those that list names in an order of their own (`properties` in form order, an
/// imported `passthrough`).
#[test]
fn every_object_of_the_published_json_has_its_keys_sorted() {
    let dir = scratch_providers();
    let with_passthrough = format!("{FIXTURE}passthrough:\n  webhook_user_defined_secret: true\n  alias: acme-old\n");
    std::fs::write(dir.path().join("acme.yaml"), with_passthrough).expect("write the fixture");
    let registry = registry_of(dir.path());
    let files = json_schema::emit(&registry, json_schema::schema_texts(&registry)).expect("the emitter succeeds");
    for file in &files {
        let value: Value = serde_json::from_str(&file.contents).expect("emitted JSON parses");
        assert_keys_sorted(&value, &file.path.display().to_string());
    }
}

fn assert_keys_sorted(value: &Value, at: &str) {
    match value {
        Value::Object(object) => {
            let keys: Vec<&String> = object.keys().collect();
            if !at.ends_with("/properties") && !at.ends_with("/passthrough") {
                assert!(keys.is_sorted(), "{at}: {keys:?}");
            }
            for (key, value) in object {
                assert_keys_sorted(value, &format!("{at}/{key}"));
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                assert_keys_sorted(item, &format!("{at}/{index}"));
            }
        }
        _ => {}
    }
}

#[test]
fn schemas_use_only_documented_presentation_keywords() {
    let registry = registry_with_fixture();
    let vocabulary = emitted(&registry, "schemas/vocabulary.json");
    let documented: BTreeSet<&str> = json_schema::presentation_keywords().collect();
    let described: BTreeSet<&str> =
        vocabulary["properties"].as_object().expect("keywords").keys().map(String::as_str).collect();
    assert_eq!(described, documented);
    let guide = std::fs::read_to_string(project_root().join("docs/json-schema.md")).expect("docs/json-schema.md");
    for keyword in &documented {
        assert!(guide.contains(&format!("`{keyword}`")), "docs/json-schema.md explains `{keyword}`");
    }

    let meta = jsonschema::draft202012::options().build(&vocabulary).expect("the vocabulary compiles");
    let mut used = BTreeSet::new();
    for provider in &registry.providers {
        let schema = schema_of(&registry, &provider.id);
        let errors: Vec<String> = meta.iter_errors(&schema).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{} against vocabulary.json: {errors:#?}", provider.id);
        collect_extension_keywords(&schema, &mut used);
    }
    let undocumented: Vec<&String> = used.iter().filter(|k| !documented.contains(k.as_str())).collect();
    assert!(undocumented.is_empty(), "undocumented keywords: {undocumented:?}");

    let mut wrong = schema_of(&registry, "acme");
    wrong["properties"]["credentials"]["properties"]["apiKey"]["x-order"] = json!(0);
    assert!(!meta.is_valid(&wrong), "the vocabulary checks nested keyword values");
}

fn collect_extension_keywords(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                if key.starts_with("x-") {
                    out.insert(key.clone());
                } else {
                    collect_extension_keywords(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_extension_keywords(item, out)),
        _ => {}
    }
}

/// The cases, checked with the Rust validator, then written for `.ci/ajv.sh`.
#[test]
fn submissions_get_the_predicted_verdicts() {
    let registry = registry_with_fixture();
    let mut providers = Vec::new();
    let mut checked = 0;
    for provider in &registry.providers {
        let schema = schema_of(&registry, &provider.id);
        let validator = rust_validator(&schema);
        let mut written = Vec::new();
        for case in cases(provider) {
            let predicted = predicted_errors(provider, &case.submission);
            match &case.intent {
                Intent::Valid => {
                    assert!(
                        predicted.is_empty(),
                        "{} / {}: should be valid, the rules predict {predicted:?}",
                        provider.id,
                        case.name
                    )
                }
                Intent::Error(path, keyword) => assert!(
                    predicted.contains(&(path.clone(), (*keyword).to_owned())),
                    "{} / {}: the case should produce {keyword} at `{path}`, the rules predict {predicted:?}",
                    provider.id,
                    case.name
                ),
                Intent::Compare => {}
            }
            let reported = rust_errors(&validator, &case.submission);
            assert_eq!(reported, predicted, "{} / {}: {}", provider.id, case.name, case.submission);
            checked += 1;
            let errors: Vec<Value> =
                predicted.iter().map(|(path, keyword)| json!({ "path": path, "keyword": keyword })).collect();
            written.push(json!({ "name": case.name, "submission": case.submission, "errors": errors }));
        }
        providers.push(json!({ "id": provider.id, "schema": schema, "cases": written }));
    }
    assert!(checked > 100, "only {checked} cases");
    let file = json!({
        "$comment": "Written by `cargo test -p codegen --lib tests::json_schema`; read by tests/js/check-schemas.mjs.",
        "vocabulary": emitted(&registry, "schemas/vocabulary.json"),
        "providers": providers,
    });
    let path = super::support::target_tmp_dir().join("schema-cases.json");
    std::fs::write(&path, crate::emit::json_text(&file)).expect("write the cases");
}

#[test]
fn ui_schema_groups_list_their_keys_sorted() {
    for registry in [registry_with_fixture(), registry_of(&providers_dir())] {
        for provider in &registry.providers {
            // Parsed in the order of the text (serde_json's `preserve_order`).
            let text = serde_json::to_string(&json_schema::ui_schema(&registry, provider, "")).expect("JSON");
            let ui: Value = serde_json::from_str(&text).expect("a uiSchema");
            for group in ["connection_config", "credentials"] {
                let Some(members) = ui[group].as_object() else { continue };
                let keys: Vec<&String> = members.keys().collect();
                assert!(keys.is_sorted(), "{} {group}: {keys:?}", provider.id);
                assert!(members.contains_key("ui:label") && members.contains_key("ui:order"), "{}", provider.id);
            }
        }
    }
}
