//! The provider definition format: what one `providers/<id>.yaml` file may say.
//!
//! This module is the one place the format is defined. `generated/provider-definition.schema.json`
//! (what editors use to complete and check keys) is derived from these types with `schemars`, and
//! the loader checks every file's shape against that same schema before it deserializes it, so
//! the editor, the validator and the code can never disagree on a key.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One provider: how it authenticates, what the connect form asks for, how requests are built,
/// and the guide that tells the user where to find each value.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Provider definition")]
pub struct Provider {
    /// The name users see, such as `Kandji`.
    pub display_name: String,
    /// Catalog categories, lowercase words such as `productivity`.
    #[serde(default)]
    pub categories: Vec<String>,
    /// How the provider authenticates.
    pub auth_mode: AuthMode,
    /// OAuth settings; required for `OAUTH2` and `OAUTH2_CC`.
    // Boxed: the largest section, and many providers have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2: Option<Box<OAuth2>>,
    /// Links to the provider's documentation pages.
    pub docs: Docs,
    /// How requests to the provider's API are built once connected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy: Option<Proxy>,
    /// Values the user enters that shape requests (a subdomain, a region). Keys are field names
    /// as they travel on the wire, such as `subdomain`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub connection_config: IndexMap<String, Field>,
    /// Secrets and identities the user enters (an API token, a username and password).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub credentials: IndexMap<String, Field>,
    /// The "How do I link my account?" guide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide: Option<Guide>,
    /// Keys from an imported registry that this format has no place for. Never interpreted;
    /// copied as they are into `registry.json` so that nothing is lost on import.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub passthrough: IndexMap<String, serde_json::Value>,
}

/// Authentication modes. The first five are first-class: the validator knows which credentials
/// each one needs. The others are accepted so that every registry can be described.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AuthMode {
    /// A single API key or token, in credential `apiKey`.
    ApiKey,
    /// HTTP basic auth, with credentials `username` and `password`.
    Basic,
    /// OAuth 2 authorization-code flow.
    #[serde(rename = "OAUTH2")]
    OAuth2,
    /// OAuth 2 client-credentials flow.
    #[serde(rename = "OAUTH2_CC")]
    OAuth2Cc,
    /// No authentication.
    None,
    #[serde(rename = "OAUTH1")]
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
    #[serde(rename = "MCP_OAUTH2")]
    McpOAuth2,
    #[serde(rename = "MCP_OAUTH2_GENERIC")]
    McpOAuth2Generic,
    InstallPlugin,
    #[serde(rename = "AWS_SIGV4")]
    AwsSigv4,
}

