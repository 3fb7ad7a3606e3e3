//! Import of Nango's connect guides (`docs/integrations/all/<id>/connect.mdx`) into a provider's
//! `guide:` section.
//!
//! The page is parsed as MDX by `markdown` (markdown-rs, micromark's Rust port) into an mdast
//! tree, then read region by region: the Overview (its list of fields becomes each field's
//! `guide_title` and `guide_description`), the prerequisites, the numbered steps, the final
//! "Enter credentials in the Connect UI" step, and any section after it. Prose keeps its
//! Markdown as written (the source text of each paragraph). The final step is compared with the
//! one the generator writes from the fields: only what differs is kept. Fields' `doc_section`
//! anchors become `guide_step` references. Whatever the format cannot say is listed with its
//! line, never dropped silently; images without alt text get one derived from their file name
//! and step, marked `alt_derived` and listed too.

use indexmap::IndexMap;
use markdown::mdast::{AttributeContent, AttributeValue, Node};

use crate::check::is_valid_id;
use crate::emit::guides::{connect_closing, connect_have, connect_instructions};
use crate::model::{Align, Block, Code, ConnectStep, Field, Guide, Image, Need, Provider, Section, Step, Table};
use crate::registry::{github_slug, step_heading, CONNECT_STEP_ID, CONNECT_STEP_TITLE};

/// One thing a reviewer of the imported guide should know, at a line of the source page.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GuideNote {
    pub line: usize,
    pub message: String,
}

/// What importing one guide did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct GuideImport {
    /// What could not be represented, and what was changed to fit the format.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unrepresented: Vec<GuideNote>,
    /// Images whose alt text was derived, not written by someone who saw them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub derived_alt_texts: Vec<GuideNote>,
}

/// Reads `page` (the MDX text of a connect guide) into `provider.guide`, and points the
/// provider's fields at the steps that explain them.
pub fn import_guide(page: &str, provider: &mut Provider) -> Result<GuideImport, String> {
    let options = markdown::ParseOptions {
        constructs: markdown::Constructs { frontmatter: true, gfm_table: true, ..markdown::Constructs::mdx() },
        ..markdown::ParseOptions::mdx()
    };
    let root = markdown::to_mdast(page, &options).map_err(|error| format!("not MDX: {error}"))?;
    let nodes = root.children().cloned().unwrap_or_default();
    let mut reader = Reader {
        page,
        nesting: 0,
        overview_order: Vec::new(),
        report: GuideImport::default(),
        display_name: provider.display_name.clone(),
    };
    let regions = reader.regions(&nodes);
    let guide = reader.guide(regions, provider);
    provider.guide = Some(guide);
    Ok(reader.report)
}

/// The page cut at its headings.
#[derive(Default)]
struct Regions<'n> {
    title: Option<(usize, String)>,
    overview: Vec<&'n Node>,
    prerequisites: Vec<&'n Node>,
    instructions: Vec<&'n Node>,
    /// Each step's title, the line of its heading, and its content (sub-headings included).
    steps: Vec<(String, usize, Vec<&'n Node>)>,
    sections: Vec<(String, Vec<&'n Node>)>,
}

#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Region {
    Start,
    Overview,
    Prerequisites,
    Instructions,
    Step,
    Section,
}

struct Reader<'p> {
    page: &'p str,
    /// How many list items the blocks being read are nested in.
    nesting: usize,
    /// The fields in the order the Overview lists them, when it is not the form's.
    overview_order: Vec<String>,
    report: GuideImport,
    display_name: String,
}

impl<'p> Reader<'p> {
    fn note(&mut self, node: &Node, message: impl Into<String>) {
        let line = node.position().map_or(0, |p| p.start.line);
        self.report.unrepresented.push(GuideNote { line, message: message.into() });
    }

