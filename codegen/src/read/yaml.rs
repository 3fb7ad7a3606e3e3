//! A YAML reader that keeps where every key and value came from.
//!
//! `serde_yaml` reports a location for syntax errors only; the validator needs `line:col` for
//! every problem it finds after parsing (an example that fails its pattern, a template variable
//! with no field...). So provider files are read once, with `yaml-rust2`'s event parser, into a
//! [`Node`] tree that carries spans. The usual provider file is read faster, into the same tree, by
//! the fast path of `yaml_fast.rs`; this reader takes every file that one leaves. The shape check
//! (`shape.rs`) and serde (`yaml_serde.rs`) read the tree itself, which is kept so that any
//! diagnostic path can be mapped back to the source.
//!
//! Beyond what YAML itself forbids, the reader refuses what makes a registry ambiguous or unsafe:
//! tabs in indentation, duplicate keys, non-string keys, tags, several documents in one file,
//! nesting deeper than [`MAX_DEPTH`] (the checks after parsing recurse), and alias expansion beyond
//! a fixed budget (the "billion laughs" bomb).

use std::borrow::Cow;
use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// What alias expansion may add to one file before it is refused as an alias bomb, counting one
/// per value plus the bytes of its text, so that neither many small values nor a few huge ones
/// get through.
pub const ALIAS_EXPANSION_BUDGET: usize = 100_000;

/// How deeply maps and lists may nest. Provider files need about 8 levels; the limit keeps the
/// recursive checks that follow parsing far from the end of the stack.
pub const MAX_DEPTH: usize = 64;

/// A position in a source file: 1-based line and column (in characters), and the byte offset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub line: usize,
    pub col: usize,
    pub offset: usize,
    /// Length in characters of the text the span covers on its line (at least 1 when shown).
    pub len: usize,
}

/// One YAML value with the span of its first character. Its text borrows the source where the
/// source holds it as written (most keys and scalars), so reading copies only what YAML rewrites:
/// escapes, block scalars, and everything the full reader reads.
#[derive(Clone, Debug, PartialEq)]
pub struct Node<'a> {
    pub value: Value<'a>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    /// A plain scalar that YAML reads as a number; the source text is kept as written.
    Number(Cow<'a, str>),
    String(Cow<'a, str>),
    Seq(Vec<Node<'a>>),
    /// Entries in source order; each key keeps its own span.
    Map(Vec<(Key<'a>, Node<'a>)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Key<'a> {
    pub name: Cow<'a, str>,
    pub span: Span,
}

/// A problem found while reading, with the place it was found.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadError {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

impl<'a> Node<'a> {
    /// The node at `path` (map keys or sequence indices), if it exists.
    pub fn at<S: AsRef<str>>(&self, path: &[S]) -> Option<&Node<'a>> {
        let mut node = self;
        for segment in path {
            let segment = segment.as_ref();
            node = match &node.value {
                Value::Map(entries) => entries.iter().find(|(k, _)| k.name == segment).map(|(_, v)| v)?,
                Value::Seq(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The span of the key that introduces `path`'s last segment, if it is a map key.
    pub fn key_span<S: AsRef<str>>(&self, path: &[S]) -> Option<Span> {
        let (last, parent) = path.split_last()?;
        match &self.at(parent)?.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == last.as_ref()).map(|(k, _)| k.span),
            _ => None,
        }
    }

    /// The value as JSON: what the shape check and the typed model read.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(text) => number_to_json(text),
            Value::String(s) => J::String(s.to_string()),
            Value::Seq(items) => J::Array(items.iter().map(Node::to_json).collect()),
            Value::Map(entries) => J::Object(entries.iter().map(|(k, v)| (k.name.to_string(), v.to_json())).collect()),
        }
    }

    /// The same tree, owning its text, to keep after the source is gone.
    pub fn into_owned(self) -> Node<'static> {
        let value = match self.value {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(text) => Value::Number(Cow::Owned(text.into_owned())),
            Value::String(text) => Value::String(Cow::Owned(text.into_owned())),
            Value::Seq(items) => Value::Seq(items.into_iter().map(Node::into_owned).collect()),
            Value::Map(entries) => Value::Map(
                entries
                    .into_iter()
                    .map(|(key, value)| {
                        (Key { name: Cow::Owned(key.name.into_owned()), span: key.span }, value.into_owned())
                    })
                    .collect(),
            ),
        };
        Node { value, span: self.span }
    }
}

fn number_to_json(text: &str) -> serde_json::Value {
    let cleaned = text.replace('_', "");
    if let Ok(i) = cleaned.parse::<i64>() {
        return i.into();
    }
    let radix = |prefix: &str, radix| cleaned.strip_prefix(prefix).and_then(|d| i64::from_str_radix(d, radix).ok());
    if let Some(i) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return i.into();
    }
    match cleaned.to_ascii_lowercase().as_str() {
        ".inf" | "+.inf" | "-.inf" | ".nan" => serde_json::Value::String(text.to_owned()),
        lower => lower
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| serde_json::Value::String(text.to_owned()), serde_json::Value::Number),
    }
}

