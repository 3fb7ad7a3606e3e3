//! Host safety: no value substituted into a URL's host may move it.

use super::pattern;
use super::ProviderChecker;
use crate::model::{Field, FilledBy, Format};
use crate::read::report::Location;
use crate::registry::{CheckedField, Place, Templates};

/// Characters that, inside a URL's host, would end the host or change who receives the request.
const HOST_BREAKERS: &[char] = &['/', '?', '#', '@', ':', '\\', ' ', '\t', '\n', '\r'];

/// Whether the person connecting can choose the value: one they type, or a query parameter of the
/// OAuth redirect, which arrives through their browser and which they can rewrite. The values of
/// hidden and automated fields come from the platform, those of the token response from the
/// provider's own token endpoint, and those of the integration from its owner.
fn can_be_chosen_by_the_user(field: &Field) -> bool {
    match field.filled_by {
        FilledBy::User => !field.hidden && !field.automated,
        FilledBy::Redirect => true,
        FilledBy::TokenResponse | FilledBy::Integration | FilledBy::Platform => false,
    }
}

impl ProviderChecker<'_, '_, '_> {
    /// A variable inside a URL's host must not accept characters that end the host, or a user
    /// could send the credentials to another server (`evil.com/#` as a subdomain). A variable
    /// before `://` is a whole URL the user chooses by design.
    pub(super) fn check_hosts(&mut self, templates: &Templates, fields: &[CheckedField]) {
        templates.for_each(|at, template| {
            for (variable, place) in template.variables() {
                if place == Place::Host {
                    self.check_host_variable(at, &template.source, variable, fields);
                }
            }
        });
    }

    fn check_host_variable(
        &mut self,
        at: &dyn Fn() -> Vec<String>,
        template: &str,
        variable: &crate::template::Variable,
        fields: &[CheckedField],
    ) {
        let Some(group) = variable.group() else {
            return;
        };
        let Some(field) = fields.iter().find(|f| f.group == group && f.name == variable.name).map(|f| &f.field) else {
            return;
        };
        if !can_be_chosen_by_the_user(field) {
            return;
        }
        let compiled = field.pattern.as_deref().and_then(|source| pattern::compile(source).ok());
        if field.pattern.is_some() && compiled.is_none() {
            // The pattern's own error is reported; what it would accept is unknown.
            return;
        }
        let unrestricted = field.allowed.is_none() && compiled.is_none() && field.format.is_none();
        // Hostnames and UUIDs are made of letters, digits, `-` and `.`: nothing that moves a host.
        let format_keeps_host = matches!(field.format, Some(Format::Hostname | Format::Uuid));
        let base = field.example.as_deref().filter(|_| !field.example_masked).unwrap_or("acme");
        let probed = |pattern: &pattern::Pattern| {
            HOST_BREAKERS.iter().copied().find(|c| {
                [
                    format!("{base}{c}"),
                    format!("{base}{c}x"),
                    format!("x{c}{base}"),
                    format!("a{c}b"),
                    c.to_string(),
                    format!("evil.com{c}"),
                ]
                .iter()
                .any(|probe| pattern.accepts(probe))
            })
        };
        // An enum allows exactly its values. A pattern is read for the characters it can match,
        // and an unanchored one is also probed. Every email holds `@`, and URIs `/`.
        let breaker = match (&field.allowed, format_keeps_host) {
            (Some(values), _) => values.iter().flat_map(|v| v.chars()).find(|c| HOST_BREAKERS.contains(c)),
            (None, true) => None,
            (None, false) => match &compiled {
                // Only a pattern that may match part of the value needs probing.
                Some(p) => pattern::may_match_one_of(&p.source, HOST_BREAKERS).or_else(|| {
                    if pattern::is_fully_anchored(&p.source) {
                        None
                    } else {
                        probed(p)
                    }
                }),
                None => match field.format {
                    Some(Format::Email) => Some('@'),
                    Some(Format::Uri) => Some('/'),
                    _ => None,
                },
            },
        };
        let section = group.section();
        let written = variable.as_written(template);
        if unrestricted {
            self.report.error(
                Location::Value(at()),
                format!("`{written}` is part of the URL's host, but the field accepts any value, such as `evil.com/#`"),
                Some(format!(
                    "restrict `{section}.{}` with a `pattern` such as `^[a-z0-9-]+$`, `format: hostname`, or an `enum`",
                    variable.name
                )),
            );
        } else if let Some(c) = breaker {
            self.report.error(
                Location::Value(at()),
                format!(
                    "`{written}` is part of the URL's host, but the field accepts `{}`, which can move the host",
                    c.escape_default()
                ),
                Some(match field.allowed {
                    None if starts_the_authority(template, variable) && values_are_urls(field, compiled.as_deref()) => {
                        format!(
                            "the values of `{section}.{name}` are whole URLs (`{}`), but the template puts them after \
                             its own `://`, so their scheme becomes the host: start the template with `{written}`, or \
                             take the scheme out of the pattern and the example",
                            field.example.as_deref().filter(|_| !field.example_masked).unwrap_or("https://..."),
                            name = variable.name
                        )
                    }
                    None if is_the_whole_host(template, variable) && matches!(c, ':' | '/') => format!(
                        "to let the user choose the whole server, port or path included, start the template with \
                         `{written}` and make its values whole URLs (`https://{}`); otherwise exclude `/ ? # @ : \\` \
                         and spaces from the pattern of `{section}.{}`",
                        if c == ':' { "server.acme.com:8443" } else { "acme.com/app" },
                        variable.name
                    ),
                    Some(_) => format!(
                        "remove the values holding `{}` from the `enum` of `{section}.{}`",
                        c.escape_default(),
                        variable.name
                    ),
                    None => {
                        format!("exclude `/ ? # @ : \\` and spaces from the pattern of `{section}.{}`", variable.name)
                    }
                }),
            );
        }
    }
}

/// Whether the variable opens the URL's authority (`https://${...}`): nothing of the host comes
/// before it.
fn starts_the_authority(template: &str, variable: &crate::template::Variable) -> bool {
    template.get(..variable.offset).is_some_and(|before| before.ends_with("://"))
}

/// Whether the variable is all of the URL's host (`https://${...}/api`).
fn is_the_whole_host(template: &str, variable: &crate::template::Variable) -> bool {
    let end = variable.offset + variable.as_written(template).len();
    let after = template.get(end..).unwrap_or_default();
    starts_the_authority(template, variable)
        && (after.is_empty() || after.starts_with(['/', '?', '#']) || after.trim_start().starts_with("||"))
}

/// Whether the field's values carry their own scheme: its example starts with `http://` or
/// `https://`, or its pattern accepts such a value and no value without one.
fn values_are_urls(field: &Field, compiled: Option<&pattern::Pattern>) -> bool {
    let has_scheme = |value: &str| {
        let lower = value.get(..8).unwrap_or(value).to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://")
    };
    if let Some(example) = field.example.as_deref().filter(|_| !field.example_masked) {
        return has_scheme(example);
    }
    compiled.is_some_and(|p| p.accepts("https://example.com") && !p.accepts("example.com"))
}