    /// The source text of a node, as written.
    fn source(&self, node: &Node) -> &'p str {
        node.position().map_or("", |p| &self.page[p.start.offset..p.end.offset])
    }

    /// The source text of a node's children: a heading's or a list item's inline Markdown.
    fn inner(&self, node: &Node) -> String {
        let children = node.children().map(Vec::as_slice).unwrap_or_default();
        match (children.first().and_then(Node::position), children.last().and_then(Node::position)) {
            (Some(first), Some(last)) => self.page[first.start.offset..last.end.offset].trim().to_owned(),
            _ => String::new(),
        }
    }

    fn regions<'n>(&mut self, nodes: &'n [Node]) -> Regions<'n> {
        let mut regions = Regions::default();
        let mut region = Region::Start;
        let mut step_depth = usize::MAX;
        for node in nodes {
            if let Node::Yaml(yaml) = node {
                let title = yaml.value.lines().find_map(|l| l.strip_prefix("title:")).map(|t| unquote(t.trim()));
                regions.title = title.map(|t| (node.position().map_or(1, |p| p.start.line + 1), t));
                continue;
            }
            if let Node::Heading(heading) = node {
                let text = self.inner(node);
                let bare = text.trim_end_matches(':').trim();
                let line = node.position().map_or(0, |p| p.start.line);
                match bare.to_lowercase().as_str() {
                    "overview" if region == Region::Start => {
                        region = Region::Overview;
                        continue;
                    }
                    "prerequisites" if region < Region::Step => {
                        region = Region::Prerequisites;
                        continue;
                    }
                    "instructions" if region < Region::Step => {
                        region = Region::Instructions;
                        continue;
                    }
                    _ => {}
                }
                if let Some(title) = step_title(bare) {
                    if heading.depth as usize <= step_depth || region != Region::Step {
                        step_depth = heading.depth as usize;
                        region = Region::Step;
                        regions.steps.push((title.to_owned(), line, Vec::new()));
                        continue;
                    }
                }
                let deeper_than_steps = (heading.depth as usize) > step_depth;
                if region == Region::Step && deeper_than_steps {
                    // A sub-heading inside the step: kept with its content.
                } else if region == Region::Step || region == Region::Section {
                    region = Region::Section;
                    regions.sections.push((text.clone(), Vec::new()));
                    continue;
                }
            }
            let target = match region {
                Region::Start | Region::Overview => &mut regions.overview,
                Region::Prerequisites => &mut regions.prerequisites,
                Region::Instructions => &mut regions.instructions,
                Region::Step => &mut regions.steps.last_mut().expect("a step region has a step").2,
                Region::Section => &mut regions.sections.last_mut().expect("a section region has a section").1,
            };
            target.push(node);
        }
        regions
    }

    fn guide(&mut self, regions: Regions, provider: &mut Provider) -> Guide {
        let mut guide = Guide::default();
        let expected_title = format!("{} - How do I link my account?", self.display_name);
        if let Some((line, title)) = &regions.title {
            if *title != expected_title {
                self.report.unrepresented.push(GuideNote {
                    line: *line,
                    message: format!("the page title `{title}` is generated as `{expected_title}`"),
                });
            }
        }
        self.overview(&regions.overview, &mut guide, provider);
        // A first list of one-paragraph items is the prerequisites; what follows it, or a
        // region that does not start so, is kept as blocks of the section.
        let mut rest: &[&Node] = &regions.prerequisites;
        if let Some((Node::List(list), after)) = rest.split_first().map(|(first, after)| (*first, after)) {
            let simple = list
                .children
                .iter()
                .all(|item| matches!(item.children().map(Vec::as_slice).unwrap_or_default(), [Node::Paragraph(_)]));
            if simple && !list.ordered {
                for item in &list.children {
                    let paragraph = &item.children().expect("a list item has children")[0];
                    let text = self.prose(paragraph);
                    guide.prerequisites.push(text);
                }
                rest = after;
            }
        }
        guide.prerequisite_blocks = self.blocks(rest, "Prerequisites");
        guide.instructions = self.blocks(&regions.instructions, "Instructions");

        let mut anchors: Vec<(String, String)> = Vec::new();
        let count = regions.steps.len();
        let mut used_ids = Vec::new();
        for (index, (title, line, nodes)) in regions.steps.iter().enumerate() {
            let is_connect = index + 1 == count && is_connect_title(title);
            let number = index + 1;
            if is_connect {
                anchors.push((github_slug(&step_heading(number, &strip_marks(title))), CONNECT_STEP_ID.into()));
                let context = format!("Step {number}: {}", strip_marks(title));
                guide.connect_step = self.connect_step(nodes, provider, title, &context, *line);
                continue;
            }
            let mut clean = title.trim().to_owned();
            while clean.ends_with(['.', ',', ';', '!']) {
                clean.pop();
            }
            if clean != title.trim() {
                self.report.unrepresented.push(GuideNote {
                    line: *line,
                    message: format!("the step title `{title}` ends in punctuation, which headings do not: dropped"),
                });
            }
            let id = unique_id(&step_id(&clean), &mut used_ids);
            anchors.push((github_slug(&step_heading(number, &strip_marks(&clean))), id.clone()));
            let context = format!("Step {number}: {}", strip_marks(&clean));
            let blocks = self.blocks(nodes, &context);
            let blocks =
                if blocks.is_empty() { vec![Block { text: Some(String::new()), ..Block::default() }] } else { blocks };
            guide.steps.push(Step { id, title: clean, blocks });
        }
        if !regions.steps.last().is_some_and(|(title, _, _)| is_connect_title(title)) {
            self.report.unrepresented.push(GuideNote {
                line: 0,
                message: "the guide has no final \"Enter credentials in the Connect UI\" step: one is generated".into(),
            });
        }
        for (title, nodes) in &regions.sections {
            let blocks = self.blocks(nodes, &strip_marks(title));
            guide.sections.push(Section { title: title.trim_end_matches(['.', ',', ';', '!']).to_owned(), blocks });
        }
        link_fields(provider, &anchors, &mut self.report);
        guide
    }

    /// The Overview: the lead sentence, the list of fields, the intro and anything after.
    fn overview(&mut self, nodes: &[&Node], guide: &mut Guide, provider: &mut Provider) {
        let list_at = nodes.iter().position(|n| matches!(n, Node::List(_)));
        let (before, list, after) = match list_at {
            Some(at) => (&nodes[..at], Some(nodes[at]), &nodes[at + 1..]),
            None => (nodes, None, &nodes[nodes.len()..]),
        };
        let mut before = before.to_vec();
        if let Some(last) = before.pop() {
            let lead = self.prose(last);
            if lead != format!("To authenticate with {}, you will need:", self.display_name) {
                guide.lead = Some(lead);
            }
        }
        if !before.is_empty() {
            guide.overview.extend(self.blocks(&before, "Overview"));
            for node in &before {
                self.note(node, "text before the Overview's lead sentence is shown after the list of fields");
            }
        }
        if let Some(Node::List(list)) = list {
            let mut entries = Vec::new();
            let mut separators: Vec<&'static str> = Vec::new();
            let mut qualifiers: Vec<Option<String>> = Vec::new();
            for item in &list.children {
                if let Some((title, qualifier, separator, description)) = self.need(item) {
                    qualifiers.push(qualifier);
                    separators.push(separator);
                    entries.push((title, description, item));
                }
            }
            // The guide's separator is the one most of its entries use.
            let separator = [" - ", " — ", " – ", ": "]
                .into_iter()
                .max_by_key(|s| (separators.iter().filter(|x| *x == s).count(), *s == " - "));
            if let Some(separator) = separator.filter(|s| *s != " - " && separators.contains(s)) {
                guide.overview_separator = Some(separator.to_owned());
            }
            for ((_, _, item), used) in entries.iter().zip(&separators) {
                if Some(*used) != separator && !(separator.is_none() && *used == " - ") {
                    self.note(
                        item,
                        format!(
                            "this Overview entry is written with `{}`: all use the guide's `{}`",
                            used.trim(),
                            separator.unwrap_or(" - ").trim()
                        ),
                    );
                }
            }
            guide.also_needed = assign_needs(provider, entries, &qualifiers, self);
            guide.overview_order = std::mem::take(&mut self.overview_order);
        }
        let mut after = after.to_vec();
        if matches!(after.first(), Some(Node::Paragraph(_))) {
            guide.intro = Some(self.prose(after.remove(0)));
        }
        guide.overview.extend(self.blocks(&after, "Overview"));
    }

    /// An Overview entry, `**Title** - description`: its title, separator and description.
    #[allow(clippy::type_complexity)]
    fn need(&mut self, item: &Node) -> Option<(String, Option<String>, &'static str, String)> {
        let children = item.children().map(Vec::as_slice).unwrap_or_default();
        let Some(paragraph @ Node::Paragraph(p)) = children.first() else {
            self.note(item, "an Overview entry without text is dropped");
            return None;
        };
        if children.len() > 1 {
            self.note(item, "what an Overview entry holds after its first line is dropped");
        }
        let text = self.prose(paragraph);
        if let Some(Node::Strong(_)) = p.children.first() {
            let title = self.inner(&p.children[0]);
            let rest = text[text.find(&title).map_or(0, |at| at + title.len())..].trim_start_matches('*');
            // Words between the title and the separator, such as `(optional)`, are its qualifier.
            for separator in [" - ", " — ", " – ", ": "] {
                if let Some((qualifier, description)) = rest.split_once(separator) {
                    let qualifier = qualifier.trim();
                    if qualifier.is_empty() || (qualifier.len() <= 24 && !qualifier.contains("**")) {
                        let qualifier = (!qualifier.is_empty()).then(|| qualifier.to_owned());
                        return Some((title, qualifier, separator, fold(description)));
                    }
                }
            }
        }
        self.note(item, format!("the Overview entry `{text}` is not `**Title** - description`: dropped"));
        None
    }

    /// The final step: kept only where it differs from the one generated from the fields.
    fn connect_step(
        &mut self,
        nodes: &[&Node],
        provider: &Provider,
        title: &str,
        context: &str,
        line: usize,
    ) -> Option<ConnectStep> {
        let mut step = ConnectStep::default();
        if title != CONNECT_STEP_TITLE {
            step.title = Some(title.to_owned());
        }
        let mut blocks = self.blocks(nodes, context);
        let closing = connect_closing(&provider.display_name);
        match blocks.last().and_then(|b| b.text.clone()) {
            Some(text) if text == closing => {
                blocks.pop();
            }
            Some(text) if text.starts_with("You are now connected") => {
                blocks.pop();
                step.closing = Some(text);
            }
            _ => self.report.unrepresented.push(GuideNote {
                line,
                message: format!("the final step does not end with `{closing}`, which is generated"),
            }),
        }
        let fields = user_entered(provider);
        let names: Vec<(&str, Option<&str>)> =
            fields.iter().map(|f| (f.guide_title.as_deref().unwrap_or(&f.title), f.guide_note.as_deref())).collect();
        let have = connect_have(&names);
        let instructions = connect_instructions(&names, &provider.display_name);
        // The generated shape: the "Once you have" sentence, `before`, the items, `after`.
        let start = usize::from(have.is_some() && blocks.first().and_then(|b| b.text.as_ref()) == have.as_ref());
        let items_at = blocks.iter().position(|b| b.item.is_some());
        if let Some(at) = items_at.filter(|at| *at >= start && (have.is_none() || start == 1)) {
            let run: Vec<&Block> = blocks[at..].iter().take_while(|b| b.item.is_some()).collect();
            let same = run.len() == instructions.len()
                && run.iter().zip(&instructions).all(|(b, i)| b.item.as_deref() == Some(i) && b.blocks.is_empty());
            if same {
                step.after = blocks[at + run.len()..].to_vec();
                step.before = blocks[start..at].to_vec();
                let generated =
                    step.title.is_none() && step.closing.is_none() && step.before.is_empty() && step.after.is_empty();
                return (!generated).then_some(step);
            }
        }
        // Images after the list are the form's screenshot, as in the generated shape.
        while blocks.last().is_some_and(|b| b.image.is_some()) {
            step.after.insert(0, blocks.pop().expect("a last block"));
        }
        self.report.unrepresented.push(GuideNote {
            line,
            message: "the final step's instructions differ from the generated ones (\"Open the form...\", \"Enter your...\"): kept as written".into(),
        });
        step.instructions = Some(blocks);
        Some(step)
    }

    /// Paragraph text as Markdown, as written, line breaks included (a hard break becomes a
    /// soft one, and is reported).
    fn prose(&mut self, node: &Node) -> String {
        if let Some(hard) = node.children().into_iter().flatten().find(|c| matches!(c, Node::Break(_))) {
            self.note(hard, "a hard line break is imported as a soft one");
        }
        lines(&self.inner(node))
    }

    /// A paragraph as blocks: its text, cut where a JSX element (a callout, an image) stands. An
    /// element on the line after a list item's text belongs to that paragraph in MDX, but is a
    /// block of its own; one inside a sentence is moved after it, and reported.
    fn paragraph_blocks(&mut self, node: &Node, context: &str) -> Vec<Block> {
        let children = node.children().map(Vec::as_slice).unwrap_or_default();
        if children.iter().any(|c| matches!(c, Node::Break(_))) {
            self.note(node, "a hard line break is imported as a soft one");
        }
        let mut out = Vec::new();
        let mut run: Vec<&Node> = Vec::new();
        let mut moved: Vec<&Node> = Vec::new();
        for (index, child) in children.iter().enumerate() {
            if !matches!(child, Node::MdxJsxTextElement(_)) {
                run.push(child);
                continue;
            }
            let starts_line = index == 0 || matches!(&children[index - 1], Node::Text(t) if t.value.ends_with('\n'));
            let next = children.get(index + 1);
            let ends_line = next.is_none_or(|n| matches!(n, Node::Text(t) if t.value.starts_with('\n')));
            if starts_line && ends_line {
                self.flush_text(&run, &mut out);
                run.clear();
                for element in moved.drain(..) {
                    self.element(element, context, &mut out);
                }
                self.element(child, context, &mut out);
            } else {
                self.note(
                    child,
                    format!("JSX inside a sentence is moved after it: `{}`", first_line(self.source(child))),
                );
                moved.push(child);
            }
        }
        self.flush_text(&run, &mut out);
        for element in moved {
            self.element(element, context, &mut out);
        }
        out
    }

    /// Inline nodes as one text block, their Markdown as written (JSX moved out of the text is
    /// cut from it).
    fn flush_text(&self, run: &[&Node], out: &mut Vec<Block>) {
        let mut text = String::new();
        for node in run {
            text.push_str(self.source(node));
        }
        let text = lines(&text);
        if !text.is_empty() {
            out.push(Block { text: Some(text), ..Block::default() });
        }
    }

    /// Block nodes as blocks; `context` names where they are, for derived alt texts.
    fn blocks(&mut self, nodes: &[impl std::borrow::Borrow<Node>], context: &str) -> Vec<Block> {
        let mut out = Vec::new();
        for node in nodes {
            self.block(node.borrow(), context, &mut out);
        }
        out
    }

    fn block(&mut self, node: &Node, context: &str, out: &mut Vec<Block>) {
        match node {
            Node::Paragraph(paragraph) if self.nesting == 0 && is_bold_label(&paragraph.children) => {
                let text = self.inner(&paragraph.children[0]);
                self.note(node, format!("the bold line `{text}` is a heading: imported as one"));
                out.push(Block { heading: Some(text), ..Block::default() });
            }
            Node::Paragraph(_) => out.extend(self.paragraph_blocks(node, context)),
            Node::Heading(_) => out.push(Block {
                heading: Some(self.inner(node).trim_end_matches(['.', ',', ';', '!']).to_owned()),
                ..Block::default()
            }),
            Node::List(list) => {
                for item in &list.children {
                    let children = item.children().map(Vec::as_slice).unwrap_or_default();
                    let (text, mut blocks, rest) = match children.split_first() {
                        Some((first @ Node::Paragraph(_), rest)) => {
                            let mut blocks = self.paragraph_blocks(first, context);
                            let text = match blocks.first() {
                                Some(Block { text: Some(_), .. }) => blocks.remove(0).text.unwrap_or_default(),
                                _ => String::new(),
                            };
                            (text, blocks, rest)
                        }
                        _ => (String::new(), Vec::new(), children),
                    };
                    self.nesting += 1;
                    blocks.extend(self.blocks(rest, context));
                    self.nesting -= 1;
                    let mut block = Block { blocks, ..Block::default() };
                    if list.ordered {
                        block.item = Some(text);
                    } else {
                        block.bullet = Some(text);
                    }
                    out.push(block);
                }
            }
            Node::Code(code) => out.push(Block {
                code: Some(Box::new(Code {
                    language: code.lang.clone().filter(|l| !l.is_empty()),
                    text: code.value.clone(),
                })),
                ..Block::default()
            }),
            Node::Table(table) => {
                let mut rows: Vec<Vec<String>> = table
                    .children
                    .iter()
                    .map(|row| {
                        row.children()
                            .map(Vec::as_slice)
                            .unwrap_or_default()
                            .iter()
                            .map(|cell| fold(&self.inner(cell).replace("\\|", "|")))
                            .collect()
                    })
                    .collect();
                if rows.is_empty() {
                    return;
                }
                let header = rows.remove(0);
                let align = table
                    .align
                    .iter()
                    .map(|a| match a {
                        markdown::mdast::AlignKind::Left => Align::Left,
                        markdown::mdast::AlignKind::Right => Align::Right,
                        markdown::mdast::AlignKind::Center => Align::Center,
                        markdown::mdast::AlignKind::None => Align::None,
                    })
                    .collect::<Vec<_>>();
                let align = if align.iter().all(|a| *a == Align::None) { Vec::new() } else { align };
                for row in &mut rows {
                    row.resize(header.len(), String::new());
                }
                out.push(Block { table: Some(Box::new(Table { header, align, rows })), ..Block::default() });
            }
            Node::MdxJsxFlowElement(_) => self.element(node, context, out),
            Node::Blockquote(quote) => {
                let text = quote.children.iter().map(|c| self.prose(c)).collect::<Vec<_>>().join(" ");
                self.note(node, "a block quote is imported as a note");
                out.push(Block { note: Some(text), ..Block::default() });
            }
            Node::ThematicBreak(_) => {
                self.note(node, "a horizontal rule is dropped: the format separates steps by their headings")
            }
            other => {
                let text = self.source(other).to_owned();
                self.note(other, format!("cannot be represented: `{}`", first_line(&text)));
            }
        }
    }

    /// A JSX element: an image or a callout.
    fn element(&mut self, node: &Node, context: &str, out: &mut Vec<Block>) {
        let (name, attributes, children) = match node {
            Node::MdxJsxFlowElement(e) => (e.name.clone(), &e.attributes, &e.children),
            Node::MdxJsxTextElement(e) => (e.name.clone(), &e.attributes, &e.children),
            _ => return,
        };
        let attribute = |key: &str| {
            attributes.iter().find_map(|a| match a {
                AttributeContent::Property(p) if p.name == key => Some(match &p.value {
                    Some(AttributeValue::Literal(text)) => text.clone(),
                    Some(AttributeValue::Expression(expression)) => expression.value.clone(),
                    None => String::new(),
                }),
                _ => None,
            })
        };
        match name.as_deref() {
            Some("img") => {
                let Some(src) = attribute("src").filter(|src| !src.trim().is_empty()) else {
                    self.note(node, "an image without `src` is dropped");
                    return;
                };
                let number = |key: &str| attribute(key).and_then(|v| v.trim_end_matches("px").parse::<u32>().ok());
                let max_width = attribute("style").and_then(|style| {
                    let (_, rest) = style.split_once("maxWidth")?;
                    let digits: String =
                        rest.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
                    digits.parse().ok()
                });
                let written = attribute("alt").filter(|alt| !alt.trim().is_empty());
                let alt_derived = written.is_none();
                let alt = written.unwrap_or_else(|| derived_alt(&self.display_name, &src, context));
                if alt_derived {
                    let line = node.position().map_or(0, |p| p.start.line);
                    self.report.derived_alt_texts.push(GuideNote { line, message: format!("{src}: \"{alt}\"") });
                }
                out.push(Block {
                    image: Some(Box::new(Image {
                        src,
                        alt,
                        alt_derived,
                        width: number("width"),
                        height: number("height"),
                        max_width,
                    })),
                    ..Block::default()
                });
            }
            Some(kind @ ("Note" | "Tip" | "Info" | "Warning")) => {
                let mut parts = Vec::new();
                for child in children {
                    match child {
                        Node::Paragraph(_) => parts.push(self.prose(child)),
                        Node::Text(_) | Node::Strong(_) | Node::Emphasis(_) | Node::InlineCode(_) | Node::Link(_) => {}
                        other => self.note(
                            other,
                            format!("a {kind} holds more than sentences: `{}` dropped", first_line(self.source(other))),
                        ),
                    }
                }
                if parts.is_empty() {
                    parts.push(self.prose(node));
                }
                if parts.len() > 1 {
                    self.note(node, format!("a {kind} of several paragraphs is joined into one"));
                }
                let text = Some(parts.join(" "));
                let block = match kind {
                    "Note" => Block { note: text, ..Block::default() },
                    "Tip" => Block { tip: text, ..Block::default() },
                    "Info" => Block { info: text, ..Block::default() },
                    _ => Block { warning: text, ..Block::default() },
                };
                out.push(block);
            }
            _ => {
                let text = self.source(node).to_owned();
                self.note(node, format!("the JSX element `{}` cannot be represented: dropped", first_line(&text)));
            }
        }
    }
}

