//! One provider's module, `src/providers/<id>.rs`: its connection types, and its description as
//! data (`PROVIDER`), which the shared runtime interprets.

use super::shared_enums;
use super::source::{Expr, RustSource};
use super::text::{push_code, push_markdown, push_string, string};
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

/// The module's source, written into `buffer` (whatever it held) and returned.
pub fn module(registry: &Registry, provider: &CheckedProvider, buffer: String) -> String {
    let definition = &provider.definition;
    let mut name_text = String::new();
    push_markdown(&mut name_text, &definition.display_name);
    let name_text = name_text.as_str();
    let connection = &provider.rust.connection;
    let mut used = Imports::default();
    if provider.fields.iter().any(|field| matches!(kind(field), Kind::Secret)) {
        used.use_item(Item::Secret);
    }
    // Built first: it decides what the module imports.
    let info = provider_info(registry, provider, &mut used);

    let mut out = RustSource::in_buffer(buffer);
    // Each doc comment is put together here first.
    let mut doc = String::with_capacity(1024);
    for part in [name_text, ": typed connections ("] {
        doc.push_str(part);
    }
    push_code(&mut doc, definition.auth_mode.as_str());
    for part in [
        " authentication).\n\nWhere to find each value: [the connect guide](",
        &provider.docs_connect,
        "). Provider documentation: <",
        &definition.docs.main,
        ">.",
    ] {
        doc.push_str(part);
    }
    if !definition.categories.is_empty() {
        doc.push_str("\n\nCategories: ");
        for (index, category) in definition.categories.iter().enumerate() {
            if index > 0 {
                doc.push_str(", ");
            }
            doc.push_str(category);
        }
        doc.push('.');
    }
    for part in ["\n\nGenerated from `", &provider.id, ".yaml`."] {
        doc.push_str(part);
    }
    out.inner_doc(&doc);
    out.blank();
    used.write(&mut out);

    for (group, struct_name, [with_members, without_members]) in [
        (
            Group::ConnectionConfig,
            "ConnectionConfig",
            [
                ["The connection config of ", name_text, ": values that shape requests."],
                ["", name_text, " takes no connection config."],
            ],
        ),
        (
            Group::Credentials,
            "Credentials",
            [["The credentials ", name_text, " authenticates with."], ["", name_text, " takes no credentials."]],
        ),
    ] {
        out.blank();
        let mut members = provider.fields.iter().filter(|field| field.group == group).peekable();
        doc.clear();
        for part in if members.peek().is_some() { with_members } else { without_members } {
            doc.push_str(part);
        }
        out.doc(&doc);
        if members.peek().is_none() {
            out.line_of(&["pub struct ", struct_name, " {}"]);
            continue;
        }
        out.open_of(&["pub struct ", struct_name, " {"]);
        for field in members {
            field_doc(registry, field, &mut doc);
            out.doc(&doc);
            let inner = match kind(field) {
                Kind::Text => "String",
                Kind::Secret => "Secret",
                Kind::Choice(choice) => &choice.type_name,
            };
            let (open, close) = if optional(field) { ("Option<", ">") } else { ("", "") };
            out.line_of(&["pub ", &field.rust_name, ": ", open, inner, close, ","]);
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
    doc.clear();
    for part in [
        "A ",
        name_text,
        " connection: what the user entered, validated",
        filled_later,
        ". Build one with [`TypedConnection::from_json`] or [`Connection::typed`](crate::Connection::typed); use it through [`ProviderConnection`](crate::ProviderConnection).",
    ] {
        doc.push_str(part);
    }
    out.doc(&doc);
    out.open_of(&["pub struct ", connection, " {"]);
    out.line("pub connection_config: ConnectionConfig,");
    out.line("pub credentials: Credentials,");
    out.close("}");

    out.blank();
    out.open_of(&["impl std::fmt::Debug for ", connection, " {"]);
    out.line("#[inline]");
    out.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {");
    out.line("crate::runtime::debug_connection(&PROVIDER, &self.values(), f)");
    out.close("}");
    out.close("}");

    out.blank();
    out.open_of(&["impl TypedConnection for ", connection, " {"]);
    out.line_of(&["const ID: ProviderId = ProviderId::", &provider.rust.variant, ";"]);
    out.blank();
    out.line("#[inline]");
    let values = if provider.fields.is_empty() { "_values" } else { "values" };
    out.open_of(&["fn from_values(", values, ": &mut FieldValues<'_>) -> Option<Self> {"]);
    let group_literal = |group: Group, name| {
        let fields = provider.fields.iter().filter(|field| field.group == group);
        let fields = fields.map(|field| (field.rust_name.as_str(), from_values_value(field)));
        Expr::vertical_struct(name, fields.collect())
    };
    let connection_literal = Expr::vertical_struct(
        "Self",
        vec![
            ("connection_config", group_literal(Group::ConnectionConfig, "ConnectionConfig")),
            ("credentials", group_literal(Group::Credentials, "Credentials")),
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
    doc.clear();
    push_markdown(&mut doc, &definition.display_name);
    doc.push_str(", as data.");
    out.doc(&doc);
    out.expr("pub static PROVIDER: ProviderInfo = ", &info, ";");
    out.finish()
}

/// A runtime item a module may import. The variants are in the order of their names, the order
/// in which `use` lists them (a test checks it).
#[derive(Clone, Copy, Debug)]
enum Item {
    AuthMode,
    BodySpec,
    FieldSpec,
    FieldValues,
    FilledBy,
    Format,
    Group,
    Method,
    Place,
    ProviderInfo,
    RequestSpec,
    ResponseRules,
    Secret,
    Segment,
    Template,
    TypedConnection,
    VerificationSpec,
    VisibleWhen,
}

impl Item {
    /// The name of each item, in the order of the variants.
    const NAMES: [&'static str; 18] = [
        "AuthMode",
        "BodySpec",
        "FieldSpec",
        "FieldValues",
        "FilledBy",
        "Format",
        "Group",
        "Method",
        "Place",
        "ProviderInfo",
        "RequestSpec",
        "ResponseRules",
        "Secret",
        "Segment",
        "Template",
        "TypedConnection",
        "VerificationSpec",
        "VisibleWhen",
    ];
}

/// The OAuth 2 items a module with an `OAuth2Spec` imports.
const OAUTH2_ITEMS: [&str; 4] = ["BodyFormat", "ClientAuthentication", "OAuth2Spec", "TokenResponseSpec"];

/// The runtime and OAuth 2 items a module uses, so that it imports exactly those: a flag an
/// item, which spares a set lookup for each of the many times an item is used.
struct Imports {
    runtime: [bool; Item::NAMES.len()],
    oauth2: bool,
}

impl Default for Imports {
    fn default() -> Imports {
        let mut imports = Imports { runtime: [false; Item::NAMES.len()], oauth2: false };
        for item in [Item::AuthMode, Item::FieldValues, Item::ProviderInfo, Item::RequestSpec, Item::TypedConnection] {
            imports.use_item(item);
        }
        imports
    }
}

impl Imports {
    fn use_item(&mut self, item: Item) {
        self.runtime[item as usize] = true;
    }

    fn use_oauth2_items(&mut self) {
        self.oauth2 = true;
    }

    fn write(&self, out: &mut RustSource) {
        if self.oauth2 {
            out.use_list("", "crate::oauth2", OAUTH2_ITEMS);
        }
        let used = Item::NAMES.iter().zip(self.runtime).filter(|(_, used)| *used);
        out.use_list("", "crate::runtime", used.map(|(name, _)| *name));
        out.line("use crate::ProviderId;");
    }
}

/// The expression that takes the field's value out of `values` in `from_values`.
fn from_values_value(field: &CheckedField) -> Expr<'_> {
    match (kind(field), optional(field)) {
        (Kind::Text, false) => Expr::atom("values.next_required()"),
        (Kind::Text, true) => Expr::atom("values.next_optional()"),
        (Kind::Secret, false) => Expr::atom("Secret::new(values.next_required())"),
        (Kind::Secret, true) => Expr::atom("values.next_optional().map(Secret::new)"),
        (Kind::Choice(choice), false) => {
            Expr::atom(["values.next_choice(", &choice.type_name, "::from_wire)?"].concat())
        }
        (Kind::Choice(choice), true) => {
            Expr::atom(["values.next_optional_choice(", &choice.type_name, "::from_wire)?"].concat())
        }
    }
}

/// The expression that reads the field's value as `Option<&str>` in `values`.
fn field_value(field: &CheckedField) -> Expr<'_> {
    let (section, name) = (field.group.section(), field.rust_name.as_str());
    let access = |before, after| [before, "self.", section, ".", name, after].concat();
    Expr::atom(match (kind(field), optional(field)) {
        (Kind::Text, false) => access("Some(", ".as_str())"),
        (Kind::Text, true) => access("", ".as_deref()"),
        (Kind::Secret, false) => access("Some(", ".expose())"),
        (Kind::Secret, true) => access("", ".as_ref().map(Secret::expose)"),
        (Kind::Choice(_), false) => access("Some(", ".as_str())"),
        (Kind::Choice(choice), true) => [&access("", ".map("), choice.type_name.as_str(), "::as_str)"].concat(),
    })
}

/// Who fills in a value that is no part of the submission, for its rustdoc: the words, then the
/// key the value comes from, if any.
fn filled_by_words(checked: &CheckedField) -> Option<(&'static str, Option<&str>)> {
    let key = checked.field.source_key(&checked.name);
    Some(match (checked.field.filled_by, key) {
        (FilledBy::TokenResponse, Some(key)) => ("filled in from the OAuth token response's ", Some(key)),
        (FilledBy::Redirect, Some(key)) => ("filled in from the OAuth redirect's query parameter ", Some(key)),
        (FilledBy::Integration, Some(key)) => ("filled in from the integration's setting ", Some(key)),
        (FilledBy::Platform, _) => ("filled in by the platform after the connection is made", None),
        _ => return None,
    })
}

/// The rustdoc of a field, written into `doc`: its title, its description, and what a valid
/// value looks like.
fn field_doc(registry: &Registry, checked: &CheckedField, doc: &mut String) {
    let field = &checked.field;
    doc.clear();
    let title = [field.title.trim(), "."].concat();
    // A field the user never sees may have no title or description.
    let words = [title.as_str(), field.description.trim()].into_iter().filter(|text| !text.is_empty() && *text != ".");
    for (index, text) in words.enumerate() {
        if index > 0 {
            doc.push_str("\n\n");
        }
        push_markdown(doc, &registry.prose(text));
    }
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str("Sent as ");
    push_code(doc, &checked.name);
    if field.secret {
        doc.push_str("; secret");
    }
    if field.optional {
        doc.push_str("; optional");
    }
    if let Some((words, key)) = filled_by_words(checked) {
        doc.push_str("; ");
        doc.push_str(words);
        if let Some(key) = key {
            push_code(doc, key);
        }
    }
    if let Some(condition) = &field.visible_when {
        doc.push_str("; shown while ");
        push_code(doc, &condition.field);
        doc.push_str(" is ");
        push_code(doc, &condition.equals);
    }
    if let Some(pattern) = &field.pattern {
        doc.push_str("; must match ");
        push_code(doc, pattern);
        if let Some(hint) = &field.pattern_hint {
            doc.push_str(" (");
            push_markdown(doc, &registry.prose(hint));
            doc.push(')');
        }
    }
    if let Some(format) = field.format {
        doc.push_str("; format ");
        push_code(doc, format.as_str());
    }
    if let Some(example) = &field.example {
        doc.push_str("; example: ");
        push_code(doc, example);
        if field.example_masked {
            doc.push_str(" (masked)");
        }
    }
    if let Some(default) = &field.default {
        doc.push_str("; default: ");
        push_code(doc, default);
    }
    doc.push('.');
    if let Some(url) = &checked.docs_url {
        for part in [" [Where to find it](", url, ")."] {
            doc.push_str(part);
        }
    }
}

/// The enum type of a field with `enum` values.
fn choice_type(out: &mut RustSource, registry: &Registry, checked: &CheckedField, choice: &Choice) {
    let name = &choice.type_name;
    let mut doc = String::from("The values of ");
    push_code(&mut doc, &format!("{}.{}", checked.group.section(), checked.name));
    doc.push_str(": ");
    push_markdown(&mut doc, &registry.prose(&checked.field.title));
    doc.push('.');
    out.doc(&doc);
    out.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
    out.open_of(&["pub enum ", name, " {"]);
    for variant in &choice.variants {
        doc.clear();
        push_code(&mut doc, &variant.value);
        out.doc(&doc);
        out.line_of(&[&variant.name, ","]);
    }
    out.close("}");
    out.blank();
    out.open_of(&["impl ", name, " {"]);
    out.line("/// The value as sent on the wire.");
    out.line("#[inline]");
    out.open("pub fn as_str(self) -> &'static str {");
    out.open("match self {");
    for variant in &choice.variants {
        out.line_of(&[name, "::", &variant.name, " => ", &string(&variant.value), ","]);
    }
    out.close("}");
    out.close("}");
    out.blank();
    out.line("/// The choice a wire value stands for.");
    out.line("#[inline]");
    out.open_of(&["pub fn from_wire(value: &str) -> Option<", name, "> {"]);
    out.open("match value {");
    for variant in &choice.variants {
        out.line_of(&[&string(&variant.value), " => Some(", name, "::", &variant.name, "),"]);
    }
    out.line("_ => None,");
    out.close("}");
    out.close("}");
    out.close("}");
}

fn option(value: Option<Expr>) -> Expr {
    value.map_or_else(|| Expr::atom("None"), |value| Expr::call("Some", value))
}

fn boolean(value: bool) -> Expr<'static> {
    Expr::atom(if value { "true" } else { "false" })
}

/// `pub static PROVIDER: ProviderInfo`, the provider as data.
fn provider_info<'a>(registry: &Registry, provider: &'a CheckedProvider, used: &mut Imports) -> Expr<'a> {
    let definition = &provider.definition;
    let mut schema = String::from("include_str!(");
    push_string(&mut schema, &["../../", &provider.outputs.schema].concat());
    schema.push(')');
    let field_specs = provider.fields.iter().map(|field| field_spec(registry, field, used)).collect();
    Expr::vertical_struct(
        "ProviderInfo",
        vec![
            ("id", Expr::string(&provider.id)),
            ("display_name", Expr::string(&definition.display_name)),
            ("auth_mode", Expr::path("AuthMode", shared_enums::auth_mode(definition.auth_mode))),
            ("categories", Expr::slice(definition.categories.iter().map(Expr::string).collect())),
            ("docs_url", Expr::string(&definition.docs.main)),
            ("connect_guide_url", Expr::string(&provider.docs_connect)),
            ("json_schema", Expr::atom(schema)),
            ("fields", Expr::slice(field_specs)),
            ("requests", request_spec(provider, used)),
            ("oauth2", option(oauth2_spec(provider, used))),
        ],
    )
}

