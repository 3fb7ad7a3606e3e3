//! Import from Nango's `providers.yaml`: one provider file of ours per Nango provider.
//!
//! Every attribute our format knows is carried over; every key it has no place for is kept in
//! the provider's `passthrough` map (as a dotted path such as `proxy.paginate` or
//! `credentials.apiKey.warnings`), which codegen copies into `registry.json`, so nothing is
//! dropped. An alias provider (`alias: jira`) is resolved the way Nango resolves it, a shallow
//! merge of the target's keys under the alias's own, and the alias is recorded in `passthrough`.
//! What Nango's connect UI and OAuth flow do beyond the data is applied too: the credentials and
//! secrets its form assumes, and fields with `filled_by` for the values it fills in itself.
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
use crate::json_strings::{for_each_string, Step};
use crate::model::{
    AuthMode, BodyFormat, ClientAuthentication, Docs, ExpiresInUnit, Field, FilledBy, Format, HttpMethod, OAuth2,
    Provider, Proxy, RequestBody, Responses, SkipEncode, TokenResponse, Verification, VisibleWhen,
};
use crate::template::{Group, Template};

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
    pub defects: Vec<Defect>,
    /// Problems that do not stop codegen.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Diagnostic>,
    /// Connection-config fields that Nango's provider uses in keys our format does not read as
    /// templates (`authorization_params`, a `TWO_STEP` token request, `proxy.connection_config`).
    #[serde(skip)]
    used_in_passthrough: Vec<String>,
    /// The bare names of Nango's base URL that its proxy resolves to nothing (see
    /// [`unresolved_bare_names`]).
    #[serde(skip)]
    unresolved_in_base_url: Vec<String>,
}

impl ProviderImport {
    /// The validator's error on a bare name of the base URL that Nango resolves to nothing, said
    /// as Nango's proxy reads the template: our format and Nango both read a bare name as a
    /// credential, but only Nango's proxy then leaves it unresolved in the URL.
    fn explain_unresolved(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        let unresolved = self.unresolved_in_base_url.iter().find(|name| {
            let written = format!("${{{name}}}");
            let parsed = Template::parse(&written).ok();
            parsed.as_ref().and_then(|t| t.variables().next()).is_some_and(|variable| {
                diagnostic.message == crate::check::unknown_variable_message(variable, &written)
            })
        });
        if let Some(name) = unresolved {
            diagnostic.message = format!(
                "`${{{name}}}` names no credential, and Nango's proxy reads a bare name from the connection's credentials only: it leaves `${{{name}}}` in the URL unresolved"
            );
            diagnostic.help = Some(format!(
                "`{name}` is a connection-config value: write `${{connectionConfig.{name}}}` in Nango's provider"
            ));
        }
        diagnostic
    }

    /// Whether a warning says a field is used by no template when Nango's provider does use it,
    /// in a key our format keeps in `passthrough`: a gap of the format, not of the data.
    fn used_elsewhere(&self, message: &str) -> bool {
        self.used_in_passthrough.iter().any(|name| message == crate::check::unused_field_message(name))
    }
}

/// A problem that stops codegen, with what kind of problem it is and where it is in Nango's file.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Defect {
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
    pub kind: DefectKind,
    /// The key of the Nango provider to fix, such as `connection_config.subdomain.pattern`.
    pub nango_key: String,
}

/// What a defect is about, for grouping the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DefectKind {
    /// A pattern browsers cannot run the same way: invalid under the `u` flag, engine-dependent
    /// or exponential.
    Pattern,
    /// An example, default or enum value that fails its own pattern, format or enum.
    Value,
    /// A value the user chooses can move a URL's host.
    Host,
    /// What the auth mode needs is missing (a credential, an OAuth URL).
    Auth,
    /// Anything else.
    Other,
}

impl DefectKind {
    fn heading(self) -> &'static str {
        match self {
            DefectKind::Pattern => "patterns browsers cannot run as written",
            DefectKind::Value => "examples, defaults or enum values that fail their own rules",
            DefectKind::Host => "values the user chooses that can move a URL's host",
            DefectKind::Auth => "auth data the auth mode needs",
            DefectKind::Other => "other defects",
        }
    }

    /// The kind of a diagnostic, from where in the written file it points and what it says.
    fn of(path: &[String], message: &str) -> DefectKind {
        let last = path.last().map(String::as_str);
        let in_field = matches!(path.first().map(String::as_str), Some("connection_config" | "credentials"));
        if message.contains("is part of the URL's host") {
            DefectKind::Host
        } else if in_field && last == Some("pattern") {
            DefectKind::Pattern
        } else if in_field && path.iter().any(|key| matches!(key.as_str(), "example" | "default" | "enum")) {
            DefectKind::Value
        } else if matches!(path.first().map(String::as_str), Some("auth_mode" | "oauth2")) {
            DefectKind::Auth
        } else {
            DefectKind::Other
        }
    }
}