/// Whether an Overview entry's title (lowercase) names a field, given its (lowercase) title and name.
type TitleRule = dyn Fn(&str, &(String, String)) -> bool;

/// The user-entered fields in form order, as the generator lists them.
fn user_entered(provider: &Provider) -> Vec<&Field> {
    let mut fields = Vec::new();
    for group in [&provider.connection_config, &provider.credentials] {
        let mut ordered: Vec<(usize, &Field)> = group.values().enumerate().collect();
        ordered.sort_by_key(|(index, field)| (field.order.is_none(), field.order, *index));
        fields.extend(ordered.into_iter().map(|(_, f)| f).filter(|f| f.is_user_entered()));
    }
    fields
}

/// Gives each Overview entry to the field it describes: the same title first, then a title one
/// contains, then, when as many entries as fields are left, in order.
fn assign_needs(
    provider: &mut Provider,
    entries: Vec<(String, String, &Node)>,
    qualifiers: &[Option<String>],
    reader: &mut Reader,
) -> Vec<Need> {
    let mut keys: Vec<(usize, String)> = Vec::new();
    for (group, fields) in [&provider.connection_config, &provider.credentials].into_iter().enumerate() {
        let mut ordered: Vec<(usize, &String, &Field)> =
            fields.iter().enumerate().map(|(i, (n, f))| (i, n, f)).collect();
        ordered.sort_by_key(|(index, _, field)| (field.order.is_none(), field.order, *index));
        keys.extend(ordered.into_iter().filter(|(_, _, f)| f.is_user_entered()).map(|(_, n, _)| (group, n.clone())));
    }
    let field_title = |provider: &Provider, (group, name): &(usize, String)| -> (String, String) {
        let fields = if *group == 0 { &provider.connection_config } else { &provider.credentials };
        (fields[name].title.to_lowercase(), name.to_lowercase())
    };
    let mut assigned: IndexMap<usize, usize> = IndexMap::new();
    let normal = |text: &str| strip_marks(text).to_lowercase();
    let rules: [&TitleRule; 2] = [&|entry, (title, name)| entry == title || entry == name, &|entry, (title, _)| {
        !title.is_empty() && (title.contains(entry) || entry.contains(title.as_str()))
    }];
    for rule in rules {
        for (index, (title, _, _)) in entries.iter().enumerate() {
            if assigned.contains_key(&index) {
                continue;
            }
            let wanted = normal(title);
            let found = (0..keys.len())
                .find(|k| !assigned.values().any(|v| v == k) && rule(&wanted, &field_title(provider, &keys[*k])));
            if let Some(found) = found {
                assigned.insert(index, found);
            }
        }
    }
    let free_entries: Vec<usize> = (0..entries.len()).filter(|i| !assigned.contains_key(i)).collect();
    let free_fields: Vec<usize> = (0..keys.len()).filter(|k| !assigned.values().any(|v| v == k)).collect();
    if free_entries.len() == free_fields.len() {
        for (entry, field) in free_entries.into_iter().zip(free_fields) {
            assigned.insert(entry, field);
        }
    }
    let also_needed: Vec<Need> = (0..entries.len())
        .filter(|i| !assigned.contains_key(i))
        .map(|i| Need {
            title: entries[i].0.clone(),
            qualifier: qualifiers[i].clone(),
            description: entries[i].1.clone(),
        })
        .collect();
    for (title, _, node) in entries.iter().filter(|e| also_needed.iter().any(|n| n.title == e.0)) {
        let message = format!("the Overview entry **{title}** matches no field the user types: kept in `also_needed`");
        reader.note(node, message);
    }
    let mut order: Vec<(usize, usize)> = assigned.into_iter().collect();
    order.sort();
    if !order.windows(2).all(|w| w[0].1 < w[1].1) {
        let names: Vec<String> = order.iter().map(|(_, key)| keys[*key].1.clone()).collect();
        reader.overview_order = names;
    }
    for (entry, key) in order {
        let (title, description, _) = &entries[entry];
        let (group, name) = &keys[key];
        let fields = if *group == 0 { &mut provider.connection_config } else { &mut provider.credentials };
        let field = fields.get_mut(name).expect("a listed field");
        if *title != field.title {
            field.guide_title = Some(title.clone());
        }
        field.guide_qualifier = qualifiers[entry].clone();
        let described = description.replace("Nango", "{platform}");
        if described != field.description {
            field.guide_description = Some(described);
        }
    }
    also_needed
}