impl AuthMode {
    /// Every mode, in declaration order.
    pub const ALL: [AuthMode; 19] = [
        AuthMode::ApiKey,
        AuthMode::Basic,
        AuthMode::OAuth2,
        AuthMode::OAuth2Cc,
        AuthMode::None,
        AuthMode::OAuth1,
        AuthMode::App,
        AuthMode::AppStore,
        AuthMode::Custom,
        AuthMode::Tba,
        AuthMode::Tableau,
        AuthMode::Jwt,
        AuthMode::Bill,
        AuthMode::TwoStep,
        AuthMode::Signature,
        AuthMode::McpOAuth2,
        AuthMode::McpOAuth2Generic,
        AuthMode::InstallPlugin,
        AuthMode::AwsSigv4,
    ];

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

/// OAuth 2: where the user grants access, how codes, refresh tokens and client credentials are
/// exchanged for tokens, and what the token response holds. URLs and parameter values are
/// templates; a parameter whose template has no value is left out.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OAuth2 {
    /// Where the user is sent to grant access (`OAUTH2` only). Its query, if any, is not sent:
    /// the authorization request's parameters replace it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    /// Query parameters of the authorization request, after `response_type`, `client_id`,
    /// `redirect_uri`, `scope`, `state` and the PKCE challenge; one with the same name replaces
    /// the standard one.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub authorization_params: IndexMap<String, String>,
    /// Scopes requested when the integration names none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    /// What joins scopes in the request; a space unless set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_separator: Option<String>,
    /// Parts of the authorization URL written as they are rather than percent-encoded: `scopes`
    /// (the scope parameter, separators included), `base_url` (connection-config values in the
    /// URL's path).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authorization_url_skip_encode: Vec<SkipEncode>,
    /// Send a PKCE challenge (S256) with the authorization request and the verifier with the
    /// code; on unless set to `false`.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub pkce: bool,
    /// Moves the query into the fragment, after this text: the provider reads its parameters
    /// from `#<fragment>?<query>` (a single-page app's route).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_url_fragment: Option<String>,
    /// Text replaced in the finished authorization URL, the first occurrence of each key, in
    /// order: for providers that name the standard parameters differently (`client_id=` →
    /// `appKey=`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub authorization_url_replacements: IndexMap<String, String>,
    /// Leave out the authorization request's query parameters whose value is empty.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub authorization_url_skip_empty: bool,
    /// Where codes or client credentials are exchanged for tokens. A template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// Parts of the token URL written as they are: `base_url` (connection-config values).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub token_url_skip_encode: Vec<SkipEncode>,
    /// Where refresh tokens are exchanged, when not at `token_url`. A template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_url: Option<String>,
    /// Body parameters of the token request, after `grant_type`, `code`, `redirect_uri` and the
    /// PKCE verifier; `grant_type` here names the grant (`client_credentials` for `OAUTH2_CC`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub token_params: IndexMap<String, String>,
    /// Body parameters of the refresh request, after `grant_type` and `refresh_token`; the
    /// token parameters when unset.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub refresh_params: IndexMap<String, String>,
    /// Headers of the token, refresh and client-credentials requests, lowercase names.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub token_headers: IndexMap<String, String>,
    /// How the token request's parameters are sent.
    #[serde(default, skip_serializing_if = "is_default")]
    pub body_format: BodyFormat,
    /// How the client (the integration's OAuth app) proves who it is to the token endpoint.
    #[serde(default, skip_serializing_if = "is_default")]
    pub client_authentication: ClientAuthentication,
    /// Where the token response holds each value, when not at the standard keys.
    #[serde(default, skip_serializing_if = "is_default")]
    pub token_response: TokenResponse,
}

fn yes() -> bool {
    true
}

fn is_yes(value: &bool) -> bool {
    *value
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// A part of an OAuth URL that can be written without percent-encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkipEncode {
    /// The `scope` parameter of the authorization URL.
    Scopes,
    /// Connection-config values substituted into the URL.
    BaseUrl,
}

/// How the parameters of a token request travel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BodyFormat {
    /// `application/x-www-form-urlencoded` (RFC 6749).
    #[default]
    Form,
    /// A JSON object of strings.
    Json,
    /// In the URL's query, with an empty body.
    Query,
}

/// How the client authenticates to the token endpoint (RFC 6749, section 2.3.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClientAuthentication {
    /// `client_id` and `client_secret` in the body.
    #[default]
    Body,
    /// An `Authorization: Basic` header of `client_id:client_secret`.
    Basic,
    /// Both: the header, and the two parameters in the body.
    BasicAndBody,
    /// `username` and `password` body parameters holding the client id and secret.
    UsernamePassword,
}

/// Where a token response holds its values: dotted paths into the JSON object.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenResponse {
    /// The access token; `access_token` unless set (`data.access_token`).
    #[serde(default = "default_access_token", skip_serializing_if = "is_default_access_token")]
    pub access_token: String,
    /// The refresh token; `refresh_token` unless set.
    #[serde(default = "default_refresh_token", skip_serializing_if = "is_default_refresh_token")]
    pub refresh_token: String,
    /// The token's lifetime; `expires_in` unless set.
    #[serde(default = "default_expires_in", skip_serializing_if = "is_default_expires_in")]
    pub expires_in: String,
    /// The unit of the lifetime.
    #[serde(default, skip_serializing_if = "is_default")]
    pub expires_in_unit: ExpiresInUnit,
}

impl Default for TokenResponse {
    fn default() -> TokenResponse {
        TokenResponse {
            access_token: default_access_token(),
            refresh_token: default_refresh_token(),
            expires_in: default_expires_in(),
            expires_in_unit: ExpiresInUnit::default(),
        }
    }
}

