//! `guides/<id>.md` (or `.mdx`): each provider's "How do I link my account?" guide, and
//! `guides/README.md`, the catalog of every provider grouped by category.
//!
//! Rust prepares a view of each page (plain structs whose texts are final: the platform name
//! filled in, escaped for the flavor, then made template values); `minijinja` templates in
//! `codegen/templates/` only lay it out. A registry replaces any template by putting a file of
//! the same name in `templates/` next to its providers. Provider text is only ever passed to
//! templates as values, never rendered as a template, so `{{ 7*7 }}` in a description stays as
//! written.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use std::sync::Arc;

use minijinja::value::{Enumerator, Object, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use rayon::prelude::*;

use super::{EmitError, OutputFile};
use crate::model::{Align, Block, Code, ConnectStep, GuideFlavor, Image, Table};
use crate::registry::{notice, step_heading, CheckedField, CheckedProvider, Registry, CONNECT_STEP_ID};

const EMITTER: &str = "guides";

/// The page layout of a guide; it imports the flavor's syntax macros.
const GUIDE_TEMPLATE: &str = "guide.md.jinja";
const CATALOG_TEMPLATE: &str = "catalog.md.jinja";

/// The built-in templates, by file name: the names a registry's `templates/` folder may override.
const BUILT_IN_TEMPLATES: [(&str, &str); 4] = [
    (GUIDE_TEMPLATE, include_str!("../../templates/guide.md.jinja")),
    ("gfm.jinja", include_str!("../../templates/gfm.jinja")),
    ("mdx.jinja", include_str!("../../templates/mdx.jinja")),
    (CATALOG_TEMPLATE, include_str!("../../templates/catalog.md.jinja")),
];

pub fn emit(registry: &Registry) -> Result<Vec<OutputFile>, EmitError> {
    let templates = Templates::new(registry)?;
    let markup = Markup { registry, flavor: registry.settings.guide_flavor };
    let render_pages = || {
        let pages = registry.providers.par_iter().map(|provider| {
            let (Some(page), Some(path)) = (guide_page(&markup, provider), &provider.outputs.guide) else {
                return Ok(None);
            };
            let what = format_args!("the guide of {}", provider.id);
            let text = templates.render(GUIDE_TEMPLATE, "guide", page.into_value(), what)?;
            Ok(Some(OutputFile::new(path, text)))
        });
        pages.collect::<Vec<Result<Option<OutputFile>, EmitError>>>()
    };
    let render_catalog = || {
        let entries = catalog_entries(&markup);
        let catalog = catalog_page(&markup, &entries).into_value();
        templates.render(CATALOG_TEMPLATE, "catalog", catalog, format_args!("the catalog"))
    };
    // The catalog is one core's work over the whole registry: rendered beside the pages rather
    // than after them, it is not the last work of the run.
    let (pages, catalog) = rayon::join(render_pages, render_catalog);
    let mut files: Vec<OutputFile> =
        pages.into_iter().filter_map(Result::transpose).collect::<Result<_, EmitError>>()?;
    files.push(OutputFile::new("guides/README.md", catalog?));
    Ok(files)
}

/// The template environment: the built-in templates, each replaced by the registry's override
/// of the same name when there is one.
struct Templates {
    env: Environment<'static>,
    /// Where each template came from, for error messages.
    origins: BTreeMap<&'static str, String>,
}

impl Templates {
    fn new(registry: &Registry) -> Result<Templates, EmitError> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::None);
        // A misspelt variable in a template is an error, not an empty string in the guide.
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .map_err(|error| template_error("the template syntax", &error))?,
        );
        // Strings, nearly every value a template prints, are written as they are: the default
        // formatter copies them through two rounds of `fmt::Display`.
        env.set_formatter(|out, state, value| match value.as_str() {
            Some(text) => out.write_str(text).map_err(minijinja::Error::from),
            None => minijinja::escape_formatter(out, state, value),
        });
        env.add_filter("yaml_string", yaml_string);
        let mut origins = BTreeMap::new();
        for (name, built_in) in BUILT_IN_TEMPLATES {
            let replacement =
                registry.template_overrides.iter().find(|(path, _)| path.file_name().is_some_and(|n| n == name));
            let (origin, source) = match replacement {
                Some((path, text)) => (path.display().to_string(), text.clone()),
                None => (format!("codegen/templates/{name}"), built_in.to_owned()),
            };
            env.add_template_owned(name, source).map_err(|error| template_error(&origin, &error))?;
            origins.insert(name, origin);
        }
        if let Some(path) = registry.template_overrides.keys().find(|path| !is_template_name(path)) {
            let names: Vec<&str> = BUILT_IN_TEMPLATES.iter().map(|(name, _)| *name).collect();
            return Err(EmitError {
                emitter: EMITTER,
                message: format!("{} replaces no template: the templates are {}", path.display(), names.join(", ")),
            });
        }
        Ok(Templates { env, origins })
    }

    /// Renders `name` with `view` as the variable `variable`, then tidies the Markdown. `what`
    /// names the page in an error message, and is only formatted for one.
    fn render(
        &self,
        name: &'static str,
        variable: &str,
        view: Value,
        what: std::fmt::Arguments,
    ) -> Result<String, EmitError> {
        let origin = self.origins.get(name).map_or(name, String::as_str);
        let template = self.env.get_template(name).map_err(|error| template_error(origin, &error))?;
        let context = BTreeMap::from([(variable, view)]);
        let text = template
            .render(context)
            .map_err(|error| template_error(&format!("{origin} (rendering {what})"), &error))?;
        Ok(tidy(&text))
    }
}

fn template_error(origin: &str, error: &minijinja::Error) -> EmitError {
    EmitError { emitter: EMITTER, message: format!("{origin}: {error:#}") }
}

/// A string as a double-quoted YAML scalar (JSON strings are valid YAML), for front matter.
fn yaml_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// Trailing spaces removed, runs of blank lines collapsed to one, no blank line at the start and
/// one newline at the end: templates may be generous with blank lines. Fenced code is left as
/// it is, blank lines and all.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = true;
    let mut fence: Option<usize> = None;
    // Most lines are kept as they are, line break included: they are copied a run at a time,
    // from `kept_from` to the first line that changes. `memchr` finds the line breaks several
    // times faster than `str::lines` does.
    let mut kept_from = 0;
    let mut start = 0;
    let unterminated = (!text.is_empty() && !text.ends_with('\n')).then_some(text.len());
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain(unterminated) {
        let piece = &text[start..end];
        let line = piece.strip_suffix('\r').filter(|_| end < text.len()).unwrap_or(piece);
        let line_start = start;
        start = end + 1;
        let kept = tidy_line(line, &mut fence, &mut blank_run);
        if kept.is_some_and(|kept| kept.len() == piece.len()) && end < text.len() {
            continue;
        }
        out.push_str(&text[kept_from..line_start]);
        if let Some(kept) = kept {
            out.push_str(kept);
            out.push('\n');
        }
        kept_from = start.min(text.len());
    }
    out.push_str(&text[kept_from..]);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// What [`tidy`] keeps of one line (without its line break), which is then followed by one, or
