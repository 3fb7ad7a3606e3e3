//! The checked model: what emitters receive once every file has validated. Everything an emitter
//! would otherwise recompute (field order, anchors, parsed templates, documentation URLs) is
//! computed once here, so the guide, the schema and the Rust code cannot disagree about it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::model::{Field, Provider, Settings};
use crate::template::Variable;

pub use crate::template::Group;

/// Every provider, sorted by id, with the registry settings in force.
#[derive(Clone, Debug)]
pub struct Registry {
    pub settings: Settings,
    pub providers: Vec<CheckedProvider>,
    /// The files of the `templates/` folder next to the providers, by path, with their text:
    /// each replaces the built-in template of the same file name.
    pub template_overrides: BTreeMap<PathBuf, String>,
}

impl Registry {
    /// Provider prose with `{platform}` replaced by the platform's name, and links to paths of
    /// the docs site (`[x](/guides/y)`) below `assets_base_url`, as images are. Nothing else in
    /// provider text is interpreted: `{{ x }}` or `{% if %}` stay as written in every output.
    pub fn prose<'a>(&self, text: &'a str) -> Cow<'a, str> {
        // Most texts hold neither the `]` of a link nor the `{` of `{platform}`: one search over
        // them rules out both, and they are borrowed as written.
        if memchr::memchr2(b']', b'{', text.as_bytes()).is_none() {
            return Cow::Borrowed(text);
        }
        let mut text = Cow::Borrowed(text);
        if let Some(base) = &self.settings.assets_base_url {
            for path in crate::inline_markdown::site_path_links(&text).into_iter().rev() {
                text.to_mut().insert_str(path.start, base.trim_end_matches('/'));
            }
        }
        if crate::inline_markdown::contains(&text, "{platform}") {
            text = Cow::Owned(text.replace("{platform}", &self.settings.platform_name));
        }
        text
    }

    /// A guide image's URL: a path (`/integrations/all/kandji/form.png`) below the registry's
    /// `assets_base_url`, anything else as written. The validator refuses a path when no base
    /// URL is set.
    pub fn asset_url(&self, src: &str) -> String {
        match (&self.settings.assets_base_url, src.starts_with('/')) {
            (Some(base), true) => format!("{}{src}", base.trim_end_matches('/')),
            _ => src.to_owned(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct CheckedProvider {
    /// The file stem, such as `kandji`.
    pub id: String,
    /// The file the provider was read from.
    pub source: PathBuf,
    /// The provider as written, but for its fields: their definitions moved into `fields`, and
    /// `connection_config` and `credentials` are empty here.
    pub definition: Provider,
    /// Connection-config fields then credentials, each group in form order.
    pub fields: Vec<CheckedField>,
    /// The published connect guide.
    pub docs_connect: String,
    /// The guide's steps with their numbers and anchors, the generated final step last. Empty
    /// when the provider has no guide.
    pub steps: Vec<StepAnchor>,
    /// Every template of the file, parsed once, with where each value lands.
    pub templates: Templates,
    /// The provider's names in the generated crate.
    pub rust: ProviderNames,
    /// Where the provider's files go in the output folder.
    pub outputs: OutputPaths,
}

/// The Rust names of a provider, chosen by [`crate::lower::names`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderNames {
    /// The module in `providers`, such as `kandji` (`r#type` for a keyword).
    pub module: String,
    /// The variant of `ProviderId`, such as `Kandji`.
    pub variant: String,
    /// The connection type in the module, such as `Kandji` (`SecretConnection` where the module
    /// already has a `Secret`).
    pub connection: String,
}

/// Paths relative to the output folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputPaths {
    /// The JSON Schema, such as `schemas/kandji.json`.
    pub schema: String,
    /// The uiSchema, such as `schemas/kandji.uischema.json`.
    pub ui_schema: String,
    /// The guide, for providers that have one, such as `guides/kandji.md`.
    pub guide: Option<String>,
    /// The Rust module, such as `src/providers/kandji.rs`.
    pub rust_module: String,
    /// The npm package's module of the provider's forms, such as `npm/providers/kandji.js`.
    pub npm_module: String,
}

/// The templates of a provider, by where the file uses them.
#[derive(Clone, Debug, Default)]
pub struct Templates {
    pub base_url: Option<PlacedTemplate>,
    /// The fields the base URL names whose values are filled in after the form (by the OAuth
    /// flow, the integration or the platform), by group and name, in template order without
    /// repeats: until they are filled in, a submission alone gives no base URL.
    pub base_url_awaits: Vec<(Group, String)>,
    /// Header names and their templates, in file order.
    pub headers: Vec<(String, PlacedTemplate)>,
    /// Query parameter names and their templates, in file order.
    pub query: Vec<(String, PlacedTemplate)>,
    pub verification: Option<VerificationTemplates>,
    pub oauth2: Option<OAuth2Templates>,
}

/// The templates of the `oauth2` section.
#[derive(Clone, Debug, Default)]
pub struct OAuth2Templates {
    pub authorization_url: Option<PlacedTemplate>,
    /// Authorization request parameters and their templates, in file order.
    pub authorization_params: Vec<(String, PlacedTemplate)>,
    pub token_url: Option<PlacedTemplate>,
    pub refresh_url: Option<PlacedTemplate>,
    /// Token request parameters and their templates, in file order.
    pub token_params: Vec<(String, PlacedTemplate)>,
    /// Refresh request parameters and their templates, in file order.
    pub refresh_params: Vec<(String, PlacedTemplate)>,
    /// Token request headers and their templates, in file order.
    pub token_headers: Vec<(String, PlacedTemplate)>,
}

#[derive(Clone, Debug)]
pub struct VerificationTemplates {
    pub base_url_override: Option<PlacedTemplate>,
    pub endpoints: Vec<PlacedTemplate>,
    /// Header names and their templates, in file order.
    pub headers: Vec<(String, PlacedTemplate)>,
    pub body: Option<PlacedBody>,
}

/// A request body whose values know where they land.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlacedBody {
    /// The JSON document as one template: its text, with each value inside a JSON string.
    Json(PlacedTemplate),
    /// Form parameter names and their templates, in file order.
    Form(Vec<(String, PlacedTemplate)>),
}

