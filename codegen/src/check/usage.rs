//! Usage: every connection-config field is used, every field a user types is explained.

use super::ProviderChecker;
use crate::model::Field;
use crate::path;
use crate::read::report::Location;
use crate::template::{Group, Template};

/// The warning on a connection-config field no template uses.
pub fn unused_field_message(name: &str) -> String {
    format!("connection-config field `{name}` is used by no template")
}

impl ProviderChecker<'_, '_, '_> {
    pub(super) fn check_usage(&mut self, templates: &[(Vec<String>, Template)]) {
        // A provider's templates name a handful of variables: a scan finds one.
        let used: Vec<(Group, &str)> = templates
            .iter()
            .flat_map(|(_, t)| t.variables())
            .filter_map(|v| Some((v.group()?, v.name.as_str())))
            .collect();
        for (name, field) in &self.provider.connection_config {
            // A value filled in after the form is kept for the back end, whether or not a
            // request uses it (Notion's `workspace_id`).
            if field.is_submitted() && !used.contains(&(Group::ConnectionConfig, name.as_str())) {
                self.report.warning(
                    Location::Key(path!["connection_config", name]),
                    unused_field_message(name),
                    Some(format!("use it as `${{connectionConfig.{name}}}` in `proxy`, or remove it")),
                );
            }
            self.warn_unexplained(Group::ConnectionConfig, name, field);
        }
        for (name, field) in &self.provider.credentials {
            self.warn_unexplained(Group::Credentials, name, field);
        }
    }

    pub(super) fn warn_unexplained(&mut self, group: Group, name: &str, field: &Field) {
        if field.is_user_entered() && field.guide_step.is_none() && field.docs_anchor.is_none() {
            let section = group.section();
            self.report.warning(
                Location::Key(path![section, name]),
                format!("no guide step explains where to find `{name}`"),
                Some(if self.provider.guide.is_some() {
                    "set `guide_step:` to the id of the step that explains it".into()
                } else {
                    "set `docs_anchor:` to the section of `docs.connect` that explains it, or add a `guide:`".into()
                }),
            );
        }
    }
}