/// `None` for a blank line that is dropped.
fn tidy_line<'l>(line: &'l str, fence: &mut Option<usize>, blank_run: &mut bool) -> Option<&'l str> {
    let trimmed_end = line.trim_end();
    let trimmed = trimmed_end.trim_start();
    let ticks = trimmed.bytes().take_while(|&b| b == b'`').count();
    match *fence {
        Some(open) if ticks >= open && trimmed.len() == ticks => *fence = None,
        Some(_) => return Some(line),
        None if ticks >= 3 => *fence = Some(ticks),
        None => {}
    }
    if trimmed_end.is_empty() {
        let kept = (!*blank_run).then_some("");
        *blank_run = true;
        kept
    } else {
        *blank_run = false;
        Some(trimmed_end)
    }
}

// ----------------------------------------------------------------------------------------------
// The views templates receive.
//
// Each view becomes a template value through `into_value`: maps of its fields by name, in
// order, lists, strings, booleans, numbers and none, as serializing it would give, built
// directly (serde goes through a dispatch and a thread-local check for every field, which cost
// more than laying the page out).

struct GuidePage<'g> {
    /// The template of the flavor's syntax macros.
    syntax: &'static str,
    notice: String,
    title: String,
    front_matter: FrontMatter<'g>,
    lead: String,
    needs: Vec<Need<'g>>,
    intro: Option<String>,
    /// More of the Overview, after `intro`.
    overview: Vec<BlockView>,
    prerequisites: Vec<String>,
    /// More of the Prerequisites, after its list.
    prerequisite_blocks: Vec<BlockView>,
    /// Under the Instructions heading, before the first step.
    instructions: Vec<BlockView>,
    /// The written steps, then the generated final one.
    steps: Vec<StepView>,
    /// Sections after the steps.
    sections: Vec<StepView>,
}

impl GuidePage<'_> {
    fn into_value(self) -> Value {
        fields([
            ("syntax", Value::from(self.syntax)),
            ("notice", Value::from(self.notice)),
            ("title", Value::from(self.title)),
            ("front_matter", self.front_matter.into_value()),
            ("lead", Value::from(self.lead)),
            ("needs", list(self.needs, Need::into_value)),
            ("intro", Value::from(self.intro)),
            ("overview", list(self.overview, BlockView::into_value)),
            ("prerequisites", list(self.prerequisites, Value::from)),
            ("prerequisite_blocks", list(self.prerequisite_blocks, BlockView::into_value)),
            ("instructions", list(self.instructions, BlockView::into_value)),
            ("steps", list(self.steps, StepView::into_value)),
            ("sections", list(self.sections, StepView::into_value)),
        ])
    }
}

/// Unescaped texts for the MDX front matter, where they are YAML strings.
struct FrontMatter<'g> {
    title: String,
    sidebar_title: &'g str,
}

impl FrontMatter<'_> {
    fn into_value(self) -> Value {
        fields([("title", Value::from(self.title)), ("sidebar_title", Value::from(self.sidebar_title))])
    }
}

/// A value the user needs, as the Overview lists it.
struct Need<'g> {
    title: String,
    /// What joins the title and the description, ` - ` unless the guide says otherwise.
    separator: Cow<'g, str>,
    description: String,
}

impl Need<'_> {
    fn into_value(self) -> Value {
        fields([
            ("title", Value::from(self.title)),
            ("separator", Value::from(self.separator)),
            ("description", Value::from(self.description)),
        ])
    }
}

struct StepView {
    /// "Step N: Title" (whose GitHub slug is the step's anchor), or a section's title.
    heading: String,
    blocks: Vec<BlockView>,
}

impl StepView {
    fn into_value(self) -> Value {
        fields([("heading", Value::from(self.heading)), ("blocks", list(self.blocks, BlockView::into_value))])
    }
}

/// One block of a page, laid out flat: what is nested in a list item carries the item's
/// content column as `indent`, which the template puts before each of its lines.
///
/// Templates see one map: these fields, `kind` and the fields of its [`Content`] (see
/// `into_value` below).
struct BlockView {
    /// The content column, in spaces: templates receive it as that many spaces.
    indent: usize,
    /// Whether a blank line comes first; items of one list and the first bullets under an item
    /// follow their line directly.
    gap: bool,
    /// Whether it comes right after a callout, at the same indent (GFM then separates the two
    /// quotes, which would otherwise read as one).
    follows_callout: bool,
    content: Content,
}

/// What a block is; templates tell the variants apart by `kind`, the variant's name in snake case.
enum Content {
    /// A list item: `marker` is `1.` or `-`.
    Item {
        marker: Cow<'static, str>,
        text: String,
    },
    Text {
        text: String,
    },
    /// `marker` is the run of `#` of its level.
    Heading {
        marker: &'static str,
        text: String,
    },
    Image {
        image: ImageView,
    },
    /// `callout` is `note`, `tip`, `info` or `warning`.
    Callout {
        callout: &'static str,
        text: String,
    },
    /// `fence` is a run of backticks longer than any in the code.
    Code {
        fence: String,
        language: String,
        lines: Vec<String>,
    },
    /// Cells escaped for a table; `delimiters` is the row under the header (`---`, `:---:`).
    Table {
        header: Vec<String>,
        delimiters: Vec<&'static str>,
        rows: Vec<Vec<String>>,
    },
}

impl BlockView {
    fn into_value(self) -> Value {
        let indent = ("indent", Value::from(spaces(self.indent)));
        let gap = ("gap", Value::from(self.gap));
        let follows_callout = ("follows_callout", Value::from(self.follows_callout));
        match self.content {
            Content::Item { marker, text } => fields([
                indent,
                gap,
                follows_callout,
                ("kind", Value::from("item")),
                ("marker", Value::from(marker)),
                ("text", Value::from(text)),
            ]),
            Content::Text { text } => {
                fields([indent, gap, follows_callout, ("kind", Value::from("text")), ("text", Value::from(text))])
            }
            Content::Heading { marker, text } => fields([
                indent,
                gap,
                follows_callout,
                ("kind", Value::from("heading")),
                ("marker", Value::from(marker)),
                ("text", Value::from(text)),
            ]),
            Content::Image { image } => {
                fields([indent, gap, follows_callout, ("kind", Value::from("image")), ("image", image.into_value())])
            }
            Content::Callout { callout, text } => fields([
                indent,
                gap,
                follows_callout,
                ("kind", Value::from("callout")),
                ("callout", Value::from(callout)),
                ("text", Value::from(text)),
            ]),
            Content::Code { fence, language, lines } => fields([
                indent,
                gap,
                follows_callout,
                ("kind", Value::from("code")),
                ("fence", Value::from(fence)),
                ("language", Value::from(language)),
                ("lines", list(lines, Value::from)),
            ]),
            Content::Table { header, delimiters, rows } => fields([
                indent,
                gap,
                follows_callout,
                ("kind", Value::from("table")),
                ("header", list(header, Value::from)),
                ("delimiters", list(delimiters, Value::from)),
                ("rows", list(rows, |row| list(row, Value::from))),
            ]),
        }
    }
}