fn default_access_token() -> String {
    "access_token".into()
}

fn default_refresh_token() -> String {
    "refresh_token".into()
}

fn default_expires_in() -> String {
    "expires_in".into()
}

fn is_default_access_token(value: &String) -> bool {
    *value == default_access_token()
}

fn is_default_refresh_token(value: &String) -> bool {
    *value == default_refresh_token()
}

fn is_default_expires_in(value: &String) -> bool {
    *value == default_expires_in()
}

/// The unit of a token's lifetime in its response.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExpiresInUnit {
    #[default]
    Seconds,
    Milliseconds,
}

/// Documentation links.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    /// The provider's main documentation page.
    pub main: String,
    /// The published connect guide; field help links point to its step anchors. Defaults to the
    /// registry's `docs_base_url` followed by `<id>/connect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect: Option<String>,
    /// A guide to registering your own OAuth app with the provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_guide: Option<String>,
}

/// Request building. Every string is a template: literal text with `${connectionConfig.x}`,
/// `${credentials.x}` or `${x}` (short for `${credentials.x}`) variables, and ` || ` between
/// alternatives, the first whose variables all have values being used.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Proxy {
    /// The API's base URL, such as `https://${connectionConfig.subdomain}.kandji.io`.
    pub base_url: String,
    /// Headers sent with every request, lowercase names.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, String>,
    /// Query parameters added to every request, such as `api_key: ${apiKey}`; a parameter none
    /// of whose alternatives has all its values is left out.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub query: IndexMap<String, String>,
    /// A request that succeeds only with valid credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
}

/// The request made to check credentials when a connection is created.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    /// The HTTP method.
    #[serde(default)]
    pub method: HttpMethod,
    /// Paths relative to the base URL, tried in order.
    pub endpoints: Vec<String>,
    /// A base URL for verification only, when it differs from the proxy's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url_override: Option<String>,
    /// Headers of the verification request, lowercase names, on top of the proxy's (replacing
    /// a proxy header of the same name).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, String>,
    /// The request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<RequestBody>,
    /// Which response statuses mean the credentials are valid and which mean they were
    /// refused; any 2xx is valid and 401 and 403 are refused unless set.
    #[serde(default, skip_serializing_if = "Responses::is_default")]
    pub responses: Responses,
}

/// A request body: exactly one of `json` or `form`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    /// A JSON document, sent as `application/json`. Strings in it are templates, each with a
    /// single alternative; values are escaped for a JSON string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<serde_json::Value>,
    /// Parameters sent as `application/x-www-form-urlencoded`. Values are templates.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub form: IndexMap<String, String>,
}

/// What the statuses of a verification response mean. A status in neither list (a 5xx, a 429)
/// says nothing about the credentials: try again later.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Responses {
    /// Statuses that mean the credentials are valid; any 2xx unless set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub valid: Vec<u16>,
    /// Statuses that mean the provider refused the credentials; 401 and 403 unless set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<u16>,
}

impl Responses {
    /// The statuses refused when `refused` is not set.
    pub const DEFAULT_REFUSED: [u16; 2] = [401, 403];

    pub fn is_default(&self) -> bool {
        self == &Responses::default()
    }

    /// Whether `status` means valid credentials.
    pub fn is_valid(&self, status: u16) -> bool {
        if self.valid.is_empty() {
            (200..300).contains(&status)
        } else {
            self.valid.contains(&status)
        }
    }

    /// Whether `status` means refused credentials.
    pub fn is_refused(&self, status: u16) -> bool {
        self.refused_statuses().contains(&status)
    }

