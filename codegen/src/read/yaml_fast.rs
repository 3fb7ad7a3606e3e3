//! A fast path for the YAML that provider files are written in: block maps and lists, plain and
//! one-line quoted scalars, folded and literal block scalars, comments.
//!
//! `yaml-rust2` reads about 80 MB/s a core here, and so do `saphyr-parser` and `libyaml`:
//! parsing was half of a large registry's run. This reader goes line by line over the part of
//! YAML provider files use, several times faster, and builds exactly the tree the full reader
//! ([`yaml::parse_events`]) builds: the same values, spans and key order. Anything else makes it
//! give up, and the full reader reads the file: flow collections (but empty ones), anchors, tags, scalars over
//! several lines, escapes, document markers, tabs, and whatever YAML refuses. So it never decides
//! what an unusual file means, and every error message comes from the full reader. Tests compare
//! both readers on every corpus file, on generated block YAML and on mutated seeds.

use std::borrow::Cow;

use crate::read::yaml::{self, Key, Node, Span, Value};

/// Deeper files are left to the full reader, which refuses them past [`yaml::MAX_DEPTH`].
const MAX_DEPTH: usize = 32;

/// The tree of `source`, or `None` when the file needs the full reader.
pub fn parse(source: &str) -> Option<Node<'_>> {
    // Bytes, not characters: tabs and carriage returns are ASCII, which no multi-byte character
    // holds, and searching for them needs no decoding.
    let bytes = source.as_bytes();
    // One pass finds tabs, carriage returns and byte order marks; a BOM's first byte, 0xEF, also
    // starts other characters (U+F000 to U+FFFF), which do not stop the fast path.
    let bom = "\u{feff}".as_bytes();
    if memchr::memchr3_iter(b'\t', b'\r', bom[0], bytes).any(|at| bytes[at] != bom[0] || bytes[at..].starts_with(bom)) {
        return None;
    }
    let mut reader = Reader::new(source);
    let first = reader.next_content(0)?;
    let (root, next) = reader.node(first, reader.lines[first].indent, 0)?;
    // One document, and nothing after it.
    if next != reader.lines.len() || !matches!(root.value, Value::Map(_)) {
        return None;
    }
    Some(root)
}

/// One line of the source, without its line break.
struct Line<'s> {
    text: &'s str,
    /// Byte offset of the line's start in the source.
    offset: usize,
    /// Leading spaces.
    indent: usize,
    /// Only spaces, or nothing.
    blank: bool,
    /// Whether the line is all ASCII, where a character's column is also its byte distance.
    ascii: bool,
}

/// Whether a value follows a map key or a list's `-`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Map,
    Seq,
}

struct Reader<'s> {
    lines: Vec<Line<'s>>,
    /// Whether the source ends with a line break (a block scalar's last line keeps it or not).
    ends_with_newline: bool,
    /// The items of every list being read, innermost last. A list that ends moves its own into a
    /// vector of exactly their number (`split_off`: one allocation and one copy), rather than
    /// growing a vector per list.
    items: Vec<Node<'s>>,
    /// The entries of every map being read, in the same way.
    entries: Vec<(Key<'s>, Node<'s>)>,
}

