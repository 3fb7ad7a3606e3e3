//! One provider's module, `src/providers/<id>.rs`: its connection types, and its description as
//! data (`PROVIDER`), which the shared runtime interprets.

use std::collections::BTreeSet;

use super::shared_enums;
use super::source::{Expr, RustSource};
use super::text::{code, escape_markdown, string};
use crate::model::{BodyFormat, ClientAuthentication, ExpiresInUnit, FilledBy, HttpMethod, Responses, SkipEncode};
use crate::registry::{CheckedField, CheckedProvider, Choice, Place, PlacedBody, PlacedTemplate, Registry, Segment};
use crate::template::{Group, Source};

/// How a field is typed in Rust.
enum Kind<'a> {
    Text,
    Secret,
    Choice(&'a Choice),
}

fn kind(field: &CheckedField) -> Kind<'_> {
    match &field.choice {
        Some(choice) => Kind::Choice(choice),
        None if field.field.secret => Kind::Secret,
        None => Kind::Text,
    }
}

/// Whether the value may be missing: optional, shown only under a condition, or filled in after
/// the form.
fn optional(field: &CheckedField) -> bool {
    field.field.optional || field.field.visible_when.is_some() || !field.submitted()
}

/// The module's source.
pub fn module(registry: &Registry, provider: &CheckedProvider) -> String {
    let definition = &provider.definition;
    let name_text = escape_markdown(&definition.display_name);
    let connection = &provider.rust.connection;
    let mut used = Imports::default();
    if provider.fields.iter().any(|field| matches!(kind(field), Kind::Secret)) {
        used.use_item("Secret");
    }
    // Built first: it decides what the module imports.
    let info = provider_info(registry, provider, &mut used);

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
        let members: Vec<&CheckedField> = provider.fields.iter().filter(|field| field.group == group).collect();
        if members.is_empty() {
            out.line(&format!("pub struct {struct_name} {{}}"));
            continue;
        }
        out.open(&format!("pub struct {struct_name} {{"));
        for field in members {
            out.doc(&field_doc(registry, field));
            out.line(&format!("pub {}: {},", field.rust_name, rust_type(field)));
        }
        out.close("}");
    }

    for field in &provider.fields {
        if let Some(choice) = &field.choice {
            out.blank();
            choice_type(&mut out, registry, field, choice);
        }
    }

    out.blank();
    let filled_later = match provider.fields.iter().any(|field| !field.submitted()) {
        true => ", and the values the OAuth flow, the integration or the platform fills in after the form (`None` until then)",
        false => "",
    };
    out.doc(&format!(
        "A {name_text} connection: what the user entered, validated{filled_later}. Build one with [`TypedConnection::from_json`] or [`Connection::typed`](crate::Connection::typed); use it through [`ProviderConnection`](crate::ProviderConnection)."
    ));
    out.open(&format!("pub struct {connection} {{"));
    out.line("pub connection_config: ConnectionConfig,");
    out.line("pub credentials: Credentials,");
    out.close("}");

    out.blank();
    out.open(&format!("impl std::fmt::Debug for {connection} {{"));
    out.line("#[inline]");
    out.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {");
    out.line("crate::runtime::debug_connection(&PROVIDER, &self.values(), f)");
    out.close("}");
    out.close("}");

    out.blank();
    out.open(&format!("impl TypedConnection for {connection} {{"));
    out.line(&format!("const ID: ProviderId = ProviderId::{};", provider.rust.variant));
    out.blank();
    out.line("#[inline]");
    let values = if provider.fields.is_empty() { "_values" } else { "values" };
    out.open(&format!("fn from_values({values}: &mut FieldValues<'_>) -> Option<Self> {{"));
    let group_literal = |group: Group, name: &str| {
        let fields = provider.fields.iter().filter(|field| field.group == group);
        let fields = fields.map(|field| (field.rust_name.clone(), from_values_value(field)));
        Expr::vertical_struct(name, fields.collect())
    };
    let connection_literal = Expr::vertical_struct(
        "Self",
        vec![
            ("connection_config".into(), group_literal(Group::ConnectionConfig, "ConnectionConfig")),
            ("credentials".into(), group_literal(Group::Credentials, "Credentials")),
        ],
    );
    out.expr("", &Expr::call("Some", connection_literal), "");
    out.close("}");
    out.blank();
    out.line("#[inline]");
    out.open("fn values(&self) -> Vec<Option<&str>> {");
    if provider.fields.is_empty() {
        out.line("Vec::new()");
    } else {
        let values = provider.fields.iter().map(field_value).collect();
        out.expr("", &Expr::call("Vec::from", Expr::array(values)), "");
    }
    out.close("}");
    out.close("}");

    out.blank();
    out.doc(&format!("{}, as data.", escape_markdown(&definition.display_name)));
    out.expr("pub static PROVIDER: ProviderInfo = ", &info, ";");
    out.finish()
}

