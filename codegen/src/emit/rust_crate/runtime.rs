//! The engine every provider module shares.
//!
//! Provider modules are data: a table of [`FieldSpec`]s and a [`RequestSpec`]. This module holds
//! the one implementation of what the data means: reading a JSON submission, validating it with
//! the rules of the provider's JSON Schema (so the back end accepts exactly what the connect form
//! accepts), keeping secrets out of logs, and rendering URLs and headers with each value encoded
//! for where it lands.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde_json::{Map, Value};

/// The two groups of values a connection has, as they are named in a submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// Values that shape requests, such as a subdomain.
    ConnectionConfig,
    /// Secrets and identities, such as an API key.
    Credentials,
}

impl Group {
    /// Both groups, in submission order.
    pub const ALL: [Group; 2] = [Group::ConnectionConfig, Group::Credentials];

    /// The key of the group in a submission: `connection_config` or `credentials`.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::ConnectionConfig => "connection_config",
            Group::Credentials => "credentials",
        }
    }
}

/// Who provides a field's value. Only the user's values are part of a submission; the others
/// are filled in afterwards, so a connection read from a submission has none of them yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FilledBy {
    /// The user, in the connect form (or the platform, for a hidden or automated field).
    User,
    /// The OAuth token response's value at this key (dotted for a nested one).
    TokenResponse(&'static str),
    /// The query parameter of this name in the OAuth redirect.
    Redirect(&'static str),
    /// The integration's setting of this name, such as `client_id`.
    Integration(&'static str),
    /// The platform, after the connection is made.
    Platform,
}

/// A standard format a value must have, with the meaning `ajv-formats` gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Email,
    Uri,
    Uuid,
    Hostname,
}

impl Format {
    /// The name of the format in a JSON Schema.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Email => "email",
            Format::Uri => "uri",
            Format::Uuid => "uuid",
            Format::Hostname => "hostname",
        }
    }

    /// Whether `value` has the format, exactly as `ajv-formats` decides in its "full" mode.
    pub fn accepts(self, value: &str) -> bool {
        // ajv-formats also requires a `/` or `:` in a `uri`, outside its expression.
        if self == Format::Uri && !value.contains(['/', ':']) {
            return false;
        }
        // Under `i` without `u`, JavaScript never folds a non-ASCII character to an ASCII one, but
        // `regress` folds the Kelvin sign and the long s (the only two that fold to ASCII) to `k`
        // and `s`. The expressions name no non-ASCII character, so replacing these two with
        // U+FFFD, which folds to nothing either, gives JavaScript's verdict.
        if value.contains(['\u{212A}', '\u{017F}']) {
            return search(crate::formats::expression(self), "i", &value.replace(['\u{212A}', '\u{017F}'], "\u{FFFD}"));
        }
        search(crate::formats::expression(self), "i", value)
    }
}

/// A field shown only while another field of the same group has a given value; a required field
/// is required only then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VisibleWhen {
    /// The other field's name on the wire.
    pub field: &'static str,
    /// The value that makes this field visible.
    pub equals: &'static str,
}

/// One field of a provider's connect form: everything validation needs to know about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    pub group: Group,
    /// The name on the wire, such as `apiKey`.
    pub name: &'static str,
    /// The form label, used in error messages.
    pub title: &'static str,
    /// One sentence under the label in the form.
    pub description: &'static str,
    /// The value may be left out.
    pub optional: bool,
    pub filled_by: FilledBy,
    /// The value may be the empty string: a field the user never sees whose default is empty.
    pub empty_allowed: bool,
    /// The value is a secret: never printed.
    pub secret: bool,
    /// An ECMAScript regular expression (`u` flag) found somewhere in every valid value.
    pub pattern: Option<&'static str>,
    /// The same pattern in the syntax of the `regex` crate, whose engine judges a value in time
    /// linear in its length; absent for a pattern with lookaround or backreferences, which
    /// `regress` runs (the generator refuses every pattern on which it could take exponential
    /// time).
    pub linear_pattern: Option<&'static str>,
    /// What the pattern means, in words.
    pub pattern_hint: Option<&'static str>,
    pub format: Option<Format>,
    /// The only values allowed; empty when any value is.
    pub allowed: &'static [&'static str],
    pub visible_when: Option<VisibleWhen>,
}

impl FieldSpec {
    /// The path used in errors and forms, such as `credentials.apiKey`.
    pub fn path(&self) -> String {
        format!("{}.{}", self.group.as_str(), self.name)
    }

    /// Whether the value is part of a submission.
    pub fn is_submitted(&self) -> bool {
        self.filled_by == FilledBy::User
    }

    /// Whether a value must be given, knowing the values of the other fields of the group: unless
    /// the field is optional, always, or while its visibility condition holds.
    fn required<'v>(&self, sibling: impl Fn(&str) -> Option<&'v str>) -> bool {
        match self.visible_when {
            _ if self.optional || !self.is_submitted() => false,
            Some(condition) => sibling(condition.field) == Some(condition.equals),
            None => true,
        }
    }

    /// The errors of a value given for the field, one for each rule it breaks. A field left empty
    /// must be left out, so the empty string is refused even for an optional field.
    fn check(&self, value: &str, errors: &mut Vec<FieldError>) {
        if value.is_empty() && !self.empty_allowed {
            errors.push(FieldError::new(self.path(), "minLength", format!("{} must not be empty", self.title)));
        }
        if !self.allowed.is_empty() && !self.allowed.contains(&value) {
            let choices = self.allowed.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
            errors.push(FieldError::new(self.path(), "enum", format!("{} must be one of {choices}", self.title)));
        }
        if let Some(pattern) = self.pattern {
            let found = match self.linear_pattern {
                Some(linear) => search_linear(linear, value),
                None => search(pattern, "u", value),
            };
            if !found {
                let expected =
                    self.pattern_hint.map_or_else(|| format!("match `{pattern}`"), |hint| format!("be: {hint}"));
                errors.push(FieldError::new(self.path(), "pattern", format!("{} must {expected}", self.title)));
            }
        }
        if let Some(format) = self.format {
            if !format.accepts(value) {
                errors.push(FieldError::new(
                    self.path(),
                    "format",
                    format!("{} must be a valid {}", self.title, format.as_str()),
                ));
            }
        }
    }
}

