//! The rules a provider must follow beyond its shape: patterns that browsers can run, examples
//! that pass their own rules, templates that name real fields, URL hosts that user input cannot
//! move, guide references that resolve. Every rule reports into the file's [`FileReport`] and
//! checking goes on, so one run lists every problem.

pub mod pattern;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use indexmap::IndexMap;

use crate::diagnostics::{did_you_mean, FileReport, Location};
use crate::formats::FormatCheck;
use crate::lower::names::snake_case;
use crate::model::{AuthMode, Block, Field, Format, Provider, Settings};
use crate::path;
use crate::registry::{
    github_slug, step_heading, CheckedField, CheckedProvider, StepAnchor, CONNECT_STEP_ID, CONNECT_STEP_TITLE,
};
use crate::template::{Group, Template};
use pattern::{Backtracking, PatternError};

/// A provider id, which is also the file's stem.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

fn is_valid_field_name(name: &str) -> bool {
    crate::template::is_variable_name(name)
}

/// Characters that, inside a URL's host, would end the host or change who receives the request.
const HOST_BREAKERS: &[char] = &['/', '?', '#', '@', ':', '\\', ' ', '\t', '\n', '\r'];

/// Checks one provider and builds its checked form. Returns `None` when an error makes the
/// checked form meaningless; other errors are reported and the caller refuses to generate.
pub fn check_provider(
    id: &str,
    source: &Path,
    provider: Provider,
    settings: &Settings,
    report: &mut FileReport,
) -> Option<CheckedProvider> {
    let mut checker = ProviderChecker { provider: &provider, report, patterns: HashMap::new() };
    checker.check_placeholders();
    checker.check_auth();
    checker.check_fields(Group::ConnectionConfig, &provider.connection_config);
    checker.check_fields(Group::Credentials, &provider.credentials);
    checker.check_categories();
    let templates = checker.check_templates();
    let steps = checker.check_guide();
    checker.check_field_references(&steps);
    checker.check_usage(&templates);

    let docs_connect = provider
        .docs
        .connect
        .clone()
        .unwrap_or_else(|| format!("{}/{id}/connect", settings.docs_base_url.trim_end_matches('/')));
    let mut fields = Vec::new();
    for (group, map) in
        [(Group::ConnectionConfig, &provider.connection_config), (Group::Credentials, &provider.credentials)]
    {
        let mut ordered: Vec<(usize, &String, &Field)> = map.iter().enumerate().map(|(i, (n, f))| (i, n, f)).collect();
        // Fields with an `order` first, by it; then the rest in file order.
        ordered.sort_by_key(|(index, _, field)| (field.order.is_none(), field.order, *index));
        for (_, name, field) in ordered {
            let docs_url = match (&field.guide_step, &field.docs_anchor) {
                (Some(step), _) => steps.iter().find(|s| &s.id == step).map(|s| format!("{docs_connect}#{}", s.anchor)),
                (None, Some(anchor)) => Some(format!("{docs_connect}{anchor}")),
                (None, None) => None,
            };
            let linear_pattern =
                field.pattern.as_deref().and_then(|p| pattern::compile(p).ok()).and_then(|p| p.linear_source.clone());
            fields.push(CheckedField { group, name: name.clone(), field: field.clone(), docs_url, linear_pattern });
        }
    }
    let base_url = templates.get(&path!["proxy", "base_url"]).cloned();
    let headers = provider
        .proxy
        .iter()
        .flat_map(|p| p.headers.keys())
        .filter_map(|name| Some((name.clone(), templates.get(&path!["proxy", "headers", name])?.clone())))
        .collect();
    Some(CheckedProvider {
        id: id.to_owned(),
        source: source.to_path_buf(),
        definition: provider,
        fields,
        docs_connect,
        steps,
        base_url,
        headers,
    })
}

struct ProviderChecker<'p, 'r, 'f> {
    provider: &'p Provider,
    report: &'r mut FileReport<'f>,
    /// Compiled patterns of the fields, by path, for the host check.
    patterns: HashMap<(Group, String), Arc<pattern::Pattern>>,
}