impl Templates {
    /// Visits every template in file order, with its path in the provider file as a function
    /// that builds it: a caller needs the path only for a diagnostic, and most templates have none.
    pub fn for_each(&self, mut visit: impl FnMut(&dyn Fn() -> Vec<String>, &PlacedTemplate)) {
        let mut at = |keys: &[&str], template: &PlacedTemplate| {
            visit(&|| keys.iter().map(|key| key.to_string()).collect(), template)
        };
        if let Some(template) = &self.base_url {
            at(&["proxy", "base_url"], template);
        }
        for (name, template) in &self.headers {
            at(&["proxy", "headers", name], template);
        }
        for (name, template) in &self.query {
            at(&["proxy", "query", name], template);
        }
        if let Some(verification) = &self.verification {
            if let Some(template) = &verification.base_url_override {
                at(&["proxy", "verification", "base_url_override"], template);
            }
            for (index, template) in verification.endpoints.iter().enumerate() {
                at(&["proxy", "verification", "endpoints", &index.to_string()], template);
            }
            for (name, template) in &verification.headers {
                at(&["proxy", "verification", "headers", name], template);
            }
            match &verification.body {
                Some(PlacedBody::Json(template)) => at(&["proxy", "verification", "body", "json"], template),
                Some(PlacedBody::Form(params)) => {
                    for (name, template) in params {
                        at(&["proxy", "verification", "body", "form", name], template);
                    }
                }
                None => {}
            }
        }
        if let Some(oauth) = &self.oauth2 {
            for (key, template) in [
                ("authorization_url", &oauth.authorization_url),
                ("token_url", &oauth.token_url),
                ("refresh_url", &oauth.refresh_url),
            ] {
                if let Some(template) = template {
                    at(&["oauth2", key], template);
                }
            }
            for (key, params) in [
                ("authorization_params", &oauth.authorization_params),
                ("token_params", &oauth.token_params),
                ("refresh_params", &oauth.refresh_params),
                ("token_headers", &oauth.token_headers),
            ] {
                for (name, template) in params {
                    at(&["oauth2", key, name], template);
                }
            }
        }
    }
}

/// A parsed template whose every variable knows where its value lands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedTemplate {
    /// The template as written.
    pub source: String,
    /// The alternatives, each a sequence of segments; the first whose values are all present is used.
    pub alternatives: Vec<Vec<Segment>>,
}