/// Why a submission was refused, for one field (or for the submission as a whole).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Where the problem is, such as `credentials.apiKey`; empty for the whole submission.
    pub path: String,
    /// The JSON Schema keyword that refused the value: `required`, `type`, `pattern`, `format`,
    /// `enum` or `additionalProperties`.
    pub rule: &'static str,
    /// A sentence for the user.
    pub message: String,
}

impl FieldError {
    fn new(path: impl Into<String>, rule: &'static str, message: impl Into<String>) -> FieldError {
        FieldError { path: path.into(), rule, message: message.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{} ({})", self.message, self.rule)
        } else {
            write!(f, "{}: {} ({})", self.path, self.message, self.rule)
        }
    }
}

impl std::error::Error for FieldError {}

/// A secret value. Its `Debug` and `Display` print `***`, never the value; read it with
/// [`Secret::expose`] where it is really needed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Reads a submission (`{"connection_config": {...}, "credentials": {...}}`) against a provider's
/// fields, with the rules of its JSON Schema. On success, returns the value of each field in the
/// order of `fields` (`None` when it was left out); otherwise every error found.
pub fn read_submission(
    fields: &'static [FieldSpec],
    submission: &Value,
) -> Result<Vec<Option<String>>, Vec<FieldError>> {
    let Value::Object(submission) = submission else {
        return Err(vec![FieldError::new("", "type", "the submission must be a JSON object")]);
    };
    let mut errors = Vec::new();
    // A group without fields is not part of the provider's submissions at all.
    let has_fields = |group: Group| fields.iter().any(|field| field.group == group && field.is_submitted());
    for key in submission.keys() {
        if !Group::ALL.iter().any(|group| group.as_str() == key && has_fields(*group)) {
            errors.push(FieldError::new(
                key.as_str(),
                "additionalProperties",
                format!("`{key}` is not part of a submission"),
            ));
        }
    }
    let mut values = vec![None; fields.len()];
    for group in Group::ALL.into_iter().filter(|group| has_fields(*group)) {
        let members =
            || fields.iter().enumerate().filter(move |(_, field)| field.group == group && field.is_submitted());
        let empty = Map::new();
        let object = match submission.get(group.as_str()) {
            Some(Value::Object(object)) => object,
            Some(_) => {
                errors.push(FieldError::new(
                    group.as_str(),
                    "type",
                    format!("`{}` must be a JSON object", group.as_str()),
                ));
                continue;
            }
            None if members().any(|(_, field)| field.required(|_| None)) => {
                errors.push(FieldError::new(group.as_str(), "required", format!("`{}` is missing", group.as_str())));
                continue;
            }
            None => &empty,
        };
        for key in object.keys() {
            if !members().any(|(_, field)| field.name == key) {
                let path = format!("{}.{key}", group.as_str());
                errors.push(FieldError::new(
                    path,
                    "additionalProperties",
                    format!("`{key}` is not a field of `{}`", group.as_str()),
                ));
            }
        }
        let sibling = |name: &str| object.get(name).and_then(Value::as_str);
        for (index, field) in members() {
            match object.get(field.name) {
                None if field.required(sibling) => {
                    errors.push(FieldError::new(field.path(), "required", format!("{} is required", field.title)))
                }
                None => {}
                Some(Value::String(value)) => {
                    field.check(value, &mut errors);
                    values[index] = Some(value.clone());
                }
                Some(_) => {
                    errors.push(FieldError::new(field.path(), "type", format!("{} must be a string", field.title)))
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// Validates values held in memory (a connection built in code rather than read from JSON):
/// `values` holds the value of each field in the order of `fields`.
pub(crate) fn check_values(fields: &[FieldSpec], values: &[Option<&str>]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (field, value) in fields.iter().zip(values) {
        let sibling = |name: &str| {
            let index = fields.iter().position(|other| other.group == field.group && other.name == name)?;
            values.get(index).copied().flatten()
        };
        match value {
            Some(value) => field.check(value, &mut errors),
            None if field.required(sibling) => {
                errors.push(FieldError::new(field.path(), "required", format!("{} is required", field.title)))
            }
            None => {}
        }
    }
    errors
}

/// Hands a connection's values to the code that builds a provider's own connection type, one
/// field at a time in field order.
pub struct FieldValues<'a> {
    values: std::slice::Iter<'a, Option<String>>,
}

impl<'a> FieldValues<'a> {
    fn new(values: &'a [Option<String>]) -> FieldValues<'a> {
        FieldValues { values: values.iter() }
    }

    fn next_str(&mut self) -> Option<&'a str> {
        self.values.next().and_then(Option::as_deref)
    }

    /// The next field's value, when one was given.
    pub fn next_optional(&mut self) -> Option<String> {
        self.next_str().map(str::to_owned)
    }

    /// The next field's value, which validation has required (so never the empty string it
    /// stands in for when missing).
    pub fn next_required(&mut self) -> String {
        self.next_optional().unwrap_or_default()
    }

    /// The next field's value, read as one of its allowed choices; `None` when it is not one.
    pub fn next_choice<T>(&mut self, parse: fn(&str) -> Option<T>) -> Option<T> {
        parse(self.next_str().unwrap_or_default())
    }

    /// The next field's value, when one was given, read as one of its allowed choices: `None`
    /// when the value is not one of them, `Some(None)` when none was given.
    pub fn next_optional_choice<T>(&mut self, parse: fn(&str) -> Option<T>) -> Option<Option<T>> {
        match self.next_str() {
            Some(value) => parse(value).map(Some),
            None => Some(None),
        }
    }
}

/// Whether `pattern`, compiled with `flags`, is found in `value`. A pattern that does not compile
/// (the generator refuses those) accepts nothing.
fn search(pattern: &'static str, flags: &'static str, value: &str) -> bool {
    compiled(pattern, flags).is_some_and(|regex| regex.find(value).is_some())
}

/// Whether `pattern` (in the `regex` crate's syntax) is found in `value`; one that does not
/// compile (the generator builds each one first) accepts nothing.
fn search_linear(pattern: &'static str, value: &str) -> bool {
    type LinearCache = Mutex<HashMap<&'static str, Option<regex::Regex>>>;
    static CACHE: OnceLock<LinearCache> = OnceLock::new();
    let regex = {
        let mut cache = CACHE.get_or_init(Default::default).lock().unwrap_or_else(PoisonError::into_inner);
        // A `regex::Regex` is cheap to clone and shares its compiled program.
        cache.entry(pattern).or_insert_with(|| regex::Regex::new(pattern).ok()).clone()
    };
    regex.is_some_and(|regex| regex.is_match(value))
}

type RegexCache = Mutex<HashMap<(&'static str, &'static str), Option<Arc<regress::Regex>>>>;

/// Each expression is compiled once, the first time a value is checked against it.
fn compiled(pattern: &'static str, flags: &'static str) -> Option<Arc<regress::Regex>> {
    static CACHE: OnceLock<RegexCache> = OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap_or_else(PoisonError::into_inner);
    cache
        .entry((pattern, flags))
        .or_insert_with(|| regress::Regex::with_flags(pattern, flags).ok().map(Arc::new))
        .clone()
}

/// Where a substituted value lands, which decides how it is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The start of a URL (`${connectionConfig.instanceUrl}/api`): the value is a URL the user
    /// chose, inserted as it is once it is free of whitespace, control characters and `\`.
    Origin,
    /// Inside the host (`https://${connectionConfig.subdomain}.kandji.io`): only letters,
    /// digits, `-`, `.` and `_`, which cannot end the host or move it elsewhere.
    Host,
    /// Inside the path: percent-encoded; `.` and `..` are refused.
    Path,
    /// Inside the query or the fragment: percent-encoded.
    Query,
    /// Inside a header value: inserted as it is once it is free of control characters.
    Header,
    /// The value of a request parameter (a body parameter, or one of the authorization URL's
    /// query): inserted as it is, the request encoding the whole parameter.
    Body,
    /// Inside a string of a JSON request body: escaped as JSON escapes a string's characters.
    Json,
    /// Inside `${base64(...)}`: inserted as it is, since the Base64 of the whole is what lands
    /// in the request, encoded for its own place.
    Base64Input,
}

impl Place {
    /// Appends `value` to `out`, encoded for this place, or says why it cannot go there.
    fn encode(self, value: &str, out: &mut String) -> Result<(), &'static str> {
        match self {
            Place::Origin => {
                if value.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\') {
                    return Err("a URL cannot contain whitespace, control characters or `\\`");
                }
                out.push_str(value);
            }
            Place::Host => {
                if !value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')) {
                    return Err(
                        "the value would change the URL's host: only letters, digits, `-`, `.` and `_` can go there",
                    );
                }
                out.push_str(value);
            }
            Place::Body => out.push_str(value),
            Place::Path | Place::Query => {
                if self == Place::Path && (value == "." || value == "..") {
                    return Err("`.` and `..` would change the URL's path");
                }
                percent_encode(value, out);
            }
            Place::Base64Input => out.push_str(value),
            Place::Json => {
                let quoted = Value::String(value.to_owned()).to_string();
                out.push_str(&quoted[1..quoted.len() - 1]);
            }
            Place::Header => {
                if value.chars().any(|c| c.is_control() && c != '\t') {
                    return Err("a header value cannot contain line breaks or control characters");
                }
                out.push_str(value);
            }
        }
        Ok(())
    }
}

