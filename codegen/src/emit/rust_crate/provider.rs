//! One provider's module, `src/providers/<id>.rs`: its connection types, and its description as
//! data (`PROVIDER`), which the shared runtime interprets.

use std::collections::BTreeSet;

use super::source::{Expr, RustSource};
use super::text::{code, escape_markdown, snake_ident, string, type_name};
use crate::model::{AuthMode, Format};
use crate::registry::{CheckedField, CheckedProvider, Registry};
use crate::template::{Group, Part, Template, TemplateError};

/// Names the module itself defines or imports, which generated type names must avoid, along with
/// the prelude's.
const TAKEN_NAMES: &[&str] = &[
    "ConnectionConfig",
    "Credentials",
    "FieldError",
    "FieldSpec",
    "FieldValues",
    "Format",
    "Group",
    "Place",
    "ProviderConnection",
    "ProviderId",
    "ProviderInfo",
    "RequestSpec",
    "Secret",
    "Segment",
    "Template",
    "VerificationSpec",
    "VisibleWhen",
    "AuthMode",
    "PROVIDER",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "Default",
    "Value",
];

/// The module's Rust names, decided once.
pub struct ProviderNames {
    /// The module, such as `kandji` (`r#type` for a keyword).
    pub module: String,
    /// The file stem of the module, `kandji` for `kandji.rs`.
    pub file: String,
    /// The connection type and the `ProviderId` variant, such as `Kandji`.
    pub type_name: String,
}

impl ProviderNames {
    pub fn new(provider: &CheckedProvider) -> ProviderNames {
        let module = snake_ident(&provider.id);
        let file = module.trim_start_matches("r#").to_owned();
        ProviderNames { module, file, type_name: type_name(&provider.id, TAKEN_NAMES, "Connection") }
    }
}

/// How a field is typed in Rust.
struct FieldType {
    field: String,
    group: Group,
    optional: bool,
    kind: Kind,
}

enum Kind {
    Text,
    Secret,
    /// An enum type: its name, and each variant with the value it stands for.
    Choice {
        name: String,
        variants: Vec<(String, String)>,
    },
}