impl PlacedTemplate {
    /// Every variable with where it lands, in text order, those inside `${base64(...)}` included.
    pub fn variables(&self) -> impl Iterator<Item = (&Variable, Place)> {
        fn value(segment: &Segment) -> Option<(&Variable, Place)> {
            match segment {
                Segment::Value { variable, place } => Some((variable, *place)),
                _ => None,
            }
        }
        // A segment is a value, or a function whose segments are: chained without collecting each.
        self.alternatives.iter().flatten().flat_map(|segment| {
            let inner = match segment {
                Segment::Base64 { segments, .. } => &segments[..],
                _ => &[],
            };
            value(segment).into_iter().chain(inner.iter().filter_map(value))
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    Value {
        variable: Variable,
        place: Place,
    },
    /// `${base64(...)}`: the segments' text in Base64, placed at `place`.
    Base64 {
        segments: Vec<Segment>,
        place: Place,
    },
}

/// Where a substituted value lands, which decides how the runtime encodes it and which values
/// the validator lets through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    /// The start of a URL (`${connectionConfig.instanceUrl}/api`): a URL the user chose.
    Origin,
    /// Inside the host (`https://${connectionConfig.subdomain}.kandji.io`).
    Host,
    /// Inside the path.
    Path,
    /// Inside the query or the fragment.
    Query,
    /// Inside a header value.
    Header,
    /// A parameter of a request's body, or of the authorization URL's query, encoded with the
    /// request.
    Body,
    /// Inside a string of a JSON request body.
    Json,
    /// Inside `${base64(...)}`, whose result is encoded for where it lands.
    Base64Input,
}

impl Place {
    /// Every place, in declaration order.
    pub const ALL: [Place; 8] = [
        Place::Origin,
        Place::Host,
        Place::Path,
        Place::Query,
        Place::Header,
        Place::Body,
        Place::Json,
        Place::Base64Input,
    ];
}

#[derive(Clone, Debug)]
pub struct CheckedField {
    pub group: Group,
    /// The field's place among its group's fields in the file, which `order` may change in the
    /// form.
    pub file_index: usize,
    /// The name on the wire, such as `apiKey`.
    pub name: String,
    pub field: Field,
    /// The URL of the guide section that explains where to find the value.
    pub docs_url: Option<String>,
    /// The field's pattern in the syntax of the `regex` crate, meaning the same, for the back
    /// end to judge values in linear time; `None` without a pattern or for one with lookaround
    /// or backreferences.
    pub linear_pattern: Option<String>,
    /// The struct field in Rust, such as `api_key` (`r#type` for a keyword).
    pub rust_name: String,
    /// The Rust enum of a field with `enum` values (a secret one is a `Secret` instead).
    pub choice: Option<Choice>,
    /// The value spans several lines (a PEM key): `multiline` in the file, or an example that
    /// holds a line break.
    pub multiline: bool,
}

/// The Rust enum of a field's `enum` values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The type's name in the provider's module, such as `Region`.
    pub type_name: String,
    /// Each value with its variant, in file order.
    pub variants: Vec<ChoiceVariant>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChoiceVariant {
    /// The variant, such as `UsEast`.
    pub name: String,
    /// The value on the wire, such as `us-east`.
    pub value: String,
}

impl CheckedField {
    /// The path used in validation errors and forms, such as `credentials.apiKey`.
    pub fn path(&self) -> String {
        format!("{}.{}", self.group.as_str(), self.name)
    }

    /// Whether the user types this value (it is shown, and not filled in by the platform).
    pub fn user_entered(&self) -> bool {
        self.field.is_user_entered()
    }

    /// Whether the value is part of the connect form's submission (see [`Field::is_submitted`]).
    pub fn submitted(&self) -> bool {
        self.field.is_submitted()
    }

    /// The name the guide uses.
    pub fn guide_title(&self) -> &str {
        self.field.guide_title.as_deref().unwrap_or(&self.field.title)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepAnchor {
    /// The step's `id`, or [`CONNECT_STEP_ID`].
    pub id: String,
    pub number: usize,
    pub title: String,
    /// GitHub's slug of the heading "Step N: Title", without `#`.
    pub anchor: String,
}

/// The id of the generated final step, which fields may name in `guide_step`.
pub const CONNECT_STEP_ID: &str = "connect";

/// The title of the generated final step.
pub const CONNECT_STEP_TITLE: &str = "Enter credentials in the Connect UI";

/// The first line of every generated Rust and TOML file, after the comment marker.
pub const GENERATED_NOTICE: &str = "generated by `cargo xtask codegen`, do not edit";

/// The notice of a generated document (a guide, a schema's `$comment`) made from `source`.
pub fn notice(source: &str) -> String {
    // Joined rather than formatted: every generated document of every provider has one.
    ["Generated by `cargo xtask codegen` from ", source, "; do not edit."].concat()
}

impl CheckedProvider {
    /// How generated files name the provider file, such as `` `kandji.yaml` ``.
    pub fn source_name(&self) -> String {
        // Built in one string rather than formatted twice: every generated file asks for it.
        let mut name = String::with_capacity(self.id.len() + "``.yaml".len());
        name.push('`');
        match self.source.file_name() {
            Some(file) => name.push_str(&file.to_string_lossy()),
            None => {
                name.push_str(&self.id);
                name.push_str(".yaml");
            }
        }
        name.push('`');
        name
    }

    /// The fields of the connect form's submission, in form order.
    pub fn submitted_fields(&self) -> impl Iterator<Item = &CheckedField> {
        self.fields.iter().filter(|f| f.submitted())
    }

    pub fn connection_config(&self) -> impl Iterator<Item = &CheckedField> {
        self.fields.iter().filter(|f| f.group == Group::ConnectionConfig)
    }

    pub fn credentials(&self) -> impl Iterator<Item = &CheckedField> {
        self.fields.iter().filter(|f| f.group == Group::Credentials)
    }
}

/// GitHub's heading anchor: lowercase, spaces to `-`, punctuation other than `-` and `_` dropped.
pub fn github_slug(heading: &str) -> String {
    let mut slug = String::with_capacity(heading.len());
    let mut push = |c: char| match c {
        ' ' => slug.push('-'),
        c if c.is_alphanumeric() || c == '-' || c == '_' => slug.push(c),
        _ => {}
    };
    for c in heading.chars() {
        // Headings are mostly ASCII, whose lowercase is one character found without a table.
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut push);
        }
    }
    slug
}

/// The heading text of a numbered step.
pub fn step_heading(number: usize, title: &str) -> String {
    format!("Step {number}: {title}")
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn slugs_lowercase_every_character_as_unicode_does(heading in "[a-zA-Z0-9 _.:-]{0,12}|\\PC{0,12}") {
            let expected: String = heading
                .chars()
                .flat_map(char::to_lowercase)
                .filter_map(|c| match c {
                    ' ' => Some('-'),
                    c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                    _ => None,
                })
                .collect();
            proptest::prop_assert_eq!(github_slug(&heading), expected);
        }
    }

    #[test]
    fn slugs_match_the_published_anchors() {
        assert_eq!(github_slug(&step_heading(1, "Finding Your Subdomain")), "step-1-finding-your-subdomain");
        assert_eq!(
            github_slug(&step_heading(1, "Find your Paligo instance name")),
            "step-1-find-your-paligo-instance-name"
        );
        assert_eq!(github_slug(&step_heading(3, CONNECT_STEP_TITLE)), "step-3-enter-credentials-in-the-connect-ui");
        assert_eq!(github_slug("What's new? (v2)"), "whats-new-v2");
    }

    #[test]
    fn prose_links_to_site_paths_below_the_assets_base_url() {
        let registry = Registry {
            settings: Settings {
                platform_name: "Nango".into(),
                docs_base_url: "https://docs.example.com".into(),
                schema_base_url: "https://schemas.example.com".into(),
                guide_flavor: Default::default(),
                npm_package: None,
                assets_base_url: Some("https://nango.dev/docs/".into()),
            },
            providers: Vec::new(),
            template_overrides: BTreeMap::new(),
        };
        assert_eq!(
            registry.prose("[IPs](/guides/security#ip) of {platform}, [x](#step-1) and `[y](/z)`"),
            "[IPs](https://nango.dev/docs/guides/security#ip) of Nango, [x](#step-1) and `[y](/z)`"
        );
    }
}