/// One piece of a template alternative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Literal text.
    Text(&'static str),
    /// The value of a field of the connection.
    Field { group: Group, name: &'static str, place: Place },
    /// A value the platform provides at run time, such as `accessToken`.
    Platform { name: &'static str, place: Place },
    /// `${base64(...)}`: the segments' text in standard Base64, encoded for `place`.
    Base64 { segments: &'static [Segment], place: Place },
}

/// A parsed template: the first alternative whose values are all given and non-empty is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    /// The template as written in the provider file.
    pub source: &'static str,
    pub alternatives: &'static [&'static [Segment]],
}

/// How requests to a provider are built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestSpec {
    pub base_url: Option<Template>,
    /// The paths of the fields the base URL names that are filled in after the form (see
    /// [`FilledBy`]), such as `connection_config.dc` for a base URL made from a value of the
    /// OAuth token response. Until they are, the base URL is not known: a connection read from a
    /// submission answers [`RenderError::MissingValues`] and that is no fault of the submission.
    /// Empty when the base URL names only values of the submission, whose absence is then an
    /// error.
    pub base_url_awaits: &'static [&'static str],
    /// Header names (lowercase) and their templates, sent with every request.
    pub headers: &'static [(&'static str, Template)],
    /// Query parameter names and their templates, added to every request.
    pub query: &'static [(&'static str, Template)],
    pub verification: Option<VerificationSpec>,
}

/// The request that checks credentials when a connection is created. It is sent like any other
/// request to the provider (the base URL, headers and query of [`RequestSpec`]), with its own
/// headers on top.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerificationSpec {
    pub method: Method,
    /// Used instead of the base URL when set.
    pub base_url_override: Option<Template>,
    /// Paths relative to the base URL: alternatives, tried in order.
    pub endpoints: &'static [Template],
    /// Header names (lowercase) and their templates, replacing the provider's of the same name.
    pub headers: &'static [(&'static str, Template)],
    pub body: Option<BodySpec>,
    pub responses: ResponseRules,
}

/// How a request body is built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodySpec {
    /// A JSON document (`application/json`), its values placed in JSON strings.
    Json(Template),
    /// Form parameter names and their templates (`application/x-www-form-urlencoded`); a
    /// parameter none of whose alternatives has all its values is left out.
    Form(&'static [(&'static str, Template)]),
}

/// What the statuses of a verification response mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ResponseRules {
    /// Statuses that mean the credentials are valid; empty for any 2xx.
    pub valid: &'static [u16],
    /// Statuses that mean the provider refused the credentials.
    pub refused: &'static [u16],
}

impl ResponseRules {
    /// What a response with `status` says about the credentials.
    pub fn classify(&self, status: u16) -> VerificationOutcome {
        let valid =
            if self.valid.is_empty() { (200..300).contains(&status) } else { self.valid.contains(&status) };
        if valid {
            VerificationOutcome::Valid
        } else if self.refused.contains(&status) {
            VerificationOutcome::Refused
        } else {
            VerificationOutcome::Unknown
        }
    }
}

/// What a verification response says about the credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VerificationOutcome {
    /// The provider accepted them.
    Valid,
    /// The provider refused them: ask the user for others.
    Refused,
    /// The status says nothing about them (a 5xx, a 429, a 404 of a moved endpoint): try the
    /// next endpoint, or again later.
    Unknown,
}

/// The rendered verification of a connection: the requests to try and what their responses mean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// One request per endpoint, in order: send them one after the other until a response is
    /// [`VerificationOutcome::Valid`] or [`VerificationOutcome::Refused`].
    pub requests: Vec<HttpRequest>,
    pub responses: ResponseRules,
}