/// How YAML 1.2 (core schema) reads a plain scalar. The text is taken by value so that it becomes
/// the value without a copy. Both readers call it for every key and plain scalar: inlined, the
/// usual word costs a few comparisons and no call.
#[inline]
pub(crate) fn resolve_plain(text: Cow<'_, str>) -> Value<'_> {
    // Every number starts with a digit, a sign or a dot, and every other null or boolean is a word
    // of four letters (`null`, `true`) or five (`false`); most keys and texts are neither, and
    // need no comparison with the words below. The first byte tells without decoding: a
    // character outside ASCII starts with a byte that matches none of these.
    let special = match text.as_bytes() {
        [] => true,
        [b'n' | b'N' | b't' | b'T', ..] => text.len() == 4,
        [b'f' | b'F', ..] => text.len() == 5,
        [first, ..] => matches!(first, b'0'..=b'9' | b'+' | b'-' | b'.' | b'~'),
    };
    if !special {
        return Value::String(text);
    }
    resolve_word(text)
}

/// [`resolve_plain`] without its shortcut.
fn resolve_word(text: Cow<'_, str>) -> Value<'_> {
    match text.as_ref() {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN"
        | ".NAN" => Value::Number(text),
        numeric if looks_numeric(numeric) => Value::Number(text),
        _ => Value::String(text),
    }
}

/// Integers (decimal, `0x`, `0o`, and YAML 1.1's leading-zero octal, which many tools still read
/// as a number) and floats such as `1e3` or `1.5`.
fn looks_numeric(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    if body.is_empty() {
        return false;
    }
    let hex_or_octal = |prefix: &str, valid: fn(char) -> bool| {
        body.strip_prefix(prefix).is_some_and(|d| !d.is_empty() && d.chars().all(valid))
    };
    if hex_or_octal("0x", |c| c.is_ascii_hexdigit()) || hex_or_octal("0o", |c| c.is_digit(8)) {
        return true;
    }
    let mut seen_digit = false;
    let mut seen_dot = false;
    let mut seen_exponent = false;
    let mut previous = ' ';
    for c in body.chars() {
        match c {
            '0'..='9' => seen_digit = true,
            '_' if seen_digit && !seen_exponent => {}
            '.' if !seen_dot && !seen_exponent => seen_dot = true,
            'e' | 'E' if seen_digit && !seen_exponent => seen_exponent = true,
            '+' | '-' if matches!(previous, 'e' | 'E') => {}
            _ => return false,
        }
        previous = c;
    }
    seen_digit && !matches!(previous, 'e' | 'E' | '+' | '-')
}

/// The full reader: `yaml-rust2`'s events into a [`Node`] tree. [`crate::read::parse`] uses it
/// for what the fast path leaves, and tests compare the two.
pub fn parse_events(source: &str) -> Result<Node<'static>, ReadError> {
    if let Some(error) = first_indentation_tab(source) {
        return Err(error);
    }
    let mut builder = TreeBuilder::new(source);
    let mut parser = Parser::new_from_str(source);
    // Events are pulled one at a time: `Parser::load` recurses once per nesting level (a deep
    // enough file overflows the stack before the receiver can refuse it) and asserts on input.
    loop {
        match parser.next_token() {
            Err(scan) => {
                return Err(ReadError {
                    span: clamp_to_content(source, builder.span_at(scan.marker())),
                    message: format!("YAML syntax error: {}", scan.info()),
                    help: syntax_help(scan.info()).map(str::to_owned),
                })
            }
            Ok((event, mark)) => {
                let end = event == Event::StreamEnd;
                builder.on_event(event, mark);
                if end || builder.error.is_some() {
                    break;
                }
            }
        }
    }
    if let Some(error) = builder.error {
        return Err(error);
    }
    match builder.documents.len() {
        0 => Err(ReadError {
            span: Span { line: 1, col: 1, offset: 0, len: 1 },
            message: "the file is empty".into(),
            help: Some("`cargo xtask new <id>` writes a provider file with every section to fill in".into()),
        }),
        1 => Ok(builder.documents.pop().expect("one document")),
        _ => Err(ReadError {
            span: builder.documents[1].span,
            message: "a provider file holds one YAML document, this is the second".into(),
            help: Some("remove the `---` separator and merge the documents, or split them into two files".into()),
        }),
    }
}

/// Errors found at the end of the input (an unclosed `[` or quote) are reported on the last
/// character of the file rather than on an empty line after it.
fn clamp_to_content(source: &str, span: Span) -> Span {
    let content = source.trim_end();
    if span.offset < content.len() || content.is_empty() {
        return span;
    }
    let offset = content.char_indices().last().map_or(0, |(i, _)| i);
    let before = &content[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Span { line, col, offset, len: 1 }
}

/// How to fix the parser's most frequent complaints, which rarely say it themselves.
fn syntax_help(info: &str) -> Option<&'static str> {
    if info.contains("did not find expected key") || info.contains("mapping values are not allowed") {
        Some("check the indentation: keys of one map start in the same column; quote a value that contains `: `")
    } else if info.contains("expected ',' or ']'") || info.contains("expected ',' or '}'") {
        Some("a `[` or `{` is never closed, or items are missing a `,` between them")
    } else if info.contains("quoted scalar") {
        Some("a quote is never closed")
    } else if info.contains("unknown anchor") {
        Some("define the anchor with `&name` before referring to it with `*name`")
    } else if info.contains("recursion limit") {
        Some("provider files need only a few levels of nesting")
    } else {
        None
    }
}

/// YAML forbids tabs in indentation, and parsers disagree on where they are otherwise allowed;
/// reporting the first one by position is clearer than the parser's own error.
fn first_indentation_tab(source: &str) -> Option<ReadError> {
    // Most files hold no tab at all, which one fast search tells.
    if !source.as_bytes().contains(&b'\t') {
        return None;
    }
    let mut offset = 0;
    for (index, line) in source.split('\n').enumerate() {
        // Indentation is a run of spaces and tabs: its first tab, if any, ends the leading spaces.
        let col = line.bytes().take_while(|b| *b == b' ').count();
        if line.as_bytes().get(col) == Some(&b'\t') {
            return Some(ReadError {
                span: Span { line: index + 1, col: col + 1, offset: offset + col, len: 1 },
                message: "tab character in indentation".into(),
                help: Some("YAML indents with spaces only: replace the tab with spaces".into()),
            });
        }
        offset += line.len() + 1;
    }
    None
}

/// A map or list still being read. Its entries wait at the end of the builder's shared buffers,
/// from `first` on, until it closes.
enum Open {
    Seq { span: Span, anchor: usize, first: usize },
    Map { span: Span, anchor: usize, first: usize, pending_key: Option<Key<'static>> },
}

struct TreeBuilder<'a> {
    source: &'a str,
    /// Whether the source is all ASCII, where a character's column is also its byte distance.
    ascii: bool,
    /// Byte offset of each line start, to turn the parser's line and column into a byte offset.
    line_starts: Vec<usize>,
    stack: Vec<Open>,
    /// The items of every open list, innermost last. A list that closes moves its own into a
    /// vector of exactly their number, allocated once, rather than growing a vector per list.
    items: Vec<Node<'static>>,
    /// The entries of every open map, in the same way.
    entries: Vec<(Key<'static>, Node<'static>)>,
    /// Each anchored node, with what copying it costs so that an alias is charged before it is
    /// copied.
    anchors: HashMap<usize, (Node<'static>, usize)>,
    expanded: usize,
    documents: Vec<Node<'static>>,
    error: Option<ReadError>,
}

impl<'a> TreeBuilder<'a> {
    fn new(source: &'a str) -> Self {
        let line_starts = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        TreeBuilder {
            source,
            ascii: source.is_ascii(),
            line_starts,
            stack: Vec::new(),
            items: Vec::new(),
            entries: Vec::new(),
            anchors: HashMap::new(),
            expanded: 0,
            documents: Vec::new(),
            error: None,
        }
    }

    fn span_at(&self, mark: &Marker) -> Span {
        let line = mark.line().max(1);
        let col = mark.col() + 1;
        let line_start = self.line_starts.get(line - 1).copied().unwrap_or(self.source.len());
        // The column may run past the line's end (the parser's marks at the end of the input do):
        // the offset then stops at the end of the text.
        let offset = if self.ascii {
            (line_start + mark.col()).min(self.source.len())
        } else {
            let line_text = &self.source[line_start..];
            line_start + line_text.char_indices().nth(mark.col()).map_or(line_text.len(), |(i, _)| i)
        };
        Span { line, col, offset, len: 1 }
    }

    fn fail(&mut self, span: Span, message: String, help: Option<String>) {
        if self.error.is_none() {
            self.error = Some(ReadError { span, message, help });
        }
    }

    /// Adds a finished node to its parent (or as a document), registering its anchor.
    fn attach(&mut self, node: Node<'static>, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), expansion_cost(&node)));
        }
        match self.stack.last_mut() {
            None => self.documents.push(node),
            Some(Open::Seq { .. }) => self.items.push(node),
            Some(Open::Map { first, pending_key, .. }) => match pending_key.take() {
                None => {
                    let span = node.span;
                    match node.value {
                        Value::String(name) | Value::Number(name) => *pending_key = Some(Key { name, span }),
                        _ => self.fail(
                            span,
                            "map keys must be plain strings".into(),
                            Some("write the key as a word, such as `title:`".into()),
                        ),
                    }
                }
                Some(key) => {
                    let first = *first;
                    if let Some((earlier, _)) = self.entries[first..].iter().find(|(k, _)| k.name == key.name) {
                        let (name, line) = (key.name.clone(), earlier.span.line);
                        self.fail(
                            key.span,
                            format!("duplicate key `{name}`"),
                            Some(format!("`{name}` is already set on line {line}; keep one of the two")),
                        );
                    } else {
                        self.entries.push((key, node));
                    }
                }
            },
        }
    }

    /// Closes the innermost map or list and adds it to its parent.
    fn close(&mut self) {
        let (node, anchor) = match self.stack.pop() {
            Some(Open::Seq { span, anchor, first }) => {
                let items: Vec<Node> = self.items.drain(first..).collect();
                let span = start_at_first_entry(span, items.first().map(|item| item.span));
                (Node { value: Value::Seq(items), span }, anchor)
            }
            Some(Open::Map { span, anchor, first, .. }) => {
                let entries: Vec<(Key, Node)> = self.entries.drain(first..).collect();
                let span = start_at_first_entry(span, entries.first().map(|(key, _)| key.span));
                (Node { value: Value::Map(entries), span }, anchor)
            }
            None => return,
        };
        self.attach(node, anchor);
    }
}

/// What copying `node` costs against [`ALIAS_EXPANSION_BUDGET`].
fn expansion_cost(node: &Node<'_>) -> usize {
    1 + match &node.value {
        Value::Null | Value::Bool(_) => 0,
        Value::Number(text) | Value::String(text) => text.len(),
        Value::Seq(items) => items.iter().map(expansion_cost).sum(),
        Value::Map(entries) => entries.iter().map(|(k, v)| k.name.len() + expansion_cost(v)).sum(),
    }
}

/// A block map or list is marked where the parser noticed it (after its first key); it starts,
/// for diagnostics, at its first entry.
fn start_at_first_entry(marked: Span, first: Option<Span>) -> Span {
    match first {
        Some(first) if first.offset < marked.offset => Span { len: 1, ..first },
        _ => marked,
    }
}

/// Tags change how a value is read (`!!binary`, `!!int`) and other YAML readers resolve them
/// differently, so only `!!str`, which keeps a scalar as text, is allowed.
fn is_str_tag(tag: &Tag) -> bool {
    tag.suffix == "str" && (tag.handle == "!!" || tag.handle == "tag:yaml.org,2002:")
}

impl TreeBuilder<'_> {
    fn refuse_tag(&mut self, span: Span, tag: &Tag) {
        let written = if tag.handle == "tag:yaml.org,2002:" {
            format!("!!{}", tag.suffix)
        } else {
            format!("{}{}", tag.handle, tag.suffix)
        };
        self.fail(
            span,
            format!("YAML tag `{written}` is not supported"),
            Some("remove the tag; to keep a value as text, quote it".into()),
        );
    }

    fn open(&mut self, container: Open, span: Span, tag: Option<&Tag>) {
        if let Some(tag) = tag {
            self.refuse_tag(span, tag);
        } else if self.stack.len() >= MAX_DEPTH {
            self.fail(
                span,
                format!("maps and lists nest more than {MAX_DEPTH} levels deep"),
                Some("provider files need only a few levels of nesting".into()),
            );
        } else {
            self.stack.push(container);
        }
    }
}