fn group_path(group: Group) -> Expr<'static> {
    Expr::path("Group", shared_enums::group(group))
}

fn field_spec<'a>(registry: &Registry, checked: &'a CheckedField, used: &mut Imports) -> Expr<'a> {
    used.use_item(Item::FieldSpec);
    used.use_item(Item::Group);
    let field = &checked.field;
    let format = field.format.map(|format| {
        used.use_item(Item::Format);
        Expr::path("Format", shared_enums::format(format))
    });
    let visible_when = field.visible_when.as_ref().map(|condition| {
        used.use_item(Item::VisibleWhen);
        Expr::fitted_struct(
            "VisibleWhen",
            vec![("field", Expr::string(&condition.field)), ("equals", Expr::string(&condition.equals))],
        )
    });
    Expr::vertical_struct(
        "FieldSpec",
        vec![
            ("group", group_path(checked.group)),
            ("name", Expr::string(&checked.name)),
            ("title", Expr::string(registry.prose(&field.title))),
            ("description", Expr::string(registry.prose(&field.description))),
            ("optional", boolean(field.optional)),
            ("filled_by", filled_by(checked, used)),
            ("empty_allowed", boolean(field.allows_empty())),
            ("secret", boolean(field.secret)),
            ("pattern", option(field.pattern.as_deref().map(Expr::string))),
            ("linear_pattern", option(checked.linear_pattern.as_deref().map(Expr::string))),
            ("pattern_hint", option(field.pattern_hint.as_deref().map(|h| Expr::string(registry.prose(h))))),
            ("format", option(format)),
            ("allowed", Expr::slice(field.allowed.iter().flatten().map(Expr::string).collect())),
            ("visible_when", option(visible_when)),
        ],
    )
}