/// An image; `src` and `alt` are escaped for where the flavor writes them.
struct ImageView {
    src: String,
    alt: String,
    width: Option<u32>,
    height: Option<u32>,
    max_width: Option<u32>,
}

impl ImageView {
    fn into_value(self) -> Value {
        fields([
            ("src", Value::from(self.src)),
            ("alt", Value::from(self.alt)),
            ("width", Value::from(self.width)),
            ("height", Value::from(self.height)),
            ("max_width", Value::from(self.max_width)),
        ])
    }
}

struct CatalogPage {
    notice: String,
    summary: String,
    categories: Vec<CategoryView>,
}

impl CatalogPage {
    fn into_value(self) -> Value {
        fields([
            ("notice", Value::from(self.notice)),
            ("summary", Value::from(self.summary)),
            ("categories", list(self.categories, CategoryView::into_value)),
        ])
    }
}

/// A category's rows: a provider listed under several categories has one row, shared.
struct CategoryView {
    name: String,
    /// Values of [`CatalogEntry`].
    entries: Vec<Value>,
}

impl CategoryView {
    fn into_value(self) -> Value {
        fields([("name", Value::from(self.name)), ("entries", Value::from_object(self.entries))])
    }
}

/// One table row; every text is escaped for a table cell.
struct CatalogEntry {
    /// The name, linked to the guide when there is one.
    provider: String,
    auth_mode: &'static str,
    categories: String,
    fields: String,
}

impl CatalogEntry {
    fn into_value(self) -> Value {
        fields([
            ("provider", Value::from(self.provider)),
            ("auth_mode", Value::from(self.auth_mode)),
            ("categories", Value::from(self.categories)),
            ("fields", Value::from(self.fields)),
        ])
    }
}

