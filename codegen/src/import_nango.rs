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
    AuthMode, Docs, Field, Format, HttpMethod, OAuth2, Provider, Proxy, RequestBody, Responses, Verification,
    VisibleWhen,
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
    let oauth2 =
        matches!(auth_mode, AuthMode::OAuth2 | AuthMode::OAuth2Cc).then(|| take_oauth2(&mut rest, &mut passthrough));
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

fn take_oauth2(rest: &mut Mapping, passthrough: &mut IndexMap<String, serde_json::Value>) -> OAuth2 {
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
    OAuth2 {
        authorization_url: take_string(rest, "authorization_url"),
        token_url: take_string(rest, "token_url"),
        scopes: take(rest, "default_scopes")
            .and_then(|v| v.as_sequence().map(|s| s.iter().map(scalar_text).collect()))
            .unwrap_or_default(),
        scope_separator: take_string(rest, "scope_separator"),
        authorization_params,
        token_params,
        refresh_params,
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
    let mut kept = Kept { passthrough, notes };
    let headers = kept.templates(&mut proxy, "proxy.headers", true);
    let query = kept.templates(&mut proxy, "proxy.query", false);
    let verification = take(&mut proxy, "verification").and_then(|value| {
        let Some(mut map) = value.as_mapping().cloned() else {
            kept.passthrough.insert("proxy.verification".into(), to_json(&value));
            return None;
        };
        let method = match take_string(&mut map, "method") {
            Some(method) if method.eq_ignore_ascii_case("POST") => HttpMethod::Post,
            Some(method) if method.eq_ignore_ascii_case("GET") => HttpMethod::Get,
            Some(method) => {
                kept.passthrough.insert("proxy.verification.method".into(), method.into());
                HttpMethod::Get
            }
            None => HttpMethod::Get,
        };
        let endpoints = match take(&mut map, "endpoints") {
            Some(Yaml::Sequence(items)) if items.iter().all(|item| !is_collection(item)) => {
                items.iter().map(scalar_text).collect()
            }
            Some(other) => {
                kept.notes.push("`proxy.verification.endpoints` is not a list of paths; kept in passthrough".into());
                kept.passthrough.insert("proxy.verification.endpoints".into(), to_json(&other));
                Vec::new()
            }
            None => Vec::new(),
        };
        let base_url_override = take_string(&mut map, "base_url_override");
        let headers = kept.templates(&mut map, "proxy.verification.headers", true);
        let body = take(&mut map, "data").and_then(|data| kept.body(data, &headers));
        for (key, value) in map {
            kept.passthrough.insert(format!("proxy.verification.{}", scalar_text(&key)), to_json(&value));
        }
        Some(Verification { method, endpoints, base_url_override, headers, body, responses: Responses::default() })
    });
    for (key, value) in proxy {
        kept.passthrough.insert(format!("proxy.{}", scalar_text(&key)), to_json(&value));
    }
    Some(Proxy { base_url, headers, query, verification })
}

/// Where the parts of a proxy our format cannot say go, and the notes that say why.
struct Kept<'a> {
    passthrough: &'a mut IndexMap<String, serde_json::Value>,
    notes: &'a mut Vec<String>,
}

impl Kept<'_> {
    /// The map of templates at `path` (the last key taken from `map`); a value our template
    /// grammar cannot express (Nango's template functions) stays in passthrough, with a note.
    /// Header names are lowercased, as HTTP compares them without case.
    fn templates(&mut self, map: &mut Mapping, path: &str, header_names: bool) -> IndexMap<String, String> {
        let key = path.rsplit('.').next().unwrap_or(path);
        let Some(value) = take(map, key) else { return IndexMap::new() };
        let Some(templates) = string_map(&value) else {
            self.passthrough.insert(path.into(), to_json(&value));
            return IndexMap::new();
        };
        let mut expressible = IndexMap::new();
        for (name, template) in templates {
            let name = if header_names { name.to_ascii_lowercase() } else { name };
            if Template::parse(&template).is_ok() {
                expressible.insert(name, template);
            } else {
                self.notes.push(format!(
                    "`{path}.{name}` uses template functions this format cannot express; kept in passthrough"
                ));
                self.passthrough.insert(format!("{path}.{name}"), template.into());
            }
        }
        expressible
    }

    /// Nango's verification `data` as a body: form parameters when the request says it is
    /// form-encoded and every value is text, else a JSON document. Data whose strings our
    /// grammar cannot express, or that hold alternatives, stays in passthrough.
    fn body(&mut self, data: Yaml, headers: &IndexMap<String, String>) -> Option<RequestBody> {
        let form_encoded = headers.get("content-type").is_some_and(|t| t.contains("x-www-form-urlencoded"));
        let body = match string_map(&data) {
            Some(form) if form_encoded => RequestBody { json: None, form },
            _ => RequestBody { json: Some(to_json(&data)), form: IndexMap::new() },
        };
        let mut strings: Vec<&str> = body.form.values().map(String::as_str).collect();
        if let Some(document) = &body.json {
            json_strings(document, &mut strings);
        }
        let expressible = strings
            .iter()
            .all(|text| Template::parse(text).is_ok_and(|t| t.alternatives.len() == 1 || body.json.is_none()));
        if expressible {
            Some(body)
        } else {
            self.notes.push(
                "`proxy.verification.data` uses template functions or alternatives a body cannot express; kept in passthrough".into(),
            );
            self.passthrough.insert("proxy.verification.data".into(), to_json(&data));
            None
        }
    }
}

