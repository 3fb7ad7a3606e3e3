//! OAuth 2 in the generated crate, checked against Nango's registry and providers' documentation.
//!
//! - Authorization URLs: for every `OAUTH2` provider of a Nango `providers.yaml` that uses the
//!   authorization-code grant, the URL `examples/oauth.rs` renders equals the one Nango builds for
//!   the same inputs. [`nango_authorization_url`] is Nango's algorithm as read in its source
//!   (`oauth.controller.ts`'s `oauth2Request`, `oauth2.client.ts`'s
//!   `getSimpleOAuth2ClientConfig`, `makeUrl` and `interpolateStringFromObject` in `utils.ts`,
//!   simple-oauth2's `authorizeURL`), run on Nango's own YAML entry, not on our import. The file
//!   is `$NANGO_PROVIDERS`, `../shared/nango/providers-sample.yaml` unless set; providers whose
//!   import has defects are skipped, and every count is printed.
//! - Token, refresh and client-credentials requests of providers with different client
//!   authentication and body formats, against their published OAuth documentation.
//! - Host injection into OAuth URLs: refused by the validator, by the JSON Schema, and by the
//!   renderer for a connection built without validation.
//! - `examples/oauth.rs`: one JSON line, exit codes 0, 1 and 2.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

use codegen::diagnostics::Severity;
use provider_registry_tests::{cargo_on_generated_crate, run_codegen, shared_dir, target_dir};
use serde_json::{json, Value};
use serde_yaml::{Mapping, Value as Yaml};

/// The PKCE verifier and challenge of RFC 7636, appendix B.
const CODE_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CODE_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

const CLIENT_ID: &str = "client id+1";
const REDIRECT_URI: &str = "https://app.example.com/oauth/callback?x=1";
const STATE: &str = "state 9&a=b";
const SCOPES: &[&str] = &["read:all", "write user"];

fn nango_providers() -> PathBuf {
    std::env::var_os("NANGO_PROVIDERS").map_or_else(|| shared_dir().join("nango/providers-sample.yaml"), PathBuf::from)
}

/// Nango's registry imported (without the providers whose import has defects) and generated into
/// a crate whose `oauth` example is built.
struct Fixture {
    _providers: tempfile::TempDir,
    out: tempfile::TempDir,
    nango: Mapping,
    /// Imported providers, by id.
    imported: BTreeMap<String, Value>,
    defective: Vec<String>,
    example: PathBuf,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let source = nango_providers();
        let providers = tempfile::tempdir().unwrap();
        let report = codegen::import_nango::import(&source, providers.path(), None).expect("the registry imports");
        let defective: Vec<String> = report.with_defects().map(|p| p.id.clone()).collect();
        for id in &defective {
            std::fs::remove_file(providers.path().join(format!("{id}.yaml"))).unwrap();
        }
        std::fs::write(providers.path().join("oauth-quirks.yaml"), QUIRKS).unwrap();
        let mut imported = BTreeMap::new();
        for provider in report.providers.iter().filter(|p| p.defects.is_empty()) {
            let text = std::fs::read_to_string(providers.path().join(format!("{}.yaml", provider.id))).unwrap();
            let yaml: Yaml = serde_yaml::from_str(&text).unwrap();
            imported.insert(provider.id.clone(), serde_json::to_value(yaml).unwrap());
        }
        let out = tempfile::tempdir().unwrap();
        let run = run_codegen(providers.path(), out.path(), false, Default::default());
        assert!(run.succeeded(false), "codegen accepts the imported providers: {:?}", run.emit_errors);
        std::fs::create_dir_all(out.path().join("tests")).unwrap();
        std::fs::write(out.path().join("tests/oauth_renderer.rs"), RENDERER_TEST).unwrap();
        let built = cargo_on_generated_crate(out.path(), &["build", "--example", "oauth"]);
        assert!(built.status.success(), "the example builds:\n{}", String::from_utf8_lossy(&built.stderr));
        let nango = serde_yaml::from_str(&std::fs::read_to_string(&source).unwrap()).unwrap();
        let example = target_dir().join("standalone-generated/debug/examples/oauth");
        Fixture { _providers: providers, out, nango, imported, defective, example }
    })
}