    /// The statuses that mean refused credentials: those listed, else the default ones.
    pub fn refused_statuses(&self) -> &[u16] {
        if self.refused.is_empty() {
            &Responses::DEFAULT_REFUSED
        } else {
            &self.refused
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    #[default]
    Get,
    Post,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

/// One value of a connection: one the user enters in the connect form, or one the OAuth flow,
/// the integration or the platform fills in (`filled_by`).
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The form label, such as `API Token`. Required for a field the user sees.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// One sentence under the label in the form. Required for a field the user sees.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Who provides the value: the user (the default), or, for a value that never passes
    /// through the connect form, the OAuth token response, the OAuth redirect, the integration
    /// or the platform.
    #[serde(default, skip_serializing_if = "FilledBy::is_user")]
    pub filled_by: FilledBy,
    /// Where a value the OAuth flow or the integration fills in comes from: a key of the token
    /// response (dotted for a nested one, `installation.apiEndPoint`), a query parameter of the
    /// redirect (`accounts-server`), or a setting of the integration (`client_id`). Defaults to
    /// the field's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The name the guide uses when it differs from the form label (`Instance Name` for a form
    /// labelled `Paligo Instance Name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide_title: Option<String>,
    /// A longer text for the guide's overview list; defaults to `description`. `{platform}`
    /// stands for the registry's platform name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide_description: Option<String>,
    /// Words shown after the field's name in the guide's Overview list, before its
    /// description, such as `(optional)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide_qualifier: Option<String>,
    /// Words shown in parentheses after the field's name in the guide's final step, such as
    /// `email address`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide_note: Option<String>,
    /// An example value, checked against the pattern, format and enum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// The example hides characters behind a mask: `*` (such as `5037c64a****`), or a symbol
    /// outside ASCII (`•`, `●`); each run of mask characters stands for one or more characters,
    /// and only the characters it shows are checked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example_masked: bool,
    /// An ECMAScript regular expression (as browsers run it, with the `u` flag) the whole value
    /// must match. Anchor it with `^...$`: like JSON Schema, an unanchored pattern matches
    /// anywhere in the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// What the pattern means, in words, shown when a value does not match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern_hint: Option<String>,
    /// A standard format the value must have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// The only values allowed.
    #[serde(default, rename = "enum", skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
    /// The value used when the user enters none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// The user may leave the field empty.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// The value is a secret: masked in the form, never printed by the back end.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub secret: bool,
    /// The value spans several lines, such as a PEM key: the form gives it a text area, since a
    /// one-line input drops line breaks. Implied by an example that holds a line break.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub multiline: bool,
    /// Text shown before the input, such as `https://`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Text shown after the input, such as `.paligoapp.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    /// Position in the form; fields without one follow, in file order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    /// Not shown in the form.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
    /// Not shown in the form: the platform puts the value in the form's submission, such as an
    /// installation id it knows when the form opens.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub automated: bool,
    /// Show the field only when another field of the same group has a given value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_when: Option<VisibleWhen>,
    /// The `id` of the guide step that explains where to find the value, or `connect` for the
    /// final "Enter credentials" step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide_step: Option<String>,
    /// For providers without a guide here: the anchor (`#...`) in `docs.connect` that explains
    /// the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs_anchor: Option<String>,
}

/// Who provides a field's value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FilledBy {
    /// The user, in the connect form.
    #[default]
    User,
    /// A value of the OAuth token response, such as Salesforce's `instance_url`.
    TokenResponse,
    /// A query parameter of the OAuth redirect back to the platform, such as Zoho's
    /// `accounts-server`.
    Redirect,
    /// A setting of the integration, the same for all its connections: the OAuth app's
    /// `client_id` and `client_secret`, or a value its owner configured.
    Integration,
    /// The platform, after the connection is made (a post-connection script, an API call).
    Platform,
}

impl FilledBy {
    /// Every kind, in declaration order.
    pub const ALL: [FilledBy; 5] =
        [FilledBy::User, FilledBy::TokenResponse, FilledBy::Redirect, FilledBy::Integration, FilledBy::Platform];

    /// The name as written in provider files, such as `token_response`.
    pub fn as_str(self) -> &'static str {
        match self {
            FilledBy::User => "user",
            FilledBy::TokenResponse => "token_response",
            FilledBy::Redirect => "redirect",
            FilledBy::Integration => "integration",
            FilledBy::Platform => "platform",
        }
    }

    pub fn is_user(&self) -> bool {
        *self == FilledBy::User
    }

