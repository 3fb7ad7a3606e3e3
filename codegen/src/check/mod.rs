//! The rules a provider must follow beyond its shape, one file per concern, the way hassfest
//! has them: first on the file as written ([`check_provider`]: patterns that browsers can run,
//! examples that pass their own rules, templates that name real fields, guide references that
//! resolve), then on the lowered provider ([`check_lowered`]: Rust names that collide, URL hosts
//! that user input could move), then across the registry ([`check_registry`]). Every rule
//! reports into the file's [`FileReport`] and checking goes on, so one run lists every problem.

mod auth;
mod categories;
mod fields;
mod guide;
mod host;
mod names;
pub mod pattern;
mod pattern_help;
mod placeholders;
mod prose;
mod registry_wide;
mod settings;
mod templates;
mod usage;

use indexmap::IndexMap;

use crate::model::{Field, Provider};
use crate::read::report::FileReport;
use crate::registry::{CheckedProvider, StepAnchor};
use crate::template::{Group, Template};

pub use guide::check_site_paths;
pub use registry_wide::check_registry;
pub use settings::check_package_name;
pub use templates::unknown_variable_message;
pub use usage::unused_field_message;

/// A provider id, which is also the file's stem.
pub fn is_valid_id(id: &str) -> bool {
    // One pass over the bytes: a `-` may neither start nor end the id, nor follow another.
    let mut after_dash = true;
    for &byte in id.as_bytes() {
        match byte {
            b'-' if after_dash => return false,
            b'-' => after_dash = true,
            b'a'..=b'z' | b'0'..=b'9' => after_dash = false,
            _ => return false,
        }
    }
    !after_dash
}

fn is_valid_field_name(name: &str) -> bool {
    crate::template::is_variable_name(name)
}

/// What the raw rules found that lowering builds on.
pub struct RawFacts {
    /// Every template that parsed, with its path in the file, in file order.
    pub templates: Vec<(Vec<String>, Template)>,
    /// The guide's steps with their anchors.
    pub steps: Vec<StepAnchor>,
    /// Prose that links to a path of the docs site, by its path in the file, with the link.
    pub site_paths: Vec<(Vec<String>, String)>,
}

/// The rules on the file as written; what they found is what lowering builds on. Every
/// problem is reported, and checking goes on.
pub fn check_provider(provider: &Provider, report: &mut FileReport) -> RawFacts {
    let mut checker = ProviderChecker { provider, report, site_paths: Vec::new() };
    checker.check_placeholders();
    checker.check_auth();
    checker.check_fields(Group::ConnectionConfig, &provider.connection_config);
    checker.check_fields(Group::Credentials, &provider.credentials);
    checker.check_categories();
    let templates = checker.check_templates();
    let steps = checker.check_guide();
    checker.check_field_references(&steps);
    checker.check_usage(&templates);
    RawFacts { templates, steps, site_paths: checker.site_paths }
}

/// The rules on the lowered provider: Rust names that would collide, and values that could move
/// a URL's host.
pub fn check_lowered(provider: &CheckedProvider, report: &mut FileReport) {
    names::check_field_names(provider, report);
    ProviderChecker { provider: &provider.definition, report, site_paths: Vec::new() }
        .check_hosts(&provider.templates, &provider.fields);
}

struct ProviderChecker<'p, 'r, 'f> {
    provider: &'p Provider,
    report: &'r mut FileReport<'f>,
    /// Prose that links to a path of the docs site: where, and the first such link.
    site_paths: Vec<(Vec<String>, String)>,
}

fn group_fields(provider: &Provider, group: Group) -> &IndexMap<String, Field> {
    match group {
        Group::ConnectionConfig => &provider.connection_config,
        Group::Credentials => &provider.credentials,
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
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("a-"));
    }

    proptest::proptest! {
        #[test]
        fn ids_are_words_joined_by_single_dashes(id in "[a-z0-9-]{0,8}|[-aZ_é9]{0,6}|\\PC{0,6}") {
            let words = |id: &str| {
                !id.is_empty()
                    && id.split('-').all(|part| {
                        !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                    })
            };
            proptest::prop_assert_eq!(is_valid_id(&id), words(&id));
        }
    }
}
