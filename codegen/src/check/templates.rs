//! Templates: each parses, and each variable names a field.

use super::{group_fields, ProviderChecker};
use crate::diagnostics::did_you_mean;
use crate::model::{RequestBody, Responses};
use crate::path;
use crate::read::report::Location;
use crate::template::{Group, Template};

/// Every string of a JSON document, with its path below `at`, appended to `out`.
fn json_strings<'a>(at: Vec<String>, value: &'a serde_json::Value, out: &mut Vec<(Vec<String>, &'a str)>) {
    crate::json_strings::for_each_string(value, &mut |steps, text| {
        out.push((at.iter().cloned().chain(steps.iter().map(ToString::to_string)).collect(), text))
    });
}

/// The HTTP statuses that are both valid and refused, ascending without repeats. Each is one of
/// the refused statuses, as listed or by default: only those are tried, not every status.
fn valid_and_refused(responses: &Responses) -> Vec<u16> {
    let mut both: Vec<u16> = responses
        .refused_statuses()
        .iter()
        .copied()
        .filter(|s| (100..=599).contains(s) && responses.is_valid(*s))
        .collect();
    both.sort_unstable();
    both.dedup();
    both
}

/// Whether `name` is a header name as provider files write them.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

impl ProviderChecker<'_, '_, '_> {
    /// Parses every template and checks each variable names a field; returns the parsed
    /// templates with their path in the file, in file order.
    pub(super) fn check_templates(&mut self) -> Vec<(Vec<String>, Template)> {
        let p = self.provider;
        let mut sources: Vec<(Vec<String>, &str)> = Vec::new();
        if let Some(proxy) = &p.proxy {
            sources.push((path!["proxy", "base_url"], &proxy.base_url));
            for (name, value) in &proxy.headers {
                let at = path!["proxy", "headers", name];
                self.check_header(&at, name, value);
                sources.push((at, value));
            }
            for (name, value) in &proxy.query {
                if name.is_empty() {
                    self.report.error(
                        Location::Key(path!["proxy", "query", name]),
                        "a query parameter needs a name",
                        None,
                    );
                }
                sources.push((path!["proxy", "query", name], value));
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
                for (name, value) in &verification.headers {
                    let at = path!["proxy", "verification", "headers", name];
                    self.check_header(&at, name, value);
                    sources.push((at, value));
                }
                if let Some(body) = &verification.body {
                    self.check_body(body);
                    for (name, value) in &body.form {
                        sources.push((path!["proxy", "verification", "body", "form", name], value));
                    }
                    if let Some(document) = &body.json {
                        json_strings(path!["proxy", "verification", "body", "json"], document, &mut sources);
                    }
                }
                self.check_responses(&verification.responses);
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
            for (name, value) in &oauth.token_headers {
                let at = path!["oauth2", "token_headers", name];
                self.check_header(&at, name, value);
            }
        }
        let mut parsed = Vec::with_capacity(sources.len());
        for (at, text) in sources {
            match Template::parse(text) {
                Err(error) => self.report.error(
                    Location::Value(at.clone()),
                    format!("in template `{text}`: {}", error.message),
                    error.help,
                ),
                Ok(template) => {
                    let in_json = at.iter().map(String::as_str).take(4).eq(["proxy", "verification", "body", "json"]);
                    if in_json && template.alternatives.len() > 1 {
                        self.report.error(
                            Location::Value(at.clone()),
                            format!("`{text}` has alternatives (` || `), which a JSON body cannot hold"),
                            Some("give the string a single alternative".into()),
                        );
                    }
                    for variable in template.variables() {
                        self.check_variable(&at, variable, text);
                    }
                    parsed.push((at, template));
                }
            }
        }
        parsed
    }

    fn check_header(&mut self, at: &[String], name: &str, value: &str) {
        if value.chars().any(|c| c.is_control() && c != '\t') {
            self.report.error(
                Location::Value(at.to_vec()),
                format!("the value of header `{name}` holds a line break or control character"),
                Some("write the header on one line".into()),
            );
        }
        if !is_header_name(name) {
            self.report.error(
                Location::Key(at.to_vec()),
                format!("header name `{name}` must be lowercase letters, digits, `-`, `_` or `.`"),
                Some(match name.to_ascii_lowercase() {
                    lower if is_header_name(&lower) => format!("write `{lower}`"),
                    _ => "remove the other characters".into(),
                }),
            );
        }
    }

    fn check_body(&mut self, body: &RequestBody) {
        if body.json.is_some() != body.form.is_empty() {
            self.report.error(
                Location::Value(path!["proxy", "verification", "body"]),
                "a body is either a `json` document or `form` parameters",
                Some(match body.json {
                    Some(_) => "keep one of `json` and `form`".into(),
                    None => "add `json:` or `form:`".into(),
                }),
            );
        }
    }

    /// Statuses are HTTP statuses, and none is both valid and refused.
    fn check_responses(&mut self, responses: &Responses) {
        let at = |list: &str, index: usize| path!["proxy", "verification", "responses", list, index];
        for (list, statuses) in [("valid", &responses.valid), ("refused", &responses.refused)] {
            for (index, status) in statuses.iter().enumerate() {
                if !(100..=599).contains(status) {
                    self.report.error(
                        Location::Value(at(list, index)),
                        format!("`{status}` is not an HTTP status"),
                        Some("statuses are from 100 to 599".into()),
                    );
                }
            }
        }
        let explicit = |list: &[u16]| if list.is_empty() { " (by default)" } else { "" };
        for status in valid_and_refused(responses) {
            let index = |list: &[u16]| list.iter().position(|s| *s == status);
            let location = match (index(&responses.valid), index(&responses.refused)) {
                (_, Some(i)) => Location::Value(at("refused", i)),
                (Some(i), None) => Location::Value(at("valid", i)),
                (None, None) => Location::Key(path!["proxy", "verification", "responses"]),
            };
            self.report.error(
                location,
                format!(
                    "status {status} is both valid{} and refused{}",
                    explicit(&responses.valid),
                    explicit(&responses.refused)
                ),
                Some("list each status in one of `valid` and `refused`".into()),
            );
        }
    }

    /// `template` is the text the variable was parsed from, to quote it as written.
    pub(super) fn check_variable(&mut self, at: &[String], variable: &crate::template::Variable, template: &str) {
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
            unknown_variable_message(variable, variable.as_written(template)),
            help,
        );
    }
}

/// What the validator says of a variable that names no field: the variable as written, and
/// what a bare name stands for.
pub fn unknown_variable_message(variable: &crate::template::Variable, written: &str) -> String {
    let section = variable.group().map_or("", Group::section);
    let canonical = variable.to_string();
    if written == canonical {
        format!("template variable `{written}` names no field in `{section}`")
    } else {
        format!("template variable `{written}` (short for `{canonical}`) names no field in `{section}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn valid_and_refused_are_the_statuses_both_lists_hold(
            valid in proptest::collection::vec(prop_status(), 0..4),
            refused in proptest::collection::vec(prop_status(), 0..4),
        ) {
            let responses = Responses { valid, refused };
            let every: Vec<u16> =
                (100..=599).filter(|s| responses.is_valid(*s) && responses.is_refused(*s)).collect();
            proptest::prop_assert_eq!(valid_and_refused(&responses), every);
        }
    }

    /// Statuses around the defaults and the bounds, and any `u16`.
    fn prop_status() -> impl proptest::strategy::Strategy<Value = u16> {
        proptest::prop_oneof![
            proptest::sample::select(vec![0, 99, 100, 200, 204, 299, 300, 401, 403, 599, 600]),
            proptest::num::u16::ANY,
        ]
    }
}