    /// Whether the value comes from a named key of somewhere else (`from`).
    pub fn has_source_key(self) -> bool {
        matches!(self, FilledBy::TokenResponse | FilledBy::Redirect | FilledBy::Integration)
    }
}

impl Field {
    /// Whether the value is part of the connect form's submission: the user's values, and the
    /// hidden and automated ones the platform puts in the form. The others are filled in after
    /// the form, by the OAuth flow, the integration or the platform.
    pub fn is_submitted(&self) -> bool {
        self.filled_by.is_user()
    }

    /// Whether the user sees the field in the form and types its value.
    pub fn is_user_entered(&self) -> bool {
        self.is_submitted() && !self.hidden && !self.automated
    }

    /// Whether the empty string is a valid value: only for a field the user never sees whose
    /// default is empty (the password of a Basic auth that sends an API key as its username).
    pub fn allows_empty(&self) -> bool {
        !self.is_user_entered() && self.default.as_deref() == Some("")
    }

    /// The key the value comes from, for a value the OAuth flow or the integration fills in.
    pub fn source_key<'f>(&'f self, name: &'f str) -> Option<&'f str> {
        self.filled_by.has_source_key().then(|| self.from.as_deref().unwrap_or(name))
    }
}

/// Formats every JSON Schema validator knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Email,
    Uri,
    Uuid,
    Hostname,
}

impl Format {
    /// Every format, in declaration order.
    pub const ALL: [Format; 4] = [Format::Email, Format::Uri, Format::Uuid, Format::Hostname];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Email => "email",
            Format::Uri => "uri",
            Format::Uuid => "uuid",
            Format::Hostname => "hostname",
        }
    }
}

/// A condition on another field of the same group.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VisibleWhen {
    /// The other field's name.
    pub field: String,
    /// The value that makes this field visible.
    pub equals: String,
}

/// The "How do I link my account?" guide. Its Overview (the list of fields) and its final
/// "Enter credentials" step are generated from the fields; the rest is written here.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    /// The sentence before the list of fields; defaults to
    /// "To authenticate with <Name>, you will need:".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// What joins a field's title and description in the Overview list: ` - ` unless set
    /// (` – `, ` — ` or `: `).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overview_separator: Option<String>,
    /// The order of the Overview list, by field name, when it is not the form's: the fields
    /// named come first, in this order, then the others in form order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overview_order: Vec<String>,
    /// Values the guide explains that are not fields of the connect form (such as an OAuth
    /// app's client ID, entered in the integration's settings): listed in the Overview after
    /// the fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_needed: Vec<Need>,
    /// The sentence after the list of fields, such as "This guide will walk you through...".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<String>,
    /// What the user must have before starting, one sentence each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisites: Vec<String>,
    /// Blocks shown in the Prerequisites section after its list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prerequisite_blocks: Vec<Block>,
    /// The steps, in order. The final "Enter credentials" step is added after them.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Blocks shown in the Overview after `intro`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overview: Vec<Block>,
    /// Blocks shown under the Instructions heading, before the first step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instructions: Vec<Block>,
    /// Blocks shown in the final step around its generated list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connect_step: Option<ConnectStep>,
    /// Sections after the steps, such as notes or troubleshooting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
}

/// An entry of the Overview list that is not a field.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Need {
    pub title: String,
    /// Words after the title, before the description, such as `(optional)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    pub description: String,
}

/// One numbered step of the guide.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// A stable name fields refer to with `guide_step` (lowercase letters, digits, `-`). The
    /// published anchor is derived from the step's number and title.
    pub id: String,
    /// The heading, after "Step N: ".
    pub title: String,
    /// The content, in order.
    pub blocks: Vec<Block>,
}

/// The generated final step: `before` its numbered list, `after` it. `instructions` replaces the
/// generated list and its opening sentence, for a provider whose form needs more words than
/// "enter your X and Y"; the heading, its anchor and the closing sentence stay generated.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConnectStep {
    /// The heading after "Step N: ", when not "Enter credentials in the Connect UI".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub before: Vec<Block>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<Vec<Block>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<Block>,
    /// The closing sentence, when not "You are now connected to <Name>."; `{platform}` stands
    /// for the platform's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing: Option<String>,
}