fn filled_by<'a>(checked: &'a CheckedField, used: &mut Imports) -> Expr<'a> {
    used.use_item(Item::FilledBy);
    let key = checked.field.source_key(&checked.name).map(Expr::string);
    match (checked.field.filled_by, key) {
        (FilledBy::TokenResponse, Some(key)) => Expr::call("FilledBy::TokenResponse", key),
        (FilledBy::Redirect, Some(key)) => Expr::call("FilledBy::Redirect", key),
        (FilledBy::Integration, Some(key)) => Expr::call("FilledBy::Integration", key),
        (FilledBy::Platform, _) => Expr::atom("FilledBy::Platform"),
        _ => Expr::atom("FilledBy::User"),
    }
}

fn request_spec<'a>(provider: &'a CheckedProvider, used: &mut Imports) -> Expr<'a> {
    let templates = &provider.templates;
    let base_url = option(templates.base_url.as_ref().map(|t| template(t, used)));
    let base_url_awaits = Expr::slice(
        templates
            .base_url_awaits
            .iter()
            .map(|(group, name)| Expr::string(format!("{}.{name}", group.section())))
            .collect(),
    );
    let verification = match (&provider.definition.proxy, &templates.verification) {
        (Some(proxy), Some(verification)) => {
            used.use_item(Item::VerificationSpec);
            used.use_item(Item::Method);
            used.use_item(Item::ResponseRules);
            let written = proxy.verification.as_ref();
            let method = match written.map_or(HttpMethod::Get, |v| v.method) {
                HttpMethod::Get => "Method::Get",
                HttpMethod::Post => "Method::Post",
            };
            let valid = written.map_or(&[][..], |v| &v.responses.valid);
            let refused = written.map_or(&Responses::DEFAULT_REFUSED[..], |v| v.responses.refused_statuses());
            let statuses = |list: &[u16]| Expr::slice(list.iter().map(|s| Expr::atom(s.to_string())).collect());
            let responses =
                Expr::fitted_struct("ResponseRules", vec![("valid", statuses(valid)), ("refused", statuses(refused))]);
            let body = verification.body.as_ref().map(|body| {
                used.use_item(Item::BodySpec);
                match body {
                    PlacedBody::Json(document) => Expr::call("BodySpec::Json", template(document, used)),
                    PlacedBody::Form(params) => Expr::call("BodySpec::Form", named_templates(params, used)),
                }
            });
            Some(Expr::fitted_struct(
                "VerificationSpec",
                vec![
                    ("method", Expr::atom(method)),
                    ("base_url_override", option(verification.base_url_override.as_ref().map(|t| template(t, used)))),
                    ("endpoints", Expr::slice(verification.endpoints.iter().map(|t| template(t, used)).collect())),
                    ("headers", named_templates(&verification.headers, used)),
                    ("body", option(body)),
                    ("responses", responses),
                ],
            ))
        }
        _ => None,
    };
    Expr::fitted_struct(
        "RequestSpec",
        vec![
            ("base_url", base_url),
            ("base_url_awaits", base_url_awaits),
            ("headers", named_templates(&templates.headers, used)),
            ("query", named_templates(&templates.query, used)),
            ("verification", option(verification)),
        ],
    )
}

