//! Validates a connect-form submission from the command line:
//!
//! ```text
//! cargo run --example validate -- <provider-id> <submission.json>
//! ```
//!
//! Prints one JSON line, `{"ok":true,"base_url":"..."}` (`null` when the provider has no base
//! URL, or when its base URL names values filled in after the form) or
//! `{"ok":false,"errors":[{"path":"...","rule":"...","message":"..."}]}`, and exits with 0 when the
//! submission is valid, 1 when it is not, 2 when the command is misused (an unknown provider, a
//! file that cannot be read or is not JSON).

use std::process::ExitCode;

use provider_registry::{Connection, FieldError, ProviderConnection, ProviderId, RenderError};
use serde_json::Value;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [provider, path] = arguments.as_slice() else {
        return usage_error("usage: validate <provider-id> <submission.json>");
    };
    let provider: ProviderId = match provider.parse() {
        Ok(provider) => provider,
        Err(error) => return usage_error(&error.to_string()),
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => return usage_error(&format!("cannot read {path}: {error}")),
    };
    let submission: Value = match serde_json::from_str(&text) {
        Ok(submission) => submission,
        Err(error) => return usage_error(&format!("{path} is not JSON: {error}")),
    };
    let verdict = Connection::from_json(provider, &submission).and_then(|connection| match connection.base_url() {
        Ok(base_url) => Ok(Value::String(base_url)),
        Err(RenderError::NoBaseUrl) => Ok(Value::Null),
        // The base URL is known once the OAuth flow or the platform has filled its values in.
        Err(RenderError::MissingValues { .. }) if !provider.info().requests.base_url_awaits.is_empty() => {
            Ok(Value::Null)
        }
        Err(error) => Err(vec![FieldError { path: String::new(), rule: "base_url", message: error.to_string() }]),
    });
    // Objects are written by hand so that their keys keep the documented order.
    match verdict {
        Ok(base_url) => {
            println!("{{\"ok\":true,\"base_url\":{base_url}}}");
            ExitCode::SUCCESS
        }
        Err(errors) => {
            let errors: Vec<String> = errors.iter().map(error_json).collect();
            println!("{{\"ok\":false,\"errors\":[{}]}}", errors.join(","));
            ExitCode::from(1)
        }
    }
}

fn error_json(error: &FieldError) -> String {
    let text = |value: &str| Value::from(value).to_string();
    format!("{{\"path\":{},\"rule\":{},\"message\":{}}}", text(&error.path), text(error.rule), text(&error.message))
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}