impl Verification {
    /// What a response with `status` says about the credentials.
    pub fn classify(&self, status: u16) -> VerificationOutcome {
        self.responses.classify(status)
    }
}

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// The method as it goes on the wire, such as `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text rendered for a request (a URL, a header value), which knows whether a secret went into
/// it: its `Debug` shows `***` then, so that logging a request never leaks a credential.
#[derive(Clone, PartialEq, Eq)]
pub struct RenderedValue {
    text: String,
    secret: bool,
}

impl RenderedValue {
    /// Text with no secret in it.
    pub fn public(text: impl Into<String>) -> RenderedValue {
        RenderedValue { text: text.into(), secret: false }
    }

    /// Text that holds a secret, or was built from one.
    pub fn secret(text: impl Into<String>) -> RenderedValue {
        RenderedValue { text: text.into(), secret: true }
    }

    /// The text itself, to send.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether a secret went into the text.
    pub fn is_secret(&self) -> bool {
        self.secret
    }
}

impl fmt::Debug for RenderedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.secret {
            f.write_str("***")
        } else {
            fmt::Debug::fmt(&self.text, f)
        }
    }
}

/// The body of a request: bytes and their media type.
#[derive(Clone, PartialEq, Eq)]
pub struct Body {
    content_type: String,
    bytes: Vec<u8>,
    secret: bool,
}

impl Body {
    /// A body of `bytes` of the media type `content_type`; `secret` when a secret went into it.
    pub fn new(content_type: impl Into<String>, bytes: Vec<u8>, secret: bool) -> Body {
        Body { content_type: content_type.into(), bytes, secret }
    }

    /// An `application/x-www-form-urlencoded` body of the given parameters, names and values
    /// percent-encoded; secret when any value is.
    pub fn form<'v>(params: impl IntoIterator<Item = (&'v str, &'v RenderedValue)>) -> Body {
        let mut text = String::new();
        let mut secret = false;
        for (name, value) in params {
            if !text.is_empty() {
                text.push('&');
            }
            percent_encode(name, &mut text);
            text.push('=');
            percent_encode(value.as_str(), &mut text);
            secret |= value.is_secret();
        }
        Body::new("application/x-www-form-urlencoded", text.into_bytes(), secret)
    }

    /// The media type, sent as the `content-type` header.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The bytes to send.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Whether a secret went into the body.
    pub fn is_secret(&self) -> bool {
        self.secret
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut body = f.debug_struct("Body");
        body.field("content_type", &self.content_type);
        if self.secret {
            body.field("bytes", &Masked);
        } else {
            body.field("bytes", &String::from_utf8_lossy(&self.bytes));
        }
        body.finish()
    }
}

/// An HTTP request as plain data: a back end sends it with any HTTP client, by reading its
/// method, URL, headers (in order) and body. Its `Debug` masks every part a secret went into.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    method: Method,
    url: RenderedValue,
    headers: Vec<(String, RenderedValue)>,
    body: Option<Body>,
}

impl HttpRequest {
    /// A request without headers or body.
    pub fn new(method: Method, url: RenderedValue) -> HttpRequest {
        HttpRequest { method, url, headers: Vec::new(), body: None }
    }

    /// The request with the header `name` (lowercase) set to `value`, replacing any header of
    /// that name (compared without case).
    pub fn with_header(mut self, name: &str, value: RenderedValue) -> HttpRequest {
        let name = name.to_ascii_lowercase();
        match self.headers.iter_mut().find(|(existing, _)| *existing == name) {
            Some(header) => header.1 = value,
            None => self.headers.push((name, value)),
        }
        self
    }

    /// The request with `body`, and its media type as the `content-type` header unless the
    /// request already has one.
    pub fn with_body(mut self, body: Body) -> HttpRequest {
        if self.header("content-type").is_none() {
            self = self.with_header("content-type", RenderedValue::public(body.content_type()));
        }
        self.body = Some(body);
        self
    }

    pub fn method(&self) -> Method {
        self.method
    }

    /// The absolute URL, query included.
    pub fn url(&self) -> &str {
        self.url.as_str()
    }

    /// The headers, lowercase names, in the order they were set.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// The value of the header `name`, compared without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(existing, _)| *existing == name).map(|(_, value)| value.as_str())
    }

    pub fn body(&self) -> Option<&Body> {
        self.body.as_ref()
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a [(String, RenderedValue)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map().entries(self.0.iter().map(|(name, value)| (name, value))).finish()
            }
        }
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &Headers(&self.headers))
            .field("body", &self.body)
            .finish()
    }
}

/// `bytes` in standard Base64 (RFC 4648, with `=` padding).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let triple = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[(triple >> (18 - 6 * index) & 0x3F) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Appends `value` percent-encoded to `out`: every byte but ASCII letters, digits, `-`, `.`,
/// `_` and `~` becomes `%XX`.
fn percent_encode(value: &str, out: &mut String) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// Values the platform provides at run time, by name (`accessToken`, ...).
pub type PlatformValues<'a> = &'a [(&'a str, &'a str)];

/// Why a URL or a header could not be rendered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenderError {
    /// No alternative of the template has a non-empty value for each of its variables.
    MissingValues { template: &'static str },
    /// A value cannot be placed where the template puts it.
    UnsafeValue { path: String, reason: &'static str },
    /// The provider defines no base URL.
    NoBaseUrl,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::MissingValues { template } => {
                write!(f, "`{template}` lacks a value for each of its alternatives")
            }
            RenderError::UnsafeValue { path, reason } => write!(f, "{path}: {reason}"),
            RenderError::NoBaseUrl => f.write_str("the provider defines no base URL"),
        }
    }
}

impl std::error::Error for RenderError {}

/// How a provider authenticates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthMode {
    /// A single API key or token.
    ApiKey,
    /// HTTP basic auth.
    Basic,
    /// OAuth 2 authorization-code flow.
    OAuth2,
    /// OAuth 2 client-credentials flow.
    OAuth2Cc,
    /// No authentication.
    None,
    OAuth1,
    App,
    AppStore,
    Custom,
    Tba,
    Tableau,
    Jwt,
    Bill,
    TwoStep,
    Signature,
    McpOAuth2,
    McpOAuth2Generic,
    InstallPlugin,
    AwsSigv4,
}