/// Every string of a JSON document.
fn json_strings<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::String(text) => out.push(text),
        serde_json::Value::Array(items) => items.iter().for_each(|item| json_strings(item, out)),
        serde_json::Value::Object(members) => members.values().for_each(|member| json_strings(member, out)),
        _ => {}
    }
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

fn is_collection(value: &Yaml) -> bool {
    matches!(value, Yaml::Sequence(_) | Yaml::Mapping(_) | Yaml::Tagged(_))
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
    fn resolves_aliases_with_a_shallow_merge() {
        let all = nango("base:\n  display_name: Base\n  auth_mode: BASIC\n  docs: https://b\nchild:\n  alias: base\n  display_name: Child\n  docs: https://c\n");
        let (provider, summary) = convert(&all["child"], &all);
        assert_eq!(provider.display_name, "Child");
        assert_eq!(provider.auth_mode, AuthMode::Basic);
        assert_eq!(summary.alias_of.as_deref(), Some("base"));
        assert_eq!(provider.passthrough["alias"], "base");
    }

    #[test]
    fn maps_requests_and_keeps_what_templates_cannot_say() {
        let all = nango(
            r#"
acme:
  display_name: Acme
  auth_mode: API_KEY
  docs: https://d
  proxy:
    base_url: https://api.acme.com
    query:
      api_key: ${apiKey}
    headers:
      X-Amz-Date: ${now:YYYYMMDD}
      Accept: application/json
    verification:
      method: post
      endpoints: [/v1/me]
      headers:
        Content-Type: application/x-www-form-urlencoded
      data:
        key: ${apiKey}
  credentials:
    apiKey:
      type: string
      title: Key
      description: d
json:
  display_name: Json
  auth_mode: API_KEY
  docs: https://d
  proxy:
    base_url: https://api.json.com
    verification:
      endpoints:
        - endpoint: /v1/me
      data:
        query: { match_all: {} }
        limit: 1
"#,
        );
        let (acme, summary) = convert(&all["acme"], &all);
        let proxy = acme.proxy.expect("a proxy");
        assert_eq!(proxy.query.get("api_key").map(String::as_str), Some("${apiKey}"));
        assert_eq!(proxy.headers.keys().collect::<Vec<_>>(), ["accept"]);
        let verification = proxy.verification.expect("a verification");
        assert_eq!(verification.method, HttpMethod::Post);
        assert_eq!(verification.headers.keys().collect::<Vec<_>>(), ["content-type"]);
        let body = verification.body.expect("a body");
        assert_eq!((body.json, body.form.get("key").map(String::as_str)), (None, Some("${apiKey}")));
        assert_eq!(acme.passthrough.keys().collect::<Vec<_>>(), ["proxy.headers.x-amz-date"]);
        assert!(summary.notes.iter().any(|n| n.contains("`proxy.headers.x-amz-date` uses template functions")));

        let (json, summary) = convert(&all["json"], &all);
        let verification = json.proxy.and_then(|p| p.verification).expect("a verification");
        assert_eq!(
            verification.body.and_then(|b| b.json),
            Some(serde_json::json!({ "query": { "match_all": {} }, "limit": 1 }))
        );
        assert!(verification.endpoints.is_empty(), "endpoints that are not paths are not guessed");
        assert!(json.passthrough.contains_key("proxy.verification.endpoints"));
        assert!(summary.notes.iter().any(|n| n.contains("not a list of paths")));
    }
}
