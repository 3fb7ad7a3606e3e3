//! The one namer: every Rust identifier of the generated crate is chosen here, once, into the
//! checked model. A name is never empty, never a keyword clash, only ASCII, and unique in its
//! scope; the validator judges these final names.
//!
//! Two steps, as in typify: [`sanitize`] turns any text into an identifier of a case, then a
//! [`Scope`] makes it unique among the names already taken there. Each scope is one provider's
//! (its module, its structs, one enum), so adding a provider never renames another's types.

use std::collections::BTreeSet;

/// The case of an identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Modules and struct fields: `api_key`.
    Snake,
    /// Types and variants: `ApiKey`.
    UpperCamel,
}

/// Any text as an identifier of `case`: `apiKey` → `api_key` or `ApiKey`, `type` → `r#type`,
/// `self` → `self_`, `Self` → `SelfValue`, `1password` → `_1password` or `P1password`, `café`
/// → `cafe`. Text with no letter or digit becomes `fallback`.
pub fn sanitize(text: &str, case: Case, fallback: &str) -> String {
    let name = match case {
        Case::Snake => snake_case(text),
        Case::UpperCamel => upper_camel_case(text),
    };
    if name.is_empty() {
        return fallback.to_owned();
    }
    match name.as_str() {
        // Keywords that have no raw form.
        "self" | "super" | "crate" => format!("{name}_"),
        "Self" => "SelfValue".to_owned(),
        word if is_keyword(word) => format!("r#{word}"),
        _ => name,
    }
}

/// The names taken in one scope of the generated code: the reserved names, borrowed (every
/// provider module reserves the same list, which is not copied for each), and those claimed,
/// ordered rather than hashed (short names compare faster than they hash).
#[derive(Clone, Debug, Default)]
pub struct Scope<'r> {
    reserved: &'r [&'r str],
    taken: BTreeSet<String>,
}

impl<'r> Scope<'r> {
    /// A scope in which `reserved` (the names the code there defines or imports) are taken.
    pub fn with_reserved(reserved: &'r [&'r str]) -> Scope<'r> {
        Scope { reserved, taken: BTreeSet::new() }
    }

    fn is_taken(&self, name: &str) -> bool {
        self.reserved.contains(&name) || self.taken.contains(name)
    }

    /// Takes the first free name among `candidates`, else the last candidate numbered from 2.
    /// Of a lazy iterator, the candidates after the first free one are never made.
    pub fn claim<I: IntoIterator<Item = String>>(&mut self, candidates: I) -> String {
        let mut last = String::new();
        for candidate in candidates {
            if !self.is_taken(&candidate) {
                self.taken.insert(candidate.clone());
                return candidate;
            }
            last = candidate;
        }
        let name = (2..).map(|n| format!("{last}{n}")).find(|name| !self.is_taken(name)).expect("a free number");
        self.taken.insert(name.clone());
        name
    }
}

/// Names for a list of texts in one scope (an enum's variants): each text keeps its sanitized
/// name where no other text has it; where several do, the first in order keeps it and the
/// others are numbered, skipping every name the list uses.
pub fn unique_names(texts: &[String], case: Case, fallback: &str) -> Vec<String> {
    let natural: Vec<String> = texts.iter().map(|text| sanitize(text, case, fallback)).collect();
    // Every natural name is taken up front: a list may be long and collide often.
    let mut scope = Scope { reserved: &[], taken: natural.iter().cloned().collect() };
    let mut kept = BTreeSet::new();
    natural
        .iter()
        .map(|name| if kept.insert(name.as_str()) { name.clone() } else { scope.claim([name.clone()]) })
        .collect()
}

/// The words of `text` for an identifier: letters and digits, where other letters are written
/// in ASCII (`é` → `e`) and anything else separates words.
fn ascii_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(deunicode::deunicode_char(c).unwrap_or(" "));
        } else {
            out.push(' ');
        }
    }
    out.into()
}

/// `apiKey` → `api_key`, `APIKey` → `api_key`, `instance_url` → `instance_url`.
pub fn snake_case(name: &str) -> String {
    // `ascii_text` leaves only ASCII, so bytes are characters here.
    let ascii = ascii_text(name);
    let bytes = ascii.as_bytes();
    let mut out = String::with_capacity(name.len() + 4);
    // An identifier cannot start with a digit.
    if bytes.iter().find(|c| c.is_ascii_alphanumeric()).is_some_and(u8::is_ascii_digit) {
        out.push('_');
    }
    for (i, &c) in bytes.iter().enumerate() {
        // Anything but an ASCII letter or digit separates words, so that any text (an enum value
        // such as `eu (beta)`) yields an identifier.
        if !c.is_ascii_alphanumeric() {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            continue;
        }
        if c.is_ascii_uppercase() {
            let previous = i.checked_sub(1).map(|p| bytes[p]);
            let next = bytes.get(i + 1);
            let boundary = previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                || (previous.is_some_and(|p| p.is_ascii_uppercase()) && next.is_some_and(|n| n.is_ascii_lowercase()));
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(char::from(c.to_ascii_lowercase()));
        } else {
            out.push(char::from(c));
        }
    }
    let kept = out.trim_end_matches('_').len();
    out.truncate(kept);
    out
}

