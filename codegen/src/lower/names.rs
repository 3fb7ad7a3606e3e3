//! How provider ids and field names become Rust identifiers. The validator uses the same
//! functions as the Rust emitter to refuse names that would collide.

/// `apiKey` → `api_key`, `APIKey` → `api_key`, `instance_url` → `instance_url`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        // Anything but an ASCII letter or digit separates words, so that any text (an enum value
        // such as `eu (beta)`) yields an identifier.
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
                || (previous.is_some_and(|p| p.is_ascii_uppercase()) && next.is_some_and(|n| n.is_ascii_lowercase()));
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

/// `kandji` → `Kandji`, `1password-events` → `P1passwordEvents` (a type name cannot start with a digit).
pub fn upper_camel_case(name: &str) -> String {
    let mut out = String::new();
    for word in snake_case(name).split('_').filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("P{out}")
    } else {
        out
    }
}

/// Rust keywords, strict and reserved, which need the raw form (`r#type`) as identifiers.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
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
        assert_eq!(upper_camel_case("café"), "Caf");
    }
}
