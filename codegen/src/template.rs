//! The URL and header template language.
//!
//! ```text
//! template    := alternative ( " || " alternative )*
//! alternative := ( literal | "${" variable "}" | "${base64(" encoded ")}" )*
//! encoded     := ( literal | "${" variable "}" )*
//! variable    := ( "connectionConfig." | "credentials." )? name
//! name        := [A-Za-z_][A-Za-z0-9_]*
//! ```
//!
//! `${base64(...)}` stands for its text, variables substituted, in standard Base64 (with
//! padding): `Basic ${base64(${username}:${password})}`.
//!
//! A bare `${name}` is short for `${credentials.name}` (`${apiKey}`), except for the values the
//! platform itself provides at run time ([`PLATFORM_VARIABLES`]). When rendering, the first
//! alternative whose variables all have a value is used.

use std::fmt;

/// Variables the platform fills at run time rather than the user; a bare `${name}` with one of
/// these names refers to them.
pub const PLATFORM_VARIABLES: &[&str] = &["accessToken", "refreshToken", "refresh_token", "random", "now"];

/// Field and variable names: letters, digits, `_`, `-` and `.` (for nested values such as
/// `installation.uuid`), starting with a letter or `_`.
pub fn is_variable_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !name.ends_with(['.', '-'])
}

/// The two groups of fields a provider defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    ConnectionConfig,
    Credentials,
}

impl Group {
    /// Both groups, in form order.
    pub const ALL: [Group; 2] = [Group::ConnectionConfig, Group::Credentials];

    /// The group's name in templates and form paths: `connectionConfig` or `credentials`.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::ConnectionConfig => "connectionConfig",
            Group::Credentials => "credentials",
        }
    }

    /// The group's section in provider files and its key in submissions: `connection_config` or
    /// `credentials`.
    pub fn section(self) -> &'static str {
        match self {
            Group::ConnectionConfig => "connection_config",
            Group::Credentials => "credentials",
        }
    }
}

/// What a template variable refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A field of the provider.
    Field(Group),
    /// A value the platform provides at run time (see [`PLATFORM_VARIABLES`]).
    Platform,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variable {
    pub source: Source,
    pub name: String,
    /// Byte offset of the `$` in the template text.
    pub offset: usize,
}

impl Variable {
    /// The variable as `template`, the text it was parsed from, writes it: `${apiKey}` for a
    /// credential named without its group.
    pub fn as_written<'t>(&self, template: &'t str) -> &'t str {
        let rest = template.get(self.offset..).unwrap_or_default();
        rest.find('}').map_or(rest, |end| &rest[..=end])
    }

    /// The group of the field the variable names; `None` for a platform value.
    pub fn group(&self) -> Option<Group> {
        match self.source {
            Source::Field(group) => Some(group),
            Source::Platform => None,
        }
    }
}

impl fmt::Display for Variable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.source {
            Source::Platform => write!(f, "${{{}}}", self.name),
            Source::Field(group) => write!(f, "${{{}.{}}}", group.as_str(), self.name),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Literal(String),
    Variable(Variable),
    /// `${base64(...)}`: the parts' text in Base64.
    Base64(Vec<Part>),
}

/// A parsed template: alternatives, each a sequence of parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// The template as written.
    pub source: String,
    pub alternatives: Vec<Vec<Part>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte offset in the template text.
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Template {
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let mut alternatives = Vec::new();
        let mut start = 0;
        while let Some(separator) = find_separator(&text[start..]) {
            alternatives.push(parse_alternative(&text[start..start + separator], start)?);
            start += separator + SEPARATOR.len();
        }
        alternatives.push(parse_alternative(&text[start..], start)?);
        Ok(Template { source: text.to_owned(), alternatives })
    }

    /// Every variable, in text order, those inside `${base64(...)}` included.
    pub fn variables(&self) -> impl Iterator<Item = &Variable> {
        // A part is a variable, or a function whose parts are: chained without collecting each.
        self.alternatives.iter().flatten().flat_map(|part| {
            let (variable, inner) = match part {
                Part::Variable(v) => (Some(v), &[][..]),
                Part::Literal(_) => (None, &[][..]),
                Part::Base64(parts) => (None, &parts[..]),
            };
            variable.into_iter().chain(inner.iter().filter_map(|part| match part {
                Part::Variable(v) => Some(v),
                _ => None,
            }))
        })
    }
}

/// What separates alternatives.
const SEPARATOR: &str = " || ";

/// The opening of the one template function.
const BASE64_OPEN: &str = "${base64(";

// The two searches below look for one character (with `memchr`) and check around it: templates
// are short, and setting up a substring searcher for each costs more than the search.

/// Where the first [`SEPARATOR`] in `text` starts, as `text.find(SEPARATOR)`.
fn find_separator(text: &str) -> Option<usize> {
    let mut bars = text.match_indices('|').map(|(index, _)| index);
    bars.find(|&bar| text[..bar].ends_with(' ') && text[bar..].starts_with("|| ")).map(|bar| bar - 1)
}

/// Where the first `${` in `text` starts, as `text.find("${")`.
fn find_opening(text: &str) -> Option<usize> {
    text.match_indices('$').map(|(index, _)| index).find(|&dollar| text[dollar + 1..].starts_with('{'))
}