impl ProviderChecker<'_, '_, '_> {
    /// `cargo xtask new` leaves `TODO` in every value an author must write; none may remain.
    fn check_placeholders(&mut self) {
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

    fn check_auth(&mut self) {
        let p = self.provider;
        let needs = |names: &[&'static str]| {
            names.iter().copied().filter(|n| !p.credentials.contains_key(*n)).collect::<Vec<_>>()
        };
        let missing = match p.auth_mode {
            AuthMode::ApiKey => needs(&["apiKey"]),
            AuthMode::Basic => needs(&["username", "password"]),
            _ => Vec::new(),
        };
        for name in missing {
            let similar = did_you_mean(name, p.credentials.keys().map(String::as_str))
                .map(|s| format!("rename `{s}` to `{name}`"));
            self.report.error(
                Location::Value(path!["auth_mode"]),
                format!("auth mode {} needs a credential named `{name}`", p.auth_mode.as_str()),
                similar.or_else(|| Some(format!("add `{name}:` under `credentials:`"))),
            );
        }
        let auth_secret = match p.auth_mode {
            AuthMode::ApiKey => Some("apiKey"),
            AuthMode::Basic => Some("password"),
            _ => None,
        };
        if let Some((name, field)) = auth_secret.and_then(|name| Some(name).zip(p.credentials.get(name))) {
            if !field.secret {
                self.report.warning(
                    Location::Key(path!["credentials", name]),
                    format!(
                        "credential `{name}` authenticates {} requests but is not marked secret",
                        p.auth_mode.as_str()
                    ),
                    Some("add `secret: true`: the form masks it and the back end never prints it".into()),
                );
            }
        }
        let oauth = p.oauth2.as_ref();
        match p.auth_mode {
            AuthMode::OAuth2 | AuthMode::OAuth2Cc => {
                let mut required = vec!["token_url"];
                if p.auth_mode == AuthMode::OAuth2 {
                    required.insert(0, "authorization_url");
                }
                for key in required {
                    let present = match key {
                        "token_url" => oauth.and_then(|o| o.token_url.as_ref()).is_some(),
                        _ => oauth.and_then(|o| o.authorization_url.as_ref()).is_some(),
                    };
                    // Some providers start the authorization-code flow from their own app
                    // (an "installation"), so a missing authorization URL is only suspicious.
                    // On the `oauth2` section when it exists, else on the mode that needs it.
                    let at = if oauth.is_some() { path!["oauth2"] } else { path!["auth_mode"] };
                    if !present && key == "authorization_url" {
                        self.report.warning(
                            Location::Value(at),
                            "auth mode OAUTH2 usually needs `oauth2.authorization_url`",
                            Some(
                                "add `authorization_url:` under `oauth2:` unless the provider starts the flow itself"
                                    .into(),
                            ),
                        );
                    } else if !present {
                        self.report.error(
                            Location::Value(at),
                            format!("auth mode {} needs `oauth2.{key}`", p.auth_mode.as_str()),
                            Some(format!("add `{key}:` under `oauth2:`")),
                        );
                    }
                }
            }
            _ if oauth.is_some() => self.report.error(
                Location::Key(path!["oauth2"]),
                format!("`oauth2` is only for auth modes OAUTH2 and OAUTH2_CC, not {}", p.auth_mode.as_str()),
                Some("remove the section, or change `auth_mode`".into()),
            ),
            _ => {}
        }
        if p.auth_mode == AuthMode::None && !p.credentials.is_empty() {
            self.report.error(
                Location::Key(path!["credentials"]),
                "auth mode NONE takes no credentials",
                Some("remove `credentials:`, or change `auth_mode`".into()),
            );
        }
    }

    fn check_categories(&mut self) {
        let mut seen = HashSet::new();
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

    fn check_fields(&mut self, group: Group, fields: &IndexMap<String, Field>) {
        let section = group_section(group);
        let mut rust_names: HashMap<String, &String> = HashMap::new();
        for (name, field) in fields {
            let at = |key: &str| path![section, name, key];
            if !is_valid_field_name(name) {
                self.report.error(
                    Location::Key(path![section, name]),
                    format!("field name `{name}` is not an identifier"),
                    Some("use letters, digits, `_`, `-` and `.`, starting with a letter, such as `apiKey`".into()),
                );
            } else if let Some(other) = rust_names.insert(snake_case(name), name) {
                self.report.error(
                    Location::Key(path![section, name]),
                    format!("fields `{other}` and `{name}` both become `{}` in Rust", snake_case(name)),
                    Some("rename one of them".into()),
                );
            }
            // A hidden field is never shown, so it needs no words.
            for (key, text) in [("title", &field.title), ("description", &field.description)] {
                if text.trim().is_empty() && !field.hidden {
                    self.report.error(Location::Value(at(key)), format!("`{key}` is empty"), None);
                }
            }
            self.check_prose_fields(&[section, name], field);
            let compiled = field.pattern.as_deref().and_then(|p| self.check_pattern(&at("pattern"), p));
            let format = field.format.map(FormatCheck::new);
            if let Some(values) = &field.allowed {
                if values.is_empty() {
                    self.report.error(
                        Location::Value(at("enum")),
                        "`enum` lists no values",
                        Some("list the allowed values, or remove `enum`".into()),
                    );
                }
                let mut seen = HashSet::new();
                for (index, value) in values.iter().enumerate() {
                    let path = path![section, name, "enum", index];
                    if !seen.insert(value) {
                        self.report.error(Location::Value(path.clone()), format!("`{value}` is listed twice"), None);
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
                    &at("example"),
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
            if field.default.as_deref() == Some("") {
                self.report.error(
                    Location::Value(at("default")),
                    "the default is empty, but no field accepts an empty value",
                    Some("to let the value be left out, remove `default` and set `optional: true`".into()),
                );
            }
            if let Some(default) = &field.default {
                self.check_value(
                    &at("default"),
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
            if let Some(compiled) = compiled {
                self.patterns.insert((group, name.clone()), compiled);
            }
        }
    }

    /// Compiles a pattern, reporting why a browser or the back end could not run it the same way.
    fn check_pattern(&mut self, at: &[String], source: &str) -> Option<Arc<pattern::Pattern>> {
        match pattern::compile(source) {
            Ok(compiled) => {
                match &compiled.backtracking {
                    Backtracking::Polynomial => {}
                    Backtracking::Exponential { rewrite } => self.report.error(
                        Location::Value(at.to_vec()),
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
                        Location::Value(at.to_vec()),
                        format!("pattern `{source}` is too large to show that it runs in reasonable time"),
                        Some("use fewer or smaller counted repetitions such as `{1,1000}`".into()),
                    ),
                }
                Some(compiled)
            }
            Err(PatternError::Syntax(reason)) => {
                let help = if source.contains('\\') {
                    "browsers compile patterns with the `u` flag, where only syntax characters may be escaped: write `:` rather than `\\:`"
                } else {
                    "patterns are ECMAScript regular expressions, as in JavaScript's `new RegExp(pattern, \"u\")`"
                };
                self.report.error(
                    Location::Value(at.to_vec()),
                    format!("pattern `{source}` is not a valid regular expression: {reason}"),
                    Some(help.into()),
                );
                None
            }
            Err(PatternError::EngineDependent(reason)) => {
                self.report.error(
                    Location::Value(at.to_vec()),
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
    fn check_value(
        &mut self,
        at: &[String],
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
                let help = if !masked && value.contains('*') {
                    "if the example hides characters behind `*`, set `example_masked: true`".to_string()
                } else {
                    format!("change the {what} or the pattern so that they agree")
                };
                let shown = if masked { format!("masked {what}") } else { what.to_string() };
                self.report.error(
                    Location::Value(at.to_vec()),
                    format!("{shown} `{value}` does not match the pattern `{source}`"),
                    Some(help),
                );
            }
        }
        if let (Some(format), Some(check)) = (format, format_check) {
            // A masked value is checked on what it shows: some filling of its `*` must pass.
            let fits = if masked {
                "0aA1fF9zZ_-.".chars().any(|filler| check.accepts(&value.replace('*', &filler.to_string())))
            } else {
                check.accepts(value)
            };
            if !fits {
                let shown = if masked { format!("masked {what}") } else { what.to_string() };
                self.report.error(
                    Location::Value(at.to_vec()),
                    format!("{shown} `{value}` is not a valid `{}`", format.as_str()),
                    None,
                );
            }
        }
        if let Some(allowed) = allowed {
            if !allowed.iter().any(|a| a == value) {
                self.report.error(
                    Location::Value(at.to_vec()),
                    format!("{what} `{value}` is not one of the `enum` values {}", quoted_list(allowed)),
                    did_you_mean(value, allowed.iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?")),
                );
            }
        }
    }

    /// Parses every template and checks each variable names a field; returns the parsed
    /// templates by their path in the file.
    fn check_templates(&mut self) -> BTreeMap<Vec<String>, Template> {
        let p = self.provider;
        let mut sources: Vec<(Vec<String>, &str, bool)> = Vec::new();
        if let Some(proxy) = &p.proxy {
            sources.push((path!["proxy", "base_url"], &proxy.base_url, true));
            for (name, value) in &proxy.headers {
                sources.push((path!["proxy", "headers", name], value, false));
                if name.chars().any(|c| c.is_ascii_uppercase())
                    || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                {
                    self.report.error(
                        Location::Key(path!["proxy", "headers", name]),
                        format!("header name `{name}` must be lowercase letters, digits, `-`, `_` or `.`"),
                        Some(format!("write `{}`", name.to_ascii_lowercase())),
                    );
                }
            }
            if let Some(verification) = &proxy.verification {
                if let Some(url) = &verification.base_url_override {
                    sources.push((path!["proxy", "verification", "base_url_override"], url, true));
                }
                if verification.endpoints.is_empty() {
                    self.report.error(
                        Location::Value(path!["proxy", "verification", "endpoints"]),
                        "verification lists no endpoints",
                        None,
                    );
                }
                for (index, endpoint) in verification.endpoints.iter().enumerate() {
                    sources.push((path!["proxy", "verification", "endpoints", index], endpoint, false));
                }
            }
        }
        if let Some(oauth) = &p.oauth2 {
            for (key, url) in [("authorization_url", &oauth.authorization_url), ("token_url", &oauth.token_url)] {
                if let Some(url) = url {
                    sources.push((path!["oauth2", key], url, true));
                }
            }
            for (name, value) in &oauth.token_params {
                sources.push((path!["oauth2", "token_params", name], value, false));
            }
        }
        let mut parsed = BTreeMap::new();
        for (at, text, is_url) in sources {
            match Template::parse(text) {
                Err(error) => self.report.error(
                    Location::Value(at.clone()),
                    format!("in template `{text}`: {}", error.message),
                    error.help,
                ),
                Ok(template) => {
                    for variable in template.variables() {
                        self.check_variable(&at, variable);
                    }
                    if is_url {
                        self.check_url_hosts(&at, &template);
                    }
                    parsed.insert(at, template);
                }
            }
        }
        parsed
    }

    fn check_variable(&mut self, at: &[String], variable: &crate::template::Variable) {
        let Some(fields) = group_fields(self.provider, variable.group) else {
            return;
        };
        if fields.contains_key(&variable.name) {
            return;
        }
        let section = group_section(variable.group);
        let elsewhere = match variable.group {
            Group::ConnectionConfig => self.provider.credentials.contains_key(&variable.name).then_some("credentials"),
            _ => self.provider.connection_config.contains_key(&variable.name).then_some("connectionConfig"),
        };
        let help = match elsewhere {
            Some(group) => Some(format!(
                "`{}` is a field of `{}`: write `${{{group}.{}}}`",
                variable.name,
                group_section_of(group),
                variable.name
            )),
            None => did_you_mean(&variable.name, fields.keys().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some(format!("add a field `{}` under `{section}:`", variable.name))),
        };
        self.report.error(
            Location::Value(at.to_vec()),
            format!("template variable `{variable}` names no field in `{section}`"),
            help,
        );
    }

    /// A variable inside a URL's host must not accept characters that end the host, or a user
    /// could send the credentials to another server (`evil.com/#` as a subdomain).
    fn check_url_hosts(&mut self, at: &[String], template: &Template) {
        for alternative in &template.alternatives {
            let mut before = String::new();
            for part in alternative {
                match part {
                    crate::template::Part::Literal(text) => before.push_str(text),
                    crate::template::Part::Variable(variable) => {
                        // Only variables after `scheme://` and before the path are in the host; a
                        // variable before `://` is a whole URL the user chooses by design.
                        let in_host =
                            before.split_once("://").is_some_and(|(_, authority)| !authority.contains(['/', '?', '#']));
                        if in_host {
                            self.check_host_variable(at, variable);
                        }
                        before.push('x');
                    }
                }
            }
        }
    }

    fn check_host_variable(&mut self, at: &[String], variable: &crate::template::Variable) {
        let Some(field) = group_fields(self.provider, variable.group).and_then(|f| f.get(&variable.name)) else {
            return;
        };
        let compiled = self.patterns.get(&(variable.group, variable.name.clone()));
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
            (None, false) => match compiled {
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
        let section = group_section(variable.group);
        if unrestricted {
            self.report.error(
                Location::Value(at.to_vec()),
                format!(
                    "`{variable}` is part of the URL's host, but the field accepts any value, such as `evil.com/#`"
                ),
                Some(format!(
                    "restrict `{section}.{}` with a `pattern` such as `^[a-z0-9-]+$`, `format: hostname`, or an `enum`",
                    variable.name
                )),
            );
        } else if let Some(c) = breaker {
            self.report.error(
                Location::Value(at.to_vec()),
                format!(
                    "`{variable}` is part of the URL's host, but the field accepts `{}`, which can move the host",
                    c.escape_default()
                ),
                Some(match field.allowed {
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

    fn check_guide(&mut self) -> Vec<StepAnchor> {
        let Some(guide) = &self.provider.guide else {
            return Vec::new();
        };
        for (key, text) in [("lead", &guide.lead), ("intro", &guide.intro)] {
            if let Some(text) = text {
                self.check_prose(path!["guide", key], text);
            }
        }
        for (index, text) in guide.prerequisites.iter().enumerate() {
            self.check_prose(path!["guide", "prerequisites", index], text);
        }
        let mut anchors = Vec::new();
        let mut ids = HashSet::new();
        for (index, step) in guide.steps.iter().enumerate() {
            let at = path!["guide", "steps", index, "id"];
            if !is_valid_id(&step.id) {
                self.report.error(
                    Location::Value(at.clone()),
                    format!("step id `{}` must be lowercase letters, digits and `-`", step.id),
                    None,
                );
            } else if step.id == CONNECT_STEP_ID {
                self.report.error(
                    Location::Value(at.clone()),
                    format!("step id `{CONNECT_STEP_ID}` is reserved for the generated final step"),
                    Some("choose another id".into()),
                );
            } else if !ids.insert(step.id.as_str()) {
                self.report.error(Location::Value(at.clone()), format!("step id `{}` is used twice", step.id), None);
            }
            self.check_prose(path!["guide", "steps", index, "title"], &step.title);
            if step.title.contains("{platform}") {
                self.report.error(
                    Location::Value(path!["guide", "steps", index, "title"]),
                    "a step title cannot use `{platform}`: its anchor, which forms link to, must not change with the platform",
                    Some("write the title without `{platform}`".into()),
                );
            }
            if step.blocks.is_empty() {
                self.report.error(
                    Location::Key(path!["guide", "steps", index, "blocks"]),
                    "the step has no blocks",
                    None,
                );
            }
            for (block_index, block) in step.blocks.iter().enumerate() {
                self.check_block(path!["guide", "steps", index, "blocks", block_index], block);
            }
            let number = index + 1;
            anchors.push(StepAnchor {
                id: step.id.clone(),
                number,
                title: step.title.clone(),
                anchor: github_slug(&step_heading(number, &step.title)),
            });
        }
        if let Some(connect) = &guide.connect_step {
            for (place, blocks) in [("before", &connect.before), ("after", &connect.after)] {
                for (index, block) in blocks.iter().enumerate() {
                    self.check_block(path!["guide", "connect_step", place, index], block);
                }
            }
        }
        let number = guide.steps.len() + 1;
        anchors.push(StepAnchor {
            id: CONNECT_STEP_ID.into(),
            number,
            title: CONNECT_STEP_TITLE.into(),
            anchor: github_slug(&step_heading(number, CONNECT_STEP_TITLE)),
        });
        anchors
    }

    fn check_block(&mut self, at: Vec<String>, block: &Block) {
        let kinds = [block.item.is_some(), block.image.is_some(), block.tip.is_some(), block.text.is_some()];
        if kinds.iter().filter(|k| **k).count() != 1 {
            self.report.error(
                Location::Value(at.clone()),
                "a block holds exactly one of `item`, `image`, `tip` or `text`",
                Some("split it into one block per kind, each starting with `- `".into()),
            );
        }
        if !block.bullets.is_empty() && block.item.is_none() {
            self.report.error(
                Location::Key([at.clone(), path!["bullets"]].concat()),
                "`bullets` belong under an `item`",
                None,
            );
        }
        for (key, text) in [("item", &block.item), ("tip", &block.tip), ("text", &block.text)] {
            if let Some(text) = text {
                self.check_prose([at.clone(), path![key]].concat(), text);
            }
        }
        for (index, bullet) in block.bullets.iter().enumerate() {
            self.check_prose([at.clone(), path!["bullets", index]].concat(), bullet);
        }
        if let Some(image) = &block.image {
            if image.alt.trim().is_empty() {
                self.report.error(
                    Location::Value([at.clone(), path!["image", "alt"]].concat()),
                    "the image has no alt text",
                    Some("describe what the picture shows, for readers who cannot see it".into()),
                );
            }
            self.check_prose([at.clone(), path!["image", "alt"]].concat(), &image.alt);
        }
    }

    fn check_prose_fields(&mut self, at: &[&str], field: &Field) {
        let texts = [
            ("title", Some(&field.title)),
            ("description", Some(&field.description)),
            ("guide_title", field.guide_title.as_ref()),
            ("guide_description", field.guide_description.as_ref()),
            ("guide_note", field.guide_note.as_ref()),
            ("pattern_hint", field.pattern_hint.as_ref()),
        ];
        for (key, text) in texts {
            if let Some(text) = text {
                let path: Vec<String> = at.iter().map(|s| s.to_string()).chain([key.to_string()]).collect();
                self.check_prose(path, text);
            }
        }
    }

    /// Provider prose is Markdown inline text; raw HTML would be copied into every guide and
    /// form as is.
    fn check_prose(&mut self, at: Vec<String>, text: &str) {
        if let Some(tag) = find_html_tag(text) {
            self.report.error(
                Location::Value(at),
                format!("raw HTML `{tag}` in provider text"),
                Some(
                    "use Markdown instead: **bold**, `code`, [link](https://...); images go in an `image` block".into(),
                ),
            );
        }
    }

    fn check_field_references(&mut self, steps: &[StepAnchor]) {
        for group in [Group::ConnectionConfig, Group::Credentials] {
            let section = group_section(group);
            let Some(fields) = group_fields(self.provider, group) else {
                continue;
            };
            for (name, field) in fields {
                let Some(step) = &field.guide_step else {
                    continue;
                };
                if steps.is_empty() {
                    self.report.error(
                        Location::Value(path![section, name, "guide_step"]),
                        format!("`guide_step: {step}` refers to a guide, but the provider has none"),
                        Some("add a `guide:` section, or use `docs_anchor` to point into an external guide".into()),
                    );
                } else if !steps.iter().any(|s| &s.id == step) {
                    let ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
                    let help = did_you_mean(step, ids.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| format!("the steps are {}", quoted_list(&ids)));
                    self.report.error(
                        Location::Value(path![section, name, "guide_step"]),
                        format!("no guide step has the id `{step}`"),
                        Some(help),
                    );
                }
            }
        }
    }

    fn check_usage(&mut self, templates: &BTreeMap<Vec<String>, Template>) {
        let used: HashSet<(Group, &str)> =
            templates.values().flat_map(|t| t.variables()).map(|v| (v.group, v.name.as_str())).collect();
        for (name, field) in &self.provider.connection_config {
            if !used.contains(&(Group::ConnectionConfig, name.as_str())) {
                self.report.warning(
                    Location::Key(path!["connection_config", name]),
                    format!("connection-config field `{name}` is used by no template"),
                    Some(format!("use it as `${{connectionConfig.{name}}}` in `proxy`, or remove it")),
                );
            }
            self.warn_unexplained(Group::ConnectionConfig, name, field);
        }
        for (name, field) in &self.provider.credentials {
            self.warn_unexplained(Group::Credentials, name, field);
        }
    }

    fn warn_unexplained(&mut self, group: Group, name: &str, field: &Field) {
        let user_entered = !field.hidden && !field.automated;
        if user_entered && field.guide_step.is_none() && field.docs_anchor.is_none() {
            let section = group_section(group);
            self.report.warning(
                Location::Key(path![section, name]),
                format!("no guide step explains where to find `{name}`"),
                Some(if self.provider.guide.is_some() {
                    "set `guide_step:` to the id of the step that explains it".into()
                } else {
                    "set `docs_anchor:` to the section of `docs.connect` that explains it, or add a `guide:`".into()
                }),
            );
        }
    }
}

/// `TODO` as a word of its own (not the start of `TODOIST`).
fn contains_placeholder(text: &str) -> bool {
    // Most values have no `T` at all; `match_indices('T')` finds them with `memchr`.
    text.match_indices('T').filter(|(index, _)| text[*index..].starts_with("TODO")).any(|(index, _)| {
        let after = text[index + 4..].chars().next();
        let before = text[..index].chars().next_back();
        !after.is_some_and(|c| c.is_ascii_alphanumeric()) && !before.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

fn group_fields(provider: &Provider, group: Group) -> Option<&IndexMap<String, Field>> {
    match group {
        Group::ConnectionConfig => Some(&provider.connection_config),
        Group::Credentials => Some(&provider.credentials),
        Group::Platform => None,
    }
}

fn group_section(group: Group) -> &'static str {
    match group {
        Group::ConnectionConfig => "connection_config",
        Group::Credentials | Group::Platform => "credentials",
    }
}

fn group_section_of(template_group: &str) -> &'static str {
    if template_group == "credentials" {
        "credentials"
    } else {
        "connection_config"
    }
}

fn quoted_list<S: AsRef<str>>(values: &[S]) -> String {
    values.iter().map(|v| format!("`{}`", v.as_ref())).collect::<Vec<_>>().join(", ")
}

/// The first thing in `text` that Markdown would pass through as an HTML tag or comment.
fn find_html_tag(text: &str) -> Option<String> {
    for (index, _) in text.match_indices('<') {
        let rest = &text[index + 1..];
        if rest.starts_with("!--") {
            return Some("<!--".into());
        }
        let name_start = usize::from(rest.starts_with('/'));
        let name: String = rest[name_start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let after = rest[name_start + name.len()..].chars().next();
        if matches!(after, Some('>') | Some(' ') | Some('/') | Some('\n') | Some('\t')) {
            let end = text[index..].find('>').map_or(text.len(), |e| index + e + 1);
            return Some(text[index..end].chars().take(40).collect());
        }
    }
    None
}

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

    #[test]
    fn ids_are_lowercase_words_joined_by_dashes() {
        assert!(is_valid_id("kandji"));
        assert!(is_valid_id("1password-events"));
        assert!(!is_valid_id("Kandji"));
        assert!(!is_valid_id("a--b"));
        assert!(!is_valid_id("-a"));
        assert!(!is_valid_id("a_b"));
    }

    #[test]
    fn finds_html_but_not_comparisons_or_autolinks() {
        assert_eq!(find_html_tag("see <b>this</b>").as_deref(), Some("<b>"));
        assert_eq!(find_html_tag("<img src=x />").as_deref(), Some("<img src=x />"));
        assert_eq!(find_html_tag("a <!-- b -->").as_deref(), Some("<!--"));
        assert_eq!(find_html_tag("a < b and 1<2"), None);
        assert_eq!(find_html_tag("<https://example.com>"), None);
    }
}