/// A slice of names and their templates.
fn named_templates<'a>(named: &'a [(String, PlacedTemplate)], used: &mut Imports) -> Expr<'a> {
    Expr::slice(named.iter().map(|(name, t)| Expr::tuple(vec![Expr::string(name), template(t, used)])).collect())
}

/// The `OAuth2Spec` of an `OAUTH2` or `OAUTH2_CC` provider.
fn oauth2_spec<'a>(provider: &'a CheckedProvider, used: &mut Imports) -> Option<Expr<'a>> {
    let oauth = provider.definition.oauth2.as_ref()?;
    let templates = provider.templates.oauth2.as_ref()?;
    let token_url = templates.token_url.as_ref()?;
    used.use_oauth2_items();
    let authorization_params = named_templates(&templates.authorization_params, used);
    let token_params = named_templates(&templates.token_params, used);
    let refresh_params = (!oauth.refresh_params.is_empty()).then(|| named_templates(&templates.refresh_params, used));
    let token_headers = named_templates(&templates.token_headers, used);
    let replacements = oauth
        .authorization_url_replacements
        .iter()
        .map(|(from, to)| Expr::tuple(vec![Expr::string(from), Expr::string(to)]))
        .collect();
    let response = &oauth.token_response;
    let token_response = Expr::fitted_struct(
        "TokenResponseSpec",
        vec![
            ("access_token", Expr::string(&response.access_token)),
            ("refresh_token", Expr::string(&response.refresh_token)),
            ("expires_in", Expr::string(&response.expires_in)),
            ("expires_in_milliseconds", boolean(response.expires_in_unit == ExpiresInUnit::Milliseconds)),
        ],
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
        vec![
            ("authorization_url", option(authorization_url)),
            ("authorization_params", authorization_params),
            ("default_scopes", Expr::slice(oauth.scopes.iter().map(Expr::string).collect())),
            ("scope_separator", Expr::string(oauth.scope_separator.as_deref().unwrap_or(" "))),
            ("scopes_as_written", boolean(oauth.authorization_url_skip_encode.contains(&SkipEncode::Scopes))),
            (
                "authorization_url_values_as_written",
                boolean(oauth.authorization_url_skip_encode.contains(&SkipEncode::BaseUrl)),
            ),
            ("pkce", boolean(oauth.pkce)),
            ("authorization_url_fragment", option(oauth.authorization_url_fragment.as_deref().map(Expr::string))),
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
        ],
    ))
}