/// The runtime and OAuth 2 items a module uses, so that it imports exactly those.
#[derive(Default)]
struct Imports {
    runtime: BTreeSet<&'static str>,
    oauth2: BTreeSet<&'static str>,
}

impl Imports {
    fn use_item(&mut self, name: &'static str) {
        self.runtime.insert(name);
    }

    fn use_oauth2_item(&mut self, name: &'static str) {
        self.oauth2.insert(name);
    }

    fn write(&self, out: &mut RustSource) {
        if !self.oauth2.is_empty() {
            out.use_list("", "crate::oauth2", &self.oauth2.iter().copied().collect::<Vec<_>>());
        }
        let always = ["AuthMode", "FieldValues", "ProviderInfo", "RequestSpec", "TypedConnection"];
        let names: Vec<&str> =
            always.into_iter().chain(self.runtime.iter().copied()).collect::<BTreeSet<_>>().into_iter().collect();
        out.use_list("", "crate::runtime", &names);
        out.line("use crate::ProviderId;");
    }
}

fn rust_type(field: &CheckedField) -> String {
    let inner = match kind(field) {
        Kind::Text => "String",
        Kind::Secret => "Secret",
        Kind::Choice(choice) => &choice.type_name,
    };
    if optional(field) {
        format!("Option<{inner}>")
    } else {
        inner.to_owned()
    }
}

/// The expression that takes the field's value out of `values` in `from_values`.
fn from_values_value(field: &CheckedField) -> Expr {
    Expr::atom(match (kind(field), optional(field)) {
        (Kind::Text, false) => "values.next_required()".to_owned(),
        (Kind::Text, true) => "values.next_optional()".to_owned(),
        (Kind::Secret, false) => "Secret::new(values.next_required())".to_owned(),
        (Kind::Secret, true) => "values.next_optional().map(Secret::new)".to_owned(),
        (Kind::Choice(choice), false) => format!("values.next_choice({}::from_wire)?", choice.type_name),
        (Kind::Choice(choice), true) => format!("values.next_optional_choice({}::from_wire)?", choice.type_name),
    })
}

/// The expression that reads the field's value as `Option<&str>` in `values`.
fn field_value(field: &CheckedField) -> Expr {
    let access = format!("self.{}.{}", field.group.section(), field.rust_name);
    Expr::atom(match (kind(field), optional(field)) {
        (Kind::Text, false) => format!("Some({access}.as_str())"),
        (Kind::Text, true) => format!("{access}.as_deref()"),
        (Kind::Secret, false) => format!("Some({access}.expose())"),
        (Kind::Secret, true) => format!("{access}.as_ref().map(Secret::expose)"),
        (Kind::Choice(_), false) => format!("Some({access}.as_str())"),
        (Kind::Choice(choice), true) => format!("{access}.map({}::as_str)", choice.type_name),
    })
}

/// Who fills in a value that is no part of the submission, for its rustdoc.
fn filled_by_words(checked: &CheckedField) -> Option<String> {
    let key = checked.field.source_key(&checked.name).map(code);
    Some(match (checked.field.filled_by, key) {
        (FilledBy::TokenResponse, Some(key)) => format!("filled in from the OAuth token response's {key}"),
        (FilledBy::Redirect, Some(key)) => format!("filled in from the OAuth redirect's query parameter {key}"),
        (FilledBy::Integration, Some(key)) => format!("filled in from the integration's setting {key}"),
        (FilledBy::Platform, _) => "filled in by the platform after the connection is made".into(),
        _ => return None,
    })
}