/// Fields' `docs_anchor` (Nango's `doc_section`) become `guide_step` when a step has that
/// anchor, or that step number.
fn link_fields(provider: &mut Provider, anchors: &[(String, String)], report: &mut GuideImport) {
    for (group, fields) in
        [("connection_config", &mut provider.connection_config), ("credentials", &mut provider.credentials)]
    {
        for (name, field) in fields.iter_mut() {
            let Some(anchor) = field.docs_anchor.clone() else { continue };
            let wanted = anchor.trim_start_matches('#');
            let number = wanted.strip_prefix("step-").map(|rest| rest.split('-').next().unwrap_or_default().to_owned());
            let by_anchor = anchors.iter().find(|(a, _)| a == wanted);
            let by_number = number.and_then(|n| n.parse::<usize>().ok()).and_then(|n| anchors.get(n.wrapping_sub(1)));
            match by_anchor.or(by_number) {
                Some((_, id)) => {
                    field.guide_step = Some(id.clone());
                    field.docs_anchor = None;
                }
                None => report.unrepresented.push(GuideNote {
                    line: 0,
                    message: format!(
                        "`{group}.{name}` points at `{anchor}`, which no step of the guide has: kept as `docs_anchor`"
                    ),
                }),
            }
        }
    }
}

/// A paragraph that is only bold text without closing punctuation: a heading written as
/// emphasis (markdownlint's MD036).
fn is_bold_label(children: &[Node]) -> bool {
    match children {
        [Node::Strong(strong)] => {
            let text: String = strong.children.iter().map(Node::to_string).collect();
            !text.trim().is_empty() && !text.trim_end().ends_with(['.', ',', ';', ':', '!', '?'])
        }
        _ => false,
    }
}