/// The Nango key that a path of our provider file came from (`default` was `default_value`,
/// `oauth2.token_url` was `token_url`); for a value in a URL's host, the field that holds it.
fn nango_key(path: &[String], message: &str) -> String {
    if let Some(variable) = message.split("`${").nth(1).and_then(|rest| rest.split("}`").next()) {
        if message.contains("is part of the URL's host") {
            if let Some((group, name)) = variable.split_once('.') {
                let section = if group == "credentials" { "credentials" } else { "connection_config" };
                return format!("{section}.{name}");
            }
        }
    }
    let renamed = |key: &str| match key {
        "default" => "default_value".to_owned(),
        "docs_anchor" => "doc_section".to_owned(),
        "from" | "filled_by" => "automated".to_owned(),
        other => other.to_owned(),
    };
    match path {
        [group, name, key, ..] if group == "connection_config" || group == "credentials" => {
            format!("{group}.{name}.{}", renamed(key))
        }
        [first, rest @ ..] if first == "oauth2" => rest.join("."),
        [first, key] if first == "docs" => match key.as_str() {
            "main" => "docs".into(),
            "connect" => "docs_connect".into(),
            _ => "setup_guide_url".into(),
        },
        _ => path.join("."),
    }
}

/// The path of the key or value that starts at `line`:`col` of a YAML tree.
fn path_at(node: &crate::read::yaml::Node<'_>, line: usize, col: usize) -> Option<Vec<String>> {
    use crate::read::yaml::Value;
    let starts_here = |span: &crate::read::yaml::Span| span.line == line && span.col == col;
    let entries: Vec<(String, &crate::read::yaml::Node<'_>, Option<&crate::read::yaml::Span>)> = match &node.value {
        Value::Map(entries) => entries.iter().map(|(k, v)| (k.name.to_string(), v, Some(&k.span))).collect(),
        Value::Seq(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v, None)).collect(),
        _ => return None,
    };
    for (key, child, key_span) in entries {
        if key_span.is_some_and(starts_here) || (starts_here(&child.span) && !matches!(child.value, Value::Map(_))) {
            return Some(vec![key]);
        }
        if let Some(mut rest) = path_at(child, line, col) {
            rest.insert(0, key);
            return Some(rest);
        }
    }
    None
}

/// The whole import.
#[derive(Debug, Default, serde::Serialize)]
pub struct ImportReport {
    pub providers: Vec<ProviderImport>,
    /// How many defects of each kind the providers have.
    pub defect_counts: BTreeMap<DefectKind, usize>,
    /// Problems with the registry as a whole, or with files that could not be written.
    pub errors: Vec<String>,
}

impl ImportReport {
    pub fn with_defects(&self) -> impl Iterator<Item = &ProviderImport> {
        self.providers.iter().filter(|p| !p.defects.is_empty())
    }

