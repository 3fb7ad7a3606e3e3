//! Import from Nango's `providers.yaml`: one provider file of ours per Nango provider.
//!
//! Every attribute our format knows is carried over; every key it has no place for is kept in
//! the provider's `passthrough` map (as a dotted path such as `proxy.paginate` or
//! `credentials.apiKey.warnings`), which codegen copies into `registry.json`, so nothing is
//! dropped. An alias provider (`alias: jira`) is resolved the way Nango resolves it, a shallow
//! merge of the target's keys under the alias's own, and the alias is recorded in `passthrough`.
//!
//! The import never stops at a bad provider: each file is written as faithfully as possible, then
//! the written folder goes through the same loader and validator as `cargo xtask codegen`, and
//! the report lists, per provider, every problem that would stop generation. So the report names
//! exactly the providers codegen refuses, with the reason.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde_yaml::{Mapping, Value as Yaml};

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{
    AuthMode, BodyFormat, ClientAuthentication, Docs, ExpiresInUnit, Field, Format, HttpMethod, OAuth2, Provider,
    Proxy, SkipEncode, TokenResponse, Verification, VisibleWhen,
};
use crate::template::Template;

/// Settings written next to the imported providers.
const IMPORTED_SETTINGS: &str = "\
# yaml-language-server: $schema=../generated/registry-settings.schema.json
platform_name: Nango
docs_base_url: https://nango.dev/docs/api-integrations
schema_base_url: https://providers.example.com/schemas
guide_flavor: gfm
# Nango's guides give images and links to its docs pages as paths on its docs site.
assets_base_url: https://nango.dev/docs
";

const SCHEMA_LINE: &str = "# yaml-language-server: $schema=../generated/provider-definition.schema.json\n";

/// What the import did for one provider.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ProviderImport {
    pub id: String,
    /// The Nango provider this one aliases, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias_of: Option<String>,
    /// Examples recognized as masked (`5037c64a****`), by field path.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub masked_examples: Vec<String>,
    /// Keys kept in `passthrough`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub passthrough: Vec<String>,
    /// What the import decided that a reviewer should know (implied fields added, templates
    /// our grammar cannot express kept in `passthrough`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// What importing the provider's connect guide did, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guide: Option<crate::import_nango_guides::GuideImport>,
    /// Problems that stop codegen, found by the validator in the written file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub defects: Vec<Diagnostic>,
    /// Problems that do not stop codegen.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Diagnostic>,
}

/// The whole import.
#[derive(Debug, Default, serde::Serialize)]
pub struct ImportReport {
    pub providers: Vec<ProviderImport>,
    /// Problems with the registry as a whole, or with files that could not be written.
    pub errors: Vec<String>,
}

impl ImportReport {
    pub fn with_defects(&self) -> impl Iterator<Item = &ProviderImport> {
        self.providers.iter().filter(|p| !p.defects.is_empty())
    }

    /// The human report: each provider with defects and why, then the counts.
    pub fn to_human(&self) -> String {
        let mut out = String::new();
        for provider in self.with_defects() {
            out.push_str(&format!("{}: {} defect(s)\n", provider.id, provider.defects.len()));
            for defect in &provider.defects {
                out.push_str(&format!(
                    "  {}:{}:{}: {}\n",
                    defect.file.display(),
                    defect.line,
                    defect.col,
                    defect.message
                ));
                if let Some(help) = &defect.help {
                    out.push_str(&format!("    help: {help}\n"));
                }
            }
        }
        for error in &self.errors {
            out.push_str(&format!("error: {error}\n"));
        }
        let aliases = self.providers.iter().filter(|p| p.alias_of.is_some()).count();
        let masked: usize = self.providers.iter().map(|p| p.masked_examples.len()).sum();
        let passthrough = self.providers.iter().filter(|p| !p.passthrough.is_empty()).count();
        let defective = self.with_defects().count();
        let noted: usize = self.providers.iter().map(|p| p.notes.len()).sum();
        if noted > 0 {
            out.push_str(&format!("{noted} import note(s); see `--format json` for each provider's notes\n"));
        }
        out.push_str(&format!(
            "imported {} providers ({aliases} aliases resolved, {masked} masked examples recognized, {passthrough} with passthrough keys): {} ready, {defective} with defects to fix\n",
            self.providers.len(),
            self.providers.len() - defective,
        ));
        out
    }
}

