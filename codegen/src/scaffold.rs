//! `cargo xtask new <id>`: a provider file to fill in, with every section present and explained.

use std::path::{Path, PathBuf};

use crate::check::is_valid_id;
use crate::load::SETTINGS_FILE;

/// Writes `<providers>/<id>.yaml`; refuses an invalid id or an existing file.
pub fn new_provider(providers: &Path, id: &str) -> Result<PathBuf, String> {
    if !is_valid_id(id) {
        return Err(format!(
            "`{id}` is not a valid provider id: use lowercase letters, digits and `-`, such as `acme-crm`"
        ));
    }
    let path = providers.join(format!("{id}.yaml"));
    if path.exists() {
        return Err(format!("{} already exists", path.display()));
    }
    if !providers.join(SETTINGS_FILE).exists() {
        return Err(format!("{} has no {SETTINGS_FILE}: is it the providers folder?", providers.display()));
    }
    let text = template(id);
    // `create_new` refuses to overwrite a file created since the check above.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// The scaffold. Placeholders are `TODO` so that the validator's messages lead to each one.
pub fn template(id: &str) -> String {
    let name = display_name(id);
    format!(
        r#"# yaml-language-server: $schema=../generated/provider-definition.schema.json
# The {name} provider. Every key is explained in docs/provider-format.md. Replace each TODO,
# delete the sections that do not apply, then run `cargo xtask codegen`.

display_name: {name}
# Lowercase catalog categories.
categories:
  - TODO-category
# API_KEY, BASIC, OAUTH2, OAUTH2_CC or NONE (or another mode listed in the schema).
auth_mode: API_KEY
docs:
  main: https://TODO.example.com/docs/{id}
  # The published connect guide; defaults to <docs_base_url>/{id}/connect.
  # connect: https://TODO.example.com/docs/{id}/connect

# OAuth settings, for OAUTH2 and OAUTH2_CC only.
# oauth2:
#   authorization_url: https://TODO/oauth/authorize
#   token_url: https://TODO/oauth/token
#   scopes: [TODO]

proxy:
  # Values come from fields: ${{connectionConfig.name}}, ${{credentials.name}}, ${{apiKey}}.
  base_url: https://${{connectionConfig.subdomain}}.TODO.example.com
  headers:
    authorization: Bearer ${{apiKey}}
  verification:
    method: GET
    endpoints:
      - /TODO/me

# What the user types into the connect form besides secrets.
connection_config:
  subdomain:
    title: Subdomain
    description: TODO one sentence shown under the field.
    example: acme
    # ECMAScript regular expression, as browsers run it. A field used in the URL's host must
    # not accept `/ ? # @ :` or spaces.
    pattern: '^[a-z0-9-]+$'
    pattern_hint: Lowercase letters, digits and hyphens
    order: 1
    guide_step: find-subdomain

credentials:
  apiKey:
    title: API Key
    description: TODO one sentence shown under the field.
    # guide_description: A longer text for the guide's overview; {{platform}} is the platform name.
    # example: TODO (set example_masked: true if it hides characters behind *)
    secret: true
    guide_step: create-api-key

guide:
  intro: This guide will walk you through TODO.
  prerequisites:
    - You must have a {name} account.
  steps:
    - id: find-subdomain
      title: Find your subdomain
      blocks:
        - item: TODO Log in to your {name} account.
        - item: TODO Your **Subdomain** is the text before `.TODO.example.com` in the address bar.
    - id: create-api-key
      title: Create an API key
      blocks:
        - item: TODO Open **Settings** > **API**.
        - item: TODO Click **Create key** and copy it.
        # - image:
        #     src: https://TODO/screenshot.png
        #     alt: TODO what the picture shows
        # - tip: TODO a highlighted tip.
"#
    )
}

/// `acme-crm` → `Acme Crm`: a starting point the author will correct.
fn display_name(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scaffold_parses_and_names_the_provider() {
        let text = template("acme-crm");
        assert!(text.starts_with("# yaml-language-server: $schema=../generated/provider-definition.schema.json\n"));
        assert!(text.contains("display_name: Acme Crm\n"));
        assert!(crate::read::parse(&text).is_ok());
    }

    #[test]
    fn refuses_invalid_and_existing_ids() {
        let dir = std::env::temp_dir().join(format!("scaffold-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(SETTINGS_FILE), "").unwrap();
        assert!(new_provider(&dir, "Bad_Id").unwrap_err().contains("not a valid provider id"));
        let path = new_provider(&dir, "acme").unwrap();
        assert!(path.exists());
        assert!(new_provider(&dir, "acme").unwrap_err().contains("already exists"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
