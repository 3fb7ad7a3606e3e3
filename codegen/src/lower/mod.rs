//! Lowering: from a provider whose file passed the raw rules to the checked model of
//! [`crate::registry`], where every derived fact (field order, documentation URLs, where each
//! template value lands, Rust names, output paths) is computed once for every emitter.

pub mod names;

use std::iter::{once, once_with};
use std::path::Path;

use names::{sanitize, unique_names, Case, Scope};

use crate::check::{pattern, RawFacts};
use crate::model::{Field, GuideFlavor, Provider, Settings};
use crate::registry::{
    CheckedField, CheckedProvider, Choice, ChoiceVariant, OAuth2Templates, OutputPaths, Place, PlacedBody,
    PlacedTemplate, ProviderNames, Segment, Templates, VerificationTemplates,
};
use crate::template::{Group, Part, Template};

/// Names a provider module defines or imports, which the names chosen in it must avoid, along
/// with the prelude's.
const MODULE_RESERVED_NAMES: &[&str] = &[
    "ConnectionConfig",
    "Credentials",
    "FieldError",
    "FieldSpec",
    "FieldValues",
    "FilledBy",
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
    "TypedConnection",
    "VerificationSpec",
    "VisibleWhen",
    "AuthMode",
    "BodySpec",
    "Method",
    "ResponseRules",
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

/// The checked form of a provider.
pub fn provider(
    id: &str,
    source: &Path,
    mut provider: Provider,
    settings: &Settings,
    facts: RawFacts,
) -> CheckedProvider {
    let RawFacts { templates, steps, .. } = facts;
    let docs_connect = provider
        .docs
        .connect
        .clone()
        .unwrap_or_else(|| format!("{}/{id}/connect", settings.docs_base_url.trim_end_matches('/')));
    let mut module_scope = Scope::with_reserved(MODULE_RESERVED_NAMES);
    let rust = provider_names(id, &mut module_scope);
    let mut fields = Vec::new();
    // Each field's definition moves into its checked field rather than being copied.
    let groups = [
        (Group::ConnectionConfig, std::mem::take(&mut provider.connection_config)),
        (Group::Credentials, std::mem::take(&mut provider.credentials)),
    ];
    for (group, map) in groups {
        let mut ordered: Vec<(usize, String, Field)> =
            map.into_iter().enumerate().map(|(i, (n, f))| (i, n, f)).collect();
        // Fields with an `order` first, by it; then the rest in file order.
        ordered.sort_by_key(|(index, _, field)| (field.order.is_none(), field.order, *index));
        for (file_index, name, field) in ordered {
            let docs_url = match (&field.guide_step, &field.docs_anchor) {
                (Some(step), _) => {
                    steps.iter().find(|s| &s.id == step).map(|s| [&docs_connect, "#", &s.anchor].concat())
                }
                (None, Some(anchor)) => Some([docs_connect.as_str(), anchor].concat()),
                (None, None) => None,
            };
            let choice =
                field.allowed.as_ref().filter(|_| !field.secret).map(|values| choice(&name, values, &mut module_scope));
            // Patterns are compiled once per run: this is the one the checks compiled.
            let linear_pattern =
                field.pattern.as_deref().and_then(|p| pattern::compile(p).ok()).and_then(|p| p.linear_source.clone());
            fields.push(CheckedField {
                group,
                file_index,
                rust_name: sanitize(&name, Case::Snake, "field"),
                multiline: multiline(&field),
                name,
                field,
                docs_url,
                linear_pattern,
                choice,
            });
        }
    }
    let extension = match settings.guide_flavor {
        GuideFlavor::Gfm => "md",
        GuideFlavor::Mdx => "mdx",
    };
    // Joined rather than formatted: five paths for every provider.
    let outputs = OutputPaths {
        schema: ["schemas/", id, ".json"].concat(),
        ui_schema: ["schemas/", id, ".uischema.json"].concat(),
        guide: provider.guide.as_ref().map(|_| ["guides/", id, ".", extension].concat()),
        rust_module: ["src/providers/", rust.module.trim_start_matches("r#"), ".rs"].concat(),
        npm_module: ["npm/providers/", id, ".js"].concat(),
    };
    let mut templates = placed_templates(&provider, templates);
    templates.base_url_awaits = filled_later(templates.base_url.as_ref(), &fields);
    CheckedProvider {
        id: id.to_owned(),
        source: source.to_path_buf(),
        templates,
        definition: provider,
        fields,
        docs_connect,
        steps,
        rust,
        outputs,
    }
}

/// The fields a template names whose values are filled in after the form, by group and name, in
/// template order without repeats.
fn filled_later(template: Option<&PlacedTemplate>, fields: &[CheckedField]) -> Vec<(Group, String)> {
    let mut later: Vec<(Group, String)> = Vec::new();
    for (variable, _) in template.into_iter().flat_map(PlacedTemplate::variables) {
        let Some(group) = variable.group() else { continue };
        let named = |field: &CheckedField| field.group == group && field.name == variable.name;
        let seen = later.iter().any(|(g, name)| *g == group && *name == variable.name);
        if !seen && fields.iter().any(|field| named(field) && !field.submitted()) {
            later.push((group, variable.name.clone()));
        }
    }
    later
}

/// Whether a field's value spans several lines: as the file says, or as its example shows.
fn multiline(field: &Field) -> bool {
    field.multiline || field.example.as_deref().is_some_and(|example| example.contains('\n'))
}

/// The Rust names of a provider: each depends on its id alone, so that adding a provider never
/// renames another's. The connection type is claimed first in the module's scope.
fn provider_names(id: &str, module_scope: &mut Scope) -> ProviderNames {
    let variant = sanitize(id, Case::UpperCamel, "Provider");
    let connection = module_scope.claim(once(variant.clone()).chain(once_with(|| format!("{variant}Connection"))));
    ProviderNames { module: sanitize(id, Case::Snake, "provider"), variant, connection }
}

/// The enum of a field's values: a type named after the field, a variant per value.
fn choice(field_name: &str, values: &[String], scope: &mut Scope) -> Choice {
    let base = sanitize(field_name, Case::UpperCamel, "Value");
    let type_name = scope.claim(once(base.clone()).chain(once_with(|| format!("{base}Value"))));
    let variants = unique_names(values, Case::UpperCamel, "Value")
        .into_iter()
        .zip(values)
        .map(|(name, value)| ChoiceVariant { name, value: value.clone() })
        .collect();
    Choice { type_name, variants }
}

/// Where a template is used, which decides where each of its values lands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Usage {
    /// An absolute URL: a base URL, an OAuth 2 endpoint.
    Url,
    /// A path relative to the base URL: a verification endpoint.
    RelativePath,
    Header,
    /// The value of a query parameter.
    QueryParameter,
    /// A request parameter's value, encoded with the whole parameter.
    Body,
    /// A string of a JSON body.
    Json,
}

