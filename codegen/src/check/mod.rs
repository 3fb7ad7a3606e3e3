//! The rules a provider must follow beyond its shape: patterns that browsers can run, examples
//! that pass their own rules, templates that name real fields, URL hosts that user input cannot
//! move, guide references that resolve. Every rule reports into the file's [`FileReport`] and
//! checking goes on, so one run lists every problem.

mod auth;
mod categories;
mod fields;
mod guide;
mod host;
pub mod pattern;
mod placeholders;
mod prose;
mod registry_wide;
mod templates;
mod usage;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;

use crate::diagnostics::FileReport;
use crate::model::{Field, Provider, Settings};
use crate::path;
use crate::registry::{CheckedField, CheckedProvider};
use crate::template::Group;

pub use registry_wide::check_registry;

/// A provider id, which is also the file's stem.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

fn is_valid_field_name(name: &str) -> bool {
    crate::template::is_variable_name(name)
}

/// Checks one provider and builds its checked form. Returns `None` when an error makes the
/// checked form meaningless; other errors are reported and the caller refuses to generate.
pub fn check_provider(
    id: &str,
    source: &Path,
    provider: Provider,
    settings: &Settings,
    report: &mut FileReport,
) -> Option<CheckedProvider> {
    let mut checker = ProviderChecker { provider: &provider, report, patterns: HashMap::new() };
    checker.check_placeholders();
    checker.check_auth();
    checker.check_fields(Group::ConnectionConfig, &provider.connection_config);
    checker.check_fields(Group::Credentials, &provider.credentials);
    checker.check_categories();
    let templates = checker.check_templates();
    let steps = checker.check_guide();
    checker.check_field_references(&steps);
    checker.check_usage(&templates);

    let docs_connect = provider
        .docs
        .connect
        .clone()
        .unwrap_or_else(|| format!("{}/{id}/connect", settings.docs_base_url.trim_end_matches('/')));
    let mut fields = Vec::new();
    for (group, map) in
        [(Group::ConnectionConfig, &provider.connection_config), (Group::Credentials, &provider.credentials)]
    {
        let mut ordered: Vec<(usize, &String, &Field)> = map.iter().enumerate().map(|(i, (n, f))| (i, n, f)).collect();
        // Fields with an `order` first, by it; then the rest in file order.
        ordered.sort_by_key(|(index, _, field)| (field.order.is_none(), field.order, *index));
        for (_, name, field) in ordered {
            let docs_url = match (&field.guide_step, &field.docs_anchor) {
                (Some(step), _) => steps.iter().find(|s| &s.id == step).map(|s| format!("{docs_connect}#{}", s.anchor)),
                (None, Some(anchor)) => Some(format!("{docs_connect}{anchor}")),
                (None, None) => None,
            };
            let linear_pattern =
                field.pattern.as_deref().and_then(|p| pattern::compile(p).ok()).and_then(|p| p.linear_source.clone());
            fields.push(CheckedField { group, name: name.clone(), field: field.clone(), docs_url, linear_pattern });
        }
    }
    let base_url = templates.get(&path!["proxy", "base_url"]).cloned();
    let headers = provider
        .proxy
        .iter()
        .flat_map(|p| p.headers.keys())
        .filter_map(|name| Some((name.clone(), templates.get(&path!["proxy", "headers", name])?.clone())))
        .collect();
    Some(CheckedProvider {
        id: id.to_owned(),
        source: source.to_path_buf(),
        definition: provider,
        fields,
        docs_connect,
        steps,
        base_url,
        headers,
    })
}

struct ProviderChecker<'p, 'r, 'f> {
    provider: &'p Provider,
    report: &'r mut FileReport<'f>,
    /// Compiled patterns of the fields, by path, for the host check.
    patterns: HashMap<(Group, String), Arc<pattern::Pattern>>,
}

fn group_fields(provider: &Provider, group: Group) -> Option<&IndexMap<String, Field>> {
    match group {
        Group::ConnectionConfig => Some(&provider.connection_config),
        Group::Credentials => Some(&provider.credentials),
        Group::Platform => None,
    }
}

fn group_section(group: Group) -> &'static str {
    match group {
        Group::ConnectionConfig => "connection_config",
        Group::Credentials | Group::Platform => "credentials",
    }
}

fn group_section_of(template_group: &str) -> &'static str {
    if template_group == "credentials" {
        "credentials"
    } else {
        "connection_config"
    }
}

fn quoted_list<S: AsRef<str>>(values: &[S]) -> String {
    values.iter().map(|v| format!("`{}`", v.as_ref())).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_words_joined_by_dashes() {
        assert!(is_valid_id("kandji"));
        assert!(is_valid_id("1password-events"));
        assert!(!is_valid_id("Kandji"));
        assert!(!is_valid_id("a--b"));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id("a_b"));
    }
}