/// The module's source.
pub fn module(registry: &Registry, provider: &CheckedProvider, names: &ProviderNames) -> Result<String, String> {
    let definition = &provider.definition;
    let name_text = escape_markdown(&definition.display_name);
    let connection = &names.type_name;
    let types = field_types(provider, names);
    let mut used = Imports::default();
    if types.iter().any(|ty| matches!(ty.kind, Kind::Secret)) {
        used.use_item("Secret");
    }
    // Built first: it decides what the module imports.
    let info = provider_info(registry, provider, &mut used)?;

    let mut out = RustSource::new();
    let mut module_doc = format!(
        "{name_text}: typed connections ({} authentication).\n\nWhere to find each value: [the connect guide]({}). Provider documentation: <{}>.",
        code(definition.auth_mode.as_str()),
        provider.docs_connect,
        definition.docs.main,
    );
    if !definition.categories.is_empty() {
        module_doc.push_str(&format!("\n\nCategories: {}.", definition.categories.join(", ")));
    }
    module_doc.push_str(&format!("\n\nGenerated from `{}.yaml`.", provider.id));
    out.inner_doc(&module_doc);
    out.blank();
    used.write(&mut out);

    for (group, struct_name, doc) in [
        (
            Group::ConnectionConfig,
            "ConnectionConfig",
            if provider.connection_config().next().is_some() {
                format!("The connection config of {name_text}: values that shape requests.")
            } else {
                format!("{name_text} takes no connection config.")
            },
        ),
        (
            Group::Credentials,
            "Credentials",
            if provider.credentials().next().is_some() {
                format!("The credentials {name_text} authenticates with.")
            } else {
                format!("{name_text} takes no credentials.")
            },
        ),
    ] {
        out.blank();
        out.doc(&doc);
        let members: Vec<(&CheckedField, &FieldType)> =
            provider.fields.iter().zip(&types).filter(|(_, ty)| ty.group == group).collect();
        if members.is_empty() {
            out.line(&format!("pub struct {struct_name} {{}}"));
            continue;
        }
        out.open(&format!("pub struct {struct_name} {{"));
        for (field, ty) in members {
            out.doc(&field_doc(registry, field));
            out.line(&format!("pub {}: {},", ty.field, rust_type(ty)));
        }
        out.close("}");
    }

    for (field, ty) in provider.fields.iter().zip(&types) {
        if let Kind::Choice { name, variants } = &ty.kind {
            out.blank();
            choice_type(&mut out, registry, field, name, variants);
        }
    }

    out.blank();
    out.doc(&format!(
        "A {name_text} connection: what the user entered, validated. Build one with [`{connection}::from_json`]; use it through [`ProviderConnection`]."
    ));
    out.open(&format!("pub struct {connection} {{"));
    out.line("pub connection_config: ConnectionConfig,");
    out.line("pub credentials: Credentials,");
    out.close("}");

    out.blank();
    out.open(&format!("impl std::fmt::Debug for {connection} {{"));
    out.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {");
    out.line("crate::runtime::debug_connection(&PROVIDER, &self.field_values(), f)");
    out.close("}");
    out.close("}");

    out.blank();
    out.open(&format!("impl {connection} {{"));
    out.doc(&format!(
        "Reads a submission (`{{\"connection_config\": {{...}}, \"credentials\": {{...}}}}`) and validates it with the rules of `schemas/{}.json`, returning every error found.",
        provider.id
    ));
    out.open("pub fn from_json(submission: &serde_json::Value) -> Result<Self, Vec<FieldError>> {");
    let values = if types.is_empty() { "_values" } else { "mut values" };
    out.line(&format!("let {values} = FieldValues::new(read_submission(PROVIDER.fields, submission)?);"));
    let group_literal = |group: Group, name: &str| {
        let fields = types.iter().filter(|ty| ty.group == group).map(|ty| (ty.field.clone(), from_json_value(ty)));
        Expr::vertical_struct(name, fields.collect())
    };
    let connection_literal = Expr::vertical_struct(
        "Self",
        vec![
            ("connection_config".into(), group_literal(Group::ConnectionConfig, "ConnectionConfig")),
            ("credentials".into(), group_literal(Group::Credentials, "Credentials")),
        ],
    );
    out.expr("", &Expr::call("Ok", connection_literal), "");
    out.close("}");
    out.close("}");

    out.blank();
    out.open(&format!("impl ProviderConnection for {connection} {{"));
    out.open("fn provider(&self) -> ProviderId {");
    out.line(&format!("ProviderId::{connection}"));
    out.close("}");
    out.blank();
    out.open("fn field_values(&self) -> Vec<Option<&str>> {");
    if types.is_empty() {
        out.line("Vec::new()");
    } else {
        let values = types.iter().map(field_value).collect();
        out.expr("", &Expr::call("Vec::from", Expr::Array { prefix: "", items: values }), "");
    }
    out.close("}");
    out.close("}");

    out.blank();
    out.doc(&format!("{}, as data.", escape_markdown(&definition.display_name)));
    out.expr("pub static PROVIDER: ProviderInfo = ", &info, ";");
    Ok(out.finish())
}

/// The runtime items a module uses, so that it imports exactly those.
#[derive(Default)]
struct Imports(BTreeSet<&'static str>);

impl Imports {
    fn use_item(&mut self, name: &'static str) {
        self.0.insert(name);
    }

    fn write(&self, out: &mut RustSource) {
        let always = ["AuthMode", "FieldError", "FieldValues", "ProviderConnection", "ProviderInfo", "RequestSpec"];
        let names: BTreeSet<&str> = always.into_iter().chain(self.0.iter().copied()).collect();
        let names: Vec<&str> = std::iter::once("read_submission").chain(names).collect();
        out.use_list("", "crate::runtime", &names);
        out.line("use crate::ProviderId;");
    }
}

fn field_types(provider: &CheckedProvider, names: &ProviderNames) -> Vec<FieldType> {
    let mut taken: Vec<String> = TAKEN_NAMES.iter().map(|s| s.to_string()).collect();
    taken.push(names.type_name.clone());
    provider
        .fields
        .iter()
        .map(|checked| {
            let field = &checked.field;
            let kind = match &field.allowed {
                Some(values) if !field.secret => {
                    let taken_refs: Vec<&str> = taken.iter().map(String::as_str).collect();
                    let mut name = type_name(&checked.name, &taken_refs, "Value");
                    if taken.contains(&name) {
                        name = format!("{}{name}", type_name(checked.group.as_str(), &[], ""));
                    }
                    taken.push(name.clone());
                    Kind::Choice { name, variants: variants(values) }
                }
                _ if field.secret => Kind::Secret,
                _ => Kind::Text,
            };
            FieldType {
                field: snake_ident(&checked.name),
                group: checked.group,
                optional: field.optional || field.visible_when.is_some(),
                kind,
            }
        })
        .collect()
}

/// Variant names for enum values: `us-east` → `UsEast`; values whose names clash are numbered.
fn variants(values: &[String]) -> Vec<(String, String)> {
    let mut seen: Vec<String> = Vec::new();
    values
        .iter()
        .enumerate()
        .map(|(index, value)| {
            let mut name = type_name(value, &[], "Value");
            if seen.contains(&name) {
                name = format!("{name}{}", index + 1);
            }
            seen.push(name.clone());
            (name, value.clone())
        })
        .collect()
}

fn rust_type(ty: &FieldType) -> String {
    let inner = match &ty.kind {
        Kind::Text => "String",
        Kind::Secret => "Secret",
        Kind::Choice { name, .. } => name,
    };
    if ty.optional {
        format!("Option<{inner}>")
    } else {
        inner.to_owned()
    }
}

/// The expression that takes the field's value out of `values` in `from_json`.
fn from_json_value(ty: &FieldType) -> Expr {
    Expr::atom(match (&ty.kind, ty.optional) {
        (Kind::Text, false) => "values.next_required()".to_owned(),
        (Kind::Text, true) => "values.next_optional()".to_owned(),
        (Kind::Secret, false) => "Secret::new(values.next_required())".to_owned(),
        (Kind::Secret, true) => "values.next_optional().map(Secret::new)".to_owned(),
        (Kind::Choice { name, .. }, false) => format!("values.next_choice({name}::from_wire)?"),
        (Kind::Choice { name, .. }, true) => format!("values.next_optional_choice({name}::from_wire)"),
    })
}

/// The expression that reads the field's value as `Option<&str>` in `field_values`.
fn field_value(ty: &FieldType) -> Expr {
    let group = match ty.group {
        Group::ConnectionConfig => "connection_config",
        _ => "credentials",
    };
    let access = format!("self.{group}.{}", ty.field);
    Expr::atom(match (&ty.kind, ty.optional) {
        (Kind::Text, false) => format!("Some({access}.as_str())"),
        (Kind::Text, true) => format!("{access}.as_deref()"),
        (Kind::Secret, false) => format!("Some({access}.expose())"),
        (Kind::Secret, true) => format!("{access}.as_ref().map(Secret::expose)"),
        (Kind::Choice { .. }, false) => format!("Some({access}.as_str())"),
        (Kind::Choice { name, .. }, true) => format!("{access}.map({name}::as_str)"),
    })
}

/// The rustdoc of a field: its title, its description, and what a valid value looks like.
fn field_doc(registry: &Registry, checked: &CheckedField) -> String {
    let field = &checked.field;
    let mut text = format!(
        "{}.\n\n{}",
        escape_markdown(&registry.prose(&field.title)),
        escape_markdown(&registry.prose(&field.description))
    );
    let mut facts = vec![format!("Sent as {}", code(&checked.name))];
    if field.secret {
        facts.push("secret".into());
    }
    if field.optional {
        facts.push("optional".into());
    }
    if let Some(condition) = &field.visible_when {
        facts.push(format!("shown while {} is {}", code(&condition.field), code(&condition.equals)));
    }
    if let Some(pattern) = &field.pattern {
        let hint = field
            .pattern_hint
            .as_ref()
            .map(|h| format!(" ({})", escape_markdown(&registry.prose(h))))
            .unwrap_or_default();
        facts.push(format!("must match {}{hint}", code(pattern)));
    }
    if let Some(format) = field.format {
        facts.push(format!("format {}", code(format.as_str())));
    }
    if let Some(example) = &field.example {
        let masked = if field.example_masked { " (masked)" } else { "" };
        facts.push(format!("example: {}{masked}", code(example)));
    }
    if let Some(default) = &field.default {
        facts.push(format!("default: {}", code(default)));
    }
    text.push_str(&format!("\n\n{}.", facts.join("; ")));
    if let Some(url) = &checked.docs_url {
        text.push_str(&format!(" [Where to find it]({url})."));
    }
    text
}

/// The enum type of a field with `enum` values.
fn choice_type(
    out: &mut RustSource,
    registry: &Registry,
    checked: &CheckedField,
    name: &str,
    variants: &[(String, String)],
) {
    out.doc(&format!(
        "The values of {}: {}.",
        code(&submission_path(checked)),
        escape_markdown(&registry.prose(&checked.field.title))
    ));
    out.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
    out.open(&format!("pub enum {name} {{"));
    for (variant, value) in variants {
        out.doc(&code(value));
        out.line(&format!("{variant},"));
    }
    out.close("}");
    out.blank();
    out.open(&format!("impl {name} {{"));
    out.line("/// The value as sent on the wire.");
    out.open("pub fn as_str(self) -> &'static str {");
    out.open("match self {");
    for (variant, value) in variants {
        out.line(&format!("{name}::{variant} => {},", string(value)));
    }
    out.close("}");
    out.close("}");
    out.blank();
    out.line("/// The choice a wire value stands for.");
    out.open(&format!("pub fn from_wire(value: &str) -> Option<{name}> {{"));
    out.open("match value {");
    for (variant, value) in variants {
        out.line(&format!("{} => Some({name}::{variant}),", string(value)));
    }
    out.line("_ => None,");
    out.close("}");
    out.close("}");
    out.close("}");
}

/// The path of a field as validation errors show it, such as `connection_config.subdomain`.
fn submission_path(checked: &CheckedField) -> String {
    let group = match checked.group {
        Group::ConnectionConfig => "connection_config",
        _ => "credentials",
    };
    format!("{group}.{}", checked.name)
}

/// A string literal expression.
fn text(value: &str) -> Expr {
    Expr::Atom(string(value))
}

fn option(value: Option<Expr>) -> Expr {
    value.map_or_else(|| Expr::atom("None"), |value| Expr::call("Some", value))
}

fn fields(pairs: Vec<(&str, Expr)>) -> Vec<(String, Expr)> {
    pairs.into_iter().map(|(name, value)| (name.to_owned(), value)).collect()
}

/// `pub static PROVIDER: ProviderInfo`, the provider as data.
fn provider_info(registry: &Registry, provider: &CheckedProvider, used: &mut Imports) -> Result<Expr, String> {
    let definition = &provider.definition;
    let schema_path = format!("../../{}", super::super::json_schema::schema_path(provider));
    let field_specs = provider.fields.iter().map(|field| field_spec(registry, field, used)).collect();
    Ok(Expr::vertical_struct(
        "ProviderInfo",
        fields(vec![
            ("id", text(&provider.id)),
            ("display_name", text(&definition.display_name)),
            ("auth_mode", Expr::atom(format!("AuthMode::{}", auth_mode(definition.auth_mode)))),
            ("categories", Expr::slice(definition.categories.iter().map(|c| text(c)).collect())),
            ("docs_url", text(&definition.docs.main)),
            ("connect_guide_url", text(&provider.docs_connect)),
            ("json_schema", Expr::atom(format!("include_str!({})", string(&schema_path)))),
            ("fields", Expr::slice(field_specs)),
            ("requests", request_spec(provider, used)?),
        ]),
    ))
}

fn auth_mode(mode: AuthMode) -> &'static str {
    match mode {
        AuthMode::ApiKey => "ApiKey",
        AuthMode::Basic => "Basic",
        AuthMode::OAuth2 => "OAuth2",
        AuthMode::OAuth2Cc => "OAuth2Cc",
        AuthMode::None => "None",
        AuthMode::OAuth1 => "OAuth1",
        AuthMode::App => "App",
        AuthMode::AppStore => "AppStore",
        AuthMode::Custom => "Custom",
        AuthMode::Tba => "Tba",
        AuthMode::Tableau => "Tableau",
        AuthMode::Jwt => "Jwt",
        AuthMode::Bill => "Bill",
        AuthMode::TwoStep => "TwoStep",
        AuthMode::Signature => "Signature",
        AuthMode::McpOAuth2 => "McpOAuth2",
        AuthMode::McpOAuth2Generic => "McpOAuth2Generic",
        AuthMode::InstallPlugin => "InstallPlugin",
        AuthMode::AwsSigv4 => "AwsSigv4",
    }
}

fn group_path(group: Group) -> Expr {
    Expr::atom(match group {
        Group::ConnectionConfig => "Group::ConnectionConfig",
        _ => "Group::Credentials",
    })
}

fn field_spec(registry: &Registry, checked: &CheckedField, used: &mut Imports) -> Expr {
    used.use_item("FieldSpec");
    used.use_item("Group");
    let field = &checked.field;
    let format = field.format.map(|format| {
        used.use_item("Format");
        Expr::atom(match format {
            Format::Email => "Format::Email",
            Format::Uri => "Format::Uri",
            Format::Uuid => "Format::Uuid",
            Format::Hostname => "Format::Hostname",
        })
    });
    let visible_when = field.visible_when.as_ref().map(|condition| {
        used.use_item("VisibleWhen");
        Expr::fitted_struct(
            "VisibleWhen",
            fields(vec![("field", text(&condition.field)), ("equals", text(&condition.equals))]),
        )
    });
    Expr::vertical_struct(
        "FieldSpec",
        fields(vec![
            ("group", group_path(checked.group)),
            ("name", text(&checked.name)),
            ("title", text(&registry.prose(&field.title))),
            ("description", text(&registry.prose(&field.description))),
            ("optional", Expr::atom(field.optional.to_string())),
            ("secret", Expr::atom(field.secret.to_string())),
            ("pattern", option(field.pattern.as_deref().map(text))),
            ("linear_pattern", option(checked.linear_pattern.as_deref().map(text))),
            ("pattern_hint", option(field.pattern_hint.as_deref().map(|h| text(&registry.prose(h))))),
            ("format", option(format)),
            ("allowed", Expr::slice(field.allowed.iter().flatten().map(|value| text(value)).collect())),
            ("visible_when", option(visible_when)),
        ]),
    )
}

/// Where a template is used, which decides where each of its values lands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Usage {
    /// An absolute URL: a base URL.
    Url,
    /// A path relative to the base URL: a verification endpoint.
    RelativePath,
    Header,
}