/// Imports `source` (Nango's `providers.yaml`) into `out`, one file per provider plus
/// `_registry.yaml`, then validates what it wrote. With `guides`, a folder of
/// `<provider-id>.mdx` connect guides, each guide becomes its provider's `guide:` section.
pub fn import(source: &Path, out: &Path, guides: Option<&Path>) -> Result<ImportReport, String> {
    let text = std::fs::read_to_string(source).map_err(|e| format!("cannot read {}: {e}", source.display()))?;
    let all: Mapping =
        serde_yaml::from_str(&text).map_err(|e| format!("{} is not a YAML map of providers: {e}", source.display()))?;
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut report = ImportReport::default();
    let mut written: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for (key, raw) in &all {
        let Some(id) = key.as_str() else {
            report.errors.push(format!("a provider key is not a string: {key:?}"));
            continue;
        };
        let (mut provider, mut summary) = convert(raw, &all);
        if let Some(folder) = guides {
            let page = folder.join(format!("{id}.mdx"));
            match std::fs::read_to_string(&page) {
                Ok(text) => match crate::import_nango_guides::import_guide(&text, &mut provider) {
                    Ok(guide) => summary.guide = Some(guide),
                    Err(e) => report.errors.push(format!("{}: {e}", page.display())),
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => report.errors.push(format!("cannot read {}: {e}", page.display())),
            }
        }
        let path = out.join(format!("{id}.yaml"));
        match serde_yaml::to_string(&provider) {
            Ok(yaml) => match std::fs::write(&path, format!("{SCHEMA_LINE}{yaml}")) {
                Ok(()) => {
                    written.insert(path, report.providers.len());
                }
                Err(e) => report.errors.push(format!("cannot write {}: {e}", path.display())),
            },
            Err(e) => report.errors.push(format!("cannot serialize {id}: {e}")),
        }
        summary.id = id.to_owned();
        report.providers.push(summary);
    }
    let settings = out.join(crate::load::SETTINGS_FILE);
    if !settings.exists() {
        std::fs::write(&settings, IMPORTED_SETTINGS)
            .map_err(|e| format!("cannot write {}: {e}", settings.display()))?;
    }
    let loaded = crate::load::load(out, &crate::load::SettingsOverrides::default());
    for diagnostic in loaded.diagnostics {
        match written.get(&diagnostic.file) {
            Some(&index) => {
                let provider = &mut report.providers[index];
                match diagnostic.severity {
                    Severity::Error => provider.defects.push(diagnostic),
                    Severity::Warning | Severity::Note => provider.warnings.push(diagnostic),
                }
            }
            None if diagnostic.severity == Severity::Error => {
                report.errors.push(format!("{}:{}: {}", diagnostic.file.display(), diagnostic.line, diagnostic.message))
            }
            None => {}
        }
    }
    Ok(report)
}

/// Converts one Nango provider, resolving its alias.
fn convert(raw: &Yaml, all: &Mapping) -> (Provider, ProviderImport) {
    let mut summary = ProviderImport::default();
    let mut merged = Mapping::new();
    let own = raw.as_mapping().cloned().unwrap_or_default();
    if let Some(target) = own.get("alias").and_then(Yaml::as_str) {
        summary.alias_of = Some(target.to_owned());
        if let Some(base) = all.get(target).and_then(Yaml::as_mapping) {
            merged.extend(base.clone());
        }
    }
    merged.extend(own);
    let mut rest = merged;
    let mut passthrough: IndexMap<String, serde_json::Value> = IndexMap::new();

    let display_name = take_string(&mut rest, "display_name").unwrap_or_default();
    let categories = take(&mut rest, "categories")
        .and_then(|v| v.as_sequence().map(|s| s.iter().map(scalar_text).collect()))
        .unwrap_or_default();
    let auth_mode_text = take_string(&mut rest, "auth_mode").unwrap_or_else(|| "NONE".into());
    let auth_mode: AuthMode = serde_yaml::from_value(Yaml::String(auth_mode_text.clone())).unwrap_or_else(|_| {
        passthrough.insert("auth_mode".into(), auth_mode_text.into());
        AuthMode::Custom
    });
    let docs = Docs {
        main: take_string(&mut rest, "docs").unwrap_or_default(),
        connect: take_string(&mut rest, "docs_connect"),
        setup_guide: take_string(&mut rest, "setup_guide_url"),
    };
    let oauth2 = matches!(auth_mode, AuthMode::OAuth2 | AuthMode::OAuth2Cc)
        .then(|| take_oauth2(&mut rest, auth_mode, &mut passthrough, &mut summary.notes));
    let proxy = take(&mut rest, "proxy").and_then(|value| take_proxy(value, &mut passthrough, &mut summary.notes));
    let mut groups = Vec::new();
    for group in ["connection_config", "credentials"] {
        let fields = take(&mut rest, group).and_then(|v| v.as_mapping().cloned()).unwrap_or_default();
        let mut converted = IndexMap::new();
        for (name, value) in fields {
            let name = scalar_text(&name);
            let field = take_field(&format!("{group}.{name}"), value, &mut passthrough, &mut summary);
            converted.insert(name, field);
        }
        groups.push(converted);
    }
    let mut credentials = groups.pop().unwrap_or_default();
    let connection_config = groups.pop().unwrap_or_default();
    add_implied_credentials(auth_mode, &display_name, &mut credentials, &mut summary.notes);
    for (key, value) in rest {
        passthrough.insert(scalar_text(&key), to_json(&value));
    }
    summary.passthrough = passthrough.keys().cloned().collect();
    let provider = Provider {
        display_name,
        categories,
        auth_mode,
        oauth2,
        docs,
        proxy,
        connection_config,
        credentials,
        guide: None,
        passthrough,
    };
    (provider, summary)
}

/// Nango's connect UI shows an API key field for `API_KEY`, and username and password fields
/// for `BASIC`, even when `credentials` does not list them; our format lists every field.
fn add_implied_credentials(
    auth_mode: AuthMode,
    name: &str,
    credentials: &mut IndexMap<String, Field>,
    notes: &mut Vec<String>,
) {
    let implied: &[(&str, &str, bool)] = match auth_mode {
        AuthMode::ApiKey => &[("apiKey", "API Key", true)],
        AuthMode::Basic => &[("username", "Username", false), ("password", "Password", true)],
        _ => &[],
    };
    for &(key, title, secret) in implied {
        if !credentials.contains_key(key) {
            let description = format!("Your {name} {}", title.to_lowercase());
            credentials
                .insert(key.to_owned(), Field { title: title.to_owned(), description, secret, ..Field::default() });
            notes.push(format!(
                "added credential `{key}`, which Nango's connect UI shows for {} without listing it",
                auth_mode.as_str()
            ));
        }
    }
}

fn take_oauth2(
    rest: &mut Mapping,
    auth_mode: AuthMode,
    passthrough: &mut IndexMap<String, serde_json::Value>,
    notes: &mut Vec<String>,
) -> OAuth2 {
    let mut params = |key: &str, rest: &mut Mapping| -> IndexMap<String, String> {
        let Some(value) = take(rest, key) else {
            return IndexMap::new();
        };
        match string_map(&value) {
            Some(map) => map,
            None => {
                passthrough.insert(key.into(), to_json(&value));
                IndexMap::new()
            }
        }
    };
    let authorization_params = params("authorization_params", rest);
    let token_params = params("token_params", rest);
    let refresh_params = params("refresh_params", rest);
    let authorization_url_replacements = params("authorization_url_replacements", rest);
    let token_headers =
        params("token_headers", rest).into_iter().map(|(name, value)| (name.to_ascii_lowercase(), value)).collect();
    let mut skip_encode = |key: &str, rest: &mut Mapping| -> Vec<SkipEncode> {
        let parts: Vec<String> = take(rest, key)
            .and_then(|v| v.as_sequence().map(|s| s.iter().map(scalar_text).collect()))
            .unwrap_or_default();
        parts
            .into_iter()
            .filter_map(|part| match part.as_str() {
                "scopes" => Some(SkipEncode::Scopes),
                "base_url" => Some(SkipEncode::BaseUrl),
                _ => {
                    passthrough.insert(format!("{key}.{part}"), part.clone().into());
                    None
                }
            })
            .collect()
    };
    let authorization_url_skip_encode = skip_encode("authorization_url_skip_encode", rest);
    let token_url_skip_encode = skip_encode("token_url_skip_encode", rest);
    // Nango's `token_url` is a URL, or a URL per auth mode (`OAUTH2`, `APP`) for providers that
    // offer more than one flow; the other modes' URLs are kept.
    let token_url = match take(rest, "token_url") {
        Some(Yaml::Mapping(mut by_mode)) => {
            let url = take_string(&mut by_mode, auth_mode.as_str());
            if !by_mode.is_empty() {
                passthrough.insert("token_url".into(), to_json(&Yaml::Mapping(by_mode)));
            }
            url
        }
        Some(other) => Some(scalar_text(&other)),
        None => None,
    };
    // simple-oauth2's `authorization_method: header` sends the client in a Basic header alone;
    // Nango's `token_request_auth_method: basic` adds the header, and for the authorization-code
    // grant simple-oauth2 still puts the client in the body.
    let authorization_method = take_string(rest, "authorization_method");
    let token_request_auth_method = take_string(rest, "token_request_auth_method");
    let client_authentication = match (token_request_auth_method.as_deref(), authorization_method.as_deref()) {
        (Some("custom"), _) => ClientAuthentication::UsernamePassword,
        (Some("basic"), _) if auth_mode == AuthMode::OAuth2Cc => ClientAuthentication::Basic,
        (Some("basic"), Some("header")) => ClientAuthentication::Basic,
        (Some("basic"), _) => ClientAuthentication::BasicAndBody,
        (_, Some("header")) => ClientAuthentication::Basic,
        (other, _) => {
            if let Some(other) = other {
                passthrough.insert("token_request_auth_method".into(), other.into());
                notes.push(format!("`token_request_auth_method: {other}` has no equivalent; kept in passthrough"));
            }
            ClientAuthentication::Body
        }
    };
    let body_format = match take_string(rest, "body_format").as_deref() {
        Some("json") => BodyFormat::Json,
        Some("query") => BodyFormat::Query,
        Some("form") | None => BodyFormat::Form,
        Some(other) => {
            passthrough.insert("body_format".into(), other.into());
            BodyFormat::Form
        }
    };
    let mut token_response = TokenResponse::default();
    if let Some(path) = take_string(rest, "alternate_access_token_response_path") {
        token_response.access_token = path;
    }
    if take_string(rest, "expires_in_unit").as_deref() == Some("milliseconds") {
        token_response.expires_in_unit = ExpiresInUnit::Milliseconds;
    }
    OAuth2 {
        authorization_url: take_string(rest, "authorization_url"),
        authorization_params,
        scopes: take(rest, "default_scopes")
            .and_then(|v| v.as_sequence().map(|s| s.iter().map(scalar_text).collect()))
            .unwrap_or_default(),
        scope_separator: take_string(rest, "scope_separator"),
        authorization_url_skip_encode,
        pkce: !take_bool(rest, "disable_pkce"),
        authorization_url_fragment: take_string(rest, "authorization_url_fragment"),
        authorization_url_replacements,
        authorization_url_skip_empty: take_bool(rest, "authorization_url_skip_empty"),
        token_url,
        token_url_skip_encode,
        refresh_url: take_string(rest, "refresh_url"),
        token_params,
        refresh_params,
        token_headers,
        body_format,
        client_authentication,
        token_response,
    }
}

fn take_proxy(
    value: Yaml,
    passthrough: &mut IndexMap<String, serde_json::Value>,
    notes: &mut Vec<String>,
) -> Option<Proxy> {
    let mut proxy = value.as_mapping().cloned()?;
    let Some(base_url) = take_string(&mut proxy, "base_url") else {
        passthrough.insert("proxy".into(), to_json(&Yaml::Mapping(proxy)));
        return None;
    };
    let mut headers = match take(&mut proxy, "headers") {
        Some(value) => string_map(&value).unwrap_or_else(|| {
            passthrough.insert("proxy.headers".into(), to_json(&value));
            IndexMap::new()
        }),
        None => IndexMap::new(),
    };
    headers.retain(|name, value| {
        let expressible = Template::parse(value).is_ok();
        if !expressible {
            passthrough.insert(format!("proxy.headers.{name}"), value.clone().into());
            notes.push(format!(
                "header `{name}` uses template functions this format cannot express; kept in passthrough"
            ));
        }
        expressible
    });
    let verification = take(&mut proxy, "verification").and_then(|value| {
        let mut map = value.as_mapping().cloned()?;
        let method = match take_string(&mut map, "method").as_deref() {
            Some("POST") => HttpMethod::Post,
            _ => HttpMethod::Get,
        };
        let endpoints = take(&mut map, "endpoints")
            .and_then(|v| v.as_sequence().map(|s| s.iter().map(scalar_text).collect()))
            .unwrap_or_default();
        let base_url_override = take_string(&mut map, "base_url_override");
        for (key, value) in map {
            passthrough.insert(format!("proxy.verification.{}", scalar_text(&key)), to_json(&value));
        }
        Some(Verification { method, endpoints, base_url_override })
    });
    for (key, value) in proxy {
        passthrough.insert(format!("proxy.{}", scalar_text(&key)), to_json(&value));
    }
    Some(Proxy { base_url, headers, verification })
}

fn take_field(
    path: &str,
    value: Yaml,
    passthrough: &mut IndexMap<String, serde_json::Value>,
    summary: &mut ProviderImport,
) -> Field {
    let mut map = value.as_mapping().cloned().unwrap_or_default();
    if take_string(&mut map, "type").is_some_and(|t| t != "string") {
        passthrough.insert(format!("{path}.type"), to_json(&Yaml::String("non-string".into())));
    }
    let example = take(&mut map, "example").map(|v| scalar_text(&v));
    let example_masked = example.as_deref().is_some_and(|e| e.contains('*'));
    if example_masked {
        summary.masked_examples.push(path.to_owned());
    }
    let mut field = Field {
        title: take_string(&mut map, "title").unwrap_or_default(),
        description: take_string(&mut map, "description").unwrap_or_default(),
        example,
        example_masked,
        pattern: take_string(&mut map, "pattern"),
        optional: take_bool(&mut map, "optional"),
        secret: take_bool(&mut map, "secret"),
        prefix: take_string(&mut map, "prefix"),
        suffix: take_string(&mut map, "suffix"),
        hidden: take_bool(&mut map, "hidden"),
        automated: take_bool(&mut map, "automated"),
        default: take(&mut map, "default_value").map(|v| scalar_text(&v)),
        docs_anchor: take_string(&mut map, "doc_section"),
        ..Field::default()
    };
    if let Some(format) = take(&mut map, "format") {
        match serde_yaml::from_value::<Format>(format.clone()) {
            Ok(format) => field.format = Some(format),
            Err(_) => {
                passthrough.insert(format!("{path}.format"), to_json(&format));
            }
        }
    }
    if let Some(values) = take(&mut map, "enum") {
        field.allowed = values.as_sequence().map(|s| s.iter().map(scalar_text).collect());
    }
    if let Some(order) = take(&mut map, "order") {
        match order.as_u64().and_then(|o| u32::try_from(o).ok()) {
            Some(order) => field.order = Some(order),
            None => {
                passthrough.insert(format!("{path}.order"), to_json(&order));
            }
        }
    }
    if let Some(condition) = take(&mut map, "visible_when") {
        match serde_yaml::from_value::<VisibleWhen>(condition.clone()) {
            Ok(condition) => field.visible_when = Some(condition),
            Err(_) => {
                passthrough.insert(format!("{path}.visible_when"), to_json(&condition));
            }
        }
    }
    for (key, value) in map {
        passthrough.insert(format!("{path}.{}", scalar_text(&key)), to_json(&value));
    }
    field
}

fn take(map: &mut Mapping, key: &str) -> Option<Yaml> {
    map.remove(key)
}

fn take_string(map: &mut Mapping, key: &str) -> Option<String> {
    take(map, key).map(|v| scalar_text(&v))
}

fn take_bool(map: &mut Mapping, key: &str) -> bool {
    take(map, key).is_some_and(|v| v.as_bool().unwrap_or(false))
}

/// A scalar as the text it stands for (`3600` for a number, `true` for a boolean).
fn scalar_text(value: &Yaml) -> String {
    match value {
        Yaml::String(s) => s.clone(),
        Yaml::Number(n) => n.to_string(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Null => String::new(),
        other => serde_yaml::to_string(other).unwrap_or_default().trim_end().to_owned(),
    }
}

/// A map whose values are all scalars, as strings; `None` if any value is a list or map.
fn string_map(value: &Yaml) -> Option<IndexMap<String, String>> {
    let map = value.as_mapping()?;
    map.iter()
        .map(|(k, v)| match v {
            Yaml::Sequence(_) | Yaml::Mapping(_) | Yaml::Tagged(_) => None,
            scalar => Some((scalar_text(k), scalar_text(scalar))),
        })
        .collect()
}

fn to_json(value: &Yaml) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_else(|_| serde_json::Value::String(scalar_text(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nango(text: &str) -> Mapping {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn carries_field_attributes_and_keeps_unknown_keys() {
        let all = nango(
            "x:\n  display_name: X\n  auth_mode: API_KEY\n  docs: https://d\n  webhook_routing_script: s\n  proxy:\n    base_url: https://x.io\n    retry: {after: [a]}\n  credentials:\n    apiKey:\n      type: string\n      title: T\n      description: D\n      example: ab**\n      pattern: '^[a-z]+$'\n      doc_section: '#step-1'\n      warnings: {x: y}\n",
        );
        let (provider, summary) = convert(&all["x"], &all);
        let field = &provider.credentials["apiKey"];
        assert!(field.example_masked);
        assert_eq!(field.docs_anchor.as_deref(), Some("#step-1"));
        assert_eq!(summary.masked_examples, ["credentials.apiKey"]);
        let keys: Vec<&str> = provider.passthrough.keys().map(String::as_str).collect();
        assert_eq!(keys, ["proxy.retry", "credentials.apiKey.warnings", "webhook_routing_script"]);
    }

    #[test]
    fn carries_every_request_shaping_oauth_key() {
        let all = nango(
            "x:\n  display_name: X\n  auth_mode: OAUTH2\n  docs: https://d\n  authorization_url: https://x.io/auth\n  authorization_params: {prompt: consent, force_verify: false}\n  default_scopes: [a, b]\n  scope_separator: ','\n  authorization_url_skip_encode: [scopes]\n  disable_pkce: true\n  authorization_url_fragment: /oauth\n  authorization_url_replacements: {client_id=: appKey=}\n  authorization_url_skip_empty: true\n  token_url: {OAUTH2: https://x.io/token, APP: https://x.io/app-token}\n  token_url_skip_encode: [base_url]\n  refresh_url: https://x.io/refresh\n  token_params: {grant_type: authorization_code}\n  refresh_params: {grant_type: refresh_token}\n  token_headers: {Accept: application/json}\n  body_format: json\n  token_request_auth_method: basic\n  alternate_access_token_response_path: data.token\n  expires_in_unit: milliseconds\n",
        );
        let (provider, _) = convert(&all["x"], &all);
        let oauth = provider.oauth2.unwrap();
        assert_eq!(oauth.authorization_params["force_verify"], "false");
        assert_eq!(oauth.scopes, ["a", "b"]);
        assert_eq!(oauth.authorization_url_skip_encode, [SkipEncode::Scopes]);
        assert!(!oauth.pkce);
        assert_eq!(oauth.authorization_url_fragment.as_deref(), Some("/oauth"));
        assert_eq!(oauth.authorization_url_replacements["client_id="], "appKey=");
        assert!(oauth.authorization_url_skip_empty);
        assert_eq!(oauth.token_url.as_deref(), Some("https://x.io/token"));
        assert_eq!(oauth.token_url_skip_encode, [SkipEncode::BaseUrl]);
        assert_eq!(oauth.refresh_url.as_deref(), Some("https://x.io/refresh"));
        assert_eq!(oauth.refresh_params["grant_type"], "refresh_token");
        assert_eq!(oauth.token_headers["accept"], "application/json");
        assert_eq!(oauth.body_format, BodyFormat::Json);
        assert_eq!(oauth.client_authentication, ClientAuthentication::BasicAndBody);
        assert_eq!(oauth.token_response.access_token, "data.token");
        assert_eq!(oauth.token_response.expires_in_unit, ExpiresInUnit::Milliseconds);
        // Only the token URL of another auth mode is left over.
        let keys: Vec<&str> = provider.passthrough.keys().map(String::as_str).collect();
        assert_eq!(keys, ["token_url"]);
    }

    #[test]
    fn chooses_the_client_authentication_nango_sends() {
        let authentication = |mode: &str, keys: &str| {
            let all = nango(&format!(
                "x:\n  display_name: X\n  auth_mode: {mode}\n  docs: https://d\n  token_url: https://t\n{keys}"
            ));
            convert(&all["x"], &all).0.oauth2.unwrap().client_authentication
        };
        assert_eq!(authentication("OAUTH2", ""), ClientAuthentication::Body);
        assert_eq!(authentication("OAUTH2", "  authorization_method: header\n"), ClientAuthentication::Basic);
        assert_eq!(
            authentication("OAUTH2", "  token_request_auth_method: basic\n"),
            ClientAuthentication::BasicAndBody
        );
        assert_eq!(authentication("OAUTH2_CC", "  token_request_auth_method: basic\n"), ClientAuthentication::Basic);
        assert_eq!(
            authentication("OAUTH2_CC", "  token_request_auth_method: custom\n"),
            ClientAuthentication::UsernamePassword
        );
    }

    #[test]
    fn resolves_aliases_with_a_shallow_merge() {
        let all = nango("base:\n  display_name: Base\n  auth_mode: BASIC\n  docs: https://b\nchild:\n  alias: base\n  display_name: Child\n  docs: https://c\n");
        let (provider, summary) = convert(&all["child"], &all);
        assert_eq!(provider.display_name, "Child");
        assert_eq!(provider.auth_mode, AuthMode::Basic);
        assert_eq!(summary.alias_of.as_deref(), Some("base"));
        assert_eq!(provider.passthrough["alias"], "base");
    }
}
