//! Checks that span the whole registry.

use std::collections::HashMap;

use crate::registry::CheckedProvider;

/// Checks that span the whole registry: ids that collide once converted to Rust names.
pub fn check_registry(providers: &[CheckedProvider]) -> Vec<(usize, String)> {
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut problems = Vec::new();
    for (index, provider) in providers.iter().enumerate() {
        let rust = crate::lower::names::upper_camel_case(&provider.id);
        if let Some(other) = seen.insert(rust.clone(), &provider.id) {
            problems
                .push((index, format!("provider ids `{other}` and `{}` both become `{rust}` in Rust", provider.id)));
        }
    }
    problems
}