fn request_spec(provider: &CheckedProvider, used: &mut Imports) -> Result<Expr, String> {
    let Some(proxy) = &provider.definition.proxy else {
        return Ok(Expr::fitted_struct(
            "RequestSpec",
            fields(vec![
                ("base_url", Expr::atom("None")),
                ("headers", Expr::slice(Vec::new())),
                ("verification", Expr::atom("None")),
            ]),
        ));
    };
    let base_url = template(&proxy.base_url, Usage::Url, used)?;
    let headers = proxy
        .headers
        .iter()
        .map(|(name, value)| template(value, Usage::Header, used).map(|t| Expr::Tuple(vec![text(name), t])))
        .collect::<Result<Vec<_>, _>>()?;
    let verification = match &proxy.verification {
        None => None,
        Some(verification) => {
            used.use_item("VerificationSpec");
            let base_url_override = match &verification.base_url_override {
                None => None,
                Some(url) => Some(template(url, Usage::Url, used)?),
            };
            let endpoints = verification
                .endpoints
                .iter()
                .map(|e| template(e, Usage::RelativePath, used))
                .collect::<Result<Vec<_>, _>>()?;
            Some(Expr::fitted_struct(
                "VerificationSpec",
                fields(vec![
                    ("method", text(verification.method.as_str())),
                    ("base_url_override", option(base_url_override)),
                    ("endpoints", Expr::slice(endpoints)),
                ]),
            ))
        }
    };
    Ok(Expr::fitted_struct(
        "RequestSpec",
        fields(vec![
            ("base_url", Expr::call("Some", base_url)),
            ("headers", Expr::slice(headers)),
            ("verification", option(verification)),
        ]),
    ))
}