impl AuthMode {
    /// The name as written in provider files, such as `API_KEY`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthMode::ApiKey => "API_KEY",
            AuthMode::Basic => "BASIC",
            AuthMode::OAuth2 => "OAUTH2",
            AuthMode::OAuth2Cc => "OAUTH2_CC",
            AuthMode::None => "NONE",
            AuthMode::OAuth1 => "OAUTH1",
            AuthMode::App => "APP",
            AuthMode::AppStore => "APP_STORE",
            AuthMode::Custom => "CUSTOM",
            AuthMode::Tba => "TBA",
            AuthMode::Tableau => "TABLEAU",
            AuthMode::Jwt => "JWT",
            AuthMode::Bill => "BILL",
            AuthMode::TwoStep => "TWO_STEP",
            AuthMode::Signature => "SIGNATURE",
            AuthMode::McpOAuth2 => "MCP_OAUTH2",
            AuthMode::McpOAuth2Generic => "MCP_OAUTH2_GENERIC",
            AuthMode::InstallPlugin => "INSTALL_PLUGIN",
            AuthMode::AwsSigv4 => "AWS_SIGV4",
        }
    }
}

/// Everything the registry says about one provider, as data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProviderInfo {
    /// The provider id, such as `kandji`.
    pub id: &'static str,
    /// The name users see, such as `Kandji`.
    pub display_name: &'static str,
    pub auth_mode: AuthMode,
    /// Catalog categories, such as `productivity`.
    pub categories: &'static [&'static str],
    /// The provider's main documentation page.
    pub docs_url: &'static str,
    /// The guide that explains where to find each value.
    pub connect_guide_url: &'static str,
    /// The JSON Schema of the provider's submissions (draft 2020-12), as published.
    pub json_schema: &'static str,
    /// The fields: connection config then credentials, each group in form order.
    pub fields: &'static [FieldSpec],
    /// How requests are built.
    pub requests: RequestSpec,
    /// The OAuth 2 endpoints and parameters of an `OAUTH2` or `OAUTH2_CC` provider.
    pub oauth2: Option<crate::oauth2::OAuth2Spec>,
}

/// The error of parsing a [`crate::ProviderId`] from a string that names no provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownProvider(pub String);

impl fmt::Display for UnknownProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no provider has the id `{}`", self.0)
    }
}

impl std::error::Error for UnknownProvider {}

/// The `Debug` output of every connection, from its provider's field table: each value under its
/// path on the wire, secrets masked. One function here, rather than derived code per provider,
/// keeps the crate quick to compile (connections are not `Clone` for the same reason: deriving
/// `Clone` and `Debug` on a thousand providers' types cost a fifth of the crate's build).
pub fn debug_connection(info: &ProviderInfo, values: &[Option<&str>], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{} ", info.display_name)?;
    let mut map = f.debug_map();
    for (spec, value) in info.fields.iter().zip(values) {
        let key = format_args!("{}.{}", spec.group.as_str(), spec.name);
        match value {
            Some(_) if spec.secret => map.entry(&key, &Masked),
            Some(value) => map.entry(&key, &value),
            None => map.entry(&key, &value),
        };
    }
    map.finish()
}

/// What a secret shows in `Debug` output.
struct Masked;

impl fmt::Debug for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// What every connection offers: implemented by [`Connection`] and by each provider's connection
/// type.
pub trait ProviderConnection {
    /// The provider the connection is for.
    fn provider(&self) -> crate::ProviderId;

    /// The value of each field, in the order of the provider's [`ProviderInfo::fields`].
    fn field_values(&self) -> Vec<Option<&str>>;

    /// Every rule the values break, as [`Connection::from_json`] would report them; empty
    /// when the connection is valid. Useful for a connection built in code.
    fn validate(&self) -> Vec<FieldError> {
        check_values(self.provider().info().fields, &self.field_values())
    }

    /// The API's base URL. Values are encoded for where they land, and a value that would change
    /// the URL's host is refused, whether or not the connection was validated. A base URL that
    /// names values filled in after the form ([`RequestSpec::base_url_awaits`]) lacks them until
    /// they are filled in: [`RenderError::MissingValues`].
    fn base_url(&self) -> Result<String, RenderError> {
        Ok(Rendering::new(self, &[]).base_url()?.text)
    }

    /// The headers sent with every request, with `platform` providing run-time values such as
    /// `accessToken`. A header none of whose alternatives has all its values is left out.
    fn headers(&self, platform: PlatformValues<'_>) -> Result<Vec<(&'static str, String)>, RenderError> {
        let rendering = Rendering::new(self, platform);
        let headers = rendering.headers(rendering.requests.headers)?;
        Ok(headers.into_iter().map(|(name, value)| (name, value.text)).collect())
    }

    /// A request to `path` (relative to the base URL, such as `/v1/users?limit=1`, inserted as
    /// written), with the provider's headers and query parameters.
    fn request(&self, method: Method, path: &str, platform: PlatformValues<'_>) -> Result<HttpRequest, RenderError> {
        let rendering = Rendering::new(self, platform);
        rendering.request(method, rendering.base_url()?, RenderedValue::public(path), &[])
    }

    /// The requests that check the credentials and what their responses mean, when the
    /// provider defines a verification.
    fn verification(&self, platform: PlatformValues<'_>) -> Result<Option<Verification>, RenderError> {
        Rendering::new(self, platform).verification()
    }
}

/// A provider's own connection type, such as `providers::kandji::Kandji`, with a member per field:
/// implemented by each provider's connection type, which [`ProviderConnection`] then covers.
pub trait TypedConnection: Sized {
    /// The provider whose connections the type holds.
    const ID: crate::ProviderId;

    /// Builds the connection from its fields' values, in the order of the provider's
    /// [`ProviderInfo::fields`]; `None` when a value is not one of its field's choices, which
    /// validation makes impossible.
    fn from_values(values: &mut FieldValues<'_>) -> Option<Self>;

    /// The value of each field, in the order of the provider's [`ProviderInfo::fields`] (what
    /// [`ProviderConnection::field_values`] returns).
    fn values(&self) -> Vec<Option<&str>>;

    /// Reads a submission (`{"connection_config": {...}, "credentials": {...}}`) and validates it
    /// with the rules of the provider's JSON Schema (`schemas/<id>.json`), returning every error
    /// found.
    fn from_json(submission: &Value) -> Result<Self, Vec<FieldError>> {
        let connection = Connection::from_json(Self::ID, submission)?;
        connection.typed().ok_or_else(|| vec![FieldError::new("", "enum", "a value is not one of its field's choices")])
    }
}

/// One implementation for every provider's type, rather than one generated per provider.
impl<T: TypedConnection> ProviderConnection for T {
    fn provider(&self) -> crate::ProviderId {
        T::ID
    }