/// `Step 3: Title` → `Title`.
fn step_title(heading: &str) -> Option<&str> {
    let rest = heading.strip_prefix("Step ")?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let title = rest[digits..].strip_prefix(':').or_else(|| rest[digits..].strip_prefix(" -"))?.trim();
    (!title.is_empty()).then_some(title)
}

fn is_connect_title(title: &str) -> bool {
    title.to_lowercase().contains("connect ui")
}

/// A step id from its title: `Finding Your **API** Key` → `finding-your-api-key`.
fn step_id(title: &str) -> String {
    let slug: String =
        strip_marks(title).to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let id = slug.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if id.is_empty() || !is_valid_id(&id) || id == CONNECT_STEP_ID {
        format!("step-{id}").trim_end_matches('-').to_owned()
    } else {
        id
    }
}

fn unique_id(id: &str, used: &mut Vec<String>) -> String {
    let mut candidate = id.to_owned();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    used.push(candidate.clone());
    candidate
}

/// Inline Markdown without emphasis and code marks, as GitHub's slug reads it.
fn strip_marks(text: &str) -> String {
    text.replace(['*', '`'], "")
}

/// A description of an image from its file name and where it is: `Kandji: generate api key
/// (Step 2: Generating Your API Token)`.
fn derived_alt(display_name: &str, src: &str, context: &str) -> String {
    let file = src.split(['?', '#']).next().unwrap_or(src).rsplit('/').next().unwrap_or(src);
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let words: String = stem.chars().map(|c| if c == '_' || c == '-' { ' ' } else { c }).collect();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{display_name} screenshot: {words} ({context})")
}

