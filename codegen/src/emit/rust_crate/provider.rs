//! One provider's module, `src/providers/<id>.rs`: its connection types, and its description as
//! data (`PROVIDER`), which the shared runtime interprets.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};

use super::text::{code, doc_markdown, escape_markdown, ident, inner_doc_markdown, snake_ident, string, type_name};
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
    /// The module, such as `kandji`.
    pub module: Ident,
    /// The file stem of the module, `kandji` for `kandji.rs`.
    pub file: String,
    /// The connection type and the `ProviderId` variant, such as `Kandji`.
    pub type_name: Ident,
}

impl ProviderNames {
    pub fn new(provider: &CheckedProvider) -> ProviderNames {
        let module = snake_ident(&provider.id);
        let file = module.to_string().trim_start_matches("r#").to_owned();
        ProviderNames { module, file, type_name: ident(&type_name(&provider.id, TAKEN_NAMES, "Connection")) }
    }
}

/// How a field is typed in Rust.
struct FieldType {
    field: Ident,
    group: Group,
    optional: bool,
    kind: Kind,
}

enum Kind {
    Text,
    Secret,
    /// An enum type: its name, and each variant with the value it stands for.
    Choice {
        name: Ident,
        variants: Vec<(Ident, String)>,
    },
}

/// The module's source.
pub fn module(registry: &Registry, provider: &CheckedProvider, names: &ProviderNames) -> Result<TokenStream, String> {
    let definition = &provider.definition;
    let display_name = &definition.display_name;
    let connection = &names.type_name;
    let mut used = Imports::default();
    let types = field_types(provider, names);

    let module_doc = {
        let mut text = format!(
            "{}: typed connections ({} authentication).\n\nWhere to find each value: [the connect guide]({}). Provider documentation: <{}>.",
            escape_markdown(display_name),
            code(definition.auth_mode.as_str()),
            provider.docs_connect,
            definition.docs.main,
        );
        if !definition.categories.is_empty() {
            text.push_str(&format!("\n\nCategories: {}.", definition.categories.join(", ")));
        }
        text.push_str(&format!("\n\nGenerated from `{}.yaml`.", provider.id));
        inner_doc_markdown(&text)
    };

    let choice_types: Vec<TokenStream> =
        provider.fields.iter().zip(&types).filter_map(|(field, ty)| choice_type(registry, field, ty)).collect();
    let mut group_struct = |group: Group, name: &str, doc: String| {
        let struct_name = ident(name);
        let members = provider.fields.iter().zip(&types).filter(|(_, ty)| ty.group == group).map(|(field, ty)| {
            let doc = field_doc(registry, field);
            let name = &ty.field;
            let rust_type = rust_type(ty, &mut used);
            quote! { #doc pub #name: #rust_type, }
        });
        let members: Vec<TokenStream> = members.collect();
        let doc = doc_markdown(&doc);
        quote! {
            #doc
            pub struct #struct_name { #(#members)* }
        }
    };
    let name_text = escape_markdown(display_name);
    let connection_config = group_struct(
        Group::ConnectionConfig,
        "ConnectionConfig",
        if provider.connection_config().next().is_some() {
            format!("The connection config of {name_text}: values that shape requests.")
        } else {
            format!("{name_text} takes no connection config.")
        },
    );
    let credentials = group_struct(
        Group::Credentials,
        "Credentials",
        if provider.credentials().next().is_some() {
            format!("The credentials {name_text} authenticates with.")
        } else {
            format!("{name_text} takes no credentials.")
        },
    );

    let group_values = |group: Group| -> Vec<TokenStream> {
        types.iter().filter(|ty| ty.group == group).map(from_json_value).collect()
    };
    let (config_names, config_values): (Vec<&Ident>, Vec<TokenStream>) = (
        types.iter().filter(|t| t.group == Group::ConnectionConfig).map(|t| &t.field).collect(),
        group_values(Group::ConnectionConfig),
    );
    let (credential_names, credential_values): (Vec<&Ident>, Vec<TokenStream>) = (
        types.iter().filter(|t| t.group == Group::Credentials).map(|t| &t.field).collect(),
        group_values(Group::Credentials),
    );
    let field_values: Vec<TokenStream> = types.iter().map(field_value).collect();
    let field_values =
        if field_values.is_empty() { quote!(Vec::new()) } else { quote!(Vec::from([#(#field_values),*])) };
    let values_binding = if types.is_empty() { quote!(_values) } else { quote!(mut values) };

    let info = provider_info(registry, provider, &mut used)?;
    let imports = used.tokens();
    let type_doc = doc_markdown(&format!(
        "A {name_text} connection: what the user entered, validated. Build one with [`{connection}::from_json`]; use it through [`ProviderConnection`]."
    ));
    let from_json_doc = doc_markdown(&format!(
        "Reads a submission (`{{\"connection_config\": {{...}}, \"credentials\": {{...}}}}`) and validates it with the rules of `schemas/{}.json`, returning every error found.",
        provider.id
    ));
    let variant = connection;
    Ok(quote! {
        #module_doc

        #imports

        #connection_config

        #credentials

        #(#choice_types)*

        #type_doc
        pub struct #connection {
            pub connection_config: ConnectionConfig,
            pub credentials: Credentials,
        }

        impl std::fmt::Debug for #connection {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                crate::runtime::debug_connection(&PROVIDER, &self.field_values(), f)
            }
        }

        impl #connection {
            #from_json_doc
            pub fn from_json(submission: &serde_json::Value) -> Result<#connection, Vec<FieldError>> {
                let #values_binding = FieldValues::new(read_submission(PROVIDER.fields, submission)?);
                Ok(#connection {
                    connection_config: ConnectionConfig { #(#config_names: #config_values,)* },
                    credentials: Credentials { #(#credential_names: #credential_values,)* },
                })
            }
        }

        impl ProviderConnection for #connection {
            fn provider(&self) -> ProviderId {
                ProviderId::#variant
            }

            fn field_values(&self) -> Vec<Option<&str>> {
                #field_values
            }
        }

        #info
    })
}

