//! Templates: each parses, and each variable names a field.

use std::collections::BTreeMap;

use super::{group_fields, ProviderChecker};
use crate::diagnostics::{did_you_mean, Location};
use crate::path;
use crate::template::{Group, Template};

impl ProviderChecker<'_, '_, '_> {
    /// Parses every template and checks each variable names a field; returns the parsed
    /// templates by their path in the file.
    pub(super) fn check_templates(&mut self) -> BTreeMap<Vec<String>, Template> {
        let p = self.provider;
        let mut sources: Vec<(Vec<String>, &str)> = Vec::new();
        if let Some(proxy) = &p.proxy {
            sources.push((path!["proxy", "base_url"], &proxy.base_url));
            for (name, value) in &proxy.headers {
                sources.push((path!["proxy", "headers", name], value));
                self.check_header_name(path!["proxy", "headers", name], name);
            }
            if let Some(verification) = &proxy.verification {
                if let Some(url) = &verification.base_url_override {
                    sources.push((path!["proxy", "verification", "base_url_override"], url));
                }
                if verification.endpoints.is_empty() {
                    self.report.error(
                        Location::Value(path!["proxy", "verification", "endpoints"]),
                        "verification lists no endpoints",
                        None,
                    );
                }
                for (index, endpoint) in verification.endpoints.iter().enumerate() {
                    sources.push((path!["proxy", "verification", "endpoints", index], endpoint));
                }
            }
        }
        if let Some(oauth) = &p.oauth2 {
            for (key, url) in [
                ("authorization_url", &oauth.authorization_url),
                ("token_url", &oauth.token_url),
                ("refresh_url", &oauth.refresh_url),
            ] {
                if let Some(url) = url {
                    sources.push((path!["oauth2", key], url));
                }
            }
            for (key, params) in [
                ("authorization_params", &oauth.authorization_params),
                ("token_params", &oauth.token_params),
                ("refresh_params", &oauth.refresh_params),
                ("token_headers", &oauth.token_headers),
            ] {
                for (name, value) in params {
                    sources.push((path!["oauth2", key, name], value));
                }
            }
            for name in oauth.token_headers.keys() {
                self.check_header_name(path!["oauth2", "token_headers", name], name);
            }
        }
        let mut parsed = BTreeMap::new();
        for (at, text) in sources {
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
                    parsed.insert(at, template);
                }
            }
        }
        parsed
    }

    fn check_header_name(&mut self, at: Vec<String>, name: &str) {
        if name.is_empty()
            || name.chars().any(|c| c.is_ascii_uppercase())
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            self.report.error(
                Location::Key(at),
                format!("header name `{name}` must be lowercase letters, digits, `-`, `_` or `.`"),
                Some(format!("write `{}`", name.to_ascii_lowercase())),
            );
        }
    }

    pub(super) fn check_variable(&mut self, at: &[String], variable: &crate::template::Variable) {
        let Some(group) = variable.group() else {
            return;
        };
        let fields = group_fields(self.provider, group);
        if fields.contains_key(&variable.name) {
            return;
        }
        let section = group.section();
        let other = match group {
            Group::ConnectionConfig => Group::Credentials,
            Group::Credentials => Group::ConnectionConfig,
        };
        let help = match group_fields(self.provider, other).contains_key(&variable.name) {
            true => Some(format!(
                "`{}` is a field of `{}`: write `${{{}.{}}}`",
                variable.name,
                other.section(),
                other.as_str(),
                variable.name
            )),
            false => did_you_mean(&variable.name, fields.keys().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some(format!("add a field `{}` under `{section}:`", variable.name))),
        };
        self.report.error(
            Location::Value(at.to_vec()),
            format!("template variable `{variable}` names no field in `{section}`"),
            help,
        );
    }
}
