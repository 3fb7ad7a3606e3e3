//! No `TODO` placeholder of `cargo xtask new` may remain.

use super::ProviderChecker;
use crate::read::report::Location;

impl ProviderChecker<'_, '_, '_> {
    /// `cargo xtask new` leaves `TODO` in every value an author must write; none may remain.
    pub(super) fn check_placeholders(&mut self) {
        /// A step of the path to a value; the path becomes strings only for a value that has a
        /// placeholder, so that walking a file allocates nothing.
        enum Step<'t> {
            Key(&'t str),
            Index(usize),
        }
        fn walk<'t>(node: &'t crate::read::yaml::Node, path: &mut Vec<Step<'t>>, found: &mut Vec<Vec<String>>) {
            match &node.value {
                crate::read::yaml::Value::String(text) if contains_placeholder(text) => found.push(
                    path.iter()
                        .map(|step| match step {
                            Step::Key(key) => key.to_string(),
                            Step::Index(index) => index.to_string(),
                        })
                        .collect(),
                ),
                crate::read::yaml::Value::Seq(items) => {
                    for (index, item) in items.iter().enumerate() {
                        path.push(Step::Index(index));
                        walk(item, path, found);
                        path.pop();
                    }
                }
                crate::read::yaml::Value::Map(entries) => {
                    for (key, value) in entries {
                        path.push(Step::Key(&key.name));
                        walk(value, path, found);
                        path.pop();
                    }
                }
                _ => {}
            }
        }
        let Some(tree) = self.report.tree else { return };
        let mut found = Vec::new();
        walk(tree, &mut Vec::new(), &mut found);
        for at in found {
            self.report.error(
                Location::Value(at),
                "a `TODO` placeholder is still here",
                Some("replace it with the provider's real value, or remove the key".into()),
            );
        }
    }
}

/// `TODO` as a word of its own (not the start of `TODOIST`).
pub(super) fn contains_placeholder(text: &str) -> bool {
    // Most values have no `T` at all, which `memchr` finds out with less setup than
    // `match_indices`; `T` is ASCII, so each offset is a character boundary.
    memchr::memchr_iter(b'T', text.as_bytes()).filter(|&index| text[index..].starts_with("TODO")).any(|index| {
        let after = text[index + 4..].chars().next();
        let before = text[..index].chars().next_back();
        !after.is_some_and(|c| c.is_ascii_alphanumeric()) && !before.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_whole_words() {
        assert!(contains_placeholder("TODO"));
        assert!(contains_placeholder("https://TODO.example.com"));
        assert!(contains_placeholder("TODO-category"));
        assert!(!contains_placeholder("TODOIST"));
        assert!(!contains_placeholder("Connect Todoist"));
    }
}
