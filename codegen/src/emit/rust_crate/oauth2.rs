//! OAuth 2 as data: the authorization URL, and the token, refresh and client-credentials requests
//! of a provider, built from its [`OAuth2Spec`] the way Nango builds them (on top of
//! simple-oauth2), so that a Rust back end starts and finishes a flow with any HTTP client.
//!
//! A flow, end to end:
//!
//! 1. [`OAuth2Flow::new`] with the provider and the connection config the user typed (validated
//!    with the rules of the provider's JSON Schema).
//! 2. [`OAuth2Flow::authorization_url`] with the integration's [`OAuth2Client`], a `state` and a
//!    PKCE verifier kept for the callback: redirect the user there.
//! 3. On the redirect back, [`OAuth2Flow::with_redirect`] with its query parameters (some
//!    providers send values the connection keeps), then [`OAuth2Flow::token_request`] with the
//!    `code` and the verifier: send the [`HttpRequest`], and read its JSON response with
//!    [`OAuth2Flow::read_token_response`].
//! 4. Later, [`OAuth2Flow::for_connection`] of the stored connection, then
//!    [`OAuth2Flow::refresh_request`]; or, for an `OAUTH2_CC` provider, only
//!    [`OAuth2Flow::client_credentials_request`].
//!
//! ```text
//! let flow = OAuth2Flow::new(ProviderId::Shopify, &json!({ "subdomain": "acme" }))?;
//! let url = flow.authorization_url(&client, &Authorization { state, scopes: None, code_verifier: &verifier })?;
//! // ... the user comes back to the redirect URI with `code` ...
//! let request = flow.with_redirect(&query).token_request(&client, &code, Some(&verifier))?;
//! ```
//!
//! Every value substituted into a URL is encoded for where it lands, and one that would move the
//! URL's host is refused, as for the base URL. The client secret, codes, verifiers and tokens are
//! [`Secret`]s, and a request's `Debug` masks every part they went into.

use std::fmt;

use base64::Engine as _;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::runtime::{
    check_values, render_template, Body, Encoding, FieldError, FieldSpec, FilledBy, Group, HttpRequest, Method, PlatformValues,
    ProviderConnection, ProviderInfo, RenderError, RenderedValue, Secret, Template,
};
use crate::ProviderId;

/// A provider's OAuth 2 endpoints and parameters, as data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OAuth2Spec {
    /// Where the user is sent to grant access; its query is not sent.
    pub authorization_url: Option<Template>,
    /// Query parameters after the standard ones; one with a standard name replaces it.
    pub authorization_params: &'static [(&'static str, Template)],
    /// Scopes requested when the caller names none.
    pub default_scopes: &'static [&'static str],
    /// What joins scopes.
    pub scope_separator: &'static str,
    /// The scope parameter goes last, as written rather than percent-encoded.
    pub scopes_as_written: bool,
    /// Connection-config values go into the authorization URL as written.
    pub authorization_url_values_as_written: bool,
    /// A PKCE challenge (S256) goes with the authorization request, the verifier with the code.
    pub pkce: bool,
    /// The query goes into the fragment, after this text.
    pub authorization_url_fragment: Option<&'static str>,
    /// Text replaced in the finished authorization URL, the first occurrence of each, in order.
    pub authorization_url_replacements: &'static [(&'static str, &'static str)],
    /// Query parameters with an empty value are left out.
    pub authorization_url_skip_empty: bool,
    /// Where codes and client credentials are exchanged for tokens.
    pub token_url: Template,
    /// Connection-config values go into the token URL as written.
    pub token_url_values_as_written: bool,
    /// Where refresh tokens are exchanged, when not at the token URL.
    pub refresh_url: Option<Template>,
    /// Parameters of the token and client-credentials requests.
    pub token_params: &'static [(&'static str, Template)],
    /// Parameters of the refresh request; the token parameters (but their `grant_type`) when `None`.
    pub refresh_params: Option<&'static [(&'static str, Template)]>,
    /// Headers of every token request.
    pub token_headers: &'static [(&'static str, Template)],
    pub body_format: BodyFormat,
    pub client_authentication: ClientAuthentication,
    pub token_response: TokenResponseSpec,
}