/// The rustdoc of a field: its title, its description, and what a valid value looks like.
fn field_doc(registry: &Registry, checked: &CheckedField) -> String {
    let field = &checked.field;
    // A field the user never sees may have no title or description.
    let words: Vec<String> = [format!("{}.", field.title.trim()), field.description.trim().to_owned()]
        .into_iter()
        .filter(|text| !text.is_empty() && text != ".")
        .map(|text| escape_markdown(&registry.prose(&text)))
        .collect();
    let mut text = words.join("\n\n");
    let mut facts = vec![format!("Sent as {}", code(&checked.name))];
    if field.secret {
        facts.push("secret".into());
    }
    if field.optional {
        facts.push("optional".into());
    }
    if let Some(filled) = filled_by_words(checked) {
        facts.push(filled);
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
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!("{}.", facts.join("; ")));
    if let Some(url) = &checked.docs_url {
        text.push_str(&format!(" [Where to find it]({url})."));
    }
    text
}

/// The enum type of a field with `enum` values.
fn choice_type(out: &mut RustSource, registry: &Registry, checked: &CheckedField, choice: &Choice) {
    let name = &choice.type_name;
    out.doc(&format!(
        "The values of {}: {}.",
        code(&format!("{}.{}", checked.group.section(), checked.name)),
        escape_markdown(&registry.prose(&checked.field.title))
    ));
    out.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
    out.open(&format!("pub enum {name} {{"));
    for variant in &choice.variants {
        out.doc(&code(&variant.value));
        out.line(&format!("{},", variant.name));
    }
    out.close("}");
    out.blank();
    out.open(&format!("impl {name} {{"));
    out.line("/// The value as sent on the wire.");
    out.line("#[inline]");
    out.open("pub fn as_str(self) -> &'static str {");
    out.open("match self {");
    for variant in &choice.variants {
        out.line(&format!("{name}::{} => {},", variant.name, string(&variant.value)));
    }
    out.close("}");
    out.close("}");
    out.blank();
    out.line("/// The choice a wire value stands for.");
    out.line("#[inline]");
    out.open(&format!("pub fn from_wire(value: &str) -> Option<{name}> {{"));
    out.open("match value {");
    for variant in &choice.variants {
        out.line(&format!("{} => Some({name}::{}),", string(&variant.value), variant.name));
    }
    out.line("_ => None,");
    out.close("}");
    out.close("}");
    out.close("}");
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
fn provider_info(registry: &Registry, provider: &CheckedProvider, used: &mut Imports) -> Expr {
    let definition = &provider.definition;
    let schema_path = format!("../../{}", provider.outputs.schema);
    let field_specs = provider.fields.iter().map(|field| field_spec(registry, field, used)).collect();
    Expr::vertical_struct(
        "ProviderInfo",
        fields(vec![
            ("id", text(&provider.id)),
            ("display_name", text(&definition.display_name)),
            ("auth_mode", Expr::atom(format!("AuthMode::{}", shared_enums::auth_mode(definition.auth_mode)))),
            ("categories", Expr::slice(definition.categories.iter().map(|c| text(c)).collect())),
            ("docs_url", text(&definition.docs.main)),
            ("connect_guide_url", text(&provider.docs_connect)),
            ("json_schema", Expr::atom(format!("include_str!({})", string(&schema_path)))),
            ("fields", Expr::slice(field_specs)),
            ("requests", request_spec(provider, used)),
            ("oauth2", option(oauth2_spec(provider, used))),
        ]),
    )
}

fn group_path(group: Group) -> Expr {
    Expr::atom(format!("Group::{}", shared_enums::group(group)))
}

fn field_spec(registry: &Registry, checked: &CheckedField, used: &mut Imports) -> Expr {
    used.use_item("FieldSpec");
    used.use_item("Group");
    let field = &checked.field;
    let format = field.format.map(|format| {
        used.use_item("Format");
        Expr::atom(format!("Format::{}", shared_enums::format(format)))
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
            ("filled_by", filled_by(checked, used)),
            ("empty_allowed", Expr::atom(field.allows_empty().to_string())),
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

fn filled_by(checked: &CheckedField, used: &mut Imports) -> Expr {
    used.use_item("FilledBy");
    let key = checked.field.source_key(&checked.name).map(text);
    Expr::atom(match (checked.field.filled_by, key) {
        (FilledBy::TokenResponse, Some(key)) => return Expr::call("FilledBy::TokenResponse", key),
        (FilledBy::Redirect, Some(key)) => return Expr::call("FilledBy::Redirect", key),
        (FilledBy::Integration, Some(key)) => return Expr::call("FilledBy::Integration", key),
        (FilledBy::Platform, _) => "FilledBy::Platform",
        _ => "FilledBy::User",
    })
}

fn request_spec(provider: &CheckedProvider, used: &mut Imports) -> Expr {
    let templates = &provider.templates;
    let base_url = option(templates.base_url.as_ref().map(|t| template(t, used)));
    let base_url_awaits = Expr::slice(
        templates.base_url_awaits.iter().map(|(group, name)| text(&format!("{}.{name}", group.section()))).collect(),
    );
    let verification = match (&provider.definition.proxy, &templates.verification) {
        (Some(proxy), Some(verification)) => {
            used.use_item("VerificationSpec");
            used.use_item("Method");
            used.use_item("ResponseRules");
            let written = proxy.verification.as_ref();
            let method = match written.map_or(HttpMethod::Get, |v| v.method) {
                HttpMethod::Get => "Method::Get",
                HttpMethod::Post => "Method::Post",
            };
            let responses = written.map(|v| v.responses.clone()).unwrap_or_default();
            let refused =
                if responses.refused.is_empty() { Responses::DEFAULT_REFUSED.to_vec() } else { responses.refused };
            let statuses = |list: &[u16]| Expr::slice(list.iter().map(|s| Expr::atom(s.to_string())).collect());
            let responses = Expr::fitted_struct(
                "ResponseRules",
                fields(vec![("valid", statuses(&responses.valid)), ("refused", statuses(&refused))]),
            );
            let body = verification.body.as_ref().map(|body| {
                used.use_item("BodySpec");
                match body {
                    PlacedBody::Json(document) => Expr::call("BodySpec::Json", template(document, used)),
                    PlacedBody::Form(params) => Expr::call("BodySpec::Form", named_templates(params, used)),
                }
            });
            Some(Expr::fitted_struct(
                "VerificationSpec",
                fields(vec![
                    ("method", Expr::atom(method)),
                    ("base_url_override", option(verification.base_url_override.as_ref().map(|t| template(t, used)))),
                    ("endpoints", Expr::slice(verification.endpoints.iter().map(|t| template(t, used)).collect())),
                    ("headers", named_templates(&verification.headers, used)),
                    ("body", option(body)),
                    ("responses", responses),
                ]),
            ))
        }
        _ => None,
    };
    Expr::fitted_struct(
        "RequestSpec",
        fields(vec![
            ("base_url", base_url),
            ("base_url_awaits", base_url_awaits),
            ("headers", named_templates(&templates.headers, used)),
            ("query", named_templates(&templates.query, used)),
            ("verification", option(verification)),
        ]),
    )
}

/// A slice of names and their templates.
fn named_templates(named: &[(String, PlacedTemplate)], used: &mut Imports) -> Expr {
    Expr::slice(named.iter().map(|(name, t)| Expr::Tuple(vec![text(name), template(t, used)])).collect())
}

/// The `OAuth2Spec` of an `OAUTH2` or `OAUTH2_CC` provider.
fn oauth2_spec(provider: &CheckedProvider, used: &mut Imports) -> Option<Expr> {
    let oauth = provider.definition.oauth2.as_ref()?;
    let templates = provider.templates.oauth2.as_ref()?;
    let token_url = templates.token_url.as_ref()?;
    for item in ["BodyFormat", "ClientAuthentication", "OAuth2Spec", "TokenResponseSpec"] {
        used.use_oauth2_item(item);
    }
    let authorization_params = named_templates(&templates.authorization_params, used);
    let token_params = named_templates(&templates.token_params, used);
    let refresh_params = (!oauth.refresh_params.is_empty()).then(|| named_templates(&templates.refresh_params, used));
    let token_headers = named_templates(&templates.token_headers, used);
    let boolean = |value: bool| Expr::atom(value.to_string());
    let replacements =
        oauth.authorization_url_replacements.iter().map(|(from, to)| Expr::Tuple(vec![text(from), text(to)])).collect();
    let response = &oauth.token_response;
    let token_response = Expr::fitted_struct(
        "TokenResponseSpec",
        fields(vec![
            ("access_token", text(&response.access_token)),
            ("refresh_token", text(&response.refresh_token)),
            ("expires_in", text(&response.expires_in)),
            ("expires_in_milliseconds", boolean(response.expires_in_unit == ExpiresInUnit::Milliseconds)),
        ]),
    );
    let body_format = match oauth.body_format {
        BodyFormat::Form => "BodyFormat::Form",
        BodyFormat::Json => "BodyFormat::Json",
        BodyFormat::Query => "BodyFormat::Query",
    };
    let client_authentication = match oauth.client_authentication {
        ClientAuthentication::Body => "ClientAuthentication::Body",
        ClientAuthentication::Basic => "ClientAuthentication::Basic",
        ClientAuthentication::BasicAndBody => "ClientAuthentication::BasicAndBody",
        ClientAuthentication::UsernamePassword => "ClientAuthentication::UsernamePassword",
    };
    let authorization_url = templates.authorization_url.as_ref().map(|t| template(t, used));
    let token_url = template(token_url, used);
    let refresh_url = templates.refresh_url.as_ref().map(|t| template(t, used));
    Some(Expr::vertical_struct(
        "OAuth2Spec",
        fields(vec![
            ("authorization_url", option(authorization_url)),
            ("authorization_params", authorization_params),
            ("default_scopes", Expr::slice(oauth.scopes.iter().map(|scope| text(scope)).collect())),
            ("scope_separator", text(oauth.scope_separator.as_deref().unwrap_or(" "))),
            ("scopes_as_written", boolean(oauth.authorization_url_skip_encode.contains(&SkipEncode::Scopes))),
            (
                "authorization_url_values_as_written",
                boolean(oauth.authorization_url_skip_encode.contains(&SkipEncode::BaseUrl)),
            ),
            ("pkce", boolean(oauth.pkce)),
            ("authorization_url_fragment", option(oauth.authorization_url_fragment.as_deref().map(text))),
            ("authorization_url_replacements", Expr::slice(replacements)),
            ("authorization_url_skip_empty", boolean(oauth.authorization_url_skip_empty)),
            ("token_url", token_url),
            ("token_url_values_as_written", boolean(oauth.token_url_skip_encode.contains(&SkipEncode::BaseUrl))),
            ("refresh_url", option(refresh_url)),
            ("token_params", token_params),
            ("refresh_params", option(refresh_params)),
            ("token_headers", token_headers),
            ("body_format", Expr::atom(body_format)),
            ("client_authentication", Expr::atom(client_authentication)),
            ("token_response", token_response),
        ]),
    ))
}

fn template(template: &PlacedTemplate, used: &mut Imports) -> Expr {
    used.use_item("Template");
    let alternatives = template.alternatives.iter().map(|alternative| segments(alternative, used)).collect();
    Expr::fitted_struct(
        "Template",
        fields(vec![("source", text(&template.source)), ("alternatives", Expr::slice(alternatives))]),
    )
}

fn segments(segments: &[Segment], used: &mut Imports) -> Expr {
    used.use_item("Segment");
    let place_expr = |place: Place, used: &mut Imports| {
        used.use_item("Place");
        Expr::atom(format!("Place::{}", shared_enums::place(place)))
    };
    let items = segments
        .iter()
        .map(|segment| match segment {
            Segment::Text(text) => Expr::call("Segment::Text", self::text(text)),
            Segment::Base64 { segments: inner, place } => {
                let place = place_expr(*place, used);
                Expr::fitted_struct(
                    "Segment::Base64",
                    fields(vec![("segments", self::segments(inner, used)), ("place", place)]),
                )
            }
            Segment::Value { variable, place } => {
                let place = place_expr(*place, used);
                let name = text(&variable.name);
                match variable.source {
                    Source::Platform => {
                        Expr::fitted_struct("Segment::Platform", fields(vec![("name", name), ("place", place)]))
                    }
                    Source::Field(group) => {
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
    Expr::slice(items)
}
