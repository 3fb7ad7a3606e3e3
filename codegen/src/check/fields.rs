//! Fields and their values: names, texts, patterns, formats, enum values, examples, defaults,
//! conditions and anchors.

use std::collections::BTreeSet;
use std::sync::Arc;

use indexmap::IndexMap;

use super::pattern::{self, Backtracking, PatternError};
use super::{is_valid_field_name, is_valid_id, quoted_list, ProviderChecker};
use crate::diagnostics::did_you_mean;
use crate::formats::FormatCheck;
use crate::model::{Field, Format};
use crate::path;
use crate::read::report::Location;
use crate::template::Group;

impl ProviderChecker<'_, '_, '_> {
    pub(super) fn check_fields(&mut self, group: Group, fields: &IndexMap<String, Field>) {
        let section = group.section();
        for (name, field) in fields {
            let at = |key: &str| path![section, name, key];
            if !is_valid_field_name(name) {
                self.report.error(
                    Location::Key(path![section, name]),
                    format!("field name `{name}` is not an identifier"),
                    Some("use letters, digits, `_`, `-` and `.`, starting with a letter, such as `apiKey`".into()),
                );
            }
            // A field the user never sees needs no words.
            for (key, text) in [("title", &field.title), ("description", &field.description)] {
                if !field.is_user_entered() || !text.trim().is_empty() {
                    continue;
                }
                match self.report.tree.is_none_or(|tree| tree.at(&at(key)).is_some()) {
                    true => self.report.error(Location::Value(at(key)), format!("`{key}` is empty"), None),
                    false => self.report.error(
                        Location::Key(path![section, name]),
                        format!("missing `{key}` in `{section}.{name}`, which the user sees in the form"),
                        Some(format!("add `{key}:` here")),
                    ),
                }
            }
            self.check_source_key(section, name, field);
            self.check_prose_fields(&[section, name], field);
            let compiled = field.pattern.as_deref().and_then(|p| self.check_pattern(&|| at("pattern"), p));
            let format = field.format.map(FormatCheck::new);
            if let Some(values) = &field.allowed {
                if values.is_empty() {
                    self.report.error(
                        Location::Value(at("enum")),
                        "`enum` lists no values",
                        Some("list the allowed values, or remove `enum`".into()),
                    );
                }
                let mut seen = BTreeSet::new();
                for (index, value) in values.iter().enumerate() {
                    let path = || path![section, name, "enum", index];
                    if !seen.insert(value) {
                        self.report.error(Location::Value(path()), format!("`{value}` is listed twice"), None);
                    }
                    self.check_value(
                        &path,
                        "enum value",
                        value,
                        false,
                        compiled.as_deref(),
                        field.format,
                        format.as_ref(),
                        None,
                    );
                }
            }
            if let Some(example) = &field.example {
                self.check_value(
                    &|| at("example"),
                    "example",
                    example,
                    field.example_masked,
                    compiled.as_deref(),
                    field.format,
                    format.as_ref(),
                    field.allowed.as_deref(),
                );
            } else if field.example_masked {
                self.report.error(
                    Location::Key(at("example_masked")),
                    "`example_masked` is set but there is no `example`",
                    None,
                );
            }
            // The user cannot leave a field empty; a value they never see may be empty, such
            // as the password of a Basic auth that sends an API key as its username.
            if field.default.as_deref() == Some("") && field.is_user_entered() {
                self.report.error(
                    Location::Value(at("default")),
                    "the default is empty, but no field accepts an empty value",
                    Some("to let the value be left out, remove `default` and set `optional: true`".into()),
                );
            }
            // An empty default the user would see is reported above; one they never see must
            // still pass the pattern, format and enum, which judge the empty string too.
            if let Some(default) = field.default.as_ref().filter(|d| !d.is_empty() || !field.is_user_entered()) {
                self.check_value(
                    &|| at("default"),
                    "default",
                    default,
                    false,
                    compiled.as_deref(),
                    field.format,
                    format.as_ref(),
                    field.allowed.as_deref(),
                );
            }
            if let Some(condition) = &field.visible_when {
                let target = fields.get(&condition.field);
                match target {
                    None => {
                        let help = did_you_mean(&condition.field, fields.keys().map(String::as_str))
                            .map(|s| format!("did you mean `{s}`?"));
                        self.report.error(
                            Location::Value(path![section, name, "visible_when", "field"]),
                            format!("`visible_when` names `{}`, which is not a field of `{section}`", condition.field),
                            help,
                        );
                    }
                    Some(_) if &condition.field == name => self.report.error(
                        Location::Value(path![section, name, "visible_when", "field"]),
                        "a field cannot depend on itself",
                        None,
                    ),
                    Some(other) => {
                        if let Some(values) = other.allowed.as_ref().filter(|v| !v.contains(&condition.equals)) {
                            self.report.error(
                                Location::Value(path![section, name, "visible_when", "equals"]),
                                format!(
                                    "`{}` can never equal `{}`: its values are {}",
                                    condition.field,
                                    condition.equals,
                                    quoted_list(values)
                                ),
                                None,
                            );
                        }
                    }
                }
            }
            if let Some(anchor) = &field.docs_anchor {
                if !anchor.starts_with('#') || !is_valid_id(&anchor[1..]) {
                    self.report.error(
                        Location::Value(at("docs_anchor")),
                        format!("`{anchor}` is not an anchor"),
                        Some(
                            "write `#` then lowercase letters, digits and `-`, such as `#step-1-find-your-key`".into(),
                        ),
                    );
                }
            }
        }
    }

    /// `from` names where a value filled in by the OAuth flow or the integration comes from; it
    /// means nothing for a value the user or the platform provides.
    fn check_source_key(&mut self, section: &str, name: &str, field: &Field) {
        let Some(from) = &field.from else {
            return;
        };
        if !field.filled_by.has_source_key() {
            self.report.error(
                Location::Key(path![section, name, "from"]),
                format!(
                    "`from` names where a value comes from, but `{name}` is filled by {}",
                    field.filled_by.as_str()
                ),
                Some("set `filled_by:` to `token_response`, `redirect` or `integration`, or remove `from`".into()),
            );
        } else if !is_valid_field_name(from) {
            self.report.error(
                Location::Value(path![section, name, "from"]),
                format!("`from: {from}` is not a key"),
                Some("write letters, digits, `_`, `-` and `.` (for a nested key), such as `instance_url`".into()),
            );
        }
    }

    /// Compiles a pattern, reporting why a browser or the back end could not run it the same way.
    pub(super) fn check_pattern(
        &mut self,
        at: &dyn Fn() -> Vec<String>,
        source: &str,
    ) -> Option<Arc<pattern::Pattern>> {
        match pattern::compile(source) {
            Ok(compiled) => {
                match &compiled.backtracking {
                    Backtracking::Polynomial => {}
                    Backtracking::Exponential { rewrite } => self.report.error(
                        Location::Value(at()),
                        format!(
                            "pattern `{source}` can take exponential time: a repetition in it can match the same \
                             text in more than one way, and a backtracking engine, the browser's included, tries \
                             every way before it refuses a value that almost matches"
                        ),
                        Some(match rewrite {
                            Some(rewrite) => format!("write `{rewrite}`, which accepts the same values"),
                            None => "make each repetition start with what the one before cannot continue with, \
                                     such as `[a-z]+(\\.[a-z]+)*` rather than `([a-z]+\\.?)*`"
                                .into(),
                        }),
                    ),
                    Backtracking::Undecided => self.report.error(
                        Location::Value(at()),
                        format!("pattern `{source}` is too large to show that it runs in reasonable time"),
                        Some("use fewer or smaller counted repetitions such as `{1,1000}`".into()),
                    ),
                }
                Some(compiled)
            }
            Err(PatternError::Syntax(reason)) => {
                self.report.error(
                    Location::Value(at()),
                    format!("pattern `{source}` is not a valid regular expression: {reason}"),
                    Some(super::pattern_help::syntax_help(source, &reason)),
                );
                None
            }
            Err(PatternError::EngineDependent(reason)) => {
                self.report.error(
                    Location::Value(at()),
                    format!(
                        "pattern `{source}` cannot be evaluated identically in the browser and the back end: {reason}"
                    ),
                    Some("list the characters explicitly, such as `[a-zA-Z]`".into()),
                );
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn check_value(
        &mut self,
        at: &dyn Fn() -> Vec<String>,
        what: &str,
        value: &str,
        masked: bool,
        pattern: Option<&pattern::Pattern>,
        format: Option<Format>,
        format_check: Option<&FormatCheck>,
        allowed: Option<&[String]>,
    ) {
        if let Some(pattern) = pattern {
            let fits = if masked { pattern.accepts_masked(value) } else { pattern.accepts(value) };
            if !fits {
                let source = &pattern.source;
                let help = if !masked && pattern::looks_masked(value) {
                    "if the example hides characters behind a mask such as `*`, set `example_masked: true`".to_string()
                } else {
                    format!("change the {what} or the pattern so that they agree")
                };
                let shown = if masked { format!("masked {what}") } else { what.to_string() };
                self.report.error(
                    Location::Value(at()),
                    format!("{shown} `{value}` does not match the pattern `{source}`"),
                    Some(help),
                );
            }
        }
        if let (Some(format), Some(check)) = (format, format_check) {
            // A masked value is checked on what it shows: some filling of its mask must pass.
            let fits = if masked {
                pattern::MASK_FILLERS.chars().any(|filler| check.accepts(&pattern::fill_mask(value, filler)))
            } else {
                check.accepts(value)
            };
            if !fits {
                let shown = if masked { format!("masked {what}") } else { what.to_string() };
                self.report.error(
                    Location::Value(at()),
                    format!("{shown} `{value}` is not a valid `{}`", format.as_str()),
                    None,
                );
            }
        }
        if let Some(allowed) = allowed {
            if !allowed.iter().any(|a| a == value) {
                self.report.error(
                    Location::Value(at()),
                    format!("{what} `{value}` is not one of the `enum` values {}", quoted_list(allowed)),
                    did_you_mean(value, allowed.iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?")),
                );
            }
        }
    }
}
