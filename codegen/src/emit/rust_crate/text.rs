//! Provider text as Rust: doc comments and string literals that stay valid, and show what they
//! hold, whatever the provider file says.

use std::fmt::Write;

use proc_macro2::Literal;

/// Whether source text must not hold `c` as it is: control characters other than tab, which
/// rustc refuses or editors show as line breaks, and invisible formatting characters, among them
/// the bidirectional controls rustc denies in comments and literals (they can make code read
/// other than it runs).
pub fn is_unsafe_in_source(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// The lines of a doc comment, trailing blank lines removed; a carriage return, which a doc
/// comment cannot hold, ends a line (`\r\n` ends one). Each is to be written with
/// [`push_doc_line`].
pub fn doc_lines(markdown: &str) -> DocLines<'_> {
    let trimmed = markdown.trim_end();
    let carriage_returns = memchr::memchr(b'\r', trimmed.as_bytes()).is_some();
    DocLines { rest: (!trimmed.is_empty()).then_some(trimmed), carriage_returns }
}

/// The iterator of [`doc_lines`]. Text without a carriage return, nearly all, is searched for
/// line feeds alone, which is a faster search than for either; both with `memchr`, whose search
/// is faster than the standard library's on short texts.
pub struct DocLines<'a> {
    /// What is left to split, `None` after the last line.
    rest: Option<&'a str>,
    carriage_returns: bool,
}

impl<'a> Iterator for DocLines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        let bytes = rest.as_bytes();
        let end =
            if self.carriage_returns { memchr::memchr2(b'\r', b'\n', bytes) } else { memchr::memchr(b'\n', bytes) };
        let Some(end) = end else {
            self.rest = None;
            return Some(rest);
        };
        let next = if rest[end..].starts_with("\r\n") { end + 2 } else { end + 1 };
        self.rest = Some(&rest[next..]);
        Some(&rest[..end])
    }
}

/// Appends a line of a doc comment: characters a comment must not hold are written as HTML
/// character references (`&#x202E;`), which rustdoc shows as the character itself.
pub fn push_doc_line(out: &mut String, line: &str) {
    // Printable ASCII and tabs are written as they are. The bytes are all looked at, with no
    // early exit, in a loop the compiler vectorizes.
    if line.bytes().fold(true, |plain, b| plain & ((b' '..=b'~').contains(&b) | (b == b'\t'))) {
        out.push_str(line);
        return;
    }
    for c in line.chars() {
        if is_unsafe_in_source(c) {
            // Writing to a `String` cannot fail.
            let _ = write!(out, "&#x{:X};", u32::from(c));
        } else {
            out.push(c);
        }
    }
}

/// Appends plain text (provider prose is plain text) as Markdown that renders it unchanged: the
/// characters Markdown or rustdoc would interpret are escaped, and bare URLs become links.
pub fn push_markdown(out: &mut String, text: &str) {
    // Most prose has neither a character to escape nor a URL, and is written as it is.
    if !text.bytes().any(is_markdown_special) && !text.contains("http") {
        out.push_str(text);
        return;
    }
    push_markdown_words(out, text);
}

/// [`push_markdown`], word by word.
fn push_markdown_words(out: &mut String, text: &str) {
    for (index, word) in text.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        let is_link = (word.starts_with("https://") || word.starts_with("http://"))
            && !word.contains(['<', '>', '`', '\\', '\n', '\r']);
        if is_link {
            // An autolink: rustdoc warns about bare URLs.
            let (url, trailing) = split_trailing_punctuation(word);
            out.push('<');
            out.push_str(url);
            out.push('>');
            push_escaped(out, trailing);
        } else {
            push_escaped(out, word);
        }
    }
}

/// Sentence punctuation after a URL is not part of it.
fn split_trailing_punctuation(word: &str) -> (&str, &str) {
    let url = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
    (url, &word[url.len()..])
}