/// A map of named fields, in order, as minijinja makes of a serialized struct. The fields are
/// an array, held in the value's own allocation.
#[derive(Debug)]
struct Fields<const N: usize>([(&'static str, Value); N]);

impl<const N: usize> Object for Fields<N> {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.0.iter().find_map(|(name, value)| (*name == key).then(|| value.clone()))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.0.iter().map(|(name, _)| Value::from(*name)).collect())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(N)
    }
}

fn fields<const N: usize>(fields: [(&'static str, Value); N]) -> Value {
    Value::from_object(Fields(fields))
}

/// A list of the values of `items`.
fn list<T>(items: Vec<T>, value: impl FnMut(T) -> Value) -> Value {
    Value::from_object(items.into_iter().map(value).collect::<Vec<Value>>())
}

// ----------------------------------------------------------------------------------------------
// Building the views.

/// Turns provider text into Markdown of the registry's flavor.
struct Markup<'r> {
    registry: &'r Registry,
    flavor: GuideFlavor,
}

impl Markup<'_> {
    /// Provider inline text, ready to place in a line: `{platform}` filled in, line breaks
    /// folded (a line break could end a list item), and in MDX the characters that would start
    /// JSX or an expression escaped.
    fn inline(&self, text: &str) -> String {
        let prose = self.registry.prose(text);
        let text = fold_lines(&prose);
        match self.flavor {
            GuideFlavor::Gfm => autolink_bare_urls(&text).into_owned(),
            GuideFlavor::Mdx => escape_mdx(&text),
        }
    }

    /// Provider text that starts a block (a paragraph, a list item): also kept from being read
    /// as a heading, a quote, a list or a rule.
    fn block(&self, text: &str) -> String {
        escape_block_start(&self.inline(text))
    }

    /// A paragraph or list item's text, keeping the author's line breaks: each line after the
    /// first starts at column `indent` (the block's content column), and no line can start a
    /// block.
    fn lines(&self, text: &str, indent: usize) -> String {
        let prose = self.registry.prose(text);
        let text = match self.flavor {
            GuideFlavor::Gfm => autolink_bare_urls(&prose),
            GuideFlavor::Mdx => Cow::Owned(escape_mdx(&prose)),
        };
        indented_lines(&text, indent)
    }

    /// A text that contains no provider prose but names (such as the display name), escaped alike.
    fn name(&self, text: &str) -> String {
        let text = fold_lines(text);
        match self.flavor {
            GuideFlavor::Gfm => text.into_owned(),
            GuideFlavor::Mdx => escape_mdx(&text),
        }
    }

    fn image(&self, image: &Image) -> ImageView {
        let prose = self.registry.prose(&image.alt);
        let alt = fold_lines(&prose);
        let src = self.registry.asset_url(&image.src);
        let (src, alt) = match self.flavor {
            GuideFlavor::Gfm => (markdown_destination(&src), escape_brackets(&alt)),
            GuideFlavor::Mdx => (src.replace('"', "%22"), escape_attribute(&alt)),
        };
        ImageView { src, alt, width: image.width, height: image.height, max_width: image.max_width }
    }

    fn table(&self, table: &Table) -> Content {
        let cell = |text: &String| self.inline(text).replace('|', "\\|");
        let delimiters = (0..table.header.len())
            .map(|column| match table.align.get(column).copied().unwrap_or_default() {
                Align::None => "---",
                Align::Left => ":---",
                Align::Center => ":---:",
                Align::Right => "---:",
            })
            .collect();
        Content::Table {
            header: table.header.iter().map(cell).collect(),
            delimiters,
            rows: table.rows.iter().map(|row| row.iter().map(cell).collect()).collect(),
        }
    }
}

/// The lines of `text` that are not blank, trimmed and kept from starting a block, each after the
/// first put at column `indent`.
fn indented_lines(text: &str, indent: usize) -> String {
    let mut out = String::with_capacity(text.len());
    if !has_line_break(text) {
        push_block_start(&mut out, text.trim());
        return out;
    }
    for (index, line) in text.split('\n').map(str::trim).filter(|l| !l.is_empty()).enumerate() {
        if index > 0 {
            out.push('\n');
            out.push_str(&spaces(indent));
        }
        push_block_start(&mut out, line);
    }
    out
}

/// Lays blocks out as flat [`BlockView`]s: numbers items, nests what an item or bullet holds
/// under its content column, and decides the blank lines.
struct Layout<'m, 'r> {
    markup: &'m Markup<'r>,
    /// The `#` run of a sub-heading inside the blocks.
    heading_marker: &'static str,
    out: Vec<BlockView>,
}

/// What came last in a run of sibling blocks, for the blank lines and for placing images.
#[derive(Clone, Copy, PartialEq)]
enum Previous {
    Nothing,
    Item,
    Bullet,
    Other,
}

impl Layout<'_, '_> {
    fn new<'m, 'r>(markup: &'m Markup<'r>, heading_marker: &'static str) -> Layout<'m, 'r> {
        Layout { markup, heading_marker, out: Vec::new() }
    }

    /// Lays out a run of sibling blocks at `indent`. What stands between two numbered items
    /// (a note, bullets, code, an image) belongs to the first, so it is nested in it and the
    /// numbering goes on; images right after an item go inside it too. A sub-heading ends the
    /// list: the items after it are numbered from 1.
    fn blocks<'b>(&mut self, blocks: impl IntoIterator<Item = &'b Block>, indent: usize, nested: bool) {
        let blocks: Vec<&Block> = blocks.into_iter().collect();
        // Whether a numbered item comes later in the same list (before any sub-heading).
        let mut item_follows = vec![false; blocks.len()];
        let mut later = false;
        for (index, block) in blocks.iter().enumerate().rev() {
            item_follows[index] = later;
            if block.heading.is_some() {
                later = false;
            } else if block.item.is_some() {
                later = true;
            }
        }
        let mut number = 0;
        let mut previous = Previous::Nothing;
        // The content column of the last numbered item or bullet, and what was last placed in it.
        let mut open_item: Option<(usize, bool)> = None;
        let mut inside = Previous::Nothing;
        for (index, block) in blocks.iter().enumerate() {
            let first_nested = nested && previous == Previous::Nothing;
            if let Some(text) = &block.item {
                number += 1;
                let gap = !(first_nested || previous == Previous::Item);
                let inner = self.list_item(numbered(number), text, block, indent, gap);
                open_item = Some((inner, true));
                inside = Previous::Nothing;
                previous = Previous::Item;
                continue;
            }
            let nests = match &open_item {
                Some((_, numbered)) => *numbered && item_follows[index] && block.heading.is_none(),
                None => false,
            };
            if let Some(text) = &block.bullet {
                if let (true, Some((inner, _))) = (nests, open_item) {
                    self.list_item(Cow::Borrowed("-"), text, block, inner, inside != Previous::Bullet);
                    inside = Previous::Bullet;
                    previous = Previous::Other;
                    continue;
                }
                let gap = !(first_nested || previous == Previous::Bullet);
                let inner = self.list_item(Cow::Borrowed("-"), text, block, indent, gap);
                open_item = Some((inner, false));
                inside = Previous::Nothing;
                previous = Previous::Bullet;
                continue;
            }
            if block.heading.is_some() {
                number = 0;
            }
            // An image goes in the open item, and so does what stands between two of its
            // items. Deciding before making the content makes it once, at its column.
            let is_image = block.text.is_none() && block.heading.is_none() && block.image.is_some();
            let inner = match open_item {
                Some((inner, _)) if nests || is_image => Some(inner),
                _ => None,
            };
            let content = self.content(block, inner.unwrap_or(indent));
            let placed_in = match (inner, &content) {
                (Some(inner), Some(_)) => {
                    inside = Previous::Other;
                    previous = Previous::Other;
                    inner
                }
                _ => {
                    open_item = None;
                    previous = Previous::Other;
                    indent
                }
            };
            if let Some(content) = content {
                let follows_callout = matches!(
                    self.out.last(),
                    Some(BlockView { indent, content: Content::Callout { .. }, .. }) if *indent == placed_in
                );
                self.out.push(BlockView { indent: placed_in, gap: true, follows_callout, content });
            }
        }
    }

    /// Lays out one list item and what it holds; returns its content column.
    fn list_item(&mut self, marker: Cow<'static, str>, text: &str, block: &Block, indent: usize, gap: bool) -> usize {
        let inner = indent + marker.len() + 1;
        self.out.push(BlockView {
            indent,
            gap,
            follows_callout: false,
            content: Content::Item { text: self.markup.lines(text, inner), marker },
        });
        if block.bullets.is_empty() && block.blocks.is_empty() {
            return inner;
        }
        let shorthand: Vec<Block> =
            block.bullets.iter().map(|bullet| Block { bullet: Some(bullet.clone()), ..Block::default() }).collect();
        self.blocks(shorthand.iter().chain(&block.blocks), inner, true);
        inner
    }

    /// The content of a block that is not a list item, at `indent`.
    fn content(&self, block: &Block, indent: usize) -> Option<Content> {
        let markup = self.markup;
        if let Some(text) = &block.text {
            return Some(Content::Text { text: markup.lines(text, indent) });
        }
        if let Some(text) = &block.heading {
            return Some(Content::Heading { marker: self.heading_marker, text: markup.name(text) });
        }
        if let Some(image) = &block.image {
            return Some(Content::Image { image: markup.image(image) });
        }
        if let Some(code) = &block.code {
            return Some(code_content(code));
        }
        if let Some(table) = &block.table {
            return Some(markup.table(table));
        }
        let callouts = [("note", &block.note), ("tip", &block.tip), ("info", &block.info), ("warning", &block.warning)];
        callouts.into_iter().find_map(|(callout, text)| {
            text.as_ref().map(|text| Content::Callout { callout, text: markup.block(text) })
        })
    }
}

fn code_content(code: &Code) -> Content {
    let longest = code.text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let text = code.text.strip_suffix('\n').unwrap_or(&code.text);
    Content::Code {
        fence: "`".repeat(longest.max(2) + 1),
        language: code.language.clone().unwrap_or_default(),
        lines: text.split('\n').map(|line| line.trim_end_matches('\r').to_owned()).collect(),
    }
}

/// An indent of `width` spaces; nesting is shallow, so it is nearly always borrowed.
fn spaces(width: usize) -> Cow<'static, str> {
    const SPACES: &str = "                                ";
    SPACES.get(..width).map_or_else(|| Cow::Owned(" ".repeat(width)), Cow::Borrowed)
}

/// The marker of the numbered item `number`, borrowed for the first nine (most lists are short).
fn numbered(number: usize) -> Cow<'static, str> {
    const MARKERS: [&str; 9] = ["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "9."];
    MARKERS.get(number.wrapping_sub(1)).map_or_else(|| Cow::Owned(format!("{number}.")), |m| Cow::Borrowed(*m))
}

