//! Requests rendered by the generated crate, against Nango's own registry: every provider of
//! `../shared/nango/providers-sample.yaml` (or of the `providers.yaml` named by
//! `NANGO_PROVIDERS_YAML`) is imported and generated, and a program built into the generated crate
//! renders, for each provider with a verification or proxy query parameters, its verification
//! requests and a request to `/probe`. The expected requests are computed here from Nango's YAML
//! alone, with a small interpolation of its own (`${connectionConfig.x}`, `${credentials.x}`,
//! `${x}` replaced by the test's values, `${base64(...)}` encoded): method, URL (base URL or its override, endpoint, query
//! parameters), headers (the proxy's, then the verification's, then the body's media type), and
//! body. A value that interpolation cannot resolve (one of Nango's template functions) must be
//! left out of the request and kept in the provider's `passthrough`. No request may print a
//! secret.

use std::collections::BTreeMap;
use std::path::PathBuf;

use codegen::import_nango::import;
use provider_registry_tests::{cargo_on_generated_crate, run_codegen, shared_dir};
use serde_json::{json, Value as Json};
use serde_yaml::{Mapping, Value as Yaml};

/// A program in the generated crate: reads cases (provider, field values, platform values) from
/// `cases.json` next to the crate's manifest and prints, for each provider, what it renders.
const RENDER_PROGRAM: &str = r#"use provider_registry::{FieldSpec, Group, HttpRequest, Method, ProviderConnection, ProviderId};
use serde_json::{json, Map, Value};

/// A connection built from raw values, not validated: rendering must be safe on its own.
struct Values {
    id: ProviderId,
    values: Vec<Option<String>>,
}

impl ProviderConnection for Values {
    fn provider(&self) -> ProviderId {
        self.id
    }

    fn field_values(&self) -> Vec<Option<&str>> {
        self.values.iter().map(|value| value.as_deref()).collect()
    }
}

fn describe(request: &HttpRequest, secrets: &[&str]) -> Value {
    let printed = format!("{request:?}");
    let leaked: Vec<&str> = secrets.iter().copied().filter(|secret| printed.contains(secret)).collect();
    json!({
        "method": request.method().as_str(),
        "url": request.url(),
        "headers": request.headers().map(|(name, value)| json!([name, value])).collect::<Vec<_>>(),
        "body": request.body().map(|body| String::from_utf8_lossy(body.bytes()).into_owned()),
        "leaked": leaked,
    })
}

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/cases.json");
    let cases: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON");
    let mut rendered = Map::new();
    for case in cases.as_array().expect("a list") {
        let id: ProviderId = case["provider"].as_str().and_then(|id| id.parse().ok()).expect("a provider");
        let value = |field: &FieldSpec| {
            let group = match field.group {
                Group::ConnectionConfig => "connectionConfig",
                Group::Credentials => "credentials",
            };
            case["values"][format!("{group}.{}", field.name)].as_str().map(str::to_owned)
        };
        let values = id.fields().iter().map(value).collect();
        let secrets: Vec<String> = id.fields().iter().filter(|f| f.secret).filter_map(value).collect();
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let platform: Vec<(&str, &str)> = case["platform"]
            .as_object()
            .expect("platform values")
            .iter()
            .filter_map(|(name, value)| Some((name.as_str(), value.as_str()?)))
            .collect();
        let connection = Values { id, values };
        let verification = match connection.verification(&platform) {
            Ok(Some(verification)) => {
                json!(verification.requests.iter().map(|r| describe(r, &secrets)).collect::<Vec<_>>())
            }
            Ok(None) => Value::Null,
            Err(error) => json!({ "error": error.to_string() }),
        };
        let probe = match connection.request(Method::Get, "/probe", &platform) {
            Ok(request) => describe(&request, &secrets),
            Err(error) => json!({ "error": error.to_string() }),
        };
        rendered.insert(id.as_str().to_owned(), json!({ "verification": verification, "probe": probe }));
    }
    println!("{}", Value::Object(rendered));
}
"#;