impl TreeBuilder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let span = self.span_at(&mark);
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let plain = matches!(style, TScalarStyle::Plain);
                let len = if plain { text.chars().count().max(1) } else { 1 };
                let value = match &tag {
                    Some(tag) if is_str_tag(tag) => Value::String(Cow::Owned(text)),
                    Some(tag) => return self.refuse_tag(span, tag),
                    None if plain => resolve_plain(Cow::Owned(text)),
                    None => Value::String(Cow::Owned(text)),
                };
                self.attach(Node { value, span: Span { len, ..span } }, anchor);
            }
            Event::SequenceStart(anchor, tag) => {
                let first = self.items.len();
                self.open(Open::Seq { span, anchor, first }, span, tag.as_ref());
            }
            Event::MappingStart(anchor, tag) => {
                let first = self.entries.len();
                self.open(Open::Map { span, anchor, first, pending_key: None }, span, tag.as_ref());
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::Alias(anchor) => {
                let cost = self.anchors.get(&anchor).map_or(0, |(_, cost)| *cost);
                self.expanded += cost;
                if self.expanded > ALIAS_EXPANSION_BUDGET {
                    self.fail(
                        span,
                        format!("aliases expand to more than {ALIAS_EXPANSION_BUDGET} values and characters"),
                        Some("this looks like an alias bomb; write the values out instead of nesting aliases".into()),
                    );
                    return;
                }
                match self.anchors.get(&anchor) {
                    Some((node, _)) => {
                        let node = Node { span, ..node.clone() };
                        self.attach(node, 0);
                    }
                    None => self.fail(span, "alias to an unknown anchor".into(), None),
                }
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::parse;

    #[test]
    fn spans_are_one_based_lines_and_columns() {
        let node = parse("a:\n  bé: x\n  c: [1, \"2\"]\n").unwrap();
        let key = node.key_span(&["a", "c"]).unwrap();
        assert_eq!((key.line, key.col), (3, 3));
        let value = node.at(&["a", "bé"]).unwrap();
        assert_eq!((value.span.line, value.span.col), (2, 7));
        assert_eq!(&"a:\n  bé: x\n"[value.span.offset..value.span.offset + 1], "x");
        assert_eq!(node.at(&["a", "c", "0"]).unwrap().value, Value::Number("1".into()));
        assert_eq!(node.at(&["a", "c", "1"]).unwrap().value, Value::String("2".into()));
    }

    #[test]
    fn numbers_and_strings_resolve_like_yaml_1_2() {
        for text in ["0123", "1e3", "-1.5", "0x1F", "1_000"] {
            assert!(matches!(resolve_plain(text.into()), Value::Number(_)), "{text}");
        }
        for text in ["1.2.3", "e3", "abc", "1e", "0x", "12a"] {
            assert!(matches!(resolve_plain(text.into()), Value::String(_)), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_shortcut_of_resolve_plain_changes_no_verdict(
            text in "[-+.~0-9a-zA-Z_ :#]{0,8}|\\PC{0,8}|[nNtTfF](ull|ULL|rue|RUE|alse|ALSE|al|u)?[a-zA-Z0-9.]{0,2}"
        ) {
            let text: Cow<str> = text.into();
            proptest::prop_assert_eq!(resolve_plain(text.clone()), resolve_word(text));
        }
    }

    #[test]
    fn refuses_duplicate_keys_tabs_and_bombs() {
        let dup = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!((dup.span.line, dup.span.col), (3, 1));
        assert!(dup.message.contains("duplicate key `a`"));

        let tab = parse("a:\n\tb: 1\n").unwrap_err();
        assert_eq!((tab.span.line, tab.span.col), (2, 1));

        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            bomb.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        assert!(parse(&bomb).unwrap_err().message.contains("aliases expand"));
    }

    #[test]
    fn refuses_empty_and_multi_document_files() {
        assert!(parse("").unwrap_err().message.contains("empty"));
        assert!(parse("# only a comment\n").unwrap_err().message.contains("empty"));
        assert!(parse("a: 1\n---\nb: 2\n").unwrap_err().message.contains("second"));
    }

    #[test]
    fn refuses_deep_nesting_and_large_aliased_text_without_exhausting_the_machine() {
        let deep: String = (0..5000).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect();
        assert!(parse(&deep).unwrap_err().message.contains("nest more than"));
        let big = format!("a: &a \"{}\"\nb: [{}]\n", "x".repeat(100_000), ["*a"; 1000].join(", "));
        assert!(parse(&big).unwrap_err().message.contains("aliases expand"));
    }

    #[test]
    fn containers_start_at_their_first_entry_and_tags_are_refused() {
        let root = parse("# comment\nname: x\n").unwrap();
        assert_eq!((root.span.line, root.span.col), (2, 1));
        assert_eq!(parse("a: !!str 12\n").unwrap().at(&["a"]).unwrap().value, Value::String("12".into()));
        assert!(parse("a: !!int 12\n").unwrap_err().message.contains("`!!int`"));
    }
}