/// Lays out a run of top-level blocks.
fn lay_out<'b>(
    markup: &Markup,
    heading_marker: &'static str,
    blocks: impl IntoIterator<Item = &'b Block>,
) -> Vec<BlockView> {
    let mut layout = Layout::new(markup, heading_marker);
    layout.blocks(blocks, 0, false);
    layout.out
}

/// The guide of a provider that has a `guide:` section. Providers without one get no page: a
/// page made of the field list alone would not say where to find anything, and for imported
/// providers it would shadow the guide they already publish at `docs.connect`.
fn guide_page<'g>(markup: &Markup, provider: &'g CheckedProvider) -> Option<GuidePage<'g>> {
    let guide = provider.definition.guide.as_ref()?;
    let display_name = &provider.definition.display_name;
    let name = markup.name(display_name);
    let fields: Vec<&CheckedField> = provider.fields.iter().filter(|f| f.user_entered()).collect();
    let separator = guide.overview_separator.as_deref().unwrap_or(" - ");
    let need = |title: &str, qualifier: Option<&str>, description: &str| Need {
        title: markup.inline(title),
        separator: match qualifier {
            Some(qualifier) => Cow::Owned(format!(" {}{separator}", markup.inline(qualifier))),
            None => Cow::Borrowed(separator),
        },
        description: markup.inline(description),
    };
    let mut listed = fields.clone();
    listed.sort_by_key(|f| guide.overview_order.iter().position(|name| *name == f.name).unwrap_or(usize::MAX));
    let needs = listed
        .iter()
        .map(|f| {
            let description = f.field.guide_description.as_deref().unwrap_or(&f.field.description);
            need(f.guide_title(), f.field.guide_qualifier.as_deref(), description)
        })
        .chain(guide.also_needed.iter().map(|n| need(&n.title, n.qualifier.as_deref(), &n.description)))
        .collect();
    let lead = match &guide.lead {
        Some(lead) => markup.lines(lead, 0),
        None => format!("To authenticate with {name}, you will need:"),
    };
    let mut steps = Vec::new();
    for anchor in &provider.steps {
        // Step titles are not passed through `prose`: the anchor, which forms link to, is the
        // slug of the title as written.
        let heading = step_heading(anchor.number, &markup.name(&anchor.title));
        let blocks = if anchor.id == CONNECT_STEP_ID {
            connect_step(markup, provider, &fields)
        } else {
            let written = guide.steps.iter().find(|s| s.id == anchor.id);
            lay_out(markup, STEP_SUBHEADING, written.into_iter().flat_map(|s| &s.blocks))
        };
        steps.push(StepView { heading, blocks });
    }
    let sections = guide
        .sections
        .iter()
        .map(|section| StepView {
            heading: markup.name(&section.title),
            blocks: lay_out(markup, SECTION_SUBHEADING, &section.blocks),
        })
        .collect();
    let title = format!("{display_name} - How do I link my account?");
    Some(GuidePage {
        syntax: match markup.flavor {
            GuideFlavor::Gfm => "gfm.jinja",
            GuideFlavor::Mdx => "mdx.jinja",
        },
        notice: notice(&format!("the provider file {}", provider.source_name())),
        title: markup.name(&title),
        front_matter: FrontMatter { title, sidebar_title: display_name },
        lead,
        needs,
        intro: guide.intro.as_ref().map(|t| markup.lines(t, 0)),
        overview: lay_out(markup, SECTION_SUBHEADING, &guide.overview),
        prerequisites: guide.prerequisites.iter().map(|t| markup.lines(t, 2)).collect(),
        prerequisite_blocks: lay_out(markup, SECTION_SUBHEADING, &guide.prerequisite_blocks),
        instructions: lay_out(markup, SECTION_SUBHEADING, &guide.instructions),
        steps,
        sections,
    })
}

/// The heading level of a sub-heading inside a step (steps are `###`) and inside the Overview,
/// the Instructions or a section (which are `##`).
const STEP_SUBHEADING: &str = "####";
const SECTION_SUBHEADING: &str = "###";

/// The generated final step: what to have, the provider's `before` blocks, how to fill in the
/// form (or the provider's own `instructions`), its `after` blocks, and the closing sentence.
fn connect_step(markup: &Markup, provider: &CheckedProvider, fields: &[&CheckedField]) -> Vec<BlockView> {
    let definition = &provider.definition;
    let default = ConnectStep::default();
    let connect = definition.guide.as_ref().and_then(|g| g.connect_step.as_ref()).unwrap_or(&default);
    let names: Vec<(&str, Option<&str>)> =
        fields.iter().map(|f| (f.guide_title(), f.field.guide_note.as_deref())).collect();
    let text = |text: String| Block { text: Some(text), ..Block::default() };
    // Only the generated blocks are made here; the provider's are laid out where they are.
    let (have, items): (Option<Block>, Vec<Block>) = match &connect.instructions {
        Some(_) => (None, Vec::new()),
        None => (
            connect_have(&names).map(text),
            connect_instructions(&names, &definition.display_name)
                .into_iter()
                .map(|item| Block { item: Some(item), ..Block::default() })
                .collect(),
        ),
    };
    let closing = text(connect.closing.clone().unwrap_or_else(|| connect_closing(&definition.display_name)));
    let blocks = have
        .iter()
        .chain(&connect.before)
        .chain(connect.instructions.as_deref().unwrap_or(&items))
        .chain(&connect.after)
        .chain([&closing]);
    lay_out(markup, STEP_SUBHEADING, blocks)
}

/// The generated final step's opening sentence, "Once you have both the **A** and **B**:", for
/// the guide titles of the fields the user types (none: no sentence).
pub fn connect_have(fields: &[(&str, Option<&str>)]) -> Option<String> {
    let titles: Vec<String> = fields.iter().map(|(title, _)| format!("**{title}**")).collect();
    let have = match titles.as_slice() {
        [] => return None,
        [one] => format!("your {one}"),
        [first, second] => format!("both the {first} and {second}"),
        many => format!("the {}", series(many)),
    };
    Some(format!("Once you have {have}:"))
}

/// The generated final step's numbered instructions, for the fields the user types as
/// (guide title, guide note) and the provider's display name.
pub fn connect_instructions(fields: &[(&str, Option<&str>)], display_name: &str) -> Vec<String> {
    let with_notes: Vec<String> = fields
        .iter()
        .map(|(title, note)| match note {
            Some(note) => format!("**{title}** ({note})"),
            None => format!("**{title}**"),
        })
        .collect();
    let mut items = vec![format!("Open the form where you need to authenticate with {display_name}.")];
    match with_notes.as_slice() {
        [] => {}
        [one] => items.push(format!("Enter your {one} in its respective field.")),
        many => items.push(format!("Enter your {} in their respective fields.", series(many))),
    }
    items.push("Submit the form, and you should be successfully authenticated.".into());
    items
}