fn template<'a>(template: &'a PlacedTemplate, used: &mut Imports) -> Expr<'a> {
    used.use_item(Item::Template);
    let alternatives = template.alternatives.iter().map(|alternative| segments(alternative, used)).collect();
    Expr::fitted_struct(
        "Template",
        vec![("source", Expr::string(&template.source)), ("alternatives", Expr::slice(alternatives))],
    )
}

fn segments<'a>(segments: &'a [Segment], used: &mut Imports) -> Expr<'a> {
    used.use_item(Item::Segment);
    let place_expr = |place: Place, used: &mut Imports| {
        used.use_item(Item::Place);
        Expr::path("Place", shared_enums::place(place))
    };
    let items = segments
        .iter()
        .map(|segment| match segment {
            Segment::Text(text) => Expr::call("Segment::Text", Expr::string(text)),
            Segment::Base64 { segments: inner, place } => {
                let place = place_expr(*place, used);
                Expr::fitted_struct(
                    "Segment::Base64",
                    vec![("segments", self::segments(inner, used)), ("place", place)],
                )
            }
            Segment::Value { variable, place } => {
                let place = place_expr(*place, used);
                let name = Expr::string(&variable.name);
                match variable.source {
                    Source::Platform => {
                        Expr::fitted_struct("Segment::Platform", vec![("name", name), ("place", place)])
                    }
                    Source::Field(group) => {
                        used.use_item(Item::Group);
                        Expr::fitted_struct(
                            "Segment::Field",
                            vec![("group", group_path(group)), ("name", name), ("place", place)],
                        )
                    }
                }
            }
        })
        .collect();
    Expr::slice(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_named_and_sorted_as_use_lists_them() {
        let variants = [
            Item::AuthMode,
            Item::BodySpec,
            Item::FieldSpec,
            Item::FieldValues,
            Item::FilledBy,
            Item::Format,
            Item::Group,
            Item::Method,
            Item::Place,
            Item::ProviderInfo,
            Item::RequestSpec,
            Item::ResponseRules,
            Item::Secret,
            Item::Segment,
            Item::Template,
            Item::TypedConnection,
            Item::VerificationSpec,
            Item::VisibleWhen,
        ];
        for (index, item) in variants.into_iter().enumerate() {
            assert_eq!(item as usize, index);
            assert_eq!(Item::NAMES[index], format!("{item:?}"));
        }
        assert!(Item::NAMES.is_sorted());
        assert!(OAUTH2_ITEMS.is_sorted());
    }
}