/// How the parameters of a token request travel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BodyFormat {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// A JSON object of strings.
    Json,
    /// In the URL's query, with no body.
    Query,
}

/// How the client proves who it is to the token endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClientAuthentication {
    /// `client_id` and `client_secret` parameters.
    Body,
    /// An `authorization: Basic` header of `client_id:client_secret`.
    Basic,
    /// The header and the parameters.
    BasicAndBody,
    /// `username` and `password` parameters holding the client id and secret.
    UsernamePassword,
}

/// Where a token response holds its values: dotted paths into its JSON object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenResponseSpec {
    pub access_token: &'static str,
    pub refresh_token: &'static str,
    pub expires_in: &'static str,
    /// The lifetime is in milliseconds rather than seconds.
    pub expires_in_milliseconds: bool,
}

/// The integration's OAuth app, registered with the provider.
#[derive(Clone, Debug)]
pub struct OAuth2Client {
    pub client_id: String,
    pub client_secret: Secret,
    /// Where the provider sends the user back, as registered.
    pub redirect_uri: String,
}

/// What one authorization request says.
#[derive(Clone, Copy, Debug)]
pub struct Authorization<'a> {
    /// The opaque value the callback must bring back.
    pub state: &'a str,
    /// The scopes to request; the provider's defaults when `None`.
    pub scopes: Option<&'a [String]>,
    /// The PKCE verifier kept for the token request (43 to 128 characters of `A-Z a-z 0-9 - . _ ~`).
    pub code_verifier: &'a Secret,
}

/// The tokens of a token response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tokens {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    /// Seconds until the access token expires, when the response says.
    pub expires_in_seconds: Option<u64>,
    /// The values of the fields the token response fills (`filled_by: token_response`), by
    /// path (`connection_config.instance_url`), to keep with the connection.
    pub filled: Vec<(String, String)>,
}

/// Why an OAuth 2 request could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OAuth2Error {
    /// The provider has no authorization URL (its flow starts elsewhere).
    NoAuthorizationUrl,
    /// A template could not be rendered with the connection's values.
    Render(RenderError),
    /// The token response holds no access token at the provider's path.
    NoAccessToken { path: &'static str },
}

impl fmt::Display for OAuth2Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OAuth2Error::NoAuthorizationUrl => f.write_str("the provider defines no authorization URL"),
            OAuth2Error::Render(error) => error.fmt(f),
            OAuth2Error::NoAccessToken { path } => write!(f, "the token response has no string at `{path}`"),
        }
    }
}

impl std::error::Error for OAuth2Error {}

impl From<RenderError> for OAuth2Error {
    fn from(error: RenderError) -> OAuth2Error {
        OAuth2Error::Render(error)
    }
}

/// An OAuth 2 flow of one provider with one connection config: everything needed to build its
/// requests but the client and the values each request carries.
pub struct OAuth2Flow {
    info: &'static ProviderInfo,
    spec: &'static OAuth2Spec,
    /// One value for each of the provider's fields; credentials are what the flow obtains.
    values: Vec<Option<String>>,
    platform: Vec<(String, String)>,
}

impl fmt::Debug for OAuth2Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth2Flow").field("provider", &self.info.id).finish_non_exhaustive()
    }
}

impl OAuth2Flow {
    /// The flow of `provider` with `connection_config` (the connect form's
    /// `connection_config` object, validated with the rules of its JSON Schema), or every error.
    pub fn new(provider: ProviderId, connection_config: &Value) -> Result<OAuth2Flow, Vec<FieldError>> {
        let info = provider.info();
        let Some(spec) = &info.oauth2 else {
            let message = format!("{} does not authenticate with OAuth 2", info.display_name);
            return Err(vec![FieldError { path: String::new(), rule: "auth_mode", message }]);
        };
        let values = read_connection_config(info.fields, connection_config)?;
        Ok(OAuth2Flow { info, spec, values, platform: Vec::new() })
    }