/// The provider's templates placed where they are used; each parsed template is moved into its
/// place rather than copied.
fn placed_templates(provider: &Provider, mut parsed: Vec<(Vec<String>, Template)>) -> Templates {
    let mut templates = Templates::default();
    let parsed = &mut parsed;
    if let Some(proxy) = &provider.proxy {
        templates.base_url = take(parsed, &["proxy", "base_url"], Usage::Url);
        templates.headers = proxy
            .headers
            .keys()
            .filter_map(|name| Some((name.clone(), take(parsed, &["proxy", "headers", name], Usage::Header)?)))
            .collect();
        templates.query = proxy
            .query
            .keys()
            .filter_map(|name| Some((name.clone(), take(parsed, &["proxy", "query", name], Usage::QueryParameter)?)))
            .collect();
        templates.verification = proxy.verification.as_ref().map(|verification| VerificationTemplates {
            base_url_override: take(parsed, &["proxy", "verification", "base_url_override"], Usage::Url),
            endpoints: (0..verification.endpoints.len())
                .filter_map(|index| {
                    take(parsed, &["proxy", "verification", "endpoints", &index.to_string()], Usage::RelativePath)
                })
                .collect(),
            headers: verification
                .headers
                .keys()
                .filter_map(|name| {
                    Some((name.clone(), take(parsed, &["proxy", "verification", "headers", name], Usage::Header)?))
                })
                .collect(),
            body: verification.body.as_ref().map(|body| match &body.json {
                Some(document) => {
                    let mut segments = Vec::new();
                    json_segments(&path(&["proxy", "verification", "body", "json"]), document, parsed, &mut segments);
                    PlacedBody::Json(PlacedTemplate { source: document.to_string(), alternatives: vec![segments] })
                }
                None => PlacedBody::Form(
                    body.form
                        .keys()
                        .filter_map(|name| {
                            let at = ["proxy", "verification", "body", "form", name];
                            Some((name.clone(), take(parsed, &at, Usage::Body)?))
                        })
                        .collect(),
                ),
            }),
        });
    }
    if let Some(oauth) = &provider.oauth2 {
        let mut params = |key: &str, names: &mut dyn Iterator<Item = &String>, usage: Usage| {
            names.filter_map(|name| Some((name.clone(), take(parsed, &["oauth2", key, name], usage)?))).collect()
        };
        templates.oauth2 = Some(OAuth2Templates {
            authorization_params: params("authorization_params", &mut oauth.authorization_params.keys(), Usage::Body),
            token_params: params("token_params", &mut oauth.token_params.keys(), Usage::Body),
            refresh_params: params("refresh_params", &mut oauth.refresh_params.keys(), Usage::Body),
            token_headers: params("token_headers", &mut oauth.token_headers.keys(), Usage::Header),
            authorization_url: take(parsed, &["oauth2", "authorization_url"], Usage::Url),
            token_url: take(parsed, &["oauth2", "token_url"], Usage::Url),
            refresh_url: take(parsed, &["oauth2", "refresh_url"], Usage::Url),
        });
    }
    templates
}