    fn field_values(&self) -> Vec<Option<&str>> {
        self.values()
    }
}

/// A validated connection to one of the providers: the value of each of its provider's fields,
/// which the runtime reads through the provider's field table. [`Connection::typed`] gives the
/// provider's own type, with a member per field.
pub struct Connection {
    provider: crate::ProviderId,
    /// The value of each field, in the order of the provider's [`ProviderInfo::fields`].
    values: Vec<Option<String>>,
}

impl Connection {
    /// Reads a connect-form submission (`{"connection_config": {...}, "credentials": {...}}`)
    /// for `provider`: the connection, or every field error. The verdict is the one the
    /// provider's JSON Schema gives.
    pub fn from_json(provider: crate::ProviderId, submission: &Value) -> Result<Connection, Vec<FieldError>> {
        let values = read_submission(provider.info().fields, submission)?;
        Ok(Connection { provider, values })
    }

    /// The connection as its provider's own type (`connection.typed::<kandji::Kandji>()`);
    /// `None` when it is a connection to another provider.
    pub fn typed<T: TypedConnection>(&self) -> Option<T> {
        if self.provider != T::ID {
            return None;
        }
        T::from_values(&mut FieldValues::new(&self.values))
    }
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_connection(self.provider.info(), &self.field_values(), f)
    }
}

impl ProviderConnection for Connection {
    fn provider(&self) -> crate::ProviderId {
        self.provider
    }

    fn field_values(&self) -> Vec<Option<&str>> {
        self.values.iter().map(Option::as_deref).collect()
    }
}

/// The values of a connection and the platform's: everything rendering needs.
struct Rendering<'a> {
    fields: &'static [FieldSpec],
    requests: &'static RequestSpec,
    values: Vec<Option<&'a str>>,
    platform: PlatformValues<'a>,
}

impl<'a> Rendering<'a> {
    fn new<C: ProviderConnection + ?Sized>(connection: &'a C, platform: PlatformValues<'a>) -> Rendering<'a> {
        let info = connection.provider().info();
        Rendering { fields: info.fields, requests: &info.requests, values: connection.field_values(), platform }
    }

    /// Renders a template, or returns `Ok(None)` when no alternative has all its values.
    fn render(&self, template: &Template) -> Result<Option<RenderedValue>, RenderError> {
        render_template(self.fields, &self.values, self.platform, template, Encoding::ForPlace)
    }

    fn render_required(&self, template: &Template) -> Result<RenderedValue, RenderError> {
        self.render(template)?.ok_or(RenderError::MissingValues { template: template.source })
    }

    fn base_url(&self) -> Result<RenderedValue, RenderError> {
        self.render_required(self.requests.base_url.as_ref().ok_or(RenderError::NoBaseUrl)?)
    }

    /// The named templates rendered, those none of whose alternatives has its values left out.
    fn headers(
        &self,
        templates: &'static [(&'static str, Template)],
    ) -> Result<Vec<(&'static str, RenderedValue)>, RenderError> {
        let mut rendered = Vec::new();
        for (name, template) in templates {
            if let Some(value) = self.render(template)? {
                rendered.push((*name, value));
            }
        }
        Ok(rendered)
    }

    /// A request to `path` below `base`, with the provider's query parameters and headers, then
    /// `headers` on top.
    fn request(
        &self,
        method: Method,
        base: RenderedValue,
        path: RenderedValue,
        headers: &'static [(&'static str, Template)],
    ) -> Result<HttpRequest, RenderError> {
        let separator = if path.text.starts_with('/') || path.text.is_empty() { "" } else { "/" };
        let mut url = format!("{}{separator}{}", base.text.trim_end_matches('/'), path.text);
        let mut secret = base.secret || path.secret;
        for (name, value) in self.headers(self.requests.query)? {
            url.push(if url.contains('?') { '&' } else { '?' });
            percent_encode(name, &mut url);
            url.push('=');
            // The value is encoded already: it was placed in a query.
            url.push_str(&value.text);
            secret |= value.secret;
        }
        let mut request = HttpRequest::new(method, RenderedValue { text: url, secret });
        for (name, value) in self.headers(self.requests.headers)?.into_iter().chain(self.headers(headers)?) {
            request = request.with_header(name, value);
        }
        Ok(request)
    }

    fn verification(&self) -> Result<Option<Verification>, RenderError> {
        let Some(verification) = &self.requests.verification else { return Ok(None) };
        let base = match &verification.base_url_override {
            Some(template) => self.render_required(template)?,
            None => self.base_url()?,
        };
        let body = match verification.body {
            None => None,
            Some(BodySpec::Json(template)) => {
                let document = self.render_required(&template)?;
                Some(Body::new("application/json", document.text.into_bytes(), document.secret))
            }
            Some(BodySpec::Form(params)) => {
                let params = self.headers(params)?;
                Some(Body::form(params.iter().map(|(name, value)| (*name, value))))
            }
        };
        let mut requests = Vec::new();
        for endpoint in verification.endpoints {
            let path = self.render_required(endpoint)?;
            let request = self.request(verification.method, base.clone(), path, verification.headers)?;
            requests.push(match &body {
                Some(body) => request.with_body(body.clone()),
                None => request,
            });
        }
        Ok(Some(Verification { requests, responses: verification.responses }))
    }
}

/// How [`render_template`] writes values into a URL's path and query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// Encoded for where each lands (see [`Place`]).
    ForPlace,
    /// As written, for providers that expect them so; a value that would move the host, or holds
    /// whitespace, control characters or `\\`, is still refused.
    AsWritten,
}

/// Renders `template` with `values` (one for each of `fields`, in order) and the platform's;
/// `Ok(None)` when no alternative has all its values. The result is secret when a secret field
/// or a platform value (a token) went into it.
pub(crate) fn render_template(
    fields: &[FieldSpec],
    values: &[Option<&str>],
    platform: PlatformValues<'_>,
    template: &Template,
    encoding: Encoding,
) -> Result<Option<RenderedValue>, RenderError> {
    let values = TemplateValues { fields, values, platform, encoding };
    for alternative in template.alternatives {
        let mut rendered = RenderedValue { text: String::new(), secret: false };
        if values.render_segments(alternative, &mut rendered)? {
            return Ok(Some(rendered));
        }
    }
    Ok(None)
}