    /// The flow of a connection held in memory, such as a stored one whose tokens need
    /// refreshing; `None` when its provider does not use OAuth 2. Its values are not validated
    /// again, but a value that would move a URL's host is refused when a request is built.
    pub fn for_connection<C: ProviderConnection + ?Sized>(connection: &C) -> Option<OAuth2Flow> {
        let info = connection.provider().info();
        let spec = info.oauth2.as_ref()?;
        let values = connection.field_values().into_iter().map(|value| value.map(str::to_owned)).collect();
        Some(OAuth2Flow { info, spec, values, platform: Vec::new() })
    }

    /// The flow with values the platform provides at run time (such as `random`) for templates
    /// that name them.
    pub fn with_platform_values(mut self, platform: PlatformValues<'_>) -> OAuth2Flow {
        self.platform = platform.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect();
        self
    }

    pub fn spec(&self) -> &'static OAuth2Spec {
        self.spec
    }

    /// The flow with the query parameters of the redirect back from the provider, for the
    /// fields they fill (`filled_by: redirect`, such as Zoho's `accounts-server`).
    pub fn with_redirect(mut self, query: &[(&str, &str)]) -> OAuth2Flow {
        for (index, field) in self.info.fields.iter().enumerate() {
            if let FilledBy::Redirect(param) = field.filled_by {
                if let (Some((_, value)), Some(slot)) =
                    (query.iter().find(|(name, _)| *name == param), self.values.get_mut(index))
                {
                    *slot = Some(value.to_string());
                }
            }
        }
        self
    }

    /// Renders a template; the fields the integration fills take the client's id and secret.
    fn render(
        &self,
        template: &Template,
        client: &OAuth2Client,
        encoding: Encoding,
    ) -> Result<Option<RenderedValue>, RenderError> {
        let mut values: Vec<Option<&str>> = self.values.iter().map(Option::as_deref).collect();
        for (value, field) in values.iter_mut().zip(self.info.fields) {
            match field.filled_by {
                FilledBy::Integration("client_id") => *value = Some(&client.client_id),
                FilledBy::Integration("client_secret") => *value = Some(client.client_secret.expose()),
                _ => {}
            }
        }
        let platform: Vec<(&str, &str)> = self.platform.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        render_template(self.info.fields, &values, &platform, template, encoding)
    }

    fn render_required(
        &self,
        template: &Template,
        client: &OAuth2Client,
        encoding: Encoding,
    ) -> Result<RenderedValue, RenderError> {
        self.render(template, client, encoding)?.ok_or(RenderError::MissingValues { template: template.source })
    }

    /// Parameters rendered in order; one none of whose alternatives has all its values is left out.
    fn params(
        &self,
        params: &[(&'static str, Template)],
        client: &OAuth2Client,
    ) -> Result<Vec<(String, RenderedValue)>, RenderError> {
        let mut rendered = Vec::new();
        for (name, template) in params {
            if let Some(value) = self.render(template, client, Encoding::ForPlace)? {
                rendered.push((name.to_string(), value));
            }
        }
        Ok(rendered)
    }

    fn scope(&self, scopes: Option<&[String]>) -> String {
        match scopes {
            Some(scopes) => scopes.join(self.spec.scope_separator),
            None => self.spec.default_scopes.join(self.spec.scope_separator),
        }
    }

    /// The URL to send the user to: `response_type`, `client_id`, `redirect_uri`, `scope`,
    /// `state`, the provider's parameters and the PKCE challenge, then the provider's quirks
    /// (unencoded scopes, the fragment, the replacements, empty values left out), in that order.
    pub fn authorization_url(&self, client: &OAuth2Client, request: &Authorization<'_>) -> Result<String, OAuth2Error> {
        let template = self.spec.authorization_url.as_ref().ok_or(OAuth2Error::NoAuthorizationUrl)?;
        let encoding =
            if self.spec.authorization_url_values_as_written { Encoding::AsWritten } else { Encoding::ForPlace };
        let rendered = self.render_required(template, client, encoding)?;
        let base = rendered.as_str().split(['?', '#']).next().unwrap_or_default();
        let scope = self.scope(request.scopes);
        let mut params: Vec<(String, String)> = vec![
            ("response_type".into(), "code".into()),
            ("client_id".into(), client.client_id.clone()),
            ("redirect_uri".into(), client.redirect_uri.clone()),
            ("scope".into(), scope.clone()),
            ("state".into(), request.state.to_owned()),
        ];
        let mut extra: Vec<(String, String)> =
            self.params(self.spec.authorization_params, client)?.into_iter().map(|(n, v)| (n, v.as_str().to_owned())).collect();
        if self.spec.pkce {
            extra.push(("code_challenge".into(), code_challenge(request.code_verifier)));
            extra.push(("code_challenge_method".into(), "S256".into()));
        }
        for (name, value) in extra {
            set(&mut params, name, value);
        }
        let mut query = String::new();
        let raw_scope = self.spec.scopes_as_written;
        for (name, value) in &params {
            if raw_scope && name == "scope" {
                continue;
            }
            append_form_pair(&mut query, name, value);
        }
        if raw_scope && !scope.is_empty() {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str("scope=");
            query.push_str(&scope);
        }
        let mut url = match self.spec.authorization_url_fragment {
            Some(fragment) if query.is_empty() => format!("{base}#{fragment}"),
            Some(fragment) => format!("{base}#{fragment}?{query}"),
            None if query.is_empty() => base.to_owned(),
            None => format!("{base}?{query}"),
        };
        for (from, to) in self.spec.authorization_url_replacements {
            url = url.replacen(from, to, 1);
        }
        if self.spec.authorization_url_skip_empty {
            url = without_empty_query_values(&url);
        }
        Ok(url)
    }

    /// The request that exchanges an authorization code for tokens; `code_verifier` is sent when
    /// the provider uses PKCE.
    pub fn token_request(
        &self,
        client: &OAuth2Client,
        code: &Secret,
        code_verifier: Option<&Secret>,
    ) -> Result<HttpRequest, OAuth2Error> {
        let mut params = vec![
            ("grant_type".to_owned(), RenderedValue::public("authorization_code")),
            ("code".to_owned(), RenderedValue::secret(code.expose())),
            ("redirect_uri".to_owned(), RenderedValue::public(client.redirect_uri.clone())),
        ];
        for (name, value) in self.params(self.spec.token_params, client)? {
            set(&mut params, name, value);
        }
        if let (true, Some(verifier)) = (self.spec.pkce, code_verifier) {
            set(&mut params, "code_verifier".into(), RenderedValue::secret(verifier.expose()));
        }
        self.request(&self.spec.token_url, client, params)
    }

    /// The request that exchanges a refresh token for new tokens.
    pub fn refresh_request(&self, client: &OAuth2Client, refresh_token: &Secret) -> Result<HttpRequest, OAuth2Error> {
        let mut params = vec![
            ("grant_type".to_owned(), RenderedValue::public("refresh_token")),
            ("refresh_token".to_owned(), RenderedValue::secret(refresh_token.expose())),
        ];
        let extra = match self.spec.refresh_params {
            Some(refresh_params) => self.params(refresh_params, client)?,
            // The token parameters name the authorization-code grant: the refresh keeps its own.
            None => self.params(self.spec.token_params, client)?.into_iter().filter(|(name, _)| name != "grant_type").collect(),
        };
        for (name, value) in extra {
            set(&mut params, name, value);
        }
        self.request(self.spec.refresh_url.as_ref().unwrap_or(&self.spec.token_url), client, params)
    }

    /// The client-credentials request (`OAUTH2_CC`): the token parameters, and the scopes when
    /// there are any.
    pub fn client_credentials_request(
        &self,
        client: &OAuth2Client,
        scopes: Option<&[String]>,
    ) -> Result<HttpRequest, OAuth2Error> {
        let mut params = vec![("grant_type".to_owned(), RenderedValue::public("client_credentials"))];
        for (name, value) in self.params(self.spec.token_params, client)? {
            set(&mut params, name, value);
        }
        let scope = self.scope(scopes);
        if !scope.is_empty() {
            set(&mut params, "scope".into(), RenderedValue::public(scope));
        }
        self.request(&self.spec.token_url, client, params)
    }

    /// A POST to `url` with `params`, the client's authentication and the token headers.
    fn request(
        &self,
        url: &Template,
        client: &OAuth2Client,
        mut params: Vec<(String, RenderedValue)>,
    ) -> Result<HttpRequest, OAuth2Error> {
        let encoding = if self.spec.token_url_values_as_written { Encoding::AsWritten } else { Encoding::ForPlace };
        let url = self.render_required(url, client, encoding)?;
        let authentication = self.spec.client_authentication;
        let id = RenderedValue::public(client.client_id.clone());
        let secret = RenderedValue::secret(client.client_secret.expose());
        match authentication {
            ClientAuthentication::Body | ClientAuthentication::BasicAndBody => {
                set(&mut params, "client_id".into(), id);
                set(&mut params, "client_secret".into(), secret);
            }
            ClientAuthentication::UsernamePassword => {
                set(&mut params, "username".into(), id);
                set(&mut params, "password".into(), secret);
            }
            ClientAuthentication::Basic => {}
        }
        let (url, body) = match self.spec.body_format {
            BodyFormat::Form => (url, Some(Body::form(params.iter().map(|(name, value)| (name.as_str(), value))))),
            BodyFormat::Json => {
                let object: Map<String, Value> =
                    params.iter().map(|(name, value)| (name.clone(), Value::from(value.as_str()))).collect();
                let secret = params.iter().any(|(_, value)| value.is_secret());
                (url, Some(Body::new("application/json", Value::Object(object).to_string().into_bytes(), secret)))
            }
            BodyFormat::Query => {
                let mut text = url.as_str().to_owned();
                let mut query = String::new();
                for (name, value) in &params {
                    append_form_pair(&mut query, name, value.as_str());
                }
                text.push(if text.contains('?') { '&' } else { '?' });
                text.push_str(&query);
                let secret = url.is_secret() || params.iter().any(|(_, value)| value.is_secret());
                (if secret { RenderedValue::secret(text) } else { RenderedValue::public(text) }, None)
            }
        };
        let mut request = HttpRequest::new(Method::Post, url);
        if matches!(authentication, ClientAuthentication::Basic | ClientAuthentication::BasicAndBody) {
            let credentials = format!("{}:{}", client.client_id, client.client_secret.expose());
            let header = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(credentials));
            request = request.with_header("authorization", RenderedValue::secret(header));
        }
        for (name, template) in self.spec.token_headers {
            if let Some(value) = self.render(template, client, Encoding::ForPlace)? {
                request = request.with_header(name, value);
            }
        }
        if let Some(body) = body {
            request = request.with_body(body);
        }
        Ok(request)
    }

    /// The tokens of a token response (the JSON object the token endpoint returns).
    pub fn read_token_response(&self, response: &Value) -> Result<Tokens, OAuth2Error> {
        let paths = &self.spec.token_response;
        let at = |path: &str| path.split('.').try_fold(response, |value, key| value.get(key));
        let text = |path: &str| at(path).and_then(Value::as_str).filter(|s| !s.is_empty()).map(Secret::new);
        let access_token = text(paths.access_token).ok_or(OAuth2Error::NoAccessToken { path: paths.access_token })?;
        let expires_in = at(paths.expires_in).and_then(|value| match value {
            Value::Number(number) => number.as_u64(),
            Value::String(text) => text.parse().ok(),
            _ => None,
        });
        let expires_in_seconds = expires_in.map(|n| if paths.expires_in_milliseconds { n / 1000 } else { n });
        let filled = self
            .info
            .fields
            .iter()
            .filter_map(|field| match field.filled_by {
                FilledBy::TokenResponse(key) => {
                    let value = match at(key)? {
                        Value::String(text) => text.clone(),
                        Value::Bool(flag) => flag.to_string(),
                        Value::Number(number) => number.to_string(),
                        _ => return None,
                    };
                    Some((field.path(), value))
                }
                _ => None,
            })
            .collect();
        Ok(Tokens { access_token, refresh_token: text(paths.refresh_token), expires_in_seconds, filled })
    }
}