fn path(keys: &[&str]) -> Vec<String> {
    keys.iter().map(|key| key.to_string()).collect()
}

/// The template parsed at `keys`, taken out of `parsed` and placed for `usage`.
fn take(parsed: &mut Vec<(Vec<String>, Template)>, keys: &[&str], usage: Usage) -> Option<PlacedTemplate> {
    take_parsed(parsed, keys).map(|template| placed(template, usage))
}

/// The template parsed at `keys`, taken out of `parsed`. A provider has a handful of templates:
/// scanning them compares paths without building the one looked for.
fn take_parsed<K: AsRef<str>>(parsed: &mut Vec<(Vec<String>, Template)>, keys: &[K]) -> Option<Template> {
    let at_keys = |at: &[String]| at.len() == keys.len() && at.iter().zip(keys).all(|(a, k)| a == k.as_ref());
    let index = parsed.iter().position(|(at, _)| at_keys(at))?;
    Some(parsed.swap_remove(index).1)
}

/// The segments of a JSON document whose strings are templates (each with one alternative, as
/// validation requires), appended to `out`: JSON's own text around values placed in strings.
fn json_segments(
    at: &[String],
    value: &serde_json::Value,
    parsed: &mut Vec<(Vec<String>, Template)>,
    out: &mut Vec<Segment>,
) {
    let child = |key: &str| [at, &[key.to_owned()]].concat();
    match value {
        serde_json::Value::String(_) => {
            let Some(template) = take_parsed(parsed, at) else {
                json_text(out, &value.to_string());
                return;
            };
            json_text(out, "\"");
            for segment in placed(template, Usage::Json).alternatives.into_iter().next().unwrap_or_default() {
                match segment {
                    Segment::Text(literal) => {
                        let quoted = serde_json::Value::String(literal).to_string();
                        json_text(out, &quoted[1..quoted.len() - 1]);
                    }
                    value => out.push(value),
                }
            }
            json_text(out, "\"");
        }
        serde_json::Value::Array(items) => {
            json_text(out, "[");
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    json_text(out, ",");
                }
                json_segments(&child(&index.to_string()), item, parsed, out);
            }
            json_text(out, "]");
        }
        serde_json::Value::Object(members) => {
            json_text(out, "{");
            for (index, (key, member)) in members.iter().enumerate() {
                if index > 0 {
                    json_text(out, ",");
                }
                json_text(out, &format!("{}:", serde_json::Value::String(key.clone())));
                json_segments(&child(key), member, parsed, out);
            }
            json_text(out, "}");
        }
        scalar => json_text(out, &scalar.to_string()),
    }
}