/// The runtime items a module uses, so that it imports exactly those.
#[derive(Default)]
struct Imports(BTreeSet<&'static str>);

impl Imports {
    fn use_item(&mut self, name: &'static str) {
        self.0.insert(name);
    }

    fn tokens(&self) -> TokenStream {
        let always = ["AuthMode", "FieldError", "FieldValues", "ProviderConnection", "ProviderInfo", "RequestSpec"];
        let names: BTreeSet<&str> = always.into_iter().chain(self.0.iter().copied()).collect();
        let names = names.into_iter().map(ident);
        quote! {
            use crate::runtime::{read_submission, #(#names),*};
            use crate::ProviderId;
        }
    }
}

fn field_types(provider: &CheckedProvider, names: &ProviderNames) -> Vec<FieldType> {
    let mut taken: Vec<String> = TAKEN_NAMES.iter().map(|s| s.to_string()).collect();
    taken.push(names.type_name.to_string());
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
                    Kind::Choice { name: ident(&name), variants: variants(values) }
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
fn variants(values: &[String]) -> Vec<(Ident, String)> {
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
            (ident(&name), value.clone())
        })
        .collect()
}

fn rust_type(ty: &FieldType, used: &mut Imports) -> TokenStream {
    let inner = match &ty.kind {
        Kind::Text => quote!(String),
        Kind::Secret => {
            used.use_item("Secret");
            quote!(Secret)
        }
        Kind::Choice { name, .. } => quote!(#name),
    };
    if ty.optional {
        quote!(Option<#inner>)
    } else {
        inner
    }
}

/// The expression that takes the field's value out of `values` in `from_json`.
fn from_json_value(ty: &FieldType) -> TokenStream {
    match (&ty.kind, ty.optional) {
        (Kind::Text, false) => quote!(values.next_required()),
        (Kind::Text, true) => quote!(values.next_optional()),
        (Kind::Secret, false) => quote!(Secret::new(values.next_required())),
        (Kind::Secret, true) => quote!(values.next_optional().map(Secret::new)),
        (Kind::Choice { name, .. }, false) => quote!(values.next_choice(#name::from_wire)?),
        (Kind::Choice { name, .. }, true) => quote!(values.next_optional_choice(#name::from_wire)),
    }
}

/// The expression that reads the field's value as `Option<&str>` in `field_values`.
fn field_value(ty: &FieldType) -> TokenStream {
    let group = match ty.group {
        Group::ConnectionConfig => quote!(connection_config),
        _ => quote!(credentials),
    };
    let field = &ty.field;
    let access = quote!(self.#group.#field);
    match (&ty.kind, ty.optional) {
        (Kind::Text, false) => quote!(Some(#access.as_str())),
        (Kind::Text, true) => quote!(#access.as_deref()),
        (Kind::Secret, false) => quote!(Some(#access.expose())),
        (Kind::Secret, true) => quote!(#access.as_ref().map(Secret::expose)),
        (Kind::Choice { .. }, false) => quote!(Some(#access.as_str())),
        (Kind::Choice { name, .. }, true) => quote!(#access.map(#name::as_str)),
    }
}

/// The rustdoc of a field: its title, its description, and what a valid value looks like.
fn field_doc(registry: &Registry, checked: &CheckedField) -> TokenStream {
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
    doc_markdown(&text)
}

/// The enum type of a field with `enum` values.
fn choice_type(registry: &Registry, checked: &CheckedField, ty: &FieldType) -> Option<TokenStream> {
    let Kind::Choice { name, variants } = &ty.kind else { return None };
    let doc = doc_markdown(&format!(
        "The values of {}: {}.",
        code(&submission_path(checked)),
        escape_markdown(&registry.prose(&checked.field.title))
    ));
    let variant_docs = variants.iter().map(|(_, value)| doc_markdown(&code(value)));
    let variant_names: Vec<&Ident> = variants.iter().map(|(variant, _)| variant).collect();
    let values: Vec<proc_macro2::Literal> = variants.iter().map(|(_, value)| string(value)).collect();
    Some(quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum #name { #( #variant_docs #variant_names, )* }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(self) -> &'static str {
                match self { #( #name::#variant_names => #values, )* }
            }

            /// The choice a wire value stands for.
            pub fn from_wire(value: &str) -> Option<#name> {
                match value {
                    #( #values => Some(#name::#variant_names), )*
                    _ => None,
                }
            }
        }
    })
}

/// The path of a field as validation errors show it, such as `connection_config.subdomain`.
fn submission_path(checked: &CheckedField) -> String {
    let group = match checked.group {
        Group::ConnectionConfig => "connection_config",
        _ => "credentials",
    };
    format!("{group}.{}", checked.name)
}

/// `pub static PROVIDER: ProviderInfo`, the provider as data.
fn provider_info(registry: &Registry, provider: &CheckedProvider, used: &mut Imports) -> Result<TokenStream, String> {
    let definition = &provider.definition;
    let id = string(&provider.id);
    let display_name = string(&definition.display_name);
    let auth_mode = auth_mode(definition.auth_mode);
    let categories = definition.categories.iter().map(|c| string(c));
    let docs_url = string(&definition.docs.main);
    let connect_guide_url = string(&provider.docs_connect);
    let schema_path = format!("../../{}", super::super::json_schema::schema_path(provider));
    let fields: Vec<TokenStream> = provider.fields.iter().map(|field| field_spec(registry, field, used)).collect();
    let requests = request_spec(provider, used)?;
    let doc = doc_markdown(&format!("{}, as data.", escape_markdown(&definition.display_name)));
    Ok(quote! {
        #doc
        pub static PROVIDER: ProviderInfo = ProviderInfo {
            id: #id,
            display_name: #display_name,
            auth_mode: #auth_mode,
            categories: &[#(#categories),*],
            docs_url: #docs_url,
            connect_guide_url: #connect_guide_url,
            json_schema: include_str!(#schema_path),
            fields: &[#(#fields),*],
            requests: #requests,
        };
    })
}

fn auth_mode(mode: AuthMode) -> TokenStream {
    let variant = ident(match mode {
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
    });
    quote!(AuthMode::#variant)
}

fn group_tokens(group: Group) -> TokenStream {
    match group {
        Group::ConnectionConfig => quote!(Group::ConnectionConfig),
        _ => quote!(Group::Credentials),
    }
}

fn field_spec(registry: &Registry, checked: &CheckedField, used: &mut Imports) -> TokenStream {
    used.use_item("FieldSpec");
    used.use_item("Group");
    let field = &checked.field;
    let group = group_tokens(checked.group);
    let name = string(&checked.name);
    let title = string(&registry.prose(&field.title));
    let description = string(&registry.prose(&field.description));
    let optional = field.optional;
    let secret = field.secret;
    let option = |value: Option<TokenStream>| value.map_or_else(|| quote!(None), |v| quote!(Some(#v)));
    let pattern = option(field.pattern.as_deref().map(|p| string(p).into_token_stream()));
    let pattern_hint = option(field.pattern_hint.as_deref().map(|h| string(&registry.prose(h)).into_token_stream()));
    let format = option(field.format.map(|format| {
        used.use_item("Format");
        let variant = ident(match format {
            Format::Email => "Email",
            Format::Uri => "Uri",
            Format::Uuid => "Uuid",
            Format::Hostname => "Hostname",
        });
        quote!(Format::#variant)
    }));
    let allowed = field.allowed.iter().flatten().map(|value| string(value));
    let visible_when = option(field.visible_when.as_ref().map(|condition| {
        used.use_item("VisibleWhen");
        let other = string(&condition.field);
        let equals = string(&condition.equals);
        quote!(VisibleWhen { field: #other, equals: #equals })
    }));
    quote! {
        FieldSpec {
            group: #group,
            name: #name,
            title: #title,
            description: #description,
            optional: #optional,
            secret: #secret,
            pattern: #pattern,
            pattern_hint: #pattern_hint,
            format: #format,
            allowed: &[#(#allowed),*],
            visible_when: #visible_when,
        }
    }
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

fn request_spec(provider: &CheckedProvider, used: &mut Imports) -> Result<TokenStream, String> {
    let Some(proxy) = &provider.definition.proxy else {
        return Ok(quote!(RequestSpec { base_url: None, headers: &[], verification: None }));
    };
    let base_url = template(&proxy.base_url, Usage::Url, used)?;
    let headers = proxy
        .headers
        .iter()
        .map(|(name, value)| {
            let name = string(name);
            template(value, Usage::Header, used).map(|t| quote!((#name, #t)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let verification = match &proxy.verification {
        None => quote!(None),
        Some(verification) => {
            used.use_item("VerificationSpec");
            let method = string(verification.method.as_str());
            let base_url_override = match &verification.base_url_override {
                None => quote!(None),
                Some(url) => {
                    let t = template(url, Usage::Url, used)?;
                    quote!(Some(#t))
                }
            };
            let endpoints = verification
                .endpoints
                .iter()
                .map(|e| template(e, Usage::RelativePath, used))
                .collect::<Result<Vec<_>, _>>()?;
            quote!(Some(VerificationSpec { method: #method, base_url_override: #base_url_override, endpoints: &[#(#endpoints),*] }))
        }
    };
    Ok(quote! {
        RequestSpec { base_url: Some(#base_url), headers: &[#(#headers),*], verification: #verification }
    })
}

fn template(source: &str, usage: Usage, used: &mut Imports) -> Result<TokenStream, String> {
    let parsed =
        Template::parse(source).map_err(|TemplateError { message, .. }| format!("template `{source}`: {message}"))?;
    used.use_item("Template");
    let source_literal = string(source);
    let alternatives = parsed.alternatives.iter().map(|alternative| {
        let mut before = String::new();
        let segments: Vec<TokenStream> = alternative
            .iter()
            .map(|part| match part {
                Part::Literal(text) => {
                    before.push_str(text);
                    used.use_item("Segment");
                    let text = string(text);
                    quote!(Segment::Text(#text))
                }
                Part::Variable(variable) => {
                    used.use_item("Segment");
                    used.use_item("Place");
                    let place = ident(place(usage, &before));
                    before.push('x');
                    let name = string(&variable.name);
                    match variable.group {
                        Group::Platform => quote!(Segment::Platform { name: #name, place: Place::#place }),
                        group => {
                            used.use_item("Group");
                            let group = group_tokens(group);
                            quote!(Segment::Field { group: #group, name: #name, place: Place::#place })
                        }
                    }
                }
            })
            .collect();
        quote!(&[#(#segments),*])
    });
    Ok(quote!(Template { source: #source_literal, alternatives: &[#(#alternatives),*] }))
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
        let names: Vec<String> = variants(&values).into_iter().map(|(i, _)| i.to_string()).collect();
        assert_eq!(names, ["UsEast", "UsEast2", "P1", "Value"]);
    }
}