/// The PKCE S256 challenge of a verifier: the unpadded base64url SHA-256 of it (RFC 7636).
pub fn code_challenge(verifier: &Secret) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.expose().as_bytes()))
}

/// Sets `name` to `value`: in place when the name is there already, else at the end (the
/// way a JavaScript object keeps its keys).
fn set<V>(params: &mut Vec<(String, V)>, name: String, value: V) {
    match params.iter_mut().find(|(existing, _)| *existing == name) {
        Some(param) => param.1 = value,
        None => params.push((name, value)),
    }
}

/// Appends `name=value` to a query, encoded as `application/x-www-form-urlencoded` (the URL
/// standard's serializer, which browsers' and Node's `URLSearchParams` use).
fn append_form_pair(query: &mut String, name: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    form_encode(name, query);
    query.push('=');
    form_encode(value, query);
}

fn form_encode(text: &str, out: &mut String) {
    for byte in text.bytes() {
        match byte {
            b' ' => out.push('+'),
            b'*' | b'-' | b'.' | b'_' => out.push(char::from(byte)),
            byte if byte.is_ascii_alphanumeric() => out.push(char::from(byte)),
            byte => out.push_str(&format!("%{byte:02X}")),
        }
    }
}

/// The URL without the query parameters whose value is empty.
fn without_empty_query_values(url: &str) -> String {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (url, None),
    };
    let Some((base, query)) = before_fragment.split_once('?') else { return url.to_owned() };
    let kept: Vec<&str> =
        query.split('&').filter(|pair| pair.split_once('=').is_some_and(|(_, value)| !value.is_empty())).collect();
    let mut out = base.to_owned();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// The values of a `connection_config` object, one for each of `fields` (credentials and the