fn template(source: &str, usage: Usage, used: &mut Imports) -> Result<Expr, String> {
    let parsed =
        Template::parse(source).map_err(|TemplateError { message, .. }| format!("template `{source}`: {message}"))?;
    used.use_item("Template");
    let alternatives = parsed.alternatives.iter().map(|alternative| {
        let mut before = String::new();
        let segments = alternative
            .iter()
            .map(|part| match part {
                Part::Literal(text) => {
                    before.push_str(text);
                    used.use_item("Segment");
                    Expr::call("Segment::Text", self::text(text))
                }
                Part::Variable(variable) => {
                    used.use_item("Segment");
                    used.use_item("Place");
                    let place = Expr::atom(format!("Place::{}", place(usage, &before)));
                    before.push('x');
                    let name = text(&variable.name);
                    match variable.group {
                        Group::Platform => {
                            Expr::fitted_struct("Segment::Platform", fields(vec![("name", name), ("place", place)]))
                        }
                        group => {
                            used.use_item("Group");
                            Expr::fitted_struct(
                                "Segment::Field",
                                fields(vec![("group", group_path(group)), ("name", name), ("place", place)]),
                            )
                        }
                    }
                }
            })
            .collect();
        Expr::slice(segments)
    });
    let alternatives = alternatives.collect();
    Ok(Expr::fitted_struct(
        "Template",
        fields(vec![("source", text(source)), ("alternatives", Expr::slice(alternatives))]),
    ))
}