/// `kandji` → `Kandji`, `1password-events` → `P1passwordEvents` (a type name cannot start with a digit).
pub fn upper_camel_case(name: &str) -> String {
    let snake = snake_case(name);
    // The snake-case words, each with its first letter raised, joined without their `_`.
    let mut out = String::with_capacity(snake.len() + 1);
    let mut starts_word = true;
    for c in snake.chars() {
        if c == '_' {
            starts_word = true;
        } else {
            out.push(if starts_word { c.to_ascii_uppercase() } else { c });
            starts_word = false;
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'P');
    }
    out
}

/// Whether `word` is a Rust keyword, strict or reserved, which needs the raw form (`r#type`) as
/// an identifier. A `match` compares by length first, where a list is scanned word by word.
pub fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_names() {
        assert_eq!(snake_case("apiKey"), "api_key");
        assert_eq!(snake_case("api_key"), "api_key");
        assert_eq!(snake_case("APIKey"), "api_key");
        assert_eq!(snake_case("instanceUrl"), "instance_url");
        assert_eq!(snake_case("1password-events"), "_1password_events");
        assert_eq!(upper_camel_case("1password-events"), "P1passwordEvents");
        assert_eq!(upper_camel_case("kandji"), "Kandji");
        assert_eq!(upper_camel_case("a-1b"), upper_camel_case("a1b"));
        assert!(is_keyword("type"));
        assert_eq!(upper_camel_case("amplitude.com]"), "AmplitudeCom");
        assert_eq!(upper_camel_case("eu (beta)/2"), "EuBeta2");
        assert_eq!(upper_camel_case("café"), "Cafe");
        assert_eq!(upper_camel_case("a\u{202e}b"), "AB");
    }

    proptest::proptest! {
        #[test]
        fn upper_camel_case_joins_the_snake_case_words(text in "[a-zA-Z0-9_ .é-]{0,12}") {
            let words = snake_case(&text);
            let mut expected: String = words
                .split('_')
                .filter(|word| !word.is_empty())
                .map(|word| word[..1].to_ascii_uppercase() + &word[1..])
                .collect();
            if expected.starts_with(|c: char| c.is_ascii_digit()) {
                expected.insert(0, 'P');
            }
            proptest::prop_assert_eq!(upper_camel_case(&text), expected);
        }
    }

    #[test]
    fn sanitized_names_are_identifiers() {
        assert_eq!(sanitize("type", Case::Snake, "field"), "r#type");
        assert_eq!(sanitize("self", Case::Snake, "field"), "self_");
        assert_eq!(sanitize("Self", Case::Snake, "field"), "self_");
        assert_eq!(sanitize("crate", Case::Snake, "field"), "crate_");
        assert_eq!(sanitize("_", Case::Snake, "field"), "field");
        assert_eq!(sanitize("__", Case::UpperCamel, "Value"), "Value");
        assert_eq!(sanitize("self", Case::UpperCamel, "Value"), "SelfValue");
        assert_eq!(sanitize("東京", Case::UpperCamel, "Value"), "DongJing");
        for text in ["", "_", "-", "\u{202e}", "*/", "\"", "r#x", "0", "_0"] {
            for case in [Case::Snake, Case::UpperCamel] {
                let name = sanitize(text, case, "fallback");
                let bare = name.strip_prefix("r#").unwrap_or(&name);
                assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{text:?} → {name:?}");
                assert!(bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{name:?}");
            }
        }
    }

    #[test]
    fn colliding_texts_get_distinct_names() {
        let texts = ["a3", "a", "a_", "A", "us-east", "us_east", "1", ""].map(String::from);
        assert_eq!(
            unique_names(&texts, Case::UpperCamel, "Value"),
            ["A3", "A", "A2", "A4", "UsEast", "UsEast2", "P1", "Value"]
        );
    }

    #[test]
    fn a_scope_claims_free_names() {
        let mut scope = Scope::with_reserved(&["Secret"]);
        assert_eq!(scope.claim(["Secret".to_owned(), "SecretConnection".to_owned()]), "SecretConnection");
        assert_eq!(scope.claim(["Secret".to_owned(), "SecretConnection".to_owned()]), "SecretConnection2");
        assert_eq!(scope.claim(["Kandji".to_owned()]), "Kandji");
    }

    /// `snake_case` as first written, on characters, then trimmed and prefixed: the byte loop
    /// above must name every text the same.
    fn snake_case_on_chars(name: &str) -> String {
        let ascii = ascii_text(name);
        let chars: Vec<char> = ascii.chars().collect();
        let mut out = String::new();
        for (i, &c) in chars.iter().enumerate() {
            if !c.is_ascii_alphanumeric() {
                if !out.ends_with('_') && !out.is_empty() {
                    out.push('_');
                }
                continue;
            }
            if c.is_ascii_uppercase() {
                let previous = i.checked_sub(1).map(|p| chars[p]);
                let next = chars.get(i + 1);
                let boundary = previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                    || (previous.is_some_and(|p| p.is_ascii_uppercase())
                        && next.is_some_and(|n| n.is_ascii_lowercase()));
                if boundary && !out.ends_with('_') {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        let trimmed = out.trim_end_matches('_').to_string();
        if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
            format!("_{trimmed}")
        } else {
            trimmed
        }
    }

    proptest::proptest! {
        #[test]
        fn snake_case_names_every_text_as_on_characters(text in "[-_ .aA1zZ9é東(]{0,12}|\\PC{0,12}") {
            proptest::prop_assert_eq!(snake_case(&text), snake_case_on_chars(&text));
        }
    }
}