fn run_example(arguments: &[&str], input: &Value) -> (Output, Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.json");
    std::fs::write(&path, input.to_string()).unwrap();
    let output = Command::new(&fixture().example).args(arguments).arg(&path).output().unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output, json)
}

/// Nango's alias resolution: the target's keys under the alias's own.
fn resolved(all: &Mapping, id: &str) -> Mapping {
    let own = all[id].as_mapping().cloned().unwrap_or_default();
    let mut merged = own
        .get("alias")
        .and_then(Yaml::as_str)
        .and_then(|target| all.get(target)?.as_mapping().cloned())
        .unwrap_or_default();
    merged.extend(own);
    merged
}

fn yaml_text(value: &Yaml) -> String {
    match value {
        Yaml::String(s) => s.clone(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// JavaScript's `encodeURIComponent`.
fn encode_uri_component(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The URL standard's `application/x-www-form-urlencoded` serializer (`URLSearchParams`).
fn form_urlencode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b' ' => out.push('+'),
            b if b.is_ascii_alphanumeric() || b"*-._".contains(&b) => out.push(char::from(b)),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |byte: u8| char::from(byte).to_digit(16);
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'+', _, _) => out.push(b' '),
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 2;
            }
            (byte, _, _) => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `interpolateStringFromObject(text, { connectionConfig })`: a `${a.b}` whose value is a string
/// is replaced, any other is left as written.
fn interpolate(text: &str, config: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find(['}', '{']) {
            Some(end) if after.as_bytes()[end] == b'}' => {
                let key = &after[..end];
                match key.strip_prefix("connectionConfig.").and_then(|name| config.get(name)) {
                    Some(value) => out.push_str(value),
                    None => out.push_str(&rest[start..start + 2 + end + 1]),
                }
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("${");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `makeUrl(template, connectionConfig, skipEncode)` up to the origin and path simple-oauth2 keeps:
/// the values percent-encoded (unless `base_url` is skipped), substituted, and the URL's query and
/// fragment dropped. Nango's `makeUrl` does not read ` || ` alternatives; its proxy
/// (`interpolateIfNeeded`) takes the first alternative that interpolates, and so does this.
fn nango_origin_and_path(template: &str, config: &BTreeMap<String, String>, skip_base_url: bool) -> Option<String> {
    let encoded: BTreeMap<String, String> = config
        .iter()
        .map(|(k, v)| (k.clone(), if skip_base_url { v.clone() } else { encode_uri_component(v) }))
        .collect();
    let url = template
        .split(" || ")
        .map(|alternative| interpolate(alternative.trim(), &encoded))
        .find(|url| !url.contains("${"))?;
    Some(url.split(['?', '#']).next().unwrap_or_default().to_owned())
}

/// Why a provider is not compared: the value Nango would interpolate is the platform's, at run time.
const NEEDS_PLATFORM_VALUE: &str = "an authorization parameter needs a value the platform fills at run time";

/// The authorization URL Nango's `oauth2Request` redirects to, for a Nango entry, or why it does
/// not build one.
fn nango_authorization_url(entry: &Mapping, config: &BTreeMap<String, String>) -> Result<String, &'static str> {
    let get = |key: &str| entry.get(key);
    let token_params = get("token_params").and_then(Yaml::as_mapping);
    let grant = token_params.and_then(|p| p.get("grant_type")).map(yaml_text);
    if grant.is_some_and(|g| g != "authorization_code") {
        return Err("another grant than the authorization code");
    }
    let template = get("authorization_url").and_then(Yaml::as_str).ok_or("no authorization URL")?;
    let skip_encode: Vec<String> =
        get("authorization_url_skip_encode").and_then(Yaml::as_sequence).into_iter().flatten().map(yaml_text).collect();
    let base = nango_origin_and_path(template, config, skip_encode.iter().any(|s| s == "base_url"))
        .ok_or("the authorization URL lacks a value")?;
    // `allAuthParams`: the provider's parameters interpolated with the connection config, then the
    // PKCE challenge unless `disable_pkce`.
    let mut auth_params: Vec<(String, String)> = Vec::new();
    for (name, value) in get("authorization_params").and_then(Yaml::as_mapping).into_iter().flatten() {
        let value = interpolate(&yaml_text(value), config);
        if value.contains("${") {
            return Err(NEEDS_PLATFORM_VALUE);
        }
        auth_params.push((yaml_text(name), value));
    }
    if !get("disable_pkce").and_then(Yaml::as_bool).unwrap_or(false) {
        auth_params.push(("code_challenge".into(), CODE_CHALLENGE.into()));
        auth_params.push(("code_challenge_method".into(), "S256".into()));
    }
    let separator = get("scope_separator").map(yaml_text).unwrap_or_else(|| " ".into());
    let scopes = SCOPES.join(&separator);
    // simple-oauth2: `Object.assign({ response_type, client_id }, { redirect_uri, scope, state,
    // ...allAuthParams })`, then `searchParams.set` for each, in key order.
    let mut params: Vec<(String, String)> = vec![
        ("response_type".into(), "code".into()),
        ("client_id".into(), CLIENT_ID.into()),
        ("redirect_uri".into(), REDIRECT_URI.into()),
        ("scope".into(), scopes.clone()),
        ("state".into(), STATE.into()),
    ];
    for (name, value) in auth_params {
        match params.iter_mut().find(|(existing, _)| *existing == name) {
            Some(param) => param.1 = value,
            None => params.push((name, value)),
        }
    }
    let serialize = |params: &[(String, String)]| {
        params.iter().map(|(n, v)| format!("{}={}", form_urlencode(n), form_urlencode(v))).collect::<Vec<_>>().join("&")
    };
    let mut query = serialize(&params);
    if skip_encode.iter().any(|s| s == "scopes") {
        params.retain(|(name, _)| name != "scope");
        query = serialize(&params);
        if !scopes.is_empty() {
            query = if query.is_empty() { format!("scope={scopes}") } else { format!("{query}&scope={scopes}") };
        }
    }
    let search = if query.is_empty() { String::new() } else { format!("?{query}") };
    let mut url = match get("authorization_url_fragment").map(yaml_text) {
        Some(fragment) => format!("{base}#{fragment}{search}"),
        None => format!("{base}{search}"),
    };
    for (from, to) in get("authorization_url_replacements").and_then(Yaml::as_mapping).into_iter().flatten() {
        url = url.replacen(&yaml_text(from), &yaml_text(to), 1);
    }
    if get("authorization_url_skip_empty").and_then(Yaml::as_bool).unwrap_or(false) {
        let parts = UrlParts::parse(&url);
        let kept: Vec<(String, String)> = parts.query.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        let search = if kept.is_empty() { String::new() } else { format!("?{}", serialize(&kept)) };
        let fragment = parts.fragment.map(|f| format!("#{f}")).unwrap_or_default();
        url = format!("{}://{}{}{search}{fragment}", parts.scheme, parts.host, parts.path);
    }
    Ok(url)
}

/// A URL as the comparison reads it: query parameters decoded and sorted; a fragment that holds
/// a query (`#/oauth?a=b`) split the same way.
#[derive(Debug, PartialEq, Eq)]
struct UrlParts {
    scheme: String,
    host: String,
    path: String,
    query: Vec<(String, String)>,
    fragment: Option<String>,
    fragment_query: Vec<(String, String)>,
}

impl UrlParts {
    fn parse(url: &str) -> UrlParts {
        let pairs = |query: &str| {
            let mut pairs: Vec<(String, String)> = query
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (form_decode(name), form_decode(value))
                })
                .collect();
            pairs.sort();
            pairs
        };
        let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
        let (rest, fragment) = match rest.split_once('#') {
            Some((rest, fragment)) => (rest, Some(fragment)),
            None => (rest, None),
        };
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (host, path) = match rest.find('/') {
            Some(slash) => (&rest[..slash], &rest[slash..]),
            None => (rest, "/"),
        };
        let (fragment, fragment_query) = match fragment.map(|f| f.split_once('?').unwrap_or((f, ""))) {
            Some((fragment, query)) => (Some(fragment.to_owned()), pairs(query)),
            None => (None, Vec::new()),
        };
        UrlParts {
            scheme: scheme.to_ascii_lowercase(),
            host: host.to_ascii_lowercase(),
            path: if path.is_empty() { "/".into() } else { path.to_owned() },
            query: pairs(query),
            fragment,
            fragment_query,
        }
    }
}

/// Values for a provider's connection config: for each field the user types, the `attempt`-th candidate of its
/// example (unmasked), its default, its first enum value, then a few common shapes.
fn connection_config(provider: &Value, attempt: usize) -> BTreeMap<String, String> {
    let mut config = BTreeMap::new();
    let typed = |field: &&Value| field.get("filled_by").is_none_or(|by| by == "user");
    for (name, field) in provider["connection_config"].as_object().into_iter().flatten().filter(|(_, f)| typed(f)) {
        let mut candidates: Vec<String> = Vec::new();
        if field["example_masked"] != Value::Bool(true) {
            candidates.extend(field["example"].as_str().map(String::from));
        }
        candidates.extend(field["default"].as_str().map(String::from));
        candidates.extend(field["enum"].get(0).and_then(Value::as_str).map(String::from));
        candidates.extend(["acme", "acme.example.com", "12345", "https://acme.example.com"].map(String::from));
        config.insert(name.clone(), candidates[attempt.min(candidates.len() - 1)].clone());
    }
    config
}

fn authorize_input(config: &BTreeMap<String, String>) -> Value {
    json!({
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "state": STATE,
        "scopes": SCOPES,
        "code_verifier": CODE_VERIFIER,
        "connection_config": config,
    })
}

#[test]
fn authorization_urls_equal_the_ones_nango_builds() {
    let fixture = fixture();
    let mut matched = 0;
    let mut skipped: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut mismatches = Vec::new();
    let oauth2_ids = fixture.nango.iter().filter_map(|(key, _)| {
        let id = key.as_str()?;
        let mode = resolved(&fixture.nango, id).get("auth_mode").map(yaml_text);
        (mode.as_deref() == Some("OAUTH2")).then_some(id)
    });
    for id in oauth2_ids {
        let entry = resolved(&fixture.nango, id);
        let Some(provider) = fixture.imported.get(id) else {
            skipped.entry("its import has defects").or_default().push(id.to_owned());
            continue;
        };
        let mut verdict = None;
        for attempt in 0..5 {
            let config = connection_config(provider, attempt);
            let (output, json) = run_example(&["authorize", id], &authorize_input(&config));
            let refused_to_render = json["errors"][0]["rule"] == "render";
            if output.status.code() == Some(1) && !refused_to_render {
                continue;
            }
            assert!(matches!(output.status.code(), Some(0 | 1)), "{id}: {}", String::from_utf8_lossy(&output.stderr));
            // A URL we refuse to render (no authorization URL, a value the platform fills) must be
            // one Nango does not build either.
            let ours =
                json["url"].as_str().map_or_else(|| format!("refused: {}", json["errors"][0]["message"]), String::from);
            verdict = Some(match nango_authorization_url(&entry, &config) {
                Ok(expected) => Ok((ours, expected)),
                Err(reason) if refused_to_render || reason == NEEDS_PLATFORM_VALUE => Err(reason),
                Err(reason) => Ok((ours, format!("not built: {reason}"))),
            });
            break;
        }
        match verdict {
            None => skipped.entry("no connection config found that validates").or_default().push(id.to_owned()),
            Some(Err(reason)) => skipped.entry(reason).or_default().push(id.to_owned()),
            Some(Ok((ours, expected))) => {
                if UrlParts::parse(&ours) == UrlParts::parse(&expected) {
                    matched += 1;
                } else {
                    mismatches.push(format!("{id}:\n  ours:  {ours}\n  Nango: {expected}"));
                }
            }
        }
    }
    let skipped_count: usize = skipped.values().map(Vec::len).sum();
    println!(
        "authorization URLs of {}: {matched} equal Nango's, {} differ, {skipped_count} skipped",
        nango_providers().display(),
        mismatches.len()
    );
    for (reason, ids) in &skipped {
        println!("  skipped, {reason}: {} ({})", ids.len(), ids.join(", "));
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(matched > 0, "at least one provider is compared");
    assert!(fixture.defective.len() < fixture.nango.len());
}

fn request(command: &str, id: &str, input: Value) -> Value {
    let (output, json) = run_example(&[command, id], &input);
    assert_eq!(output.status.code(), Some(0), "{id}: {json}");
    json["request"].clone()
}

fn token_input(connection_config: Value) -> Value {
    json!({
        "client_id": "abc",
        "client_secret": "xyz",
        "redirect_uri": "https://app.example.com/callback",
        "code": "the-code",
        "code_verifier": CODE_VERIFIER,
        "refresh_token": "the-refresh-token",
        "connection_config": connection_config,
    })
}

fn form(body: &Value) -> BTreeMap<String, String> {
    let body = body.as_str().unwrap_or_default();
    body.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(name), form_decode(value))
        })
        .collect()
}

