//! The checked model: what emitters receive once every file has validated. Everything an emitter
//! would otherwise recompute (field order, anchors, parsed templates, documentation URLs) is
//! computed once here, so the guide, the schema and the Rust code cannot disagree about it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::model::{Field, Provider, Settings};
use crate::template::{Group, Template};

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
    /// Provider prose with `{platform}` replaced by the platform's name. Nothing else in provider
    /// text is interpreted: `{{ x }}` or `{% if %}` stay as written in every output.
    pub fn prose(&self, text: &str) -> String {
        text.replace("{platform}", &self.settings.platform_name)
    }
}

#[derive(Clone, Debug)]
pub struct CheckedProvider {
    /// The file stem, such as `kandji`.
    pub id: String,
    /// The file the provider was read from.
    pub source: PathBuf,
    pub definition: Provider,
    /// Connection-config fields then credentials, each group in form order.
    pub fields: Vec<CheckedField>,
    /// The published connect guide.
    pub docs_connect: String,
    /// The guide's steps with their numbers and anchors, the generated final step last. Empty
    /// when the provider has no guide.
    pub steps: Vec<StepAnchor>,
    pub base_url: Option<Template>,
    /// Header names and their templates, in file order.
    pub headers: Vec<(String, Template)>,
}

#[derive(Clone, Debug)]
pub struct CheckedField {
    pub group: Group,
    /// The name on the wire, such as `apiKey`.
    pub name: String,
    pub field: Field,
    /// The URL of the guide section that explains where to find the value.
    pub docs_url: Option<String>,
    /// The field's pattern in the syntax of the `regex` crate, meaning the same, for the back
    /// end to judge values in linear time; `None` without a pattern or for one with lookaround
    /// or backreferences.
    pub linear_pattern: Option<String>,
}

impl CheckedField {
    /// The path used in validation errors and forms, such as `credentials.apiKey`.
    pub fn path(&self) -> String {
        format!("{}.{}", self.group.as_str(), self.name)
    }

    /// Whether the user types this value (it is shown, and not filled in by the platform).
    pub fn user_entered(&self) -> bool {
        !self.field.hidden && !self.field.automated
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

impl CheckedProvider {
    pub fn connection_config(&self) -> impl Iterator<Item = &CheckedField> {
        self.fields.iter().filter(|f| f.group == Group::ConnectionConfig)
    }

    pub fn credentials(&self) -> impl Iterator<Item = &CheckedField> {
        self.fields.iter().filter(|f| f.group == Group::Credentials)
    }
}

/// GitHub's heading anchor: lowercase, spaces to `-`, punctuation other than `-` and `_` dropped.
pub fn github_slug(heading: &str) -> String {
    heading
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The heading text of a numbered step.
pub fn step_heading(number: usize, title: &str) -> String {
    format!("Step {number}: {title}")
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
