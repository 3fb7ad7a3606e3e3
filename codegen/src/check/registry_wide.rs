//! Checks that span the whole registry: the Rust names of two providers must differ.

use std::collections::HashMap;

use crate::registry::CheckedProvider;

/// The providers whose `ProviderId` variant or module another provider already has, each with
/// the problem; the names judged are the crate's own.
pub fn check_registry(providers: &[CheckedProvider]) -> Vec<(usize, String)> {
    let mut variants: HashMap<&str, &str> = HashMap::new();
    let mut modules: HashMap<&str, &str> = HashMap::new();
    let mut problems = Vec::new();
    for (index, provider) in providers.iter().enumerate() {
        let names = &provider.rust;
        let id = provider.id.as_str();
        if let Some(other) = variants.insert(&names.variant, id) {
            problems.push((
                index,
                format!("provider ids `{other}` and `{id}` both become `ProviderId::{}` in Rust", names.variant),
            ));
        } else if let Some(other) = modules.insert(&names.module, id) {
            problems.push((
                index,
                format!("provider ids `{other}` and `{id}` both become the module `{}` in Rust", names.module),
            ));
        }
    }
    problems
}
