//! Rust names: two fields of a group must not get the same struct field. The names judged are
//! the ones the crate will have, chosen once by [`crate::lower::names`].

use crate::path;
use crate::read::report::{FileReport, Location};
use crate::registry::{CheckedField, CheckedProvider};
use crate::template::Group;

pub(super) fn check_field_names(provider: &CheckedProvider, report: &mut FileReport) {
    for group in Group::ALL {
        // In file order, so that the second of two fields is the one reported.
        let mut fields: Vec<&CheckedField> = provider.fields.iter().filter(|f| f.group == group).collect();
        fields.sort_by_key(|f| f.file_index);
        for (index, checked) in fields.iter().enumerate() {
            // A group has a handful of fields: the one before with the same name is found by a scan.
            let Some(other) = fields[..index].iter().rev().find(|f| f.rust_name == checked.rust_name) else {
                continue;
            };
            let (other, name) = (&other.name, &checked.name);
            report.error(
                Location::Key(path![group.section(), name]),
                format!("fields `{other}` and `{name}` both become `{}` in Rust", checked.rust_name),
                Some("rename one of them: names that differ only in case or punctuation are one name in Rust".into()),
            );
        }
    }
}