/// What [`render_template`] fills a template with.
struct TemplateValues<'a, 'v> {
    fields: &'a [FieldSpec],
    values: &'a [Option<&'v str>],
    platform: PlatformValues<'a>,
    encoding: Encoding,
}

impl TemplateValues<'_, '_> {
    /// Appends the segments to `out`; `Ok(false)` when a value is missing or empty.
    fn render_segments(&self, segments: &[Segment], out: &mut RenderedValue) -> Result<bool, RenderError> {
        for segment in segments {
            let (value, place, path) = match *segment {
                Segment::Text(text) => {
                    out.text.push_str(text);
                    continue;
                }
                Segment::Base64 { segments, place } => {
                    let mut input = RenderedValue { text: String::new(), secret: false };
                    if !self.render_segments(segments, &mut input)? {
                        return Ok(false);
                    }
                    out.secret |= input.secret;
                    // Base64 output is letters, digits, `+`, `/` and `=`, which every place but a
                    // host accepts, encoded.
                    self.place(place).encode(&base64(input.text.as_bytes()), &mut out.text).map_err(|reason| {
                        RenderError::UnsafeValue { path: "base64(...)".into(), reason }
                    })?;
                    continue;
                }
                Segment::Field { group, name, place } => {
                    let index = self.fields.iter().position(|field| field.group == group && field.name == name);
                    out.secret |= index.is_some_and(|index| self.fields[index].secret);
                    let value = index.and_then(|index| self.values.get(index).copied().flatten());
                    (value, place, (group.as_str(), name))
                }
                Segment::Platform { name, place } => {
                    let value = self.platform.iter().find(|(key, _)| *key == name).map(|(_, value)| *value);
                    out.secret = true;
                    (value, place, ("platform", name))
                }
            };
            let Some(value) = value.filter(|value| !value.is_empty()) else { return Ok(false) };
            self.place(place)
                .encode(value, &mut out.text)
                .map_err(|reason| RenderError::UnsafeValue { path: format!("{}.{}", path.0, path.1), reason })?;
        }
        Ok(true)
    }

    /// Where a value is written, after the encoding asked for.
    fn place(&self, place: Place) -> Place {
        match (self.encoding, place) {
            (Encoding::AsWritten, Place::Path | Place::Query) => Place::Origin,
            _ => place,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_print_without_their_secrets() {
        let token = RenderedValue::secret("Bearer 1bc32cba");
        let request = HttpRequest::new(Method::Post, RenderedValue::public("https://api.example.com/v1/me"))
            .with_header("Authorization", token.clone())
            .with_header("accept", RenderedValue::public("application/json"))
            .with_body(Body::form([("grant_type", &RenderedValue::public("refresh_token")), ("code", &token)]));
        let printed = format!("{request:?}");
        assert!(!printed.contains("1bc32cba"), "a secret was printed: {printed}");
        assert!(printed.contains("https://api.example.com/v1/me") && printed.contains("application/json"));
        assert_eq!(request.header("AUTHORIZATION"), Some("Bearer 1bc32cba"));
        assert_eq!(request.body().map(Body::bytes), Some(&b"grant_type=refresh_token&code=Bearer%201bc32cba"[..]));

        let secret_url = HttpRequest::new(Method::Get, RenderedValue::secret("https://x.io/?key=1bc32cba"));
        assert!(!format!("{secret_url:?}").contains("1bc32cba"));
        let public_body = Body::new("application/json", b"{\"limit\":1}".to_vec(), false);
        assert!(format!("{public_body:?}").contains("{\\\"limit\\\":1}"));
    }

    #[test]
    fn headers_are_set_once_by_lowercase_name_and_the_body_brings_its_media_type() {
        let request = HttpRequest::new(Method::Post, RenderedValue::public("https://x.io"))
            .with_header("Accept", RenderedValue::public("text/xml"))
            .with_header("accept", RenderedValue::public("application/json"))
            .with_body(Body::new("application/json", b"{}".to_vec(), false));
        let headers: Vec<(&str, &str)> = request.headers().collect();
        assert_eq!(headers, [("accept", "application/json"), ("content-type", "application/json")]);
        let own_type = HttpRequest::new(Method::Post, RenderedValue::public("https://x.io"))
            .with_header("content-type", RenderedValue::public("application/vnd.api+json"))
            .with_body(Body::new("application/json", b"{}".to_vec(), false));
        assert_eq!(own_type.header("content-type"), Some("application/vnd.api+json"));
        assert_eq!(own_type.method().as_str(), "POST");
        assert_eq!(own_type.url(), "https://x.io");
    }

    const fn field(group: Group, name: &'static str, secret: bool) -> FieldSpec {
        FieldSpec {
            group,
            name,
            title: name,
            description: "",
            optional: true,
            secret,
            pattern: None,
            linear_pattern: None,
            pattern_hint: None,
            format: None,
            allowed: &[],
            visible_when: None,
            filled_by: FilledBy::User,
            empty_allowed: false,
        }
    }

    const fn text(source: &'static str, alternatives: &'static [&'static [Segment]]) -> Template {
        Template { source, alternatives }
    }

    static FIELDS: [FieldSpec; 3] = [
        field(Group::ConnectionConfig, "subdomain", false),
        field(Group::ConnectionConfig, "region", false),
        field(Group::Credentials, "apiKey", true),
    ];

    const API_KEY: Segment = Segment::Field { group: Group::Credentials, name: "apiKey", place: Place::Header };

    /// A provider like Nango's: `https://${connectionConfig.subdomain}.example.com`, an API key
    /// header and query parameter, and a verification with a base URL override, two endpoints,
    /// its own headers and a JSON body.
    static REQUESTS: RequestSpec = RequestSpec {
        base_url: Some(text(
            "https://${connectionConfig.subdomain}.example.com",
            &[&[
                Segment::Text("https://"),
                Segment::Field { group: Group::ConnectionConfig, name: "subdomain", place: Place::Host },
                Segment::Text(".example.com"),
            ]],
        )),
        base_url_awaits: &[],
        headers: &[
            ("authorization", text("Bearer ${apiKey}", &[&[Segment::Text("Bearer "), API_KEY]])),
            ("accept", text("application/xml", &[&[Segment::Text("application/xml")]])),
        ],
        query: &[
            (
                "api key",
                text(
                    "${apiKey}",
                    &[&[Segment::Field { group: Group::Credentials, name: "apiKey", place: Place::Query }]],
                ),
            ),
            (
                "region",
                text(
                    "${connectionConfig.region}",
                    &[&[Segment::Field { group: Group::ConnectionConfig, name: "region", place: Place::Query }]],
                ),
            ),
        ],
        verification: Some(VerificationSpec {
            method: Method::Post,
            base_url_override: Some(text(
                "https://${connectionConfig.subdomain}.verify.example.com/",
                &[&[
                    Segment::Text("https://"),
                    Segment::Field { group: Group::ConnectionConfig, name: "subdomain", place: Place::Host },
                    Segment::Text(".verify.example.com/"),
                ]],
            )),
            endpoints: &[
                text("/v2/me", &[&[Segment::Text("/v2/me")]]),
                text("v1/me?limit=1", &[&[Segment::Text("v1/me?limit=1")]]),
            ],
            headers: &[("accept", text("application/json", &[&[Segment::Text("application/json")]]))],
            body: Some(BodySpec::Json(text(
                "{\"subdomain\":\"${connectionConfig.subdomain}\"}",
                &[&[
                    Segment::Text("{\"subdomain\":\""),
                    Segment::Field { group: Group::ConnectionConfig, name: "subdomain", place: Place::Json },
                    Segment::Text("\"}"),
                ]],
            ))),
            responses: ResponseRules { valid: &[], refused: &[401, 403] },
        }),
    };

    fn rendering<'a>(values: [Option<&'a str>; 3]) -> Rendering<'a> {
        Rendering { fields: &FIELDS, requests: &REQUESTS, values: values.to_vec(), platform: &[] }
    }