fn nango_registry() -> PathBuf {
    std::env::var_os("NANGO_PROVIDERS_YAML")
        .map_or_else(|| shared_dir().join("nango/providers-sample.yaml"), PathBuf::from)
}

/// The value the test gives a variable (`connectionConfig.x`, `credentials.x`): letters and
/// digits only, so that it reads the same in every place a template can put it, and different
/// for every variable, so that two fields of one name in both groups are told apart.
fn value_of(name: &str) -> String {
    let digits: String = name.bytes().map(|b| format!("{b:02x}")).collect();
    format!("v{digits}z")
}

/// Nango's interpolation, reduced to what the test needs: the first alternative, each
/// `${connectionConfig.x}`, `${credentials.x}` and `${x}` replaced by the test's value. What it
/// cannot resolve (a template function) stays as written.
fn interpolate(template: &str) -> String {
    let first = template.split(" || ").next().unwrap_or_default();
    let mut out = String::new();
    let mut rest = first;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}').filter(|end| !after[..*end].contains(['{', '$']));
        match end {
            Some(end) if is_variable(&after[..end]) => {
                out.push_str(&value_of(&variable_name(&after[..end])));
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    apply_base64(&out)
}

/// Each `${base64(text)}` whose text holds no other `${` replaced by the text in Base64.
fn apply_base64(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${base64(") {
        let inner = &rest[start + 9..];
        let Some(end) = inner.find(")}").filter(|end| !inner[..*end].contains("${")) else { break };
        out.push_str(&rest[..start]);
        out.push_str(&base64(&inner.as_bytes()[..end]));
        rest = &inner[end + 2..];
    }
    out.push_str(rest);
    out
}

fn base64(bytes: &[u8]) -> String {
    let alphabet: Vec<char> = ('A'..='Z').chain('a'..='z').chain('0'..='9').chain(['+', '/']).collect();
    let bits: String = bytes.iter().map(|b| format!("{b:08b}")).collect();
    let mut out: String = bits
        .as_bytes()
        .chunks(6)
        .map(|chunk| {
            let six = format!("{:0<6}", String::from_utf8_lossy(chunk));
            alphabet[usize::from_str_radix(&six, 2).unwrap_or_default()]
        })
        .collect();
    while !out.len().is_multiple_of(4) {
        out.push('=');
    }
    out
}

/// `connectionConfig.x`, `credentials.x` or a bare name (nested names such as `a.b` included).
fn is_variable(inner: &str) -> bool {
    !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The variable with its group: a bare `${x}` is a credential, as in Nango's templates.
fn variable_name(inner: &str) -> String {
    match inner.split_once('.') {
        Some(("connectionConfig" | "credentials", _)) => inner.to_owned(),
        _ => format!("credentials.{inner}"),
    }
}

/// The variable names of a template, for the values the test gives.
fn variable_names(template: &str, names: &mut Vec<String>) {
    for piece in template.split("${").skip(1) {
        if let Some(inner) = piece.split('}').next().filter(|inner| is_variable(inner)) {
            names.push(variable_name(inner));
        }
    }
}

/// Percent-encoding of everything but unreserved characters, as a URL query needs.
fn query_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Nango's alias resolution: the target's keys under the alias's own.
fn resolved(all: &Mapping, id: &str) -> Mapping {
    let own = all[id].as_mapping().cloned().unwrap_or_default();
    let target = own.get("alias").and_then(Yaml::as_str).and_then(|t| all.get(t)).and_then(Yaml::as_mapping);
    let mut merged = target.cloned().unwrap_or_default();
    merged.extend(own);
    merged
}

fn text(value: &Yaml) -> String {
    match value {
        Yaml::String(text) => text.clone(),
        Yaml::Number(number) => number.to_string(),
        Yaml::Bool(flag) => flag.to_string(),
        _ => String::new(),
    }
}

fn string_map(value: Option<&Yaml>) -> Vec<(String, String)> {
    value.and_then(Yaml::as_mapping).into_iter().flatten().map(|(k, v)| (text(k), text(v))).collect()
}

/// A request as the test expects it, and the header names interpolation could not resolve.
struct Expected {
    method: String,
    url: String,
    headers: BTreeMap<String, String>,
    body: Option<Json>,
    unresolved: Vec<String>,
}

/// The request Nango sends to `endpoint` below `base`, with the `authorization` header of the
/// auth mode, then the proxy's query and headers, `extra_headers` on top and `data` as its body.
fn expected(
    auth_mode: &str,
    proxy: &Mapping,
    method: &str,
    base: &str,
    endpoint: &str,
    extra_headers: &[(String, String)],
    data: Option<&Yaml>,
) -> Expected {
    let base = interpolate(base);
    let endpoint = interpolate(endpoint);
    let separator = if endpoint.starts_with('/') { "" } else { "/" };
    let mut url = format!("{}{separator}{endpoint}", base.trim_end_matches('/'));
    for (name, value) in string_map(proxy.get("query")) {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&format!("{}={}", query_encoded(&name), query_encoded(&interpolate(&value))));
    }
    let mut headers = BTreeMap::new();
    // What `buildProxyHeaders` (packages/shared/lib/services/proxy/utils.ts) sends first.
    match auth_mode {
        "BASIC" => {
            let pair = format!("{}:{}", value_of("credentials.username"), value_of("credentials.password"));
            headers.insert("authorization".to_owned(), format!("Basic {}", base64(pair.as_bytes())));
        }
        "OAUTH2" | "OAUTH2_CC" => {
            headers.insert("authorization".to_owned(), format!("Bearer {}", value_of("credentials.accessToken")));
        }
        _ => {}
    }
    let mut unresolved = Vec::new();
    for (name, value) in string_map(proxy.get("headers")).into_iter().chain(extra_headers.iter().cloned()) {
        let name = name.to_ascii_lowercase();
        let value = interpolate(&value);
        if value.contains("${") {
            headers.remove(&name);
            unresolved.push(name);
        } else {
            headers.insert(name, value);
        }
    }
    let body = data.map(|data| {
        let form = headers.get("content-type").is_some_and(|t| t.contains("x-www-form-urlencoded"));
        let default_type = if form { "application/x-www-form-urlencoded" } else { "application/json" };
        headers.entry("content-type".into()).or_insert_with(|| default_type.into());
        interpolated_json(&serde_json::to_value(data).expect("YAML data is JSON"))
    });
    Expected { method: method.to_ascii_uppercase(), url, headers, body, unresolved }
}

fn interpolated_json(value: &Json) -> Json {
    match value {
        Json::String(text) => Json::String(interpolate(text)),
        Json::Array(items) => Json::Array(items.iter().map(interpolated_json).collect()),
        Json::Object(members) => Json::Object(members.iter().map(|(k, v)| (k.clone(), interpolated_json(v))).collect()),
        scalar => scalar.clone(),
    }
}

/// The body as the test reads it: a JSON document, or form parameters as a JSON object.
fn parsed_body(body: &str, content_type: Option<&String>) -> Json {
    if content_type.is_some_and(|t| t.contains("x-www-form-urlencoded")) {
        let decode = |text: &str| {
            let bytes = text.as_bytes();
            let mut out = Vec::new();
            let mut index = 0;
            while index < bytes.len() {
                if bytes[index] == b'%' && index + 2 < bytes.len() {
                    out.push(u8::from_str_radix(&text[index + 1..index + 3], 16).expect("hex"));
                    index += 3;
                } else {
                    out.push(bytes[index]);
                    index += 1;
                }
            }
            String::from_utf8(out).expect("UTF-8")
        };
        let pairs = body.split('&').filter_map(|pair| pair.split_once('='));
        Json::Object(pairs.map(|(k, v)| (decode(k), Json::String(decode(v)))).collect())
    } else {
        serde_json::from_str(body).expect("the body is JSON")
    }
}

fn check(at: &str, rendered: &Json, expected: &Expected) {
    assert_eq!(rendered["method"], expected.method, "{at}: method");
    assert_eq!(rendered["url"], expected.url, "{at}: URL");
    let headers: BTreeMap<String, String> = rendered["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .map(|pair| (pair[0].as_str().unwrap_or_default().to_owned(), pair[1].as_str().unwrap_or_default().to_owned()))
        .collect();
    assert_eq!(headers, expected.headers, "{at}: headers");
    let body = rendered["body"].as_str().map(|body| parsed_body(body, headers.get("content-type")));
    assert_eq!(body, expected.body, "{at}: body");
    assert_eq!(rendered["leaked"], json!([]), "{at}: a secret was printed");
}

/// A provider written the way Nango writes one, with the template function the format models,
/// added to the registry so that every run renders it.
const BASE64_PROVIDER: &str = r#"
base64-basic-probe:
  display_name: Base64 Probe
  categories: [dev-tools]
  auth_mode: BASIC
  docs: https://example.com/docs
  proxy:
    base_url: https://api.example.com
    headers:
      authorization: Basic ${base64(${credentials.username}:${credentials.password})}
    query:
      account: ${credentials.username}
    verification:
      method: POST
      endpoints: [/v1/me, /v2/me]
      headers:
        Accept: application/json
      data:
        user: ${credentials.username}
        limit: 1
  credentials:
    username:
      type: string
      title: Username
      description: Your user name
    password:
      type: string
      title: Password
      description: Your password
      secret: true
"#;

#[test]
fn the_test_interpolation_encodes_base64_as_rfc_4648_says() {
    assert_eq!(
        ["", "f", "fo", "foo", "foob", "fooba", "foobar"].map(|t| base64(t.as_bytes())),
        ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"]
    );
    let expected = format!(
        "Basic {}",
        base64(format!("{}:{}", value_of("credentials.username"), value_of("credentials.password")).as_bytes())
    );
    assert_eq!(interpolate("Basic ${base64(${username}:${credentials.password})}"), expected);
    assert_eq!(interpolate("${awsSigV4(${username})}"), format!("${{awsSigV4({})}}", value_of("credentials.username")));
}

#[test]
fn verification_and_query_render_as_nango_sends_them() {
    let source = std::fs::read_to_string(nango_registry()).expect("read the registry");
    let all: Mapping = serde_yaml::from_str(&format!("{source}\n{BASE64_PROVIDER}")).expect("the registry is YAML");
    let scratch = tempfile::tempdir().expect("a temporary folder");
    let registry = scratch.path().join("providers.yaml");
    std::fs::write(&registry, serde_yaml::to_string(&all).expect("YAML")).expect("write the registry");
    let imported = tempfile::tempdir().expect("a temporary folder");
    let report = import(&registry, imported.path(), None).expect("the registry imports");
    for provider in report.with_defects() {
        std::fs::remove_file(imported.path().join(format!("{}.yaml", provider.id))).expect("remove");
    }
    let out = tempfile::tempdir().expect("a temporary folder");
    let run = run_codegen(imported.path(), out.path(), false, Default::default());
    assert!(run.succeeded(false), "{:?}", run.emit_errors);

    // The providers generated whose Nango definition has a verification or proxy query.
    let mut cases = Vec::new();
    let mut definitions = Vec::new();
    for provider in report.providers.iter().filter(|p| p.defects.is_empty()) {
        let definition = resolved(&all, &provider.id);
        let Some(proxy) = definition.get("proxy").and_then(Yaml::as_mapping).cloned() else { continue };
        if proxy.get("base_url").is_none() || (proxy.get("verification").is_none() && proxy.get("query").is_none()) {
            continue;
        }
        let mut names = Vec::new();
        for (section, group) in [("connection_config", "connectionConfig"), ("credentials", "credentials")] {
            let Some(fields) = definition.get(section).and_then(Yaml::as_mapping) else { continue };
            names.extend(fields.keys().map(|name| format!("{group}.{}", text(name))));
        }
        let templates = serde_json::to_string(&serde_json::to_value(&proxy).expect("JSON")).expect("text");
        variable_names(&templates.replace("\\\"", "\""), &mut names);
        let auth_mode = definition.get("auth_mode").map_or("NONE".into(), text);
        // The values the auth mode's own header reads: the form's (Nango's connect UI always
        // asks BASIC for both) or the platform's.
        match auth_mode.as_str() {
            "BASIC" => names.extend(["credentials.username".into(), "credentials.password".into()]),
            "OAUTH2" | "OAUTH2_CC" => names.push("credentials.accessToken".into()),
            _ => {}
        }
        let values: serde_json::Map<String, Json> = names.iter().map(|n| (n.clone(), json!(value_of(n)))).collect();
        // A bare name the platform fills (`${accessToken}`) gets the value of the credential it reads as.
        let platform: serde_json::Map<String, Json> = values
            .iter()
            .filter_map(|(name, value)| Some((name.strip_prefix("credentials.")?.to_owned(), value.clone())))
            .collect();
        cases.push(json!({ "provider": provider.id, "values": values, "platform": platform }));
        definitions.push((provider.id.clone(), auth_mode, proxy));
    }
    assert!(!definitions.is_empty(), "the registry has providers with a verification or query parameters");

    let program = out.path().join("examples/render_requests.rs");
    std::fs::write(&program, RENDER_PROGRAM).expect("write the program");
    let cases_file = out.path().join("cases.json");
    std::fs::write(&cases_file, Json::Array(cases).to_string()).expect("write the cases");
    let output = cargo_on_generated_crate(out.path(), &["run", "--example", "render_requests"]);
    assert!(output.status.success(), "the program runs:\n{}", String::from_utf8_lossy(&output.stderr));
    let rendered: Json = serde_json::from_slice(&output.stdout).expect("the program prints JSON");

    let mut with_headers_or_query = 0;
    for (id, auth_mode, proxy) in &definitions {
        let written: Yaml = serde_yaml::from_str(
            &std::fs::read_to_string(imported.path().join(format!("{id}.yaml"))).expect("the imported file"),
        )
        .expect("YAML");
        let passthrough = written.get("passthrough").and_then(Yaml::as_mapping).cloned().unwrap_or_default();
        let kept = |path: String| passthrough.contains_key(Yaml::String(path.clone()));
        let base_url = text(&proxy["base_url"]);

        let probe = expected(auth_mode, proxy, "GET", &base_url, "/probe", &[], None);
        check(&format!("{id} /probe"), &rendered[id]["probe"], &probe);
        for name in &probe.unresolved {
            assert!(kept(format!("proxy.headers.{name}")), "{id}: header `{name}` is in passthrough");
        }

        let Some(verification) = proxy.get("verification").and_then(Yaml::as_mapping) else {
            with_headers_or_query += 1;
            continue;
        };
        let method = verification.get("method").map_or("GET".into(), text);
        let base = verification.get("base_url_override").map_or(base_url.clone(), text);
        let own_headers = string_map(verification.get("headers"));
        let endpoints: Vec<String> =
            verification.get("endpoints").and_then(Yaml::as_sequence).into_iter().flatten().map(text).collect();
        let requests = rendered[id]["verification"].as_array().unwrap_or_else(|| {
            panic!("{id}: the verification renders: {}", rendered[id]["verification"]);
        });
        assert_eq!(requests.len(), endpoints.len(), "{id}: one request per endpoint");
        for (endpoint, request) in endpoints.iter().zip(requests) {
            let expected = expected(auth_mode, proxy, &method, &base, endpoint, &own_headers, verification.get("data"));
            check(&format!("{id} verification {endpoint}"), request, &expected);
            for name in &expected.unresolved {
                let own = own_headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
                let path = if own { "proxy.verification.headers" } else { "proxy.headers" };
                assert!(kept(format!("{path}.{name}")), "{id}: header `{name}` is in passthrough");
            }
        }
        if !own_headers.is_empty() || proxy.get("query").is_some() {
            with_headers_or_query += 1;
        }
    }
    assert!(with_headers_or_query > 1, "some providers have verification headers or query parameters");
    assert!(definitions.iter().any(|(id, _, _)| id == "base64-basic-probe"), "the Base64 provider is rendered");
}