/// The generated final step's closing sentence.
pub fn connect_closing(display_name: &str) -> String {
    format!("You are now connected to {display_name}.")
}

/// "A and B", or "A, B, and C".
fn series(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [first, second] => format!("{first} and {second}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

/// The link from the catalog, `guides/README.md`, to a guide beside it.
fn guide_link(guide: &str) -> String {
    Path::new(guide).file_name().map_or_else(|| guide.to_owned(), |name| name.to_string_lossy().into_owned())
}

/// Each provider's row of the catalog, in the registry's order, as values of [`CatalogEntry`].
fn catalog_entries(markup: &Markup) -> Vec<Value> {
    let entry = |provider: &CheckedProvider| {
        let name = table_cell(&provider.definition.display_name);
        let fields: Vec<String> = provider
            .fields
            .iter()
            .filter(|f| f.user_entered())
            .map(|f| format!("{} (`{}`)", table_cell(&f.field.title), f.name))
            .collect();
        CatalogEntry {
            provider: match (&provider.outputs.guide, &provider.definition.docs.connect) {
                (Some(guide), _) => format!("[{name}]({})", guide_link(guide)),
                (None, Some(published)) => format!("[{name}]({})", markdown_destination(published)),
                (None, None) => name,
            },
            auth_mode: provider.definition.auth_mode.as_str(),
            categories: table_cell(&provider.definition.categories.join(", ")),
            fields: if fields.is_empty() { "none".into() } else { fields.join(", ") },
        }
        .into_value()
    };
    markup.registry.providers.iter().map(entry).collect()
}

/// The catalog, from the rows of [`catalog_entries`].
fn catalog_page(markup: &Markup, entries: &[Value]) -> CatalogPage {
    let registry = markup.registry;
    // Providers by index into `entries`.
    let mut categories: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut uncategorized = Vec::new();
    for (index, provider) in registry.providers.iter().enumerate() {
        if provider.definition.categories.is_empty() {
            uncategorized.push(index);
        }
        for category in &provider.definition.categories {
            categories.entry(category.as_str()).or_default().push(index);
        }
    }
    if !uncategorized.is_empty() {
        categories.entry("uncategorized").or_default().extend(uncategorized);
    }
    // Each provider's place in a category, lowercased once rather than at every comparison.
    let order: Vec<(String, &str)> =
        registry.providers.iter().map(|p| (p.definition.display_name.to_lowercase(), p.id.as_str())).collect();
    let categories = categories
        .into_iter()
        .map(|(name, mut providers)| {
            providers.sort_by(|&a, &b| order[a].cmp(&order[b]));
            CategoryView {
                name: table_cell(name),
                entries: providers.into_iter().map(|index| entries[index].clone()).collect(),
            }
        })
        .collect();
    let count = registry.providers.len();
    let guides = registry.providers.iter().filter(|p| p.definition.guide.is_some()).count();
    let links = if guides == count {
        "Each name links to the provider's connect guide.".to_owned()
    } else {
        format!(
            "{guides} of them have a connect guide here, which their name links to; the others link to the guide they \
             publish, when they name one."
        )
    };
    let summary = format!(
        "{count} {}, grouped by category; a provider with several categories is listed under each. {links}",
        if count == 1 { "provider" } else { "providers" },
    );
    CatalogPage { notice: notice("the provider files"), summary, categories }
}

// ----------------------------------------------------------------------------------------------
// Escaping.

/// Line breaks and the spaces around them become one space: provider prose is inline text.
fn fold_lines(text: &str) -> Cow<'_, str> {
    if !has_line_break(text) {
        return Cow::Borrowed(text.trim());
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n').map(str::trim).filter(|line| !line.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    Cow::Owned(out)
}

/// Escapes `{`, `}` and `<` outside code spans: in MDX they would start an expression or JSX.
/// Backslash escapes are Markdown, so the page shows the characters as written.
fn escape_mdx(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(['{', '}', '<', '`', '\\']) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('\\') {
            // A backslash escape is already one: copied as a pair, so `\{` stays `\{`.
            let end = rest[1..].chars().next().map_or(1, |c| 1 + c.len_utf8());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if rest.starts_with('`') {
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            // A code span runs to the next run of exactly as many backticks; without one the
            // backticks are plain text.
            let close = find_backtick_run(&rest[ticks..], ticks).map(|at| ticks + at + ticks);
            let end = close.unwrap_or(ticks);
            out.push_str(if close.is_some() { &rest[..end] } else { fence });
            rest = &rest[end..];
        } else {
            out.push('\\');
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Bare `https://` and `http://` URLs written as autolinks, `<https://...>`: GitHub links them
/// either way, but CommonMark does not (markdownlint's MD034). A URL inside a code span, a
/// link or an autolink is left alone; trailing punctuation stays outside.
fn autolink_bare_urls(text: &str) -> Cow<'_, str> {
    // Most prose has no URL: it is then borrowed as it is.
    if !names_a_url(text) {
        return autolink_bare_emails(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // Both are ASCII, so memchr's byte offset is a character boundary.
    while let Some(start) = memchr::memchr2(b'`', b'h', rest.as_bytes()) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        if from.starts_with('`') {
            let ticks = from.len() - from.trim_start_matches('`').len();
            let end = find_backtick_run(&from[ticks..], ticks).map_or(ticks, |at| ticks + at + ticks);
            out.push_str(&from[..end]);
            rest = &from[end..];
            continue;
        }
        let starts_url = out.chars().last().is_none_or(|c| c.is_whitespace() || matches!(c, '*' | '_' | '('))
            && !out.ends_with("](");
        if starts_url && (from.starts_with("https://") || from.starts_with("http://")) {
            let length = from.find(char::is_whitespace).unwrap_or(from.len());
            let url = from[..length].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '*', '_']);
            if url.len() > "https://".len() && !url.contains(['<', '>']) {
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &from[url.len()..];
                continue;
            }
        }
        out.push('h');
        rest = &from[1..];
    }
    out.push_str(rest);
    match autolink_bare_emails(&out) {
        Cow::Borrowed(_) => Cow::Owned(out),
        Cow::Owned(linked) => Cow::Owned(linked),
    }
}

/// Whether `text` contains `http://` or `https://`. Looks for the rarer `:` first, which spares
/// building a substring searcher for each of the many short texts.
fn names_a_url(text: &str) -> bool {
    memchr::memchr_iter(b':', text.as_bytes())
        .any(|at| text[at..].starts_with("://") && (text[..at].ends_with("http") || text[..at].ends_with("https")))
}

/// Whether `text` has more than one line. Provider texts are short and mostly one line: `memchr`
/// answers in a fraction of what `str::contains` costs to set up for each.
fn has_line_break(text: &str) -> bool {
    memchr::memchr(b'\n', text.as_bytes()).is_some()
}

/// Bare e-mail addresses (`api@example.com`) written as autolinks, outside code spans.
fn autolink_bare_emails(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'@', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut in_code = false;
    let mut out = String::with_capacity(text.len() + 2);
    for (index, word) in text.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        let was_in_code = in_code;
        in_code ^= word.matches('`').count() % 2 == 1;
        let core =
            word.trim_start_matches(['*', '_', '(']).trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '*', '_']);
        let is_email = core.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && local.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
                && domain.contains('.')
                && !domain.ends_with('.')
                && domain.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        });
        if is_email && !was_in_code && !word.contains('`') {
            out.push_str(&word.replacen(core, &format!("<{core}>"), 1));
        } else {
            out.push_str(word);
        }
    }
    Cow::Owned(out)
}