/// Whether Markdown or rustdoc would interpret the character.
fn is_markdown_special(byte: u8) -> bool {
    matches!(byte, b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'#' | b'&' | b'|' | b'~')
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_ascii() && is_markdown_special(c as u8) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Appends `text` as inline code, whatever backticks it contains.
pub fn push_code(out: &mut String, text: &str) {
    // Most code holds no backtick, which one search tells.
    let longest_run = match memchr::memchr(b'`', text.as_bytes()) {
        None => 0,
        Some(_) => text.split(|c| c != '`').map(str::len).max().unwrap_or(0),
    };
    let fence = |out: &mut String| (0..=longest_run).for_each(|_| out.push('`'));
    let pad = text.starts_with('`') || text.ends_with('`') || text.is_empty();
    fence(out);
    if pad {
        out.push(' ');
    }
    out.push_str(text);
    if pad {
        out.push(' ');
    }
    fence(out);
}

/// Whether a string literal holds `text` as it is, between quotes: most text is printable ASCII
/// with no quote or backslash.
pub fn is_plain_literal(text: &str) -> bool {
    // Every byte is looked at, with no early exit, in a loop the compiler vectorizes.
    text.bytes().fold(true, |plain, b| plain & (b' '..=b'~').contains(&b) & (b != b'"') & (b != b'\\'))
}

/// Appends the source of a string literal for `text`.
pub fn push_string(out: &mut String, text: &str) {
    if is_plain_literal(text) {
        out.push('"');
        out.push_str(text);
        out.push('"');
    } else if let Some(hashes) = raw_string_hashes(text) {
        // Written without `proc-macro2` parsing it, as `literal` does: a test checks that both
        // write the same.
        let hashes = |out: &mut String| (0..hashes).for_each(|_| out.push('#'));
        out.push('r');
        hashes(out);
        out.push('"');
        out.push_str(text);
        out.push('"');
        hashes(out);
    } else {
        // The rest is escaped by `proc-macro2`. Writing to a `String` cannot fail.
        let _ = write!(out, "{}", escaped_literal(text));
    }
}

/// The source of a string literal for `text`.
pub fn string(text: &str) -> String {
    let mut literal = String::with_capacity(text.len() + 2);
    push_string(&mut literal, text);
    literal
}

/// `Literal::string`, with every character a literal must not hold as it is escaped
/// (`Literal::string` escapes control characters, but not every formatting one).
fn escaped_literal(text: &str) -> Literal {
    let literal = Literal::string(text);
    let source = literal.to_string();
    if !source.chars().any(is_unsafe_in_source) {
        return literal;
    }
    let mut escaped = String::with_capacity(source.len() + 16);
    for c in source.chars() {
        if is_unsafe_in_source(c) {
            escaped.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            escaped.push(c);
        }
    }
    escaped.parse().unwrap_or(literal)
}

/// How many `#` the raw string for `text` takes, when a raw string reads better (regular
/// expressions) and holds the text as it is: the fewest that no `"` of the text is followed by.
fn raw_string_hashes(text: &str) -> Option<usize> {
    let wants_raw = text.contains('\\') || text.contains('"');
    if !wants_raw || text.chars().any(is_unsafe_in_source) {
        return None;
    }
    let after_quotes = text.split('"').skip(1).map(|rest| rest.len() - rest.trim_start_matches('#').len());
    Some(after_quotes.map(|run| run + 1).max().unwrap_or(0))
}

/// A string literal for `text`: a raw string when that reads better (regular expressions).
pub fn literal(text: &str) -> Literal {
    if let Some(hashes) = raw_string_hashes(text) {
        let hashes = "#".repeat(hashes);
        if let Ok(literal) = format!("r{hashes}\"{text}\"{hashes}").parse::<Literal>() {
            return literal;
        }
    }
    escaped_literal(text)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn escape_markdown(text: &str) -> String {
        let mut out = String::new();
        push_markdown(&mut out, text);
        out
    }

    fn code(text: &str) -> String {
        let mut out = String::new();
        push_code(&mut out, text);
        out
    }

    /// The doc comment lines of `markdown`, as written.
    fn safe_doc_lines(markdown: &str) -> Vec<String> {
        let safe = |line| {
            let mut out = String::new();
            push_doc_line(&mut out, line);
            out
        };
        doc_lines(markdown).map(safe).collect()
    }

    #[test]
    fn plain_text_survives_markdown() {
        assert_eq!(escape_markdown("a *b* [c](d) <e> `f` \\ #["), "a \\*b\\* \\[c\\](d) \\<e\\> \\`f\\` \\\\ \\#\\[");
        assert_eq!(escape_markdown("see https://x.io/a_b."), "see <https://x.io/a_b>.");
    }

    #[test]
    fn doc_lines_end_at_any_line_break() {
        assert_eq!(doc_lines("a\r\nb\rc\n\nd\n\n").collect::<Vec<_>>(), ["a", "b", "c", "", "d"]);
        assert!(doc_lines(" \n").next().is_none());
    }

    proptest! {
        #[test]
        fn string_literals_are_the_ones_proc_macro2_parses(text in "[a \"#\\\\\n\t\u{202E}é]{0,16}") {
            prop_assert_eq!(string(&text), literal(&text).to_string());
        }

        #[test]
        fn prose_without_markup_or_url_is_written_as_it_is(text in "[a-z _*<>&~|#:/.htps\\\\`\\[\\]é]{0,30}") {
            let mut words = String::new();
            push_markdown_words(&mut words, &text);
            prop_assert_eq!(escape_markdown(&text), words);
        }

        /// The lines are those of splitting at `\r\n`, then at any other `\r` or `\n`.
        #[test]
        fn doc_lines_split_as_at_each_kind_of_break(markdown in "[a \t\r\né]{0,24}") {
            let trimmed = markdown.trim_end();
            let expected: Vec<&str> = if trimmed.is_empty() {
                Vec::new()
            } else {
                trimmed.split("\r\n").flat_map(|part| part.split(['\r', '\n'])).collect()
            };
            prop_assert_eq!(doc_lines(&markdown).collect::<Vec<_>>(), expected);
        }
    }

    /// Text with every kind of character a literal or a comment could trip on.
    const HOSTILE: &str =
        "a\u{202E}b\u{2066}c\u{2069} \u{200B}\u{FEFF}\u{0}\u{7}\u{1b}\u{85}\u{2028} \"q\" \\ */ /* é 東京 \t";

    #[test]
    fn literals_escape_what_rustc_denies_and_keep_the_text() {
        for text in [HOSTILE, "\u{202E}\\d", "plain \u{2066}"] {
            let source = string(text);
            assert!(!source.chars().any(is_unsafe_in_source), "{source}");
            let parsed: syn::LitStr = syn::parse_str(&source).unwrap();
            assert_eq!(parsed.value(), text);
        }
    }

    #[test]
    fn doc_comments_hold_no_character_rustc_denies() {
        let lines = safe_doc_lines(HOSTILE);
        assert!(lines.iter().all(|line| !line.chars().any(is_unsafe_in_source)), "{lines:?}");
        assert!(lines[0].starts_with("a&#x202E;b&#x2066;c&#x2069; &#x200B;&#xFEFF;&#x0;"), "{lines:?}");
        assert!(lines[0].ends_with("\"q\" \\ */ /* é 東京"), "{lines:?}");
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
    }

    #[test]
    fn plain_text_is_quoted_as_proc_macro2_would() {
        let printable: String = (' '..='~').filter(|c| !matches!(c, '"' | '\\')).collect();
        assert_eq!(string(&printable), Literal::string(&printable).to_string());
        assert_eq!(string("é\u{200b}"), Literal::string("é\u{200b}").to_string());
    }

    #[test]
    fn literals_and_names_are_always_valid() {
        assert_eq!(string(r"^\d+$"), r#"r"^\d+$""#);
        assert_eq!(string("say \"#hi\""), "r##\"say \"#hi\"\"##");
        assert_eq!(string("plain"), "\"plain\"");
        assert_eq!(string("line\nbreak \\"), "\"line\\nbreak \\\\\"");
    }
}
