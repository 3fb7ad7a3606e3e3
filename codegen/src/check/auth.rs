//! What each auth mode needs: its credentials, secret where they authenticate, the OAuth 2 URLs.

use super::ProviderChecker;
use crate::diagnostics::did_you_mean;
use crate::model::AuthMode;
use crate::path;
use crate::read::report::Location;

impl ProviderChecker<'_, '_, '_> {
    pub(super) fn check_auth(&mut self) {
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
}
