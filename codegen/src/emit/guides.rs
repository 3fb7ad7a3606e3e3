//! `guides/<id>.md` (or `.mdx`): each provider's "How do I link my account?" guide, and
//! `guides/README.md`, the catalog of every provider grouped by category.
//!
//! Rust prepares a view of each page (plain serializable structs whose texts are final: the
//! platform name filled in, escaped for the flavor); `minijinja` templates in
//! `codegen/templates/` only lay it out. A registry replaces any template by putting a file of
//! the same name in `templates/` next to its providers. Provider text is only ever passed to
//! templates as values, never rendered as a template, so `{{ 7*7 }}` in a description stays as
//! written.

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use rayon::prelude::*;
use serde::Serialize;

use super::{EmitError, OutputFile};
use crate::model::{Block, GuideFlavor, Image};
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
    let pages = registry.providers.par_iter().map(|provider| {
        let (Some(page), Some(path)) = (guide_page(&markup, provider), &provider.outputs.guide) else {
            return Ok(None);
        };
        let text = templates.render(GUIDE_TEMPLATE, "guide", page, &format!("the guide of {}", provider.id))?;
        Ok(Some(OutputFile::new(path, text)))
    });
    let pages: Vec<Result<Option<OutputFile>, EmitError>> = pages.collect();
    let mut files: Vec<OutputFile> =
        pages.into_iter().filter_map(Result::transpose).collect::<Result<_, EmitError>>()?;
    let catalog = templates.render(CATALOG_TEMPLATE, "catalog", catalog_page(&markup), "the catalog")?;
    files.push(OutputFile::new("guides/README.md", catalog));
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

    /// Renders `name` with `view` as the variable `variable`, then tidies the Markdown.
    fn render(
        &self,
        name: &'static str,
        variable: &str,
        view: impl Serialize,
        what: &str,
    ) -> Result<String, EmitError> {
        let origin = self.origins.get(name).map_or(name, String::as_str);
        let template = self.env.get_template(name).map_err(|error| template_error(origin, &error))?;
        let context = BTreeMap::from([(variable, Value::from(Serde(view)))]);
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
/// one newline at the end: templates may be generous with blank lines.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = true;
    for line in text.lines().map(str::trim_end) {
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

// ----------------------------------------------------------------------------------------------
// The views templates receive.

#[derive(Serialize)]
struct GuidePage {
    /// The template of the flavor's syntax macros.
    syntax: &'static str,
    notice: String,
    title: String,
    front_matter: FrontMatter,
    lead: String,
    needs: Vec<Need>,
    intro: Option<String>,
    prerequisites: Vec<String>,
    /// The written steps, then the generated final one.
    steps: Vec<StepView>,
}

/// Unescaped texts for the MDX front matter, where they are YAML strings.
#[derive(Serialize)]
struct FrontMatter {
    title: String,
    sidebar_title: String,
}

/// A value the user needs, as the Overview lists it.
#[derive(Serialize)]
struct Need {
    title: String,
    description: String,
}

#[derive(Serialize)]
struct StepView {
    /// "Step N: Title", whose GitHub slug is the step's anchor.
    heading: String,
    blocks: Vec<BlockView>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum BlockView {
    List { items: Vec<ItemView> },
    Image { image: ImageView },
    Tip { text: String },
    Text { text: String },
}

#[derive(Serialize)]
struct ItemView {
    number: usize,
    /// Spaces up to the item's content (after `1. `), for what is nested under it.
    indent: String,
    text: String,
    bullets: Vec<String>,
    images: Vec<ImageView>,
}

/// An image; `src` and `alt` are escaped for where the flavor writes them.
#[derive(Serialize)]
struct ImageView {
    src: String,
    alt: String,
    width: Option<u32>,
    height: Option<u32>,
    max_width: Option<u32>,
}

#[derive(Serialize)]
struct CatalogPage {
    notice: String,
    summary: String,
    categories: Vec<CategoryView>,
}

#[derive(Serialize)]
struct CategoryView {
    name: String,
    entries: Vec<CatalogEntry>,
}

/// One table row; every text is escaped for a table cell.
#[derive(Serialize)]
struct CatalogEntry {
    /// The name, linked to the guide when there is one.
    provider: String,
    auth_mode: &'static str,
    categories: String,
    fields: String,
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
        let text = fold_lines(&self.registry.prose(text));
        match self.flavor {
            GuideFlavor::Gfm => text,
            GuideFlavor::Mdx => escape_mdx(&text),
        }
    }

    /// Provider text that starts a block (a paragraph, a list item): also kept from being read
    /// as a heading, a quote, a list or a rule.
    fn block(&self, text: &str) -> String {
        escape_block_start(&self.inline(text))
    }

    /// A text that contains no provider prose but names (such as the display name), escaped alike.
    fn name(&self, text: &str) -> String {
        let text = fold_lines(text);
        match self.flavor {
            GuideFlavor::Gfm => text,
            GuideFlavor::Mdx => escape_mdx(&text),
        }
    }

    fn image(&self, image: &Image) -> ImageView {
        let alt = fold_lines(&self.registry.prose(&image.alt));
        let (src, alt) = match self.flavor {
            GuideFlavor::Gfm => (markdown_destination(&image.src), escape_brackets(&alt)),
            GuideFlavor::Mdx => (image.src.replace('"', "%22"), alt.replace('&', "&amp;").replace('"', "&quot;")),
        };
        ImageView { src, alt, width: image.width, height: image.height, max_width: image.max_width }
    }
}

/// A piece of a step before consecutive items are gathered into lists.
enum Piece {
    Item { text: String, bullets: Vec<String> },
    Image(ImageView),
    Tip(String),
    Text(String),
}

fn piece(markup: &Markup, block: &Block) -> Option<Piece> {
    if let Some(item) = &block.item {
        let bullets = block.bullets.iter().map(|b| markup.block(b)).collect();
        return Some(Piece::Item { text: markup.block(item), bullets });
    }
    if let Some(image) = &block.image {
        return Some(Piece::Image(markup.image(image)));
    }
    if let Some(tip) = &block.tip {
        return Some(Piece::Tip(markup.block(tip)));
    }
    block.text.as_ref().map(|text| Piece::Text(markup.block(text)))
}

/// Consecutive items form one numbered list; an image right after an item goes inside that item
/// (so that it does not break the list); anything else stands alone.
fn gather(pieces: impl IntoIterator<Item = Piece>) -> Vec<BlockView> {
    let mut blocks: Vec<BlockView> = Vec::new();
    for piece in pieces {
        match (piece, blocks.last_mut()) {
            (Piece::Item { text, bullets }, Some(BlockView::List { items })) => {
                items.push(list_item(items.len() + 1, text, bullets))
            }
            (Piece::Item { text, bullets }, _) => {
                blocks.push(BlockView::List { items: vec![list_item(1, text, bullets)] })
            }
            (Piece::Image(image), Some(BlockView::List { items })) => {
                if let Some(last) = items.last_mut() {
                    last.images.push(image);
                }
            }
            (Piece::Image(image), _) => blocks.push(BlockView::Image { image }),
            (Piece::Tip(text), _) => blocks.push(BlockView::Tip { text }),
            (Piece::Text(text), _) => blocks.push(BlockView::Text { text }),
        }
    }
    blocks
}

fn list_item(number: usize, text: String, bullets: Vec<String>) -> ItemView {
    let indent = " ".repeat(number.to_string().len() + 2);
    ItemView { number, indent, text, bullets, images: Vec::new() }
}

/// The guide of a provider that has a `guide:` section. Providers without one get no page: a
/// page made of the field list alone would not say where to find anything, and for imported
/// providers it would shadow the guide they already publish at `docs.connect`.
fn guide_page(markup: &Markup, provider: &CheckedProvider) -> Option<GuidePage> {
    let guide = provider.definition.guide.as_ref()?;
    let display_name = &provider.definition.display_name;
    let name = markup.name(display_name);
    let fields: Vec<&CheckedField> = provider.fields.iter().filter(|f| f.user_entered()).collect();
    let needs = fields
        .iter()
        .map(|f| Need {
            title: markup.inline(f.guide_title()),
            description: markup.inline(f.field.guide_description.as_deref().unwrap_or(&f.field.description)),
        })
        .collect();
    let lead = match &guide.lead {
        Some(lead) => markup.block(lead),
        None => format!("To authenticate with {name}, you will need:"),
    };
    let mut steps = Vec::new();
    for anchor in &provider.steps {
        // Step titles are not passed through `prose`: the anchor, which forms link to, is the
        // slug of the title as written.
        let heading = heading_text(&step_heading(anchor.number, &markup.name(&anchor.title)));
        let blocks = if anchor.id == CONNECT_STEP_ID {
            connect_step(markup, provider, &fields, &name)
        } else {
            let written = guide.steps.iter().find(|s| s.id == anchor.id);
            gather(written.into_iter().flat_map(|s| &s.blocks).filter_map(|b| piece(markup, b)))
        };
        steps.push(StepView { heading, blocks });
    }
    let title = format!("{display_name} - How do I link my account?");
    Some(GuidePage {
        syntax: match markup.flavor {
            GuideFlavor::Gfm => "gfm.jinja",
            GuideFlavor::Mdx => "mdx.jinja",
        },
        notice: notice(&format!("the provider file {}", provider.source_name())),
        title: markup.name(&title),
        front_matter: FrontMatter { title, sidebar_title: display_name.clone() },
        lead,
        needs,
        intro: guide.intro.as_ref().map(|t| markup.block(t)),
        prerequisites: guide.prerequisites.iter().map(|t| markup.block(t)).collect(),
        steps,
    })
}

/// The generated final step: what to have, the provider's `before` blocks, how to fill in the
/// form, its `after` blocks, and the closing sentence.
fn connect_step(markup: &Markup, provider: &CheckedProvider, fields: &[&CheckedField], name: &str) -> Vec<BlockView> {
    let connect = provider.definition.guide.as_ref().and_then(|g| g.connect_step.as_ref());
    let (before, after) = connect.map_or((&[][..], &[][..]), |c| (&c.before[..], &c.after[..]));
    let bold = |f: &&CheckedField| format!("**{}**", markup.inline(f.guide_title()));
    let titles: Vec<String> = fields.iter().map(bold).collect();
    let with_notes: Vec<String> = fields
        .iter()
        .map(|f| match &f.field.guide_note {
            Some(note) => format!("{} ({})", bold(f), markup.inline(note)),
            None => bold(f),
        })
        .collect();

    let mut pieces = Vec::new();
    let have = match titles.as_slice() {
        [] => None,
        [one] => Some(format!("your {one}")),
        [first, second] => Some(format!("both the {first} and {second}")),
        many => Some(format!("the {}", series(many))),
    };
    if let Some(have) = have {
        pieces.push(Piece::Text(format!("Once you have {have}:")));
    }
    pieces.extend(before.iter().filter_map(|b| piece(markup, b)));
    let item = |text: String| Piece::Item { text, bullets: Vec::new() };
    pieces.push(item(format!("Open the form where you need to authenticate with {name}.")));
    match with_notes.as_slice() {
        [] => {}
        [one] => pieces.push(item(format!("Enter your {one} in its respective field."))),
        many => pieces.push(item(format!("Enter your {} in their respective fields.", series(many)))),
    }
    pieces.push(item("Submit the form, and you should be successfully authenticated.".into()));
    pieces.extend(after.iter().filter_map(|b| piece(markup, b)));
    pieces.push(Piece::Text(format!("You are now connected to {name}.")));
    gather(pieces)
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

fn catalog_page(markup: &Markup) -> CatalogPage {
    let registry = markup.registry;
    let mut categories: BTreeMap<&str, Vec<&CheckedProvider>> = BTreeMap::new();
    let mut uncategorized = Vec::new();
    for provider in &registry.providers {
        if provider.definition.categories.is_empty() {
            uncategorized.push(provider);
        }
        for category in &provider.definition.categories {
            categories.entry(category.as_str()).or_default().push(provider);
        }
    }
    if !uncategorized.is_empty() {
        categories.entry("uncategorized").or_default().extend(uncategorized);
    }
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
    };
    let categories = categories
        .into_iter()
        .map(|(name, mut providers)| {
            providers.sort_by(|a, b| {
                (a.definition.display_name.to_lowercase(), &a.id)
                    .cmp(&(b.definition.display_name.to_lowercase(), &b.id))
            });
            CategoryView { name: table_cell(name), entries: providers.into_iter().map(entry).collect() }
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
fn fold_lines(text: &str) -> String {
    if !text.contains('\n') {
        return text.trim().to_owned();
    }
    text.split('\n').map(str::trim).filter(|line| !line.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Escapes `{`, `}` and `<` outside code spans: in MDX they would start an expression or JSX.
/// Backslash escapes are Markdown, so the page shows the characters as written.
fn escape_mdx(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(['{', '}', '<', '`']) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if rest.starts_with('`') {
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
    let first = text.chars().next();
    let second = text.chars().nth(1);
    let marks = || text.chars().filter(|c| !c.is_whitespace());
    let is_rule = matches!(first, Some(m @ ('-' | '*' | '_')) if marks().count() >= 3 && marks().all(|c| c == m));
    let is_bullet = matches!(first, Some('-' | '+' | '*')) && matches!(second, None | Some(' ' | '\t'));
    if matches!(first, Some('#' | '>')) || is_bullet || is_rule {
        return format!("\\{text}");
    }
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = &text[digits..];
    if (1..=9).contains(&digits) && (after.starts_with(". ") || after.starts_with(") ") || after == "." || after == ")")
    {
        return format!("{}\\{after}", &text[..digits]);
    }
    text.to_owned()
}

/// A heading's text, with trailing punctuation written as a character reference: it renders
/// the same (so the GitHub slug is unchanged), and markdownlint's MD026 accepts it.
fn heading_text(text: &str) -> String {
    match text.chars().last() {
        Some(c @ ('.' | ',' | ';' | ':' | '!')) => format!("{}&#{};", &text[..text.len() - 1], u32::from(c)),
        _ => text.to_owned(),
    }
}

/// Alt text inside `![...]`.
fn escape_brackets(text: &str) -> String {
    text.replace('\\', "\\\\").replace('[', "\\[").replace(']', "\\]")
}

/// A URL as a Markdown link destination: the characters that would end it percent-encoded.
fn markdown_destination(url: &str) -> String {
    url.replace(' ', "%20").replace('(', "%28").replace(')', "%29").replace('<', "%3C").replace('>', "%3E")
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
    use super::*;

    #[test]
    fn mdx_escapes_expressions_and_tags_but_not_code() {
        assert_eq!(escape_mdx("a {{ 7*7 }} b"), "a \\{\\{ 7*7 \\}\\} b");
        assert_eq!(escape_mdx("if a < b, `{x}` and ``a ` {b}``"), "if a \\< b, `{x}` and ``a ` {b}``");
        assert_eq!(escape_mdx("a lone ` {x}"), "a lone ` \\{x\\}");
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

    #[test]
    fn trailing_heading_punctuation_becomes_a_reference() {
        assert_eq!(heading_text("Step 2: Done."), "Step 2: Done&#46;");
        assert_eq!(heading_text("Step 2: Why?"), "Step 2: Why?");
    }

    #[test]
    fn series_uses_a_serial_comma() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(series(&words(&["A", "B"])), "A and B");
        assert_eq!(series(&words(&["A", "B", "C"])), "A, B, and C");
    }

    #[test]
    fn images_after_an_item_go_inside_it() {
        let image = || ImageView { src: "s".into(), alt: "a".into(), width: None, height: None, max_width: None };
        let item = |t: &str| Piece::Item { text: t.into(), bullets: Vec::new() };
        let blocks = gather([
            Piece::Image(image()),
            item("one"),
            Piece::Image(image()),
            item("two"),
            Piece::Tip("t".into()),
            item("three"),
        ]);
        let shape: Vec<String> = blocks
            .iter()
            .map(|b| match b {
                BlockView::List { items } => {
                    items.iter().map(|i| format!("{}:{}", i.number, i.images.len())).collect::<Vec<_>>().join(",")
                }
                BlockView::Image { .. } => "image".into(),
                BlockView::Tip { .. } => "tip".into(),
                BlockView::Text { .. } => "text".into(),
            })
            .collect();
        assert_eq!(shape, ["image", "1:1,2:0", "tip", "1:0"]);
    }
}