/// Each line trimmed, a hard break's trailing backslash dropped, blank lines removed.
fn lines(text: &str) -> String {
    text.split('\n')
        .map(|line| line.trim().trim_end_matches('\\').trim_end())
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Line breaks (and the spaces around them) become one space; a hard break's trailing
/// backslash goes too.
fn fold(text: &str) -> String {
    text.split('\n')
        .map(|line| line.trim().trim_end_matches('\\').trim_end())
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    line.chars().take(80).collect()
}

fn unquote(text: &str) -> String {
    match (text.chars().next(), text.chars().last()) {
        (Some('"'), Some('"')) if text.len() >= 2 => serde_json::from_str(text).unwrap_or_else(|_| text.to_owned()),
        (Some('\''), Some('\'')) if text.len() >= 2 => text[1..text.len() - 1].replace("''", "'"),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_titles_and_ids() {
        assert_eq!(step_title("Step 2: Generating Your API Token"), Some("Generating Your API Token"));
        assert_eq!(step_title("Step two: x"), None);
        assert_eq!(step_id("Enter your **Realm ID** in the UI"), "enter-your-realm-id-in-the-ui");
        assert_eq!(
            derived_alt("Kandji", "/integrations/all/kandji/generate_api_key.png", "Step 2: X"),
            "Kandji screenshot: generate api key (Step 2: X)"
        );
    }
}
