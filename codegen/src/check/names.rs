//! Rust names: two fields of a group must not get the same struct field. The names judged are
//! the ones the crate will have, chosen once by [`crate::lower::names`].

use std::collections::HashMap;

use crate::path;
use crate::read::report::{FileReport, Location};
use crate::registry::CheckedProvider;
use crate::template::Group;

pub(super) fn check_field_names(provider: &CheckedProvider, report: &mut FileReport) {
    for group in Group::ALL {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        // In file order, so that the second of two fields is the one reported.
        let fields = match group {
            Group::ConnectionConfig => &provider.definition.connection_config,
            Group::Credentials => &provider.definition.credentials,
        };
        for name in fields.keys() {
            let Some(checked) = provider.fields.iter().find(|f| f.group == group && &f.name == name) else {
                continue;
            };
            if let Some(other) = seen.insert(&checked.rust_name, name) {
                report.error(
                    Location::Key(path![group.section(), name]),
                    format!("fields `{other}` and `{name}` both become `{}` in Rust", checked.rust_name),
                    Some(
                        "rename one of them: names that differ only in case or punctuation are one name in Rust".into(),
                    ),
                );
            }
        }
    }
}
