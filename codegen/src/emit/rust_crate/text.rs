//! Provider text and names as Rust: doc comments, string literals and identifiers that stay
//! valid whatever the provider file says.

use proc_macro2::Literal;

use crate::lower::names::{is_keyword, snake_case, upper_camel_case};

/// The lines of a doc comment, trailing blank lines removed; a carriage return, which a doc
/// comment cannot hold, ends a line.
pub fn doc_lines(markdown: &str) -> Vec<&str> {
    let trimmed = markdown.trim_end();
    if trimmed.is_empty() {
        Vec::new()
    } else if trimmed.contains('\r') {
        trimmed.split("\r\n").flat_map(|part| part.split(['\r', '\n'])).collect()
    } else {
        trimmed.split('\n').collect()
    }
}

/// Plain text (provider prose is plain text) as Markdown that renders it unchanged: the
/// characters Markdown or rustdoc would interpret are escaped, and bare URLs become links.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
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
            out.push_str(&escape_characters(trailing));
        } else {
            out.push_str(&escape_characters(word));
        }
    }
    out
}

/// Sentence punctuation after a URL is not part of it.
fn split_trailing_punctuation(word: &str) -> (&str, &str) {
    let url = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
    (url, &word[url.len()..])
}

fn escape_characters(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '&' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` as inline code, whatever backticks it contains.
pub fn code(text: &str) -> String {
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// The source of a string literal for `text`.
pub fn string(text: &str) -> String {
    // Most text is printable ASCII with no quote or backslash, which a literal holds as is; the
    // rest is escaped by `proc-macro2`.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\') {
        let mut literal = String::with_capacity(text.len() + 2);
        literal.push('"');
        literal.push_str(text);
        literal.push('"');
        return literal;
    }
    literal(text).to_string()
}

/// A string literal for `text`: a raw string when that reads better (regular expressions).
pub fn literal(text: &str) -> Literal {
    let wants_raw = text.contains('\\') || text.contains('"');
    let printable = !text.chars().any(char::is_control);
    if wants_raw && printable {
        let hashes = (0..).map(|n| "#".repeat(n)).find(|h| !text.contains(&format!("\"{h}"))).unwrap_or_default();
        if let Ok(literal) = format!("r{hashes}\"{text}\"{hashes}").parse::<Literal>() {
            return literal;
        }
    }
    Literal::string(text)
}

/// A field or module name: `apiKey` → `api_key`, `type` → `r#type`.
pub fn snake_ident(name: &str) -> String {
    let snake = snake_case(name);
    match snake.as_str() {
        // Keywords that have no raw form.
        "self" | "super" | "crate" | "Self" => format!("{snake}_"),
        word if is_keyword(word) => format!("r#{word}"),
        _ => snake,
    }
}

/// A type or variant name: `kandji` → `Kandji`. `reserved` lists names already taken in the
/// scope; a clash gets `suffix`.
pub fn type_name(name: &str, reserved: &[&str], suffix: &str) -> String {
    let camel = upper_camel_case(name);
    let camel = if camel.is_empty() { "Value".to_owned() } else { camel };
    if camel == "Self" || reserved.contains(&camel.as_str()) {
        format!("{camel}{suffix}")
    } else {
        camel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_survives_markdown() {
        assert_eq!(escape_markdown("a *b* [c](d) <e> `f` \\ #["), "a \\*b\\* \\[c\\](d) \\<e\\> \\`f\\` \\\\ \\#\\[");
        assert_eq!(escape_markdown("see https://x.io/a_b."), "see <https://x.io/a_b>.");
    }

    #[test]
    fn doc_lines_end_at_any_line_break() {
        assert_eq!(doc_lines("a\r\nb\rc\n\nd\n\n"), ["a", "b", "c", "", "d"]);
        assert_eq!(doc_lines(" \n"), Vec::<&str>::new());
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
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("apiKey"), "api_key");
        assert_eq!(type_name("self", &[], "Value"), "SelfValue");
        assert_eq!(type_name("credentials", &["Credentials"], "Value"), "CredentialsValue");
        assert_eq!(type_name("", &[], "Value"), "Value");
    }
}