/// Where a variable lands, given the text before it (earlier variables written `x`).
fn place(usage: Usage, before: &str) -> &'static str {
    let in_query = |text: &str| text.contains(['?', '#']);
    match usage {
        Usage::Header => "Header",
        Usage::RelativePath if in_query(before) => "Query",
        Usage::RelativePath => "Path",
        Usage::Url => match before.split_once("://") {
            Some((_, authority)) if !authority.contains(['/', '?', '#']) => "Host",
            Some((_, rest)) if in_query(rest) => "Query",
            Some(_) => "Path",
            None if in_query(before) => "Query",
            None if before.contains('/') => "Path",
            None => "Origin",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_follow_the_url_structure() {
        assert_eq!(place(Usage::Url, "https://"), "Host");
        assert_eq!(place(Usage::Url, "https://x.io:"), "Host");
        assert_eq!(place(Usage::Url, "https://x.io/api/"), "Path");
        assert_eq!(place(Usage::Url, "https://x.io/api?key="), "Query");
        assert_eq!(place(Usage::Url, ""), "Origin");
        assert_eq!(place(Usage::Url, "x/api/"), "Path");
        assert_eq!(place(Usage::RelativePath, "/users/"), "Path");
        assert_eq!(place(Usage::RelativePath, "/users?id="), "Query");
        assert_eq!(place(Usage::Header, "Bearer "), "Header");
    }

    #[test]
    fn enum_values_get_distinct_variants() {
        let values = ["us-east", "us_east", "1", ""].map(String::from);
        let names: Vec<String> = variants(&values).into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["UsEast", "UsEast2", "P1", "Value"]);
    }
}