/// Where a run of exactly `count` backticks starts in `text`.
fn find_backtick_run(text: &str, count: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'`' {
            let run = bytes[at..].iter().take_while(|b| **b == b'`').count();
            if run == count {
                return Some(at);
            }
            at += run;
        } else {
            at += 1;
        }
    }
    None
}

/// Keeps text at the start of a block from being read as block syntax: `#` (heading), `>`
/// (quote), `- `/`+ `/`* ` (bullet), `1. ` (numbered item) or `---` (rule).
fn escape_block_start(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    push_block_start(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape_block_start`] does.
fn push_block_start(out: &mut String, text: &str) {
    // Most text starts with a letter, which starts no block syntax.
    if !matches!(text.as_bytes().first(), Some(b'#' | b'>' | b'-' | b'+' | b'*' | b'_' | b'0'..=b'9')) {
        out.push_str(text);
        return;
    }
    let first = text.chars().next();
    let second = text.chars().nth(1);
    let marks = || text.chars().filter(|c| !c.is_whitespace());
    let is_rule = matches!(first, Some(m @ ('-' | '*' | '_')) if marks().count() >= 3 && marks().all(|c| c == m));
    let is_bullet = matches!(first, Some('-' | '+' | '*')) && matches!(second, None | Some(' ' | '\t'));
    if matches!(first, Some('#' | '>')) || is_bullet || is_rule {
        out.push('\\');
        out.push_str(text);
        return;
    }
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = &text[digits..];
    if (1..=9).contains(&digits) && (after.starts_with(". ") || after.starts_with(") ") || after == "." || after == ")")
    {
        out.push_str(&text[..digits]);
        out.push('\\');
        out.push_str(after);
        return;
    }
    out.push_str(text);
}

/// Alt text inside `![...]`.
fn escape_brackets(text: &str) -> String {
    // Most texts have none of the characters: memchr rules that out at a fraction of a scan.
    if memchr::memchr3(b'\\', b'[', b']', text.as_bytes()).is_none() {
        return text.to_owned();
    }
    escape_chars(text, |byte| match byte {
        b'\\' => Some("\\\\"),
        b'[' => Some("\\["),
        b']' => Some("\\]"),
        _ => None,
    })
}

/// Text inside a double-quoted HTML attribute.
fn escape_attribute(text: &str) -> String {
    if memchr::memchr2(b'&', b'"', text.as_bytes()).is_none() {
        return text.to_owned();
    }
    escape_chars(text, |byte| match byte {
        b'&' => Some("&amp;"),
        b'"' => Some("&quot;"),
        _ => None,
    })
}

/// A URL as a Markdown link destination: the characters that would end it percent-encoded.
fn markdown_destination(url: &str) -> String {
    let bytes = url.as_bytes();
    if memchr::memchr3(b' ', b'(', b')', bytes).is_none() && memchr::memchr2(b'<', b'>', bytes).is_none() {
        return url.to_owned();
    }
    escape_chars(url, |byte| match byte {
        b' ' => Some("%20"),
        b'(' => Some("%28"),
        b')' => Some("%29"),
        b'<' => Some("%3C"),
        b'>' => Some("%3E"),
        _ => None,
    })
}

/// `text` with each character `escape` has a replacement for replaced, in one pass rather than
/// one `str::replace` (and one copy) per character. Every escaped character is ASCII, so the scan
/// goes by byte: an ASCII byte is always a whole character in UTF-8.
fn escape_chars(text: &str, escape: impl Fn(u8) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, byte) in text.bytes().enumerate() {
        if let Some(replacement) = escape(byte) {
            out.push_str(&text[copied..at]);
            out.push_str(replacement);
            copied = at + 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Text inside a table cell, where `|` would end the cell.
fn table_cell(text: &str) -> String {
    fold_lines(text).replace('|', "\\|")
}

/// Whether `path` names a template the registry may override.
fn is_template_name(path: &Path) -> bool {
    BUILT_IN_TEMPLATES.iter().any(|(name, _)| path.file_name().is_some_and(|n| n == *name))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn mdx_escapes_expressions_and_tags_but_not_code() {
        assert_eq!(escape_mdx("a {{ 7*7 }} b"), "a \\{\\{ 7*7 \\}\\} b");
        assert_eq!(escape_mdx("if a < b, `{x}` and ``a ` {b}``"), "if a \\< b, `{x}` and ``a ` {b}``");
        assert_eq!(escape_mdx("a lone ` {x}"), "a lone ` \\{x\\}");
    }

    #[test]
    fn bare_urls_become_autolinks_outside_code_and_links() {
        assert_eq!(autolink_bare_urls("see https://a.io/x."), "see <https://a.io/x>.");
        assert_eq!(
            autolink_bare_urls("`https://a.io` and [https://a.io](https://a.io)"),
            "`https://a.io` and [https://a.io](https://a.io)"
        );
        assert_eq!(autolink_bare_urls("<https://a.io> hhttps"), "<https://a.io> hhttps");
        assert_eq!(autolink_bare_urls("here **https://a.io/x**"), "here **<https://a.io/x>**");
        assert_eq!(autolink_bare_urls("mail api@a.io. or `b@c.io`"), "mail <api@a.io>. or `b@c.io`");
    }

    #[test]
    fn block_syntax_at_the_start_is_escaped() {
        assert_eq!(escape_block_start("# not a heading"), "\\# not a heading");
        assert_eq!(escape_block_start("- not a bullet"), "\\- not a bullet");
        assert_eq!(escape_block_start("1. not an item"), "1\\. not an item");
        assert_eq!(escape_block_start("---"), "\\---");
        assert_eq!(escape_block_start("**Bold** start"), "**Bold** start");
        assert_eq!(escape_block_start("2024 was a year"), "2024 was a year");
    }

    /// Templates see a [`Fields`] value as they see the struct minijinja serializes: its fields
    /// by name and in order, its length, its keys, its printed form.
    #[test]
    fn fields_read_as_a_serialized_struct() {
        #[derive(serde::Serialize)]
        struct Serialized {
            text: &'static str,
            gap: bool,
            width: Option<u32>,
            lines: Vec<&'static str>,
        }
        let serialized = Value::from(minijinja::value::Serde(Serialized {
            text: "Some *text*",
            gap: true,
            width: None,
            lines: vec!["a"],
        }));
        let built = fields([
            ("text", Value::from("Some *text*")),
            ("gap", Value::from(true)),
            ("width", Value::from(None::<u32>)),
            ("lines", list(vec!["a"], Value::from)),
        ]);
        let env = Environment::new();
        let template = env
            .template_from_str(
                "{{ v.text }}|{{ v.gap }}|{{ v.width is none }}|{{ v.lines[0] }}|{{ v | length }}|\
                 {% for key in v %}{{ key }},{% endfor %}|{{ v is mapping }}|{{ v.missing is defined }}|{{ v }}",
            )
            .unwrap();
        let render = |value: &Value| template.render(BTreeMap::from([("v", value.clone())])).unwrap();
        let rendered = render(&built);
        assert!(rendered.starts_with("Some *text*|True|True|a|4|text,gap,width,lines,|True|False|"), "{rendered}");
        assert_eq!(rendered, render(&serialized));
        assert_eq!(serde_json::to_value(&built).unwrap(), serde_json::to_value(&serialized).unwrap());
    }

    #[test]
    fn a_block_is_one_map_of_its_fields_kind_and_content() {
        let block = |content| BlockView { indent: 3, gap: true, follows_callout: false, content };
        let json = |content| serde_json::to_value(block(content).into_value()).unwrap();
        let common = |kind: &str, rest: serde_json::Value| {
            let mut map = serde_json::json!({"indent": "   ", "gap": true, "follows_callout": false, "kind": kind});
            map.as_object_mut().unwrap().extend(rest.as_object().unwrap().clone());
            map
        };
        let text = || "Some *text*".to_owned();
        assert_eq!(
            json(Content::Item { marker: "1.".into(), text: text() }),
            common("item", serde_json::json!({"marker": "1.", "text": "Some *text*"}))
        );
        assert_eq!(json(Content::Text { text: text() }), common("text", serde_json::json!({"text": "Some *text*"})));
        assert_eq!(
            json(Content::Heading { marker: "###", text: text() }),
            common("heading", serde_json::json!({"marker": "###", "text": "Some *text*"}))
        );
        let image = ImageView { src: "a.png".into(), alt: "A".into(), width: Some(3), height: None, max_width: None };
        assert_eq!(
            json(Content::Image { image }),
            common(
                "image",
                serde_json::json!({"image": {"src": "a.png", "alt": "A", "width": 3, "height": null, "max_width": null}})
            )
        );
        assert_eq!(
            json(Content::Callout { callout: "tip", text: text() }),
            common("callout", serde_json::json!({"callout": "tip", "text": "Some *text*"}))
        );
        assert_eq!(
            json(Content::Code { fence: "```".into(), language: "sh".into(), lines: vec!["a".into(), "".into()] }),
            common("code", serde_json::json!({"fence": "```", "language": "sh", "lines": ["a", ""]}))
        );
        assert_eq!(
            json(Content::Table {
                header: vec!["A".into()],
                delimiters: vec![":---:"],
                rows: vec![vec!["1".into()], vec!["2".into()]]
            }),
            common("table", serde_json::json!({"header": ["A"], "delimiters": [":---:"], "rows": [["1"], ["2"]]}))
        );
    }

    /// [`tidy`] as it was written first, one line at a time.
    fn tidy_by_line(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut blank_run = true;
        let mut fence: Option<usize> = None;
        for line in text.lines() {
            let trimmed_end = line.trim_end();
            let trimmed = trimmed_end.trim_start();
            let ticks = trimmed.bytes().take_while(|&b| b == b'`').count();
            match fence {
                Some(open) if ticks >= open && trimmed.len() == ticks => fence = None,
                Some(_) => {
                    out.push_str(line);
                    out.push('\n');
                    continue;
                }
                None if ticks >= 3 => fence = Some(ticks),
                None => {}
            }
            let line = trimmed_end;
            if line.is_empty() {
                if !blank_run {
                    out.push('\n');
                }
                blank_run = true;
            } else {
                out.push_str(line);
                out.push('\n');
                blank_run = false;
            }
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }

    proptest! {
        #[test]
        fn names_a_url_is_containing_a_scheme(text in "[hnt ps:/é]{0,24}") {
            prop_assert_eq!(names_a_url(&text), text.contains("http://") || text.contains("https://"));
        }

        /// Each line trimmed and escaped on its own, then joined with a line break and `indent`.
        #[test]
        fn a_text_s_lines_start_at_its_indent(text in "[a #>1.\n\t-]{0,24}", indent in " {0,4}") {
            let lines: Vec<String> =
                text.split('\n').map(str::trim).filter(|l| !l.is_empty()).map(escape_block_start).collect();
            prop_assert_eq!(indented_lines(&text, indent.len()), lines.join(&format!("\n{indent}")));
        }

        /// One pass is the `str::replace` of each character in turn: no replacement holds a
        /// character replaced after it.
        #[test]
        fn escapes_are_the_replaces_in_turn(text in "[a \\\\\\[\\]()<>&\"é]{0,24}") {
            prop_assert_eq!(
                escape_brackets(&text),
                text.replace('\\', "\\\\").replace('[', "\\[").replace(']', "\\]")
            );
            prop_assert_eq!(escape_attribute(&text), text.replace('&', "&amp;").replace('"', "&quot;"));
            prop_assert_eq!(
                markdown_destination(&text),
                text.replace(' ', "%20").replace('(', "%28").replace(')', "%29").replace('<', "%3C").replace('>', "%3E")
            );
        }

        /// Copying the lines kept as they are a run at a time changes nothing.
        #[test]
        fn tidy_is_tidying_line_by_line(text in "([ `\t\r]{0,4}[a`é ]{0,3}[ \t\r]{0,2}\n){0,12}[ a`]{0,3}") {
            prop_assert_eq!(tidy(&text), tidy_by_line(&text));
        }

        #[test]
        fn folded_lines_are_the_non_blank_lines_joined(text in "[a \n\t]{0,24}") {
            let lines: Vec<&str> = text.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect();
            prop_assert_eq!(fold_lines(&text), lines.join(" "));
        }
    }

    #[test]
    fn series_uses_a_serial_comma() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(series(&words(&["A", "B"])), "A and B");
        assert_eq!(series(&words(&["A", "B", "C"])), "A, B, and C");
    }
}
