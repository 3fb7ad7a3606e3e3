//! Builds a provider's OAuth 2 requests from the command line:
//!
//! ```text
//! cargo run --example oauth -- authorize <provider-id> <input.json>
//! cargo run --example oauth -- token <provider-id> <input.json>
//! cargo run --example oauth -- refresh <provider-id> <input.json>
//! cargo run --example oauth -- client-credentials <provider-id> <input.json>
//! ```
//!
//! The input is one JSON object: `{"client_id":"...","client_secret":"...","redirect_uri":"...",
//! "state":"...","scopes":["..."],"code_verifier":"...","code":"...","refresh_token":"...",
//! "connection_config":{...},"redirect":{...}}`, each member used by the commands that need it
//! (`redirect`: the query parameters of the redirect back from the provider). Prints one JSON
//! line, `{"ok":true,"url":"..."}` for `authorize`,
//! `{"ok":true,"request":{"method":"POST","url":"...","headers":{...},"body":"..."}}` for the
//! others, or `{"ok":false,"errors":[{"path":"...","rule":"...","message":"..."}]}`; exits with 0
//! when it rendered, 1 when the input is refused, 2 when the command is misused (an unknown
//! command or provider, a file that cannot be read or is not a JSON object).

use std::process::ExitCode;

use provider_registry::oauth2::{Authorization, OAuth2Client, OAuth2Error, OAuth2Flow};
use provider_registry::{FieldError, HttpRequest, ProviderId, Secret};
use serde_json::{Map, Value};

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [command, provider, path] = arguments.as_slice() else {
        return usage_error("usage: oauth authorize|token|refresh|client-credentials <provider-id> <input.json>");
    };
    if !["authorize", "token", "refresh", "client-credentials"].contains(&command.as_str()) {
        return usage_error(&format!("unknown command `{command}`: authorize, token, refresh or client-credentials"));
    }
    let provider: ProviderId = match provider.parse() {
        Ok(provider) => provider,
        Err(error) => return usage_error(&error.to_string()),
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => return usage_error(&format!("cannot read {path}: {error}")),
    };
    let input: Map<String, Value> = match serde_json::from_str(&text) {
        Ok(Value::Object(input)) => input,
        Ok(_) => return usage_error(&format!("{path} is not a JSON object")),
        Err(error) => return usage_error(&format!("{path} is not JSON: {error}")),
    };
    match render(command, provider, &input) {
        Ok(output) => {
            println!("{{\"ok\":true,{output}}}");
            ExitCode::SUCCESS
        }
        Err(errors) => {
            let errors: Vec<String> = errors.iter().map(error_json).collect();
            println!("{{\"ok\":false,\"errors\":[{}]}}", errors.join(","));
            ExitCode::from(1)
        }
    }
}

/// The members of the output after `"ok":true`, or why the input is refused.
fn render(command: &str, provider: ProviderId, input: &Map<String, Value>) -> Result<String, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut text = |name: &'static str, required: bool| match input.get(name) {
        Some(Value::String(value)) => Some(value.clone()),
        None if !required => None,
        _ => {
            errors.push(FieldError { path: name.into(), rule: "type", message: format!("`{name}` must be a string") });
            None
        }
    };
    let needs = |commands: &[&str]| commands.contains(&command);
    let client = OAuth2Client {
        client_id: text("client_id", true).unwrap_or_default(),
        client_secret: Secret::new(text("client_secret", needs(&["token", "refresh", "client-credentials"])).unwrap_or_default()),
        redirect_uri: text("redirect_uri", needs(&["authorize", "token"])).unwrap_or_default(),
    };
    let state = text("state", needs(&["authorize"])).unwrap_or_default();
    let code_verifier = text("code_verifier", false).map(Secret::new);
    let code = text("code", needs(&["token"])).map(Secret::new);
    let refresh_token = text("refresh_token", needs(&["refresh"])).map(Secret::new);
    let scopes = match input.get("scopes") {
        None => None,
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
            Some(items.iter().filter_map(Value::as_str).map(String::from).collect::<Vec<_>>())
        }
        Some(_) => {
            errors.push(FieldError { path: "scopes".into(), rule: "type", message: "`scopes` must be a list of strings".into() });
            None
        }
    };
    if command == "authorize" && code_verifier.is_none() && provider.info().oauth2.is_some_and(|spec| spec.pkce) {
        errors.push(FieldError { path: "code_verifier".into(), rule: "required", message: "the provider uses PKCE: give a `code_verifier`".into() });
    }
    let connection_config = input.get("connection_config").cloned().unwrap_or(Value::Null);
    let flow = OAuth2Flow::new(provider, &connection_config).map_err(|mut refused| {
        refused.append(&mut errors);
        refused
    });
    let redirect: Vec<(&str, &str)> = match input.get("redirect") {
        None => Vec::new(),
        Some(Value::Object(query)) => query.iter().filter_map(|(name, value)| Some((name.as_str(), value.as_str()?))).collect(),
        Some(_) => {
            errors.push(FieldError { path: "redirect".into(), rule: "type", message: "`redirect` must be a JSON object".into() });
            Vec::new()
        }
    };
    let flow = match flow {
        Ok(flow) if errors.is_empty() => flow.with_redirect(&redirect),
        Ok(_) => return Err(errors),
        Err(errors) => return Err(errors),
    };
    let refused = |error: OAuth2Error| vec![FieldError { path: String::new(), rule: "render", message: error.to_string() }];
    let no_verifier = Secret::new("");
    let request = match command {
        "authorize" => {
            let authorization = Authorization {
                state: &state,
                scopes: scopes.as_deref(),
                code_verifier: code_verifier.as_ref().unwrap_or(&no_verifier),
            };
            let url = flow.authorization_url(&client, &authorization).map_err(refused)?;
            return Ok(format!("\"url\":{}", Value::from(url)));
        }
        "token" => flow.token_request(&client, code.as_ref().unwrap_or(&no_verifier), code_verifier.as_ref()),
        "refresh" => flow.refresh_request(&client, refresh_token.as_ref().unwrap_or(&no_verifier)),
        _ => flow.client_credentials_request(&client, scopes.as_deref()),
    };
    Ok(format!("\"request\":{}", request_json(&request.map_err(refused)?)))
}

/// The request as JSON, with its secrets: the output is for the tool that sends it.
fn request_json(request: &HttpRequest) -> String {
    let headers: Map<String, Value> =
        request.headers().map(|(name, value)| (name.to_owned(), Value::from(value))).collect();
    let body = request.body().map(|body| String::from_utf8_lossy(body.bytes()).into_owned());
    format!(
        "{{\"method\":{},\"url\":{},\"headers\":{},\"body\":{}}}",
        Value::from(request.method().as_str()),
        Value::from(request.url()),
        Value::Object(headers),
        body.map_or(Value::Null, Value::from),
    )
}

fn error_json(error: &FieldError) -> String {
    let text = |value: &str| Value::from(value).to_string();
    format!("{{\"path\":{},\"rule\":{},\"message\":{}}}", text(&error.path), text(error.rule), text(&error.message))
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