/// Characters that cannot start a plain scalar or a key in block context (`-` only before a
/// space, which the callers check first).
#[inline]
fn is_indicator(c: u8) -> bool {
    matches!(
        c,
        b'?' | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

impl<'s> Reader<'s> {
    fn new(source: &'s str) -> Self {
        let mut lines = Vec::with_capacity(source.len() / 32);
        // Each line ends at a line break, the last one at the end of the source when no break
        // ends it; `memchr` finds the breaks several times faster than `str::split` does.
        let unterminated = (!source.is_empty() && !source.ends_with('\n')).then_some(source.len());
        // Spans count characters: on an ASCII line they are bytes, and need no counting. Most
        // lines of a file with a few accented letters or typographic quotes are ASCII.
        let ascii = source.is_ascii();
        let mut offset = 0;
        for end in memchr::memchr_iter(b'\n', source.as_bytes()).chain(unterminated) {
            let text = &source[offset..end];
            let indent = text.bytes().take_while(|b| *b == b' ').count();
            lines.push(Line { text, offset, indent, blank: indent == text.len(), ascii: ascii || text.is_ascii() });
            offset = end + 1;
        }
        // Room for what a provider file holds open at once (its top-level keys, a guide's, a
        // step's, a block's), so that the buffers seldom grow.
        Reader {
            lines,
            ends_with_newline: source.ends_with('\n'),
            items: Vec::with_capacity(32),
            entries: Vec::with_capacity(64),
        }
    }

    fn span(&self, line: usize, byte_col: usize, len: usize) -> Span {
        let text = self.lines[line].text;
        Span {
            line: line + 1,
            col: self.width(line, &text[..byte_col]) + 1,
            offset: self.lines[line].offset + byte_col,
            len,
        }
    }

    /// Characters in `text`, a part of line `line`, which spans count in.
    fn width(&self, line: usize, text: &str) -> usize {
        if self.lines[line].ascii {
            text.len()
        } else {
            text.chars().count()
        }
    }

    /// The first line from `from` on that holds more than spaces or a comment.
    fn next_content(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&i| {
            let line = &self.lines[i];
            !line.blank && line.text.as_bytes()[line.indent] != b'#'
        })
    }

    /// Like [`Reader::next_content`], or the number of lines at the end of the file.
    fn next_content_or_end(&self, from: usize) -> usize {
        self.next_content(from).unwrap_or(self.lines.len())
    }

    /// A map or list whose first entry starts on line `line` at byte column `col`; returns it and
    /// the next content line.
    fn node(&mut self, line: usize, col: usize, depth: usize) -> Option<(Node<'s>, usize)> {
        if depth > MAX_DEPTH {
            return None;
        }
        if is_list_item(&self.lines[line].text[col..]) {
            self.seq(line, col, false, depth)
        } else {
            self.map(line, col, None, depth)
        }
    }

    /// A list whose first `-` is at `col` of line `first`. An `indentless` list (a map value in
    /// its key's column, as `serde_yaml` writes them) ends at the next key of that map.
    fn seq(&mut self, first: usize, col: usize, indentless: bool, depth: usize) -> Option<(Node<'s>, usize)> {
        // When reading fails, the file goes to the full reader and the scratch buffers are dropped
        // with this reader: nothing needs to be taken back out of them.
        let start = self.items.len();
        let mut line = first;
        loop {
            let (item, next) = self.value(line, col + 1, col, Context::Seq, depth + 1)?;
            self.items.push(item);
            line = next;
            if line == self.lines.len() || self.lines[line].indent < col {
                break;
            }
            let is_item = is_list_item(&self.lines[line].text[col..]);
            if self.lines[line].indent == col && !is_item && indentless {
                break;
            }
            if self.lines[line].indent != col || !is_item {
                return None;
            }
        }
        // A list is marked at its first `-`; one in its key's column, where its first item's
        // text starts on the `-` line.
        let span = if indentless {
            let text = self.lines[first].text;
            let item = col + 1 + text[col + 1..].bytes().take_while(|b| *b == b' ').count();
            // After a bare `-` or a comment, the full reader marks the end of the line.
            if item == text.len() || text.as_bytes()[item] == b'#' {
                return None;
            }
            self.span(first, item, 1)
        } else {
            self.span(first, col, 1)
        };
        let items = self.items.split_off(start);
        Some((Node { value: Value::Seq(items), span }, line))
    }

    /// A map whose first key starts on line `line` at byte column `col`; `first_colon`, when the
    /// caller has found it, is where that key ends.
    fn map(
        &mut self,
        mut line: usize,
        col: usize,
        mut first_colon: Option<usize>,
        depth: usize,
    ) -> Option<(Node<'s>, usize)> {
        let first = self.entries.len();
        loop {
            let rest = &self.lines[line].text[col..];
            let colon = match first_colon.take() {
                Some(colon) => colon,
                None => key_end(rest)?,
            };
            let name = match yaml::resolve_plain(Cow::Borrowed(&rest[..colon])) {
                Value::String(name) | Value::Number(name) => name,
                _ => return None,
            };
            if self.entries[first..].iter().any(|(key, _)| key.name == name) {
                return None;
            }
            let key = Key { span: self.span(line, col, self.width(line, &name)), name };
            let (value, next) = self.value(line, col + colon + 1, col, Context::Map, depth + 1)?;
            self.entries.push((key, value));
            line = next;
            if line == self.lines.len() || self.lines[line].indent < col {
                break;
            }
            if self.lines[line].indent != col {
                return None;
            }
        }
        let entries = self.entries.split_off(first);
        let span = Span { len: 1, ..entries[0].0.span };
        Some((Node { value: Value::Map(entries), span }, line))
    }

    /// The value after `key:` or `-`, which ends at byte `after` of `line`; `parent` is the
    /// column of the key or the `-`. Returns the value and the next content line.
    fn value(
        &mut self,
        line: usize,
        after: usize,
        parent: usize,
        context: Context,
        depth: usize,
    ) -> Option<(Node<'s>, usize)> {
        let text = self.lines[line].text;
        let start = after + text[after..].bytes().take_while(|b| *b == b' ').count();
        let value = &text[start..];
        if value.is_empty() || value.starts_with('#') {
            return self.nested(line, parent, context, depth);
        }
        // `- key: value` opens a map in the list item, in the key's column.
        if context == Context::Seq {
            if let Some(colon) = key_end(value) {
                return self.map(line, start, Some(colon), depth);
            }
        }
        let (node, end) = match value.as_bytes()[0] {
            b'\'' => self.single_quoted(line, start)?,
            b'"' => self.double_quoted(line, start)?,
            b'|' | b'>' => return self.block_scalar(line, start, parent),
            // An empty flow list (`categories: []`) or map (`match_all: {}`), marked at its
            // bracket; other flow collections are the full reader's job.
            b'[' if value.starts_with("[]") => {
                (Node { value: Value::Seq(Vec::new()), span: self.span(line, start, 1) }, start + 2)
            }
            b'{' if value.starts_with("{}") => {
                (Node { value: Value::Map(Vec::new()), span: self.span(line, start, 1) }, start + 2)
            }
            // `- - item` opens a list in the list item (a table row), at the second `-`.
            b'-' if is_list_item(value) => {
                return if context == Context::Seq { self.node(line, start, depth) } else { None };
            }
            c if is_indicator(c) => return None,
            _ => self.plain(line, start)?,
        };
        if !is_trailing_comment(&text[end..]) {
            return None;
        }
        let next = self.next_content_or_end(line + 1);
        // A deeper line after a scalar would continue it over lines: the full reader's job.
        if next < self.lines.len() && self.lines[next].indent > parent {
            return None;
        }
        Some((node, next))
    }

    /// What follows `key:` on the next lines: a deeper map or list, or nothing (null).
    fn nested(&mut self, line: usize, parent: usize, context: Context, depth: usize) -> Option<(Node<'s>, usize)> {
        let next = self.next_content(line + 1)?;
        let indent = self.lines[next].indent;
        if indent > parent {
            return self.node(next, indent, depth);
        }
        // An empty list item is marked elsewhere than an empty map value: the full reader's job.
        if context == Context::Seq {
            return None;
        }
        if indent == parent && is_list_item(&self.lines[next].text[indent..]) {
            return self.seq(next, indent, true, depth);
        }
        // An empty value is marked where the next entry starts.
        Some((Node { value: Value::Null, span: self.span(next, indent, 1) }, next))
    }

    /// A plain scalar from byte `start` to the end of the line or a comment.
    fn plain(&self, line: usize, start: usize) -> Option<(Node<'s>, usize)> {
        let text = self.lines[line].text;
        let rest = &text[start..];
        // The scalar ends at a comment (` #`); a `: ` or a final `:` in it would make it a key.
        let end = match first_mark(rest) {
            None => rest.len(),
            Some(Mark::Comment(at)) => at,
            Some(Mark::Colon(_)) => return None,
        };
        let body = rest[..end].trim_end_matches(' ');
        let node = Node {
            value: yaml::resolve_plain(Cow::Borrowed(body)),
            span: self.span(line, start, self.width(line, body)),
        };
        Some((node, start + body.len()))
    }

    /// `'text'` on one line, `''` standing for a quote.
    fn single_quoted(&self, line: usize, start: usize) -> Option<(Node<'s>, usize)> {
        let text = self.lines[line].text;
        let bytes = text.as_bytes();
        let mut doubled = false;
        let mut at = start + 1;
        // From quote to quote: the text between them needs no look.
        let end = loop {
            at += memchr::memchr(b'\'', &bytes[at..])?;
            if bytes.get(at + 1) == Some(&b'\'') {
                doubled = true;
                at += 2;
            } else {
                break at;
            }
        };
        let body = &text[start + 1..end];
        // Every quote left in `body` is half of a `''` pair.
        let value = if doubled { Cow::Owned(body.replace("''", "'")) } else { Cow::Borrowed(body) };
        Some((Node { value: Value::String(value), span: self.span(line, start, 1) }, end + 1))
    }

    /// `"text"` on one line, without escapes.
    fn double_quoted(&self, line: usize, start: usize) -> Option<(Node<'s>, usize)> {
        let text = self.lines[line].text;
        let length = text[start + 1..].find(['"', '\\'])?;
        let end = start + 1 + length;
        if text.as_bytes()[end] == b'\\' {
            return None;
        }
        let value = Value::String(Cow::Borrowed(&text[start + 1..end]));
        Some((Node { value, span: self.span(line, start, 1) }, end + 1))
    }

    /// `>` or `|`, clipped or stripped (`-`), its text on the following deeper lines.
    fn block_scalar(&self, line: usize, start: usize, parent: usize) -> Option<(Node<'s>, usize)> {
        let text = self.lines[line].text;
        let header = &text[start..];
        let folded = header.starts_with('>');
        let strip = header[1..].starts_with('-');
        let header_len = 1 + usize::from(strip);
        if !is_trailing_comment(&header[header_len..]) {
            return None;
        }
        let first = line + 1;
        let content = self.lines.get(first)?;
        // Leading blank lines, and explicit indentation, are the full reader's job.
        if content.blank || content.indent <= parent {
            return None;
        }
        let indent = content.indent;
        let mut value = String::new();
        let mut breaks = 0;
        let mut last = first;
        let mut at = first;
        while let Some(current) = self.lines.get(at) {
            if current.blank {
                if current.text.len() > indent {
                    return None;
                }
                breaks += 1;
            } else if current.indent < indent {
                // A less deeply indented line (a comment, say) that is still deeper than the
                // parent: the full reader's job.
                if current.indent > parent {
                    return None;
                }
                break;
            } else {
                let body = &current.text[indent..];
                if folded && body.starts_with(' ') {
                    return None;
                }
                if at > first {
                    match (folded, breaks) {
                        (true, 0) => value.push(' '),
                        (true, n) => value.extend(std::iter::repeat_n('\n', n)),
                        (false, n) => value.extend(std::iter::repeat_n('\n', n + 1)),
                    }
                }
                value.push_str(body);
                breaks = 0;
                last = at;
            }
            at += 1;
        }
        let next = self.next_content_or_end(at);
        if next < self.lines.len() && self.lines[next].indent > parent {
            return None;
        }
        if !strip {
            // Clipped: the last line's break is kept, when the file has one.
            if last + 1 == self.lines.len() && !self.ends_with_newline {
                return None;
            }
            value.push('\n');
        }
        Some((Node { value: Value::String(Cow::Owned(value)), span: self.span(first, indent, 1) }, next))
    }
}

/// The byte length of the key at the start of `rest`, when `rest` is `key:` or `key: ...` with a
/// plain key.
fn key_end(rest: &str) -> Option<usize> {
    // Most keys are a word of letters, digits and `_` right before the colon, and many list items
    // are a word alone. A loop over the word tells both in fewer steps than setting up the search
    // of `searched_key_end`, which a word (holding no `#` and no `:`) cannot end otherwise.
    let bytes = rest.as_bytes();
    let word = bytes.iter().take_while(|b| WORD_BYTES[usize::from(**b)]).count();
    match bytes.get(word) {
        // All a word: no colon anywhere.
        None => return None,
        Some(b':') if word > 0 && bytes.get(word + 1).is_none_or(|b| *b == b' ') => return Some(word),
        _ => {}
    }
    searched_key_end(rest)
}

/// The bytes of a word, ASCII letters, digits and `_`: as a table, the key loop tests each byte in
/// one step, where the three ranges took several.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < table.len() {
        table[byte] = (byte as u8).is_ascii_alphanumeric() || byte as u8 == b'_';
        byte += 1;
    }
    table
};