    #[test]
    fn verification_renders_one_request_per_endpoint_with_headers_query_and_body() {
        let verification = rendering([Some("acme"), None, Some("k/y&1")]).verification().unwrap().unwrap();
        let urls: Vec<&str> = verification.requests.iter().map(HttpRequest::url).collect();
        assert_eq!(
            urls,
            [
                "https://acme.verify.example.com/v2/me?api%20key=k%2Fy%261",
                "https://acme.verify.example.com/v1/me?limit=1&api%20key=k%2Fy%261",
            ],
            "the region, left out, is not in the query"
        );
        let request = &verification.requests[0];
        assert_eq!(request.method(), Method::Post);
        let headers: Vec<(&str, &str)> = request.headers().collect();
        assert_eq!(
            headers,
            [("authorization", "Bearer k/y&1"), ("accept", "application/json"), ("content-type", "application/json")]
        );
        let body = request.body().expect("a body");
        assert_eq!(body.bytes(), b"{\"subdomain\":\"acme\"}");
        let printed = format!("{verification:?}");
        assert!(!printed.contains("k/y&1") && !printed.contains("k%2Fy"), "a secret was printed: {printed}");
        assert!(printed.contains("application/json"), "what is not secret prints: {printed}");
    }

    #[test]
    fn a_value_that_would_move_the_verification_host_is_refused() {
        for injection in ["evil.com/", "evil.com#", "a@evil.com", "evil.com:1", "a b", "evil.com?"] {
            let error = rendering([Some(injection), None, Some("key")]).verification().unwrap_err();
            assert!(
                matches!(&error, RenderError::UnsafeValue { path, .. } if path == "connection_config.subdomain"),
                "{injection}: {error:?}"
            );
        }
    }

    #[test]
    fn values_are_encoded_for_json_and_headers_refuse_line_breaks() {
        let quote = rendering([Some("a"), Some("eu \"1\"&"), Some("key")]);
        let verification = quote.verification().unwrap().unwrap();
        assert!(verification.requests[0].url().ends_with("&region=eu%20%221%22%26"));
        let json = Rendering { values: vec![Some("\"}, \"admin\": true, \"x\": {\""), None, None], ..quote };
        let Some(BodySpec::Json(template)) = REQUESTS.verification.and_then(|v| v.body) else {
            panic!("the verification has a JSON body")
        };
        let rendered = json.render_required(&template).unwrap();
        let parsed: Value = serde_json::from_str(rendered.as_str()).expect("the body stays one JSON document");
        assert_eq!(parsed, serde_json::json!({ "subdomain": "\"}, \"admin\": true, \"x\": {\"" }));
        let split = rendering([Some("a"), None, Some("key\r\nx-evil: 1")]);
        assert!(matches!(split.verification(), Err(RenderError::UnsafeValue { .. })));
    }

    #[test]
    fn base64_encodes_its_text_and_keeps_the_secret_marked() {
        assert_eq!([b"".as_slice(), b"f", b"fo", b"foo", b"foob", b"fooba", b"foobar"].map(base64), [
            "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"
        ]);
        static BASIC: Template = Template {
            source: "Basic ${base64(${connectionConfig.subdomain}:${apiKey})}",
            alternatives: &[&[
                Segment::Text("Basic "),
                Segment::Base64 {
                    segments: &[
                        Segment::Field { group: Group::ConnectionConfig, name: "subdomain", place: Place::Base64Input },
                        Segment::Text(":"),
                        Segment::Field { group: Group::Credentials, name: "apiKey", place: Place::Base64Input },
                    ],
                    place: Place::Header,
                },
            ]],
        };
        let rendered = rendering([Some("Aladdin"), None, Some("open sesame")]).render_required(&BASIC).unwrap();
        assert_eq!(rendered.as_str(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(rendered.is_secret());
        assert!(rendering([Some("Aladdin"), None, None]).render(&BASIC).unwrap().is_none(), "a value is missing");
    }

    #[test]
    fn response_rules_classify_statuses() {
        let default = ResponseRules { valid: &[], refused: &[401, 403] };
        let outcomes: Vec<VerificationOutcome> = [200, 204, 299, 401, 403, 404, 429, 500].map(|s| default.classify(s)).to_vec();
        use VerificationOutcome::{Refused, Unknown, Valid};
        assert_eq!(outcomes, [Valid, Valid, Valid, Refused, Refused, Unknown, Unknown, Unknown]);
        let own = ResponseRules { valid: &[200, 400], refused: &[401, 422] };
        assert_eq!([200, 201, 400, 422, 403].map(|s| own.classify(s)), [Valid, Unknown, Valid, Refused, Unknown]);
    }
}