    /// The human report: the defects grouped by kind, each with its provider, the Nango key to
    /// fix and why, then the counts.
    pub fn to_human(&self) -> String {
        let mut out = String::new();
        for (&kind, count) in &self.defect_counts {
            out.push_str(&format!("{} ({count}):\n", kind.heading()));
            for provider in self.with_defects() {
                for defect in provider.defects.iter().filter(|d| d.kind == kind) {
                    let diagnostic = &defect.diagnostic;
                    out.push_str(&format!(
                        "  {}: `{}`: {}\n    at {}:{}:{}\n",
                        provider.id,
                        defect.nango_key,
                        diagnostic.message,
                        diagnostic.file.display(),
                        diagnostic.line,
                        diagnostic.col,
                    ));
                    if let Some(help) = &diagnostic.help {
                        out.push_str(&format!("    help: {help}\n"));
                    }
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
    let mut trees: BTreeMap<PathBuf, Option<crate::read::yaml::Node<'static>>> = BTreeMap::new();
    for diagnostic in loaded.diagnostics {
        match written.get(&diagnostic.file) {
            Some(&index) => {
                let provider = &mut report.providers[index];
                match diagnostic.severity {
                    Severity::Error => {
                        let tree = trees.entry(diagnostic.file.clone()).or_insert_with(|| {
                            std::fs::read_to_string(&diagnostic.file).ok().and_then(|text| {
                                crate::read::parse(&text).ok().map(crate::read::yaml::Node::into_owned)
                            })
                        });
                        let path = tree
                            .as_ref()
                            .and_then(|tree| path_at(tree, diagnostic.line, diagnostic.col))
                            .unwrap_or_default();
                        let diagnostic = provider.explain_unresolved(diagnostic);
                        let kind = DefectKind::of(&path, &diagnostic.message);
                        let nango_key = nango_key(&path, &diagnostic.message);
                        *report.defect_counts.entry(kind).or_default() += 1;
                        provider.defects.push(Defect { diagnostic, kind, nango_key });
                    }
                    Severity::Warning if provider.used_elsewhere(&diagnostic.message) => {}
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
    let mut proxy = take(&mut rest, "proxy").and_then(|value| take_proxy(value, &mut passthrough, &mut summary.notes));
    if let Some(proxy) = &mut proxy {
        add_implied_authorization(auth_mode, proxy, &passthrough);
    }
    let filled = FilledValues::take(&mut rest, &mut passthrough);
    let mut groups = Vec::new();
    for group in ["connection_config", "credentials"] {
        let fields = take(&mut rest, group).and_then(|v| v.as_mapping().cloned()).unwrap_or_default();
        let mut converted = IndexMap::new();
        for (name, value) in fields {
            let name = scalar_text(&name);
            let field = take_field(&format!("{group}.{name}"), &name, value, &filled, &mut passthrough, &mut summary);
            converted.insert(name, field);
        }
        groups.push(converted);
    }
    let mut credentials = groups.pop().unwrap_or_default();
    let mut connection_config = groups.pop().unwrap_or_default();
    add_implied_credentials(auth_mode, &display_name, &rest, &mut credentials, &mut summary.notes);
    apply_connect_ui_defaults(&mut credentials);
    mark_client_certificate_multiline(&rest, &mut credentials);
    filled.add_metadata_fields(&mut connection_config);
    let templates = template_texts(oauth2.as_ref(), proxy.as_ref());
    let proxy_config = passthrough.get("proxy.connection_config").map(json_map_strings).unwrap_or_default();
    add_filled_fields(
        auth_mode,
        templates.iter().map(String::as_str),
        &proxy_config,
        &mut connection_config,
        &mut credentials,
        &mut summary.notes,
    );
    if let Some(proxy) = &proxy {
        summary.unresolved_in_base_url = unresolved_bare_names(&proxy.base_url, &connection_config, &credentials);
    }
    for (key, value) in rest {
        passthrough.insert(scalar_text(&key), to_json(&value));
    }
    summary.used_in_passthrough = connection_config
        .keys()
        .filter(|name| {
            let variable = format!("${{connectionConfig.{name}}}");
            let in_passthrough = passthrough.values().any(|value| value.to_string().contains(&variable));
            let in_oauth_params = oauth2.as_ref().is_some_and(|oauth| {
                oauth.authorization_params.values().chain(oauth.refresh_params.values()).any(|v| v.contains(&variable))
            });
            in_passthrough || in_oauth_params
        })
        .cloned()
        .collect();
    summary.passthrough = passthrough.keys().cloned().collect();
    let provider = Provider {
        display_name,
        categories,
        auth_mode,
        oauth2: oauth2.map(Box::new),
        docs,
        proxy,
        connection_config,
        credentials,
        guide: None,
        passthrough,
    };
    (provider, summary)
}

/// What Nango's connect UI (`packages/connect-ui/src/views/Go.tsx`) assumes of a credential it
/// knows by name, whatever the provider says: its label when the provider gives none, and
/// whether its input is a password input (a provider cannot make these visible).
const CONNECT_UI_CREDENTIALS: &[(&str, &str, bool)] = &[
    ("apiKey", "API Key", true),
    ("username", "User Name", false),
    ("password", "Password", true),
    ("pat_name", "Personal App Token", false),
    ("pat_secret", "Personal App Token Secret", true),
    ("content_url", "Content URL", true),
    ("client_id", "Client ID", false),
    ("client_secret", "Client Secret", true),
    ("client_certificate", "Client Certificate", true),
    ("client_private_key", "Private Key", true),
    ("oauth_client_id_override", "OAuth Client ID", false),
    ("oauth_client_secret_override", "OAuth Client Secret", true),
    ("oauth_refresh_token_override", "Refresh Token", true),
    ("token_id", "Token ID", true),
    ("token_secret", "Token Secret", true),
    ("organization_id", "Organization ID", false),
    ("dev_key", "Developer Key", true),
    ("role_arn", "IAM Role ARN", false),
];

/// The credentials Nango's connect UI asks for in each auth mode, listed by the provider or not.
fn connect_ui_form(auth_mode: AuthMode) -> &'static [&'static str] {
    match auth_mode {
        AuthMode::ApiKey => &["apiKey"],
        AuthMode::Basic | AuthMode::Signature => &["username", "password"],
        AuthMode::OAuth2Cc => &["client_id", "client_secret"],
        AuthMode::Tba => &["oauth_client_id_override", "oauth_client_secret_override", "token_id", "token_secret"],
        AuthMode::Bill => &["username", "password", "organization_id", "dev_key"],
        AuthMode::AwsSigv4 => &["role_arn"],
        _ => &[],
    }
}

/// Nango's connect UI shows the credentials of its auth mode's form (an API key for `API_KEY`,
/// a username and password for `BASIC`, ...) even when `credentials` does not list them, and, for
/// `OAUTH2_CC` providers with `require_client_certificate`, an optional certificate and key. Our
/// format lists every field.
fn add_implied_credentials(
    auth_mode: AuthMode,
    name: &str,
    raw: &Mapping,
    credentials: &mut IndexMap<String, Field>,
    notes: &mut Vec<String>,
) {
    let mut implied: Vec<(&str, bool)> = connect_ui_form(auth_mode).iter().map(|key| (*key, false)).collect();
    if auth_mode == AuthMode::OAuth2Cc {
        // A token request signed with a private key sends no client secret.
        if raw.get("token_request_auth_method").and_then(Yaml::as_str) == Some("private_key_jwt") {
            implied.retain(|(key, _)| *key != "client_secret");
            implied.push(("client_secret", true));
        }
        if raw.get("require_client_certificate").and_then(Yaml::as_bool) == Some(true) {
            implied.extend([("client_certificate", true), ("client_private_key", true)]);
        }
    }
    for (key, optional) in implied {
        if credentials.contains_key(key) {
            continue;
        }
        let (title, secret) = CONNECT_UI_CREDENTIALS
            .iter()
            .find(|(known, _, _)| *known == key)
            .map_or((key, false), |(_, title, secret)| (*title, *secret));
        let description = format!("Your {name} {}", sentence_case(title));
        credentials.insert(
            key.to_owned(),
            Field { title: title.to_owned(), description, secret, optional, ..Field::default() },
        );
        notes.push(format!(
            "added credential `{key}`, which Nango's connect UI shows for {} without listing it",
            auth_mode.as_str()
        ));
    }
}

/// With `require_client_certificate`, Nango's proxy reads `client_certificate` and
/// `client_private_key` as PEM blocks, values of several lines, whatever their examples show
/// (ADP's spell line breaks as `\\n`).
fn mark_client_certificate_multiline(raw: &Mapping, credentials: &mut IndexMap<String, Field>) {
    if raw.get("require_client_certificate").and_then(Yaml::as_bool) != Some(true) {
        return;
    }
    for name in ["client_certificate", "client_private_key"] {
        if let Some(field) = credentials.get_mut(name) {
            field.multiline = true;
        }
    }
}

/// A title inside a sentence: each word lowercase, except acronyms (`API Key` → `API key`).
fn sentence_case(title: &str) -> String {
    let word = |w: &str| match w.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()) && w.len() > 1 {
        true => w.to_owned(),
        false => w.to_lowercase(),
    };
    title.split(' ').map(word).collect::<Vec<_>>().join(" ")
}

/// The connect UI's defaults for the credentials it knows: a password input whatever the
/// provider says, and its label where the provider's is empty.
fn apply_connect_ui_defaults(credentials: &mut IndexMap<String, Field>) {
    for &(name, title, secret) in CONNECT_UI_CREDENTIALS {
        if let Some(field) = credentials.get_mut(name) {
            field.secret |= secret;
            if field.title.trim().is_empty() && field.is_user_entered() {
                field.title = title.to_owned();
            }
        }
    }
}

/// The values the OAuth flow or the integration fills in, as Nango's provider names them.
#[derive(Default)]
struct FilledValues {
    /// `token_response_metadata` and `refresh_token_response_metadata`: keys of the token
    /// response copied into the connection config.
    token_response: Vec<String>,
    /// `redirect_uri_metadata`: query parameters of the redirect copied into the connection config.
    redirect: Vec<String>,
    /// `connection_configuration` (what the post-connection script sets) and
    /// `webhook_response_metadata` (keys of the provider's installation webhook).
    platform: Vec<String>,
    /// The keys of `integration_config`, settings of the integration.
    integration: Vec<String>,
}

impl FilledValues {
    /// Takes the metadata lists out of `raw` (they become fields); reads `integration_config`,
    /// which stays in `passthrough`.
    fn take(raw: &mut Mapping, passthrough: &mut IndexMap<String, serde_json::Value>) -> FilledValues {
        let mut list = |key: &str| match take(raw, key) {
            Some(value) => match value.as_sequence().filter(|items| items.iter().all(|i| i.as_str().is_some())) {
                Some(items) => items.iter().map(scalar_text).collect(),
                None => {
                    passthrough.insert(key.into(), to_json(&value));
                    Vec::new()
                }
            },
            None => Vec::new(),
        };
        let mut token_response = list("token_response_metadata");
        for key in list("refresh_token_response_metadata") {
            if !token_response.contains(&key) {
                token_response.push(key);
            }
        }
        let redirect = list("redirect_uri_metadata");
        let mut platform = list("connection_configuration");
        platform.extend(list("webhook_response_metadata"));
        let integration = raw
            .get("integration_config")
            .and_then(Yaml::as_mapping)
            .map(|settings| settings.keys().map(scalar_text).collect())
            .unwrap_or_default();
        FilledValues { token_response, redirect, platform, integration }
    }

    /// Who fills in the value of a connection-config field Nango marks `automated`: the token
    /// response or the redirect when its metadata names the field, the integration when its
    /// settings do, the platform otherwise (a post-connection script, Nango itself).
    fn automated(&self, name: &str) -> FilledBy {
        if self.token_response.iter().any(|key| key == name) {
            FilledBy::TokenResponse
        } else if self.redirect.iter().any(|key| key == name) {
            FilledBy::Redirect
        } else if self.integration.iter().any(|key| key == name) {
            FilledBy::Integration
        } else {
            FilledBy::Platform
        }
    }

    /// Every metadata key that no field lists becomes a connection-config field, named as Nango
    /// stores it. A field Nango's form shows stays one the user may type (QuickBooks' optional
    /// `realmId`, which the redirect also carries).
    fn add_metadata_fields(&self, connection_config: &mut IndexMap<String, Field>) {
        let metadata = (self.token_response.iter().map(|key| (key, FilledBy::TokenResponse)))
            .chain(self.redirect.iter().map(|key| (key, FilledBy::Redirect)))
            .chain(self.platform.iter().map(|key| (key, FilledBy::Platform)));
        for (key, filled_by) in metadata {
            connection_config.entry(key.clone()).or_insert_with(|| Field { filled_by, ..Field::default() });
        }
    }
}

/// The texts of every template our format reads from the provider.
fn template_texts(oauth2: Option<&OAuth2>, proxy: Option<&Proxy>) -> Vec<String> {
    let mut texts = Vec::new();
    if let Some(oauth2) = oauth2 {
        texts.extend(oauth2.authorization_url.iter().chain(&oauth2.token_url).cloned());
        texts.extend(oauth2.token_params.values().cloned());
    }
    if let Some(proxy) = proxy {
        texts.push(proxy.base_url.clone());
        texts.extend(proxy.headers.values().chain(proxy.query.values()).cloned());
        if let Some(verification) = &proxy.verification {
            texts.extend(verification.base_url_override.iter().chain(&verification.endpoints).cloned());
            texts.extend(verification.headers.values().cloned());
            if let Some(body) = &verification.body {
                texts.extend(body.form.values().cloned());
                if let Some(document) = &body.json {
                    for_each_string(document, &mut |_, text| texts.push(text.to_owned()));
                }
            }
        }
    }
    texts
}

/// The bare names (`${apiSubdomain}`) of Nango's base URL that name no credential but a
/// connection-config value. Nango's proxy builds the URL with the connection's credentials and
/// the connection record itself as the values of bare names, never with its connection config
/// (`${connectionConfig.name}`), so it leaves these in the URL as written.
fn unresolved_bare_names(
    base_url: &str,
    connection_config: &IndexMap<String, Field>,
    credentials: &IndexMap<String, Field>,
) -> Vec<String> {
    let Ok(template) = Template::parse(base_url) else { return Vec::new() };
    let mut names: Vec<String> = template
        .variables()
        .filter(|variable| variable.group() == Some(Group::Credentials))
        .filter(|variable| base_url.contains(&format!("${{{}}}", variable.name)))
        .filter(|variable| !credentials.contains_key(&variable.name) && connection_config.contains_key(&variable.name))
        .map(|variable| variable.name.clone())
        .collect();
    names.dedup();
    names
}

/// The strings of a JSON map's values.
fn json_map_strings(value: &serde_json::Value) -> Vec<String> {
    let mut strings = Vec::new();
    for_each_string(value, &mut |steps, text| {
        if let [Step::Key(_)] = steps {
            strings.push(text.to_owned());
        }
    });
    strings
}

/// The OAuth app's own values, as Nango's templates name them (`${credentials.clientId}`), with
/// the setting of the integration each one is.
const OAUTH_APP_CREDENTIALS: &[(&str, &str)] = &[
    ("clientId", "client_id"),
    ("client_id", "client_id"),
    ("clientSecret", "client_secret"),
    ("client_secret", "client_secret"),
];

/// Values Nango's templates use that no field lists, because the user never types them: an
/// OAuth 2 provider's `${credentials.clientId}` and `clientSecret` are its integration's OAuth
/// app; a credential that a `TWO_STEP` provider's templates name and do not list
/// (`${credentials._cookies}`) is one Nango keeps from the token exchange it makes itself; and `proxy.connection_config` names connection-config values that Nango's
/// post-connection scripts fill in. Each becomes a field with `filled_by`; any other variable
/// that names no field is left for the validator to report.
fn add_filled_fields<'t>(
    auth_mode: AuthMode,
    templates: impl Iterator<Item = &'t str>,
    proxy_config: &[String],
    connection_config: &mut IndexMap<String, Field>,
    credentials: &mut IndexMap<String, Field>,
    notes: &mut Vec<String>,
) {
    let variables = |text: &str| -> Vec<crate::template::Variable> {
        Template::parse(text).map(|t| t.variables().cloned().collect()).unwrap_or_default()
    };
    let mut named: Vec<(crate::template::Variable, bool)> = Vec::new();
    for text in templates {
        named.extend(variables(text).into_iter().map(|v| (v, false)));
    }
    for text in proxy_config {
        named.extend(variables(text).into_iter().map(|v| (v, true)));
    }
    for (variable, from_proxy_config) in named {
        let name = variable.name.as_str();
        let (fields, filled_by, from) = match variable.group() {
            Some(Group::ConnectionConfig) if from_proxy_config => (&mut *connection_config, FilledBy::Platform, None),
            Some(Group::Credentials) if auth_mode == AuthMode::OAuth2 => {
                match OAUTH_APP_CREDENTIALS.iter().find(|(known, _)| *known == name) {
                    Some((_, setting)) => (&mut *credentials, FilledBy::Integration, Some(setting.to_string())),
                    None => continue,
                }
            }
            Some(Group::Credentials) if auth_mode == AuthMode::TwoStep => (&mut *credentials, FilledBy::Platform, None),
            _ => continue,
        };
        if fields.contains_key(name) {
            continue;
        }
        let from = from.filter(|setting| setting != name);
        let secret = from.as_deref().is_some_and(|setting| setting.contains("secret"));
        fields.insert(name.to_owned(), Field { filled_by, from, secret, ..Field::default() });
        notes.push(format!(
            "added `{}` filled by {}: Nango's templates use it, and the user never types it",
            variable,
            filled_by.as_str()
        ));
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

/// The `authorization` header Nango's proxy sends for the auth mode before the provider's own
/// headers, which replace it (`buildProxyHeaders` in `packages/shared/lib/services/proxy/utils.ts`):
/// our format sends only the headers a provider lists, so the import writes it out. A provider
/// whose own `authorization` header stayed in passthrough (a template function) gets none.
fn add_implied_authorization(
    auth_mode: AuthMode,
    proxy: &mut Proxy,
    passthrough: &IndexMap<String, serde_json::Value>,
) {
    let value = match auth_mode {
        AuthMode::Basic => "Basic ${base64(${credentials.username}:${credentials.password})}",
        AuthMode::OAuth2 | AuthMode::OAuth2Cc => "Bearer ${accessToken}",
        _ => return,
    };
    let own = proxy.headers.contains_key("authorization")
        || passthrough.contains_key("proxy.headers")
        || passthrough.contains_key("proxy.headers.authorization");
    if !own {
        proxy.headers.shift_insert(0, "authorization".into(), value.into());
    }
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
            for_each_string(document, &mut |_, text| strings.push(text));
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

fn take_field(
    path: &str,
    name: &str,
    value: Yaml,
    filled: &FilledValues,
    passthrough: &mut IndexMap<String, serde_json::Value>,
    summary: &mut ProviderImport,
) -> Field {
    let mut map = value.as_mapping().cloned().unwrap_or_default();
    if take_string(&mut map, "type").is_some_and(|t| t != "string") {
        passthrough.insert(format!("{path}.type"), to_json(&Yaml::String("non-string".into())));
    }
    let example = take(&mut map, "example").map(|v| scalar_text(&v));
    let example_masked = example.as_deref().is_some_and(crate::check::pattern::looks_masked);
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
        // Nango's form leaves an automated field out: its value comes afterwards.
        filled_by: match take_bool(&mut map, "automated") {
            true => filled.automated(name),
            false => FilledBy::User,
        },
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
    // Nango's form starts every input the user sees empty, so an empty default says nothing
    // there, and selects the first value of a required choice.
    if field.default.as_deref() == Some("") && field.is_user_entered() {
        field.default = None;
    }
    if field.default.is_none() && !field.optional && field.is_user_entered() {
        field.default = field.allowed.as_ref().and_then(|values| values.first().cloned());
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
    fn a_bare_name_of_the_base_url_that_nango_leaves_unresolved_is_reported_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("providers.yaml");
        std::fs::write(
            &source,
            "aws:\n  display_name: AWS\n  auth_mode: OAUTH2\n  authorization_url: https://auth.example.com/authorize\n  token_url: https://auth.example.com/token\n  docs: https://d\n  proxy:\n    base_url: https://cognito-${apiSubdomain}.amazonaws.com\n  connection_config:\n    apiSubdomain:\n      type: string\n      title: API Subdomain\n      description: The subdomain of the API\n      example: idp.us-east-1\n      pattern: '^[a-z0-9.-]+$'\n      doc_section: '#step-1'\n",
        )
        .unwrap();
        let out = dir.path().join("out");
        let report = import(&source, &out, None).unwrap();
        let aws = &report.providers[0];
        let defects: Vec<(&str, Option<&str>, &str)> = aws
            .defects
            .iter()
            .map(|d| (d.diagnostic.message.as_str(), d.diagnostic.help.as_deref(), d.nango_key.as_str()))
            .collect();
        assert_eq!(
            defects,
            [(
                "`${apiSubdomain}` names no credential, and Nango's proxy reads a bare name from the connection's credentials only: it leaves `${apiSubdomain}` in the URL unresolved",
                Some("`apiSubdomain` is a connection-config value: write `${connectionConfig.apiSubdomain}` in Nango's provider"),
                "proxy.base_url"
            )]
        );
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
    fn values_the_user_never_types_become_filled_fields() {
        let all = nango(
            "x:\n  display_name: X\n  auth_mode: OAUTH2\n  docs: https://d\n  token_url: https://x.io/token?id=${credentials.clientId}\n  token_response_metadata: [instance_url]\n  redirect_uri_metadata: [realm]\n  connection_configuration: [cloudId]\n  proxy:\n    base_url: ${connectionConfig.instance_url}\n    connection_config:\n      actor: ${connectionConfig.actor}\n  connection_config:\n    realm:\n      type: string\n      title: Realm\n      description: D\n    site:\n      type: string\n      title: ''\n      description: ''\n      automated: true\n",
        );
        let (provider, summary) = convert(&all["x"], &all);
        let filled = |name: &str| provider.connection_config[name].filled_by;
        assert_eq!(filled("instance_url"), FilledBy::TokenResponse);
        assert_eq!(filled("realm"), FilledBy::User, "a field Nango's form shows stays the user's");
        assert_eq!(filled("site"), FilledBy::Platform);
        assert_eq!(filled("actor"), FilledBy::Platform);
        assert_eq!(filled("cloudId"), FilledBy::Platform, "what the post-connection script sets");
        let client = &provider.credentials["clientId"];
        assert_eq!((client.filled_by, client.from.as_deref()), (FilledBy::Integration, Some("client_id")));
        assert!(!provider.passthrough.contains_key("token_response_metadata"));
        assert_eq!(summary.notes.len(), 2, "{:?}", summary.notes);
    }

    #[test]
    fn the_connect_ui_defaults_apply() {
        let all = nango(
            "x:\n  display_name: Acme\n  auth_mode: OAUTH2_CC\n  docs: https://d\n  require_client_certificate: true\n  token_url: https://x.io/token\n  credentials:\n    client_secret:\n      type: string\n      title: ''\n      description: Your secret\n  connection_config:\n    region:\n      type: string\n      title: Region\n      description: D\n      enum: [us, eu]\n",
        );
        let (provider, _) = convert(&all["x"], &all);
        let secret = &provider.credentials["client_secret"];
        assert!(secret.secret && secret.title == "Client Secret", "{secret:?}");
        let id = &provider.credentials["client_id"];
        assert_eq!(
            (id.title.as_str(), id.description.as_str(), id.secret),
            ("Client ID", "Your Acme client ID", false)
        );
        assert!(provider.credentials["client_certificate"].optional);
        let multiline = |name: &str| provider.credentials[name].multiline;
        assert!(multiline("client_certificate") && multiline("client_private_key"), "PEM blocks");
        assert!(!multiline("client_secret"));
        assert_eq!(provider.connection_config["region"].default.as_deref(), Some("us"));
    }

    #[test]
    fn defects_are_named_by_the_nango_key_to_fix() {
        let at = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        assert_eq!(nango_key(&at(&["credentials", "apiKey", "default"]), "x"), "credentials.apiKey.default_value");
        assert_eq!(nango_key(&at(&["oauth2", "token_url"]), "x"), "token_url");
        let host = "`${connectionConfig.subdomain}` is part of the URL's host, but the field accepts any value";
        assert_eq!(nango_key(&at(&["proxy", "base_url"]), host), "connection_config.subdomain");
        assert_eq!(DefectKind::of(&at(&["proxy", "base_url"]), host), DefectKind::Host);
        assert_eq!(DefectKind::of(&at(&["connection_config", "a", "pattern"]), "pattern `(`"), DefectKind::Pattern);
        assert_eq!(DefectKind::of(&at(&["credentials", "a", "enum", "0"]), "x"), DefectKind::Value);
        assert_eq!(DefectKind::of(&at(&["auth_mode"]), "x"), DefectKind::Auth);
        let tree = crate::read::parse("a:\n  b: c\n  d:\n    - e\n").unwrap();
        assert_eq!(path_at(&tree, 2, 6), Some(at(&["a", "b"])));
        assert_eq!(path_at(&tree, 4, 7), Some(at(&["a", "d", "0"])));
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
    fn writes_out_the_authorization_header_nango_sends_for_the_auth_mode() {
        let all = nango(
            r#"
basic:
  display_name: Basic
  auth_mode: BASIC
  docs: https://d
  proxy:
    base_url: https://api.basic.com
    headers:
      Accept: application/json
oauth:
  display_name: OAuth
  auth_mode: OAUTH2
  docs: https://d
  authorization_url: https://oauth.com/auth
  token_url: https://oauth.com/token
  proxy:
    base_url: https://api.oauth.com
own:
  display_name: Own
  auth_mode: OAUTH2
  docs: https://d
  authorization_url: https://own.com/auth
  token_url: https://own.com/token
  proxy:
    base_url: https://api.own.com
    headers:
      Authorization: token ${accessToken}
signed:
  display_name: Signed
  auth_mode: OAUTH2
  docs: https://d
  authorization_url: https://signed.com/auth
  token_url: https://signed.com/token
  proxy:
    base_url: https://api.signed.com
    headers:
      authorization: ${awsSigV4(${accessToken})}
key:
  display_name: Key
  auth_mode: API_KEY
  docs: https://d
  proxy:
    base_url: https://api.key.com
"#,
        );
        let headers = |id: &str| {
            let proxy = convert(&all[id], &all).0.proxy.expect("a proxy");
            proxy.headers.into_iter().collect::<Vec<_>>()
        };
        let pair = |name: &str, value: &str| (name.to_owned(), value.to_owned());
        assert_eq!(
            headers("basic"),
            [
                pair("authorization", "Basic ${base64(${credentials.username}:${credentials.password})}"),
                pair("accept", "application/json")
            ]
        );
        assert_eq!(headers("oauth"), [pair("authorization", "Bearer ${accessToken}")]);
        assert_eq!(headers("own"), [pair("authorization", "token ${accessToken}")]);
        assert_eq!(headers("signed"), []);
        assert_eq!(headers("key"), []);
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