/// [`key_end`] for any text, searching it for the first [`Mark`].
fn searched_key_end(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    if bytes.is_empty() || is_indicator(bytes[0]) || bytes[0] == b'-' {
        return None;
    }
    match first_mark(rest)? {
        // A comment before any `: `: not a key.
        Mark::Comment(_) => None,
        Mark::Colon(at) => (bytes[at - 1] != b' ').then_some(at),
    }
}

/// What ends a plain scalar or a key on its line.
enum Mark {
    /// A `#` after a space, at this byte.
    Comment(usize),
    /// A `:` followed by a space or the end of the line, at this byte.
    Colon(usize),
}

/// The first [`Mark`] of `rest`. `memchr2` jumps from one `#` or `:` to the next: testing every
/// byte of a line for both cost a fifth of reading a file.
fn first_mark(rest: &str) -> Option<Mark> {
    let bytes = rest.as_bytes();
    memchr::memchr2_iter(b'#', b':', bytes).find_map(|at| match bytes[at] {
        b'#' if at > 0 && bytes[at - 1] == b' ' => Some(Mark::Comment(at)),
        b':' if bytes.get(at + 1).is_none_or(|next| *next == b' ') => Some(Mark::Colon(at)),
        _ => None,
    })
}

/// `-` alone or followed by a space: an entry of a block list.
fn is_list_item(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

/// Nothing but spaces and, after at least one space, a comment.
fn is_trailing_comment(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The word loop of `key_end` finds what the search finds, on keys and on what only
        /// looks like one.
        #[test]
        fn key_end_agrees_with_the_search(rest in "[a-z_0-9:# .'-]{0,12}(: ?[a-z:#/ ]{0,8})?") {
            prop_assert_eq!(key_end(&rest), searched_key_end(&rest));
        }
    }
}
