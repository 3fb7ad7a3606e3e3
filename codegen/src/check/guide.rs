//! The guide: step ids, titles and blocks, and the steps fields point at.

use std::collections::HashSet;

use super::{group_fields, is_valid_id, quoted_list, ProviderChecker};
use crate::diagnostics::{did_you_mean, Location};
use crate::model::Block;
use crate::path;
use crate::registry::{github_slug, step_heading, StepAnchor, CONNECT_STEP_ID, CONNECT_STEP_TITLE};
use crate::template::Group;

impl ProviderChecker<'_, '_, '_> {
    pub(super) fn check_guide(&mut self) -> Vec<StepAnchor> {
        let Some(guide) = &self.provider.guide else {
            return Vec::new();
        };
        for (key, text) in [("lead", &guide.lead), ("intro", &guide.intro)] {
            if let Some(text) = text {
                self.check_prose(path!["guide", key], text);
            }
        }
        for (index, text) in guide.prerequisites.iter().enumerate() {
            self.check_prose(path!["guide", "prerequisites", index], text);
        }
        let mut anchors = Vec::new();
        let mut ids = HashSet::new();
        for (index, step) in guide.steps.iter().enumerate() {
            let at = path!["guide", "steps", index, "id"];
            if !is_valid_id(&step.id) {
                self.report.error(
                    Location::Value(at.clone()),
                    format!("step id `{}` must be lowercase letters, digits and `-`", step.id),
                    None,
                );
            } else if step.id == CONNECT_STEP_ID {
                self.report.error(
                    Location::Value(at.clone()),
                    format!("step id `{CONNECT_STEP_ID}` is reserved for the generated final step"),
                    Some("choose another id".into()),
                );
            } else if !ids.insert(step.id.as_str()) {
                self.report.error(Location::Value(at.clone()), format!("step id `{}` is used twice", step.id), None);
            }
            self.check_prose(path!["guide", "steps", index, "title"], &step.title);
            if step.title.contains("{platform}") {
                self.report.error(
                    Location::Value(path!["guide", "steps", index, "title"]),
                    "a step title cannot use `{platform}`: its anchor, which forms link to, must not change with the platform",
                    Some("write the title without `{platform}`".into()),
                );
            }
            if step.blocks.is_empty() {
                self.report.error(
                    Location::Key(path!["guide", "steps", index, "blocks"]),
                    "the step has no blocks",
                    None,
                );
            }
            for (block_index, block) in step.blocks.iter().enumerate() {
                self.check_block(path!["guide", "steps", index, "blocks", block_index], block);
            }
            let number = index + 1;
            anchors.push(StepAnchor {
                id: step.id.clone(),
                number,
                title: step.title.clone(),
                anchor: github_slug(&step_heading(number, &step.title)),
            });
        }
        if let Some(connect) = &guide.connect_step {
            for (place, blocks) in [("before", &connect.before), ("after", &connect.after)] {
                for (index, block) in blocks.iter().enumerate() {
                    self.check_block(path!["guide", "connect_step", place, index], block);
                }
            }
        }
        let number = guide.steps.len() + 1;
        anchors.push(StepAnchor {
            id: CONNECT_STEP_ID.into(),
            number,
            title: CONNECT_STEP_TITLE.into(),
            anchor: github_slug(&step_heading(number, CONNECT_STEP_TITLE)),
        });
        anchors
    }

    pub(super) fn check_block(&mut self, at: Vec<String>, block: &Block) {
        let kinds = [block.item.is_some(), block.image.is_some(), block.tip.is_some(), block.text.is_some()];
        if kinds.iter().filter(|k| **k).count() != 1 {
            self.report.error(
                Location::Value(at.clone()),
                "a block holds exactly one of `item`, `image`, `tip` or `text`",
                Some("split it into one block per kind, each starting with `- `".into()),
            );
        }
        if !block.bullets.is_empty() && block.item.is_none() {
            self.report.error(
                Location::Key([at.clone(), path!["bullets"]].concat()),
                "`bullets` belong under an `item`",
                None,
            );
        }
        for (key, text) in [("item", &block.item), ("tip", &block.tip), ("text", &block.text)] {
            if let Some(text) = text {
                self.check_prose([at.clone(), path![key]].concat(), text);
            }
        }
        for (index, bullet) in block.bullets.iter().enumerate() {
            self.check_prose([at.clone(), path!["bullets", index]].concat(), bullet);
        }
        if let Some(image) = &block.image {
            if image.alt.trim().is_empty() {
                self.report.error(
                    Location::Value([at.clone(), path!["image", "alt"]].concat()),
                    "the image has no alt text",
                    Some("describe what the picture shows, for readers who cannot see it".into()),
                );
            }
            self.check_prose([at.clone(), path!["image", "alt"]].concat(), &image.alt);
        }
    }

    pub(super) fn check_field_references(&mut self, steps: &[StepAnchor]) {
        for group in [Group::ConnectionConfig, Group::Credentials] {
            let section = group.section();
            for (name, field) in group_fields(self.provider, group) {
                let Some(step) = &field.guide_step else {
                    continue;
                };
                if steps.is_empty() {
                    self.report.error(
                        Location::Value(path![section, name, "guide_step"]),
                        format!("`guide_step: {step}` refers to a guide, but the provider has none"),
                        Some("add a `guide:` section, or use `docs_anchor` to point into an external guide".into()),
                    );
                } else if !steps.iter().any(|s| &s.id == step) {
                    let ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
                    let help = did_you_mean(step, ids.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| format!("the steps are {}", quoted_list(&ids)));
                    self.report.error(
                        Location::Value(path![section, name, "guide_step"]),
                        format!("no guide step has the id `{step}`"),
                        Some(help),
                    );
                }
            }
        }
    }
}