/// values filled in later left out), with the rules of the JSON Schema.
fn read_connection_config(fields: &'static [FieldSpec], object: &Value) -> Result<Vec<Option<String>>, Vec<FieldError>> {
    let error = |path: String, rule: &'static str, message: String| FieldError { path, rule, message };
    let group = Group::ConnectionConfig.as_str();
    let empty = Map::new();
    let object = match object {
        Value::Object(object) => object,
        Value::Null => &empty,
        _ => return Err(vec![error(group.into(), "type", format!("`{group}` must be a JSON object"))]),
    };
    let mut errors = Vec::new();
    let mut values = vec![None; fields.len()];
    for (key, value) in object {
        let index =
            fields.iter().position(|f| f.group == Group::ConnectionConfig && f.name == key && f.is_submitted());
        match (index, value) {
            (None, _) => errors.push(error(
                format!("{group}.{key}"),
                "additionalProperties",
                format!("`{key}` is not a field of `{group}`"),
            )),
            (Some(index), Value::String(text)) => values[index] = Some(text.clone()),
            (Some(index), _) => {
                let field = &fields[index];
                errors.push(error(field.path(), "type", format!("{} must be a string", field.title)))
            }
        }
    }
    let in_group = fields.iter().take_while(|field| field.group == Group::ConnectionConfig).count();
    let given: Vec<Option<&str>> = values[..in_group].iter().map(Option::as_deref).collect();
    let broken: Vec<FieldError> = check_values(&fields[..in_group], &given)
        .into_iter()
        .filter(|e| !errors.iter().any(|other: &FieldError| other.path == e.path))
        .collect();
    errors.extend(broken);
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}