/// Appends literal text to `out`, joining it to literal text before it.
fn json_text(out: &mut Vec<Segment>, text: &str) {
    match out.last_mut() {
        Some(Segment::Text(last)) => last.push_str(text),
        _ => out.push(Segment::Text(text.to_owned())),
    }
}

fn placed(template: Template, usage: Usage) -> PlacedTemplate {
    let alternatives = template
        .alternatives
        .into_iter()
        .map(|alternative| {
            let mut before = String::new();
            alternative
                .into_iter()
                .map(|part| match part {
                    Part::Literal(text) => {
                        before.push_str(&text);
                        Segment::Text(text)
                    }
                    Part::Variable(variable) => {
                        let place = place(usage, &before);
                        // A value stands in the text as one character that ends no part of a URL.
                        before.push('x');
                        Segment::Value { variable, place }
                    }
                    Part::Base64(parts) => {
                        let place = place(usage, &before);
                        before.push('x');
                        let encoded = parts
                            .into_iter()
                            .map(|part| match part {
                                Part::Variable(variable) => Segment::Value { variable, place: Place::Base64Input },
                                Part::Literal(text) => Segment::Text(text),
                                // The parser refuses a function inside a function.
                                Part::Base64(_) => Segment::Text(String::new()),
                            })
                            .collect();
                        Segment::Base64 { segments: encoded, place }
                    }
                })
                .collect()
        })
        .collect();
    PlacedTemplate { source: template.source, alternatives }
}

/// Where a value lands, given the template's text before it.
fn place(usage: Usage, before: &str) -> Place {
    let in_query = |text: &str| text.contains(['?', '#']);
    match usage {
        Usage::Header => Place::Header,
        Usage::QueryParameter => Place::Query,
        Usage::Body => Place::Body,
        Usage::Json => Place::Json,
        Usage::RelativePath if in_query(before) => Place::Query,
        Usage::RelativePath => Place::Path,
        Usage::Url => match before.split_once("://") {
            Some((_, authority)) if !authority.contains(['/', '?', '#']) => Place::Host,
            Some((_, rest)) if in_query(rest) => Place::Query,
            Some(_) => Place::Path,
            None if in_query(before) => Place::Query,
            None if before.contains('/') => Place::Path,
            None => Place::Origin,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_follow_the_url_structure() {
        assert_eq!(place(Usage::Url, "https://"), Place::Host);
        assert_eq!(place(Usage::Url, "https://x.io:"), Place::Host);
        assert_eq!(place(Usage::Url, "https://x.io/api/"), Place::Path);
        assert_eq!(place(Usage::Url, "https://x.io/api?key="), Place::Query);
        assert_eq!(place(Usage::Url, ""), Place::Origin);
        assert_eq!(place(Usage::Url, "x/api/"), Place::Path);
        assert_eq!(place(Usage::RelativePath, "/users/"), Place::Path);
        assert_eq!(place(Usage::RelativePath, "/users?id="), Place::Query);
        assert_eq!(place(Usage::Header, "Bearer "), Place::Header);
        assert_eq!(place(Usage::Body, "https://"), Place::Body);
    }

    #[test]
    fn provider_names_depend_on_the_id_alone() {
        let names = |id: &str| {
            let n = provider_names(id, &mut Scope::with_reserved(MODULE_RESERVED_NAMES));
            (n.module, n.variant, n.connection)
        };
        assert_eq!(names("kandji"), ("kandji".into(), "Kandji".into(), "Kandji".into()));
        assert_eq!(names("secret"), ("secret".into(), "Secret".into(), "SecretConnection".into()));
        assert_eq!(
            names("secret-connection"),
            ("secret_connection".into(), "SecretConnection".into(), "SecretConnection".into())
        );
        assert_eq!(names("self"), ("self_".into(), "SelfValue".into(), "SelfValue".into()));
        assert_eq!(names("type"), ("r#type".into(), "Type".into(), "Type".into()));
        assert_eq!(names("1password"), ("_1password".into(), "P1password".into(), "P1password".into()));
    }
}
