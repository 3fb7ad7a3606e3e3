//! The `format` keywords, with exactly the meaning front ends give them.
//!
//! Front ends validate with ajv and `ajv-formats` in its default ("full") mode, so that is the
//! meaning the validator and the generated crate must share: a value the form accepts must not
//! be refused by the back end, nor the reverse. Each format is an ECMAScript regular expression
//! run by `regress` with the `i` flag and without `u`, as `ajv-formats` runs its own; the URI
//! expression is composed below from RFC 3986's grammar, part by part, to stay readable.

use crate::model::Format;

/// The expression (ECMAScript syntax, flag `i`) that a value of `format` must match.
pub fn expression(format: Format) -> String {
    match format {
        Format::Uuid => "^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$".into(),
        Format::Hostname => {
            let label = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
            format!(r"^(?=.{{1,253}}\.?$){label}(?:\.{label})*\.?$")
        }
        Format::Email => {
            let atom = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
            let label = "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?";
            format!(r"^{atom}(?:\.{atom})*@(?:{label}\.)+{label}$")
        }
        Format::Uri => uri_expression(),
    }
}

fn uri_expression() -> String {
    let pct = "%[0-9a-f]{2}";
    let unreserved_sub = r"a-z0-9\-._~!$&'()*+,;=";
    let pchar = format!("(?:[{unreserved_sub}:@]|{pct})");
    let h16 = "[0-9a-f]{1,4}";
    let octet = r"(?:25[0-5]|2[0-4]\d|[01]?\d\d?)";
    let ipv4 = format!(r"(?:{octet}\.){{3}}{octet}");
    let ls32 = format!("(?:{h16}:{h16}|{ipv4})");
    let ipv6 = format!(
        "(?:(?:(?:{h16}:){{6}}|::(?:{h16}:){{5}}|(?:{h16})?::(?:{h16}:){{4}}|(?:(?:{h16}:){{0,1}}{h16})?::(?:{h16}:){{3}}|(?:(?:{h16}:){{0,2}}{h16})?::(?:{h16}:){{2}}|(?:(?:{h16}:){{0,3}}{h16})?::{h16}:|(?:(?:{h16}:){{0,4}}{h16})?::){ls32}|(?:(?:{h16}:){{0,5}}{h16})?::{h16}|(?:(?:{h16}:){{0,6}}{h16})?::)"
    );
    let ipvfuture = format!(r"[Vv][0-9a-f]+\.[{unreserved_sub}:]+");
    let reg_name = format!("(?:[{unreserved_sub}]|{pct})*");
    let host = format!(r"(?:\[(?:{ipv6}|{ipvfuture})\]|{ipv4}|{reg_name})");
    let userinfo = format!("(?:(?:[{unreserved_sub}:]|{pct})*@)?");
    let authority_and_path = format!(r"\/?\/{userinfo}{host}(?::\d*)?(?:\/{pchar}*)*");
    let path_absolute = format!(r"\/(?:{pchar}+(?:\/{pchar}*)*)?");
    let path_rootless = format!(r"{pchar}+(?:\/{pchar}*)*");
    let query_char = format!("(?:[{unreserved_sub}:@/?]|{pct})");
    format!(
        r"^(?:[a-z][a-z0-9+\-.]*:)(?:{authority_and_path}|{path_absolute}|{path_rootless})(?:\?{query_char}*)?(?:#{query_char}*)?$"
    )
}

/// A compiled format check. Each format's expression is compiled once per process: a registry
/// checks thousands of values against the same four formats.
pub struct FormatCheck {
    format: Format,
    regex: &'static regress::Regex,
}

impl FormatCheck {
    pub fn new(format: Format) -> FormatCheck {
        static COMPILED: [std::sync::OnceLock<regress::Regex>; 4] = [const { std::sync::OnceLock::new() }; 4];
        let slot = match format {
            Format::Email => 0,
            Format::Uri => 1,
            Format::Uuid => 2,
            Format::Hostname => 3,
        };
        let regex = COMPILED[slot]
            .get_or_init(|| regress::Regex::with_flags(&expression(format), "i").expect("format expressions compile"));
        FormatCheck { format, regex }
    }

    pub fn accepts(&self, value: &str) -> bool {
        // ajv-formats also requires a `/` or `:` in a `uri`, outside the expression.
        let extra = match self.format {
            Format::Uri => value.contains(['/', ':']),
            _ => true,
        };
        // Under `i` without `u`, JavaScript never folds a non-ASCII character to an ASCII one, but
        // `regress` folds the Kelvin sign and the long s to `k` and `s`. The expressions name no
        // non-ASCII character, so U+FFFD in their place gives JavaScript's verdict (the
        // generated runtime does the same).
        let unfolded = value.replace(['\u{212A}', '\u{17F}'], "\u{FFFD}");
        extra && self.regex.find(&unfolded).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_accept_and_refuse_like_ajv_formats() {
        let uuid = FormatCheck::new(Format::Uuid);
        assert!(uuid.accepts("1bc32cba-a5d6-438a-bbcc-af312f560a3c"));
        assert!(uuid.accepts("1BC32CBA-A5D6-438A-BBCC-AF312F560A3C"));
        assert!(!uuid.accepts("1bc32cba-a5d6-438a-bbcc-af312f560a3"));
        let host = FormatCheck::new(Format::Hostname);
        assert!(host.accepts("mycompany.3cx.us"));
        assert!(!host.accepts("evil.com/"));
        assert!(!host.accepts("-a.com"));
        let email = FormatCheck::new(Format::Email);
        assert!(email.accepts("name@example.com"));
        assert!(!email.accepts("name@"));
        let uri = FormatCheck::new(Format::Uri);
        assert!(uri.accepts("https://example.com/a?b#c"));
        assert!(uri.accepts("urn:isbn:123"));
        assert!(!uri.accepts("example.com"));
        assert!(!uri.accepts("https://exa mple.com"));
        assert!(uri.accepts("http://[::1]:8080/"));
        assert!(!email.accepts("\u{17F}ame@example.com"), "the long s is not `s` for JavaScript");
        assert!(!host.accepts("\u{212A}andji.io"), "the Kelvin sign is not `k` for JavaScript");
    }
}