fn parse_alternative(text: &str, base: usize) -> Result<Vec<Part>, TemplateError> {
    let mut parts = Vec::new();
    let mut rest = text;
    let mut consumed = 0;
    while let Some(dollar) = find_opening(rest) {
        if dollar > 0 {
            parts.push(Part::Literal(rest[..dollar].to_owned()));
        }
        let offset = base + consumed + dollar;
        if rest[dollar..].starts_with(BASE64_OPEN) {
            let inner_start = dollar + BASE64_OPEN.len();
            let Some(close) = rest[inner_start..].find(")}") else {
                return Err(TemplateError {
                    offset,
                    message: "`${base64(` is never closed".into(),
                    help: Some("close it with `)}`, as in `${base64(${username}:${password})}`".into()),
                });
            };
            let inner = &rest[inner_start..inner_start + close];
            if inner.contains(BASE64_OPEN) {
                return Err(TemplateError {
                    offset,
                    message: "`${base64(...)}` cannot hold another `${base64(...)}`".into(),
                    help: None,
                });
            }
            parts.push(Part::Base64(parse_alternative(inner, base + consumed + inner_start)?));
            let used = inner_start + close + 2;
            rest = &rest[used..];
            consumed += used;
            continue;
        }
        let after = &rest[dollar + 2..];
        let Some(close) = after.find('}') else {
            return Err(TemplateError {
                offset,
                message: "`${` is never closed".into(),
                help: Some("close the variable with `}`, as in `${connectionConfig.subdomain}`".into()),
            });
        };
        parts.push(Part::Variable(parse_variable(&after[..close], offset)?));
        let used = dollar + 2 + close + 1;
        rest = &rest[used..];
        consumed += used;
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest.to_owned()));
    }
    Ok(parts)
}

fn parse_variable(inner: &str, offset: usize) -> Result<Variable, TemplateError> {
    let (source, name) = match inner.split_once('.') {
        Some(("connectionConfig", name)) => (Source::Field(Group::ConnectionConfig), name),
        Some(("credentials", name)) => (Source::Field(Group::Credentials), name),
        Some((prefix, _)) => {
            let help = crate::diagnostics::did_you_mean(prefix, ["connectionConfig", "credentials"])
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some("variables are `${connectionConfig.name}` or `${credentials.name}`".into()));
            return Err(TemplateError {
                offset,
                message: format!("unknown variable group `{prefix}` in `${{{inner}}}`"),
                help,
            });
        }
        None if PLATFORM_VARIABLES.contains(&inner) => (Source::Platform, inner),
        None => (Source::Field(Group::Credentials), inner),
    };
    let valid = crate::template::is_variable_name(name);
    if !valid {
        return Err(TemplateError {
            offset,
            message: format!("`${{{inner}}}` is not a variable name"),
            help: Some("names are letters, digits, `_`, `-` and `.`, starting with a letter".into()),
        });
    }
    Ok(Variable { source, name: name.to_owned(), offset })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variable_is_quoted_as_its_template_writes_it() {
        let text = "Basic ${base64(${username}:${credentials.password})} ${connectionConfig.x}";
        let template = Template::parse(text).unwrap();
        let written: Vec<&str> = template.variables().map(|v| v.as_written(text)).collect();
        assert_eq!(written, ["${username}", "${credentials.password}", "${connectionConfig.x}"]);
    }

    #[test]
    fn parses_groups_shorthand_and_fallbacks() {
        let t = Template::parse("https://${connectionConfig.hostname}/api || https://x.io/${apiKey}${accessToken}")
            .unwrap();
        assert_eq!(t.alternatives.len(), 2);
        let vars: Vec<String> = t.variables().map(|v| v.to_string()).collect();
        assert_eq!(vars, ["${connectionConfig.hostname}", "${credentials.apiKey}", "${accessToken}"]);
        assert_eq!(t.alternatives[0][0], Part::Literal("https://".into()));
        assert_eq!(t.variables().nth(1).unwrap().offset, 57);
    }

    proptest::proptest! {
        #[test]
        fn separators_and_openings_are_found_as_substring_searches_find_them(text in "[a| ${}]{0,16}") {
            proptest::prop_assert_eq!(find_separator(&text), text.find(SEPARATOR));
            proptest::prop_assert_eq!(find_opening(&text), text.find("${"));
        }
    }

    #[test]
    fn literal_dollars_and_braces_are_text() {
        let t = Template::parse("a $b {c} $").unwrap();
        assert_eq!(t.alternatives, vec![vec![Part::Literal("a $b {c} $".into())]]);
    }

    #[test]
    fn base64_holds_literals_and_variables() {
        let t = Template::parse("Basic ${base64(${username}:${credentials.password})}").unwrap();
        let vars: Vec<String> = t.variables().map(|v| v.to_string()).collect();
        assert_eq!(vars, ["${credentials.username}", "${credentials.password}"]);
        let Part::Base64(inner) = &t.alternatives[0][1] else { panic!("a base64 part: {t:?}") };
        assert_eq!(inner[1], Part::Literal(":".into()));
        assert_eq!(t.variables().nth(1).unwrap().offset, 27);
        assert_eq!(Template::parse("x ${base64(${apiKey}").unwrap_err().offset, 2);
        assert!(Template::parse("${base64(${base64(a)})}").is_err());
        assert!(Template::parse("${base64(${now:YYYY})}").is_err());
    }

    #[test]
    fn reports_unclosed_unknown_group_and_bad_names() {
        assert_eq!(Template::parse("x ${credentials.apiKey").unwrap_err().offset, 2);
        let e = Template::parse("${connectionconfig.x}").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `connectionConfig`?"));
        assert!(Template::parse("${credentials.}").is_err());
        assert!(Template::parse("${a b}").is_err());
        assert!(Template::parse("${connectionConfig.installation.uuid}").is_ok());
    }
}