/// One piece of a step or section: exactly one of `item`, `bullet`, `text`, `heading`, `image`,
/// `code`, `table` or a callout (`note`, `tip`, `info`, `warning`). Consecutive items form one
/// numbered list and consecutive bullets one bulleted list; what an item or bullet holds (nested
/// bullets, paragraphs, images, code) goes in its `blocks`, to any depth. Images right after an
/// item are shown inside it. Prose is Markdown inline text (bold, code, links); raw HTML is
/// refused.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// A numbered instruction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// A bulleted entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bullet: Option<String>,
    /// Bullets nested under the item, each one line: short for `blocks` of `bullet`s.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bullets: Vec<String>,
    /// What the item or bullet holds after its first line: nested bullets and items,
    /// paragraphs, images, code, callouts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<Block>,
    /// A plain paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// A sub-heading inside a step or section, one level below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    // A block is one of its kinds, and these three are the largest and the rarest: boxed, they
    // take a pointer in every block instead of tripling its size.
    /// A screenshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Box<Image>>,
    /// A code block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<Box<Code>>,
    /// A table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<Box<Table>>,
    /// A callout with information worth knowing on the way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// A callout with a helpful suggestion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip: Option<String>,
    /// A callout with background information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<String>,
    /// A callout about something that can go wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// A code block, shown as written.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// The language, for highlighting: `bash`, `json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The code, line breaks included.
    pub text: String,
}

/// A table: a header row and rows of the same width. Cells are inline prose.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub header: Vec<String>,
    /// Column alignment, one per column: `left`, `center`, `right` or `none`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub align: Vec<Align>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    #[default]
    None,
    Left,
    Center,
    Right,
}

/// A section of the guide after its steps (notes, troubleshooting).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The heading, at the level of the Overview.
    pub title: String,
    /// The content, in order.
    pub blocks: Vec<Block>,
}

/// A picture in the guide.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// The image URL, or a path starting with `/` below the registry's `assets_base_url`.
    pub src: String,
    /// What the picture shows, for readers who cannot see it. Required.
    pub alt: String,
    /// The alt text was derived by an import (from the file name and the step), not written by
    /// someone who saw the picture: a reviewer should replace it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub alt_derived: bool,
    /// Intrinsic width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Intrinsic height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Largest width to display, in pixels (used by the MDX flavor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_width: Option<u32>,
}

/// Registry-wide settings, `providers/_registry.yaml`. Each can be overridden on the command line.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The integration platform's name, used in guide text such as "grants Nango permission"
    /// (written `{platform}` in provider prose).
    pub platform_name: String,
    /// Where connect guides are published; a provider's guide is `<docs_base_url>/<id>/connect`
    /// unless it sets `docs.connect`.
    pub docs_base_url: String,
    /// Where the JSON Schemas are published; each schema's `$id` is `<schema_base_url>/<id>.json`.
    pub schema_base_url: String,
    /// The Markdown dialect of the guides.
    #[serde(default)]
    pub guide_flavor: GuideFlavor,
    /// The name of the generated npm package (`npm/package.json`), such as
    /// `@acme/provider-registry`; `provider-registry` unless set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub npm_package: Option<String>,
    /// The site that paths in provider prose are on: guide images whose `src` is a path
    /// (`/integrations/all/kandji/form.png`) and links to a path (`[x](/guides/y)`) are below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets_base_url: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GuideFlavor {
    /// GitHub-flavored Markdown: `> [!TIP]` callouts, `![alt](src)` images.
    #[default]
    Gfm,
    /// MDX for Mintlify-style sites: front matter, `<Tip>`, `<img>` with sizes.
    Mdx,
}

/// The JSON Schema of a provider file, as editors and the loader's shape check read it.
pub fn provider_definition_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<Provider>();
    serde_json::to_value(schema).expect("a schema is JSON")
}

/// The JSON Schema of `_registry.yaml`.
pub fn settings_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    serde_json::to_value(generator.into_root_schema_for::<Settings>()).expect("a schema is JSON")
}