/// `Basic base64("abc:xyz")`.
const BASIC_ABC_XYZ: &str = "Basic YWJjOnh5eg==";

#[test]
fn notion_exchanges_the_code_with_basic_auth_and_a_json_body() {
    // https://developers.notion.com/docs/authorization: "POST https://api.notion.com/v1/oauth/token",
    // the client ID and secret in an HTTP Basic `Authorization` header, and a JSON body with
    // `grant_type: "authorization_code"`, `code` and `redirect_uri`.
    let request = request("token", "notion", token_input(json!({})));
    assert_eq!(request["method"], "POST");
    assert_eq!(request["url"], "https://api.notion.com/v1/oauth/token");
    assert_eq!(request["headers"]["authorization"], BASIC_ABC_XYZ);
    assert_eq!(request["headers"]["content-type"], "application/json");
    let body: Value = serde_json::from_str(request["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["grant_type"], "authorization_code");
    assert_eq!(body["code"], "the-code");
    assert_eq!(body["redirect_uri"], "https://app.example.com/callback");
    assert_eq!(body["code_verifier"], CODE_VERIFIER, "PKCE is on unless turned off");
    assert!(body.get("client_secret").is_none(), "the secret travels in the header only");
}

#[test]
fn figma_refreshes_at_its_own_url_with_basic_auth() {
    // https://www.figma.com/developers/api#oauth2: the token is requested from
    // https://api.figma.com/v1/oauth/token and refreshed at https://api.figma.com/v1/oauth/refresh,
    // form-encoded, with the client ID and secret in a Basic `Authorization` header.
    let token = request("token", "figma", token_input(json!({})));
    assert_eq!(token["url"], "https://api.figma.com/v1/oauth/token");
    assert_eq!(token["headers"]["authorization"], BASIC_ABC_XYZ);
    let body = form(&token["body"]);
    assert_eq!(body["grant_type"], "authorization_code");
    assert_eq!(body["code"], "the-code");
    assert!(!body.contains_key("code_verifier"), "Figma's entry turns PKCE off");

    let refresh = request("refresh", "figma", token_input(json!({})));
    assert_eq!(refresh["url"], "https://api.figma.com/v1/oauth/refresh");
    assert_eq!(refresh["headers"]["authorization"], BASIC_ABC_XYZ);
    assert_eq!(refresh["headers"]["content-type"], "application/x-www-form-urlencoded");
    let body = form(&refresh["body"]);
    assert_eq!(body["refresh_token"], "the-refresh-token");
    assert_eq!(body["grant_type"], "refresh_token");
}

#[test]
fn shopify_exchanges_the_code_at_the_shops_host_with_the_client_in_the_body() {
    // https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant:
    // "POST https://{shop}.myshopify.com/admin/oauth/access_token" with `client_id`,
    // `client_secret` and `code`; `expiring=1` asks for an expiring offline token.
    let request = request("token", "shopify", token_input(json!({ "subdomain": "acme-store" })));
    assert_eq!(request["url"], "https://acme-store.myshopify.com/admin/oauth/access_token");
    assert!(request["headers"].get("authorization").is_none());
    let body = form(&request["body"]);
    assert_eq!(body["client_id"], "abc");
    assert_eq!(body["client_secret"], "xyz");
    assert_eq!(body["code"], "the-code");
    assert_eq!(body["expiring"], "1");

    // The refresh keeps its own grant rather than the token parameters'.
    let refresh = form(&request_refresh("shopify", json!({ "subdomain": "acme-store" }))["body"]);
    assert_eq!(refresh["grant_type"], "refresh_token");
    assert_eq!(refresh["refresh_token"], "the-refresh-token");
}

fn request_refresh(id: &str, connection_config: Value) -> Value {
    request("refresh", id, token_input(connection_config))
}

#[test]
fn spotify_client_credentials_use_basic_auth_and_a_form_body() {
    // https://developer.spotify.com/documentation/web-api/tutorials/client-credentials-flow:
    // "POST https://accounts.spotify.com/api/token", `Authorization: Basic <base64 client_id:client_secret>`,
    // `Content-Type: application/x-www-form-urlencoded`, body `grant_type=client_credentials`.
    let request = request("client-credentials", "spotify-oauth2-cc", token_input(json!({})));
    assert_eq!(request["url"], "https://accounts.spotify.com/api/token");
    assert_eq!(request["headers"]["authorization"], BASIC_ABC_XYZ);
    assert_eq!(request["headers"]["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(request["body"], "grant_type=client_credentials");
}

#[test]
fn ukg_pro_sends_its_token_headers_to_the_tenants_identity_server() {
    // UKG Pro's client-credentials token endpoint is per tenant,
    // https://{identityServer}/signin/oauth2/t/{tenantId}/access_token, and its entry sends
    // `accept: application/json` with a form body.
    let config =
        json!({ "identityServer": "signin.ukg.net", "tenantId": "UO32145", "hostname": "recruiting.example.com" });
    let request = request("client-credentials", "ukg-pro-cc", token_input(config));
    assert_eq!(request["url"], "https://signin.ukg.net/signin/oauth2/t/UO32145/access_token");
    assert_eq!(request["headers"]["accept"], "application/json");
    assert_eq!(request["headers"]["content-type"], "application/x-www-form-urlencoded");
    let body = form(&request["body"]);
    assert_eq!(body["grant_type"], "client_credentials");
    assert_eq!(body["client_id"], "abc");
    assert_eq!(body["client_secret"], "xyz");
}

#[test]
fn a_subdomain_that_would_move_the_token_host_is_refused_by_validation_and_the_schema() {
    let fixture = fixture();
    let (output, json) = run_example(&["token", "shopify"], &token_input(json!({ "subdomain": "evil.com/#" })));
    assert_eq!(output.status.code(), Some(1), "{json}");
    assert_eq!(json["errors"][0]["path"], "connection_config.subdomain");

    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture.out.path().join("schemas/shopify.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&json!({ "connection_config": { "subdomain": "acme-store" } })));
    for injection in ["evil.com/#", "evil.com?", "a@evil.com", "evil.com:443"] {
        assert!(!validator.is_valid(&json!({ "connection_config": { "subdomain": injection } })), "{injection}");
    }
}

/// A provider with the quirks no provider of the sample combines: unencoded scopes and path
/// values, an empty parameter, parameters in the token URL's query, the client as username and
/// password, and a token response with its own paths.
const QUIRKS: &str = "display_name: Quirks
auth_mode: OAUTH2
oauth2:
  authorization_url: https://auth.example.com/${connectionConfig.tenant}/authorize?dropped=1
  authorization_params:
    prompt: consent
    empty: ''
  scopes: [a.read, b]
  scope_separator: '+'
  authorization_url_skip_encode: [scopes, base_url]
  token_url: https://auth.example.com/${connectionConfig.tenant}/token
  body_format: query
  client_authentication: username_password
  token_response:
    access_token: data.token
docs:
  main: https://example.com/docs
connection_config:
  tenant:
    title: Tenant
    description: Your tenant and region
    pattern: '^[a-z0-9]+/[a-z]+$'
";

#[test]
fn quirks_shape_the_authorization_url_and_the_token_request() {
    let config = json!({ "tenant": "acme/eu" });
    let mut input = token_input(config.clone());
    input["state"] = json!("s");
    let (output, json) = run_example(&["authorize", "oauth-quirks"], &input);
    assert_eq!(output.status.code(), Some(0), "{json}");
    // The path value as written, the template's query dropped, the empty parameter kept, the
    // default scopes last and unencoded (Nango's `authorization_url_skip_encode`).
    assert_eq!(
        json["url"],
        format!(
            "https://auth.example.com/acme/eu/authorize?response_type=code&client_id=abc&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback&state=s&prompt=consent&empty=&code_challenge={CODE_CHALLENGE}&code_challenge_method=S256&scope=a.read+b"
        )
    );
    // The token URL has no `token_url_skip_encode`: the value is percent-encoded there.
    let request = request("token", "oauth-quirks", token_input(config));
    assert_eq!(
        request["url"],
        format!(
            "https://auth.example.com/acme%2Feu/token?grant_type=authorization_code&code=the-code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback&code_verifier={CODE_VERIFIER}&username=abc&password=xyz"
        )
    );
    assert_eq!(request["body"], Value::Null);
    assert!(request["headers"].get("authorization").is_none());
}

/// Run inside the generated crate: a connection built in code, without validation, still cannot
/// move the OAuth hosts.
const RENDERER_TEST: &str = r#"
use provider_registry::oauth2::{Authorization, OAuth2Client, OAuth2Error, OAuth2Flow};
use provider_registry::providers::shopify::{ConnectionConfig, Credentials, Shopify};
use provider_registry::{RenderError, Secret};

#[test]
fn the_renderer_refuses_a_value_that_would_move_an_oauth_host() {
    let connection = Shopify { connection_config: ConnectionConfig { subdomain: "evil.com/#".into() }, credentials: Credentials {} };
    let flow = OAuth2Flow::for_connection(&connection).expect("Shopify uses OAuth 2");
    let client = OAuth2Client { client_id: "abc".into(), client_secret: Secret::new("xyz"), redirect_uri: "https://app.example.com/cb".into() };
    let refused = |result: Result<String, OAuth2Error>| matches!(result, Err(OAuth2Error::Render(RenderError::UnsafeValue { .. })));
    assert!(refused(flow.token_request(&client, &Secret::new("c"), None).map(|r| r.url().to_owned())));
    assert!(refused(flow.refresh_request(&client, &Secret::new("r")).map(|r| r.url().to_owned())));
    let verifier = Secret::new("v");
    let authorization = Authorization { state: "s", scopes: None, code_verifier: &verifier };
    assert!(refused(flow.authorization_url(&client, &authorization)));
    let safe = Shopify { connection_config: ConnectionConfig { subdomain: "acme".into() }, credentials: Credentials {} };
    let request = OAuth2Flow::for_connection(&safe).unwrap().token_request(&client, &Secret::new("the-code"), None).unwrap();
    let printed = format!("{request:?}");
    assert!(!printed.contains("xyz") && !printed.contains("the-code"), "secrets never print: {printed}");

    let flow = OAuth2Flow::for_connection(&safe).unwrap();
    let response = serde_json::json!({ "access_token": "a", "refresh_token": "r", "expires_in": "3600" });
    let tokens = flow.read_token_response(&response).unwrap();
    assert_eq!((tokens.access_token.expose(), tokens.refresh_token.as_ref().map(Secret::expose)), ("a", Some("r")));
    assert_eq!(tokens.expires_in_seconds, Some(3600));
    assert!(!format!("{tokens:?}").contains("\"a\""), "tokens never print");
    let refused = flow.read_token_response(&serde_json::json!({ "error": "invalid_grant" }));
    assert_eq!(refused, Err(OAuth2Error::NoAccessToken { path: "access_token" }));
}
"#;

#[test]
fn the_renderer_refuses_a_value_that_would_move_an_oauth_host() {
    let fixture = fixture();
    let output = cargo_on_generated_crate(fixture.out.path(), &["test", "--test", "oauth_renderer"]);
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_validator_refuses_unrestricted_values_in_oauth_hosts() {
    let providers = tempfile::tempdir().unwrap();
    std::fs::write(
        providers.path().join("_registry.yaml"),
        "platform_name: Acme\ndocs_base_url: https://docs.example.com\nschema_base_url: https://schemas.example.com\n",
    )
    .unwrap();
    std::fs::write(
        providers.path().join("shop.yaml"),
        "display_name: Shop\nauth_mode: OAUTH2\noauth2:\n  authorization_url: https://${connectionConfig.shop}.example.com/authorize\n  token_url: https://${connectionConfig.shop}.example.com/token\n  refresh_url: https://${connectionConfig.region}.example.com/refresh\ndocs:\n  main: https://example.com/docs\nconnection_config:\n  shop:\n    title: Shop\n    description: Your shop\n  region:\n    title: Region\n    description: Your region\n    pattern: '^[a-z/]+$'\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = run_codegen(providers.path(), out.path(), false, Default::default());
    let errors: Vec<(String, usize)> = run
        .loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.message.clone(), d.line))
        .collect();
    let host_errors =
        |needle: &str| errors.iter().filter(|(m, _)| m.contains(needle)).map(|(_, line)| *line).collect::<Vec<_>>();
    assert_eq!(
        host_errors("`${connectionConfig.shop}` is part of the URL's host, but the field accepts any value"),
        [4, 5]
    );
    assert_eq!(host_errors("`${connectionConfig.region}` is part of the URL's host, but the field accepts `/`"), [6]);
    assert!(!out.path().join("src").exists(), "nothing is written");
}

#[test]
fn the_oauth_example_prints_one_json_line_and_exits_0_1_or_2() {
    fixture();
    let (ok, json) = run_example(&["authorize", "github"], &authorize_input(&BTreeMap::new()));
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&ok.stdout).lines().count(), 1);
    assert_eq!(json["ok"], true);
    assert!(json["url"].as_str().unwrap().starts_with("https://github.com/login/oauth/authorize?response_type=code&"));

    let (refused, json) = run_example(&["authorize", "github"], &json!({ "client_id": 1 }));
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(json["ok"], false);
    let paths: Vec<&str> = json["errors"].as_array().unwrap().iter().filter_map(|e| e["path"].as_str()).collect();
    assert!(paths.contains(&"client_id") && paths.contains(&"state") && paths.contains(&"code_verifier"), "{paths:?}");

    let not_oauth = fixture()
        .imported
        .iter()
        .find(|(_, p)| !["OAUTH2", "OAUTH2_CC"].contains(&p["auth_mode"].as_str().unwrap_or("")));
    let (id, _) = not_oauth.expect("the registry has a provider of another auth mode");
    let (refused, json) = run_example(&["authorize", id], &authorize_input(&BTreeMap::new()));
    assert_eq!(refused.status.code(), Some(1), "{json}");
    assert_eq!(json["errors"][0]["rule"], "auth_mode");

    for arguments in [&["authorize", "no-such-provider"][..], &["fly", "github"][..]] {
        let (misused, _) = run_example(arguments, &json!({}));
        assert_eq!(misused.status.code(), Some(2), "{arguments:?}");
        assert!(misused.stdout.is_empty());
    }
    let missing = Command::new(&fixture().example).args(["token", "github", "/no/such/file.json"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
}
