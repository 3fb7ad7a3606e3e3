//! The guide: step ids, titles and blocks, and the steps fields point at.

use std::collections::BTreeSet;

use indexmap::IndexMap;

use super::{group_fields, is_valid_id, quoted_list, ProviderChecker, RawFacts};
use crate::diagnostics::did_you_mean;
use crate::model::{Block, Field, Provider, Settings};
use crate::path;
use crate::read::report::{FileReport, Location};
use crate::registry::{github_slug, step_heading, StepAnchor, CONNECT_STEP_ID, CONNECT_STEP_TITLE};
use crate::template::Group;

impl ProviderChecker<'_, '_, '_> {
    pub(super) fn check_guide(&mut self) -> Vec<StepAnchor> {
        let Some(guide) = &self.provider.guide else {
            return Vec::new();
        };
        for (key, text) in [("lead", &guide.lead), ("intro", &guide.intro)] {
            if let Some(text) = text {
                self.check_prose(|| path!["guide", key], text);
            }
        }
        for (index, text) in guide.prerequisites.iter().enumerate() {
            self.check_prose(|| path!["guide", "prerequisites", index], text);
        }
        let mut anchors = Vec::new();
        let mut ids = BTreeSet::new();
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
            self.check_prose(|| path!["guide", "steps", index, "title"], &step.title);
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
            self.check_heading(|| path!["guide", "steps", index, "title"], &step.title);
            self.check_blocks(&|| path!["guide", "steps", index, "blocks"], &step.blocks);
            let number = index + 1;
            anchors.push(StepAnchor {
                id: step.id.clone(),
                number,
                title: step.title.clone(),
                anchor: github_slug(&step_heading(number, &step.title)),
            });
        }
        if let Some(connect) = &guide.connect_step {
            let written = connect.instructions.as_deref().unwrap_or_default();
            for (place, blocks) in
                [("before", &connect.before[..]), ("instructions", written), ("after", &connect.after)]
            {
                self.check_blocks(&|| path!["guide", "connect_step", place], blocks);
            }
        }
        let written = [
            ("overview", &guide.overview),
            ("prerequisite_blocks", &guide.prerequisite_blocks),
            ("instructions", &guide.instructions),
        ];
        for (key, blocks) in written {
            self.check_blocks(&|| path!["guide", key], blocks);
        }
        for (index, name) in guide.overview_order.iter().enumerate() {
            let user_entered = |fields: &IndexMap<String, Field>| fields.get(name).is_some_and(Field::is_user_entered);
            let field_exists =
                user_entered(&self.provider.connection_config) || user_entered(&self.provider.credentials);
            if !field_exists || guide.overview_order[..index].contains(name) {
                self.report.error(
                    Location::Value(path!["guide", "overview_order", index]),
                    format!("`{name}` is not a field the user types, or is listed twice"),
                    None,
                );
            }
        }
        for (index, need) in guide.also_needed.iter().enumerate() {
            self.check_prose(|| path!["guide", "also_needed", index, "title"], &need.title);
            self.check_prose(|| path!["guide", "also_needed", index, "description"], &need.description);
            if let Some(qualifier) = &need.qualifier {
                self.check_prose(|| path!["guide", "also_needed", index, "qualifier"], qualifier);
            }
        }
        if let Some(separator) = &guide.overview_separator {
            if !OVERVIEW_SEPARATORS.contains(&separator.as_str()) {
                self.report.error(
                    Location::Value(path!["guide", "overview_separator"]),
                    format!("`{separator}` is not an Overview separator"),
                    Some(format!("use one of {}", quoted_list(&OVERVIEW_SEPARATORS))),
                );
            }
        }
        let connect = guide.connect_step.as_ref();
        if let Some(closing) = connect.and_then(|c| c.closing.as_ref()) {
            self.check_prose(|| path!["guide", "connect_step", "closing"], closing);
        }
        let connect_title = connect.and_then(|c| c.title.clone()).unwrap_or_else(|| CONNECT_STEP_TITLE.into());
        if connect.is_some_and(|c| c.title.is_some()) {
            self.check_prose(|| path!["guide", "connect_step", "title"], &connect_title);
            self.check_heading(|| path!["guide", "connect_step", "title"], &connect_title);
            if connect_title.contains("{platform}") {
                self.report.error(
                    Location::Value(path!["guide", "connect_step", "title"]),
                    "a step title cannot use `{platform}`: its anchor, which forms link to, must not change with the platform",
                    Some("write the title without `{platform}`".into()),
                );
            }
        }
        for (index, section) in guide.sections.iter().enumerate() {
            self.check_prose(|| path!["guide", "sections", index, "title"], &section.title);
            self.check_heading(|| path!["guide", "sections", index, "title"], &section.title);
            self.check_blocks(&|| path!["guide", "sections", index, "blocks"], &section.blocks);
        }
        let number = guide.steps.len() + 1;
        anchors.push(StepAnchor {
            id: CONNECT_STEP_ID.into(),
            number,
            anchor: github_slug(&step_heading(number, &connect_title)),
            title: connect_title,
        });
        anchors
    }

    /// Checks the blocks at the path `at` builds, which is built only for a diagnostic.
    fn check_blocks(&mut self, at: &dyn Fn() -> Vec<String>, blocks: &[Block]) {
        for (index, block) in blocks.iter().enumerate() {
            self.check_block(at, index, block);
        }
    }

    /// Checks the block at `index` of the blocks at `blocks_at`.
    fn check_block(&mut self, blocks_at: &dyn Fn() -> Vec<String>, index: usize, block: &Block) {
        // Paths into the block are built only for a diagnostic: most blocks have none.
        let at = |rest: Vec<String>| [blocks_at(), vec![index.to_string()], rest].concat();
        let kinds = [
            ("item", block.item.is_some()),
            ("bullet", block.bullet.is_some()),
            ("text", block.text.is_some()),
            ("heading", block.heading.is_some()),
            ("image", block.image.is_some()),
            ("code", block.code.is_some()),
            ("table", block.table.is_some()),
            ("note", block.note.is_some()),
            ("tip", block.tip.is_some()),
            ("info", block.info.is_some()),
            ("warning", block.warning.is_some()),
        ];
        if kinds.iter().filter(|(_, present)| *present).count() != 1 {
            let names: Vec<&str> = kinds.iter().map(|(name, _)| *name).collect();
            self.report.error(
                Location::Value(at(Vec::new())),
                format!("a block holds exactly one of {}", quoted_list(&names)),
                Some("split it into one block per kind, each starting with `- `".into()),
            );
        }
        let list_item = block.item.is_some() || block.bullet.is_some();
        for (key, present) in [("bullets", !block.bullets.is_empty()), ("blocks", !block.blocks.is_empty())] {
            if present && !list_item {
                self.report.error(
                    Location::Key(at(path![key])),
                    format!("`{key}` belong under an `item` or a `bullet`"),
                    None,
                );
            }
        }
        let texts = [
            ("item", &block.item),
            ("bullet", &block.bullet),
            ("text", &block.text),
            ("heading", &block.heading),
            ("note", &block.note),
            ("tip", &block.tip),
            ("info", &block.info),
            ("warning", &block.warning),
        ];
        for (key, text) in texts {
            if let Some(text) = text {
                self.check_prose(|| at(path![key]), text);
            }
        }
        if let Some(heading) = &block.heading {
            self.check_heading(|| at(path!["heading"]), heading);
        }
        for (index, bullet) in block.bullets.iter().enumerate() {
            self.check_prose(|| at(path!["bullets", index]), bullet);
        }
        if !block.blocks.is_empty() {
            self.check_blocks(&|| at(path!["blocks"]), &block.blocks);
        }
        if let Some(image) = &block.image {
            if image.alt.trim().is_empty() {
                self.report.error(
                    Location::Value(at(path!["image", "alt"])),
                    "the image has no alt text",
                    Some("describe what the picture shows, for readers who cannot see it".into()),
                );
            }
            self.check_prose(|| at(path!["image", "alt"]), &image.alt);
            if !image.src.starts_with('/') && !image.src.starts_with("https://") {
                self.report.error(
                    Location::Value(at(path!["image", "src"])),
                    format!("`{}` is neither an `https://` URL nor a path starting with `/`", image.src),
                    None,
                );
            }
        }
        if let Some(table) = &block.table {
            let width = table.header.len();
            if width == 0 {
                self.report.error(Location::Key(at(path!["table", "header"])), "the table has no columns", None);
            }
            if !table.align.is_empty() && table.align.len() != width {
                self.report.error(
                    Location::Key(at(path!["table", "align"])),
                    format!("`align` has {} entries for {width} columns", table.align.len()),
                    None,
                );
            }
            for (index, cell) in table.header.iter().enumerate() {
                self.check_prose(|| at(path!["table", "header", index]), cell);
            }
            for (row_index, row) in table.rows.iter().enumerate() {
                if row.len() != width {
                    self.report.error(
                        Location::Value(at(path!["table", "rows", row_index])),
                        format!("the row has {} cells, the header {width}", row.len()),
                        None,
                    );
                }
                for (index, cell) in row.iter().enumerate() {
                    self.check_prose(|| at(path!["table", "rows", row_index, index]), cell);
                }
            }
        }
    }

    /// Headings end in a word or a colon: markdownlint's MD026 refuses other trailing
    /// punctuation, and a heading is not a sentence.
    fn check_heading(&mut self, at: impl FnOnce() -> Vec<String>, text: &str) {
        if let Some(mark) = text.trim_end().chars().last().filter(|c| matches!(c, '.' | ',' | ';' | '!')) {
            self.report.error(
                Location::Value(at()),
                format!("a heading ends in `{mark}`"),
                Some(format!("drop the `{mark}`")),
            );
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
/// What may join a field's title and its description in the Overview list.
const OVERVIEW_SEPARATORS: [&str; 4] = [" - ", " – ", " — ", ": "];

/// Image paths (`/integrations/all/kandji/form.png`) and links to paths of the docs site
/// (`[sessions](/reference/api/connect/sessions/create)`) need the registry's `assets_base_url`,
/// the site they are paths on.
pub fn check_site_paths(provider: &Provider, facts: &RawFacts, settings: &Settings, report: &mut FileReport) {
    if settings.assets_base_url.is_some() {
        return;
    }
    for (at, link) in &facts.site_paths {
        report.error(
            Location::Value(at.clone()),
            format!("the link to `{link}` is a path, but the registry sets no `assets_base_url`"),
            Some(
                "set `assets_base_url` in `_registry.yaml` to the site the path is on, or write the link's full URL"
                    .into(),
            ),
        );
    }
    let Some(guide) = &provider.guide else { return };
    let mut runs: Vec<(Vec<String>, &[Block])> = vec![
        (path!["guide", "overview"], &guide.overview),
        (path!["guide", "prerequisite_blocks"], &guide.prerequisite_blocks),
        (path!["guide", "instructions"], &guide.instructions),
    ];
    for (index, step) in guide.steps.iter().enumerate() {
        runs.push((path!["guide", "steps", index, "blocks"], &step.blocks));
    }
    for (index, section) in guide.sections.iter().enumerate() {
        runs.push((path!["guide", "sections", index, "blocks"], &section.blocks));
    }
    if let Some(connect) = &guide.connect_step {
        runs.push((path!["guide", "connect_step", "before"], &connect.before));
        runs.push((
            path!["guide", "connect_step", "instructions"],
            connect.instructions.as_deref().unwrap_or_default(),
        ));
        runs.push((path!["guide", "connect_step", "after"], &connect.after));
    }
    while let Some((at, blocks)) = runs.pop() {
        for (index, block) in blocks.iter().enumerate() {
            let here = [at.clone(), path![index]].concat();
            if let Some(image) = block.image.as_ref().filter(|image| image.src.starts_with('/')) {
                report.error(
                    Location::Value([here.clone(), path!["image", "src"]].concat()),
                    format!("`{}` is a path, but the registry sets no `assets_base_url`", image.src),
                    Some("set `assets_base_url` in `_registry.yaml`, or write the image's full URL".into()),
                );
            }
            runs.push(([here, path!["blocks"]].concat(), &block.blocks));
        }
    }
}
