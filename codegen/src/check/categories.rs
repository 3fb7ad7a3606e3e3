//! Categories: lowercase words, each listed once.

use std::collections::BTreeSet;

use super::placeholders::contains_placeholder;
use super::{is_valid_id, ProviderChecker};
use crate::path;
use crate::read::report::Location;

impl ProviderChecker<'_, '_, '_> {
    pub(super) fn check_categories(&mut self) {
        let mut seen = BTreeSet::new();
        for (index, category) in self.provider.categories.iter().enumerate() {
            if !is_valid_id(category) && !contains_placeholder(category) {
                self.report.error(
                    Location::Value(path!["categories", index]),
                    format!("category `{category}` is not a lowercase word"),
                    Some("use lowercase letters, digits and `-`, such as `productivity`".into()),
                );
            }
            if !seen.insert(category) {
                self.report.error(
                    Location::Value(path!["categories", index]),
                    format!("category `{category}` is listed twice"),
                    None,
                );
            }
        }
    }
}
