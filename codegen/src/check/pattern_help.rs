//! The help for a pattern browsers refuse to compile: the mistake in the pattern itself, found by
//! reading it the way the `u` flag does, so the help names the escape or range to change.

/// What to change in a pattern `regress` refused, for `reason` its error.
pub(super) fn syntax_help(source: &str, reason: &str) -> String {
    if let Some(escaped) = first_invalid_escape(source) {
        return format!(
            "browsers compile patterns with the `u` flag, where only syntax characters may be escaped: \
             write `{escaped}` rather than `\\{escaped}`"
        );
    }
    if reason.to_ascii_lowercase().contains("range") {
        if let Some((low, high)) = first_reversed_range(source) {
            return format!(
                "inside `[...]`, `{low}-{high}` is a range from `{low}` to `{high}`, which runs backwards: \
                 to mean `-` itself, write it first or last in the brackets, or as `\\-`"
            );
        }
    }
    "patterns are ECMAScript regular expressions, as in JavaScript's `new RegExp(pattern, \"u\")`".into()
}

/// The first character escaped with `\` that the `u` flag does not allow escaping.
fn first_invalid_escape(source: &str) -> Option<char> {
    let chars: Vec<char> = source.chars().collect();
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                let next = *chars.get(i + 1)?;
                let after = chars.get(i + 2).copied();
                let valid = match next {
                    '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '/' => true,
                    'd' | 'D' | 's' | 'S' | 'w' | 'W' | 'f' | 'n' | 'r' | 't' | 'v' | 'x' | 'u' | 'p' | 'P' => true,
                    'b' => true,
                    'B' | 'k' | '1'..='9' => !in_class,
                    '-' => in_class,
                    '0' => !after.is_some_and(|c| c.is_ascii_digit()),
                    'c' => after.is_some_and(|c| c.is_ascii_alphabetic()),
                    _ => false,
                };
                if !valid {
                    return Some(next);
                }
                i += 2;
            }
            '[' if !in_class => {
                in_class = true;
                i += 1;
            }
            ']' if in_class => {
                in_class = false;
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// The first `a-b` inside brackets whose end comes before its start.
fn first_reversed_range(source: &str) -> Option<(String, String)> {
    let chars: Vec<char> = source.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '[' => {
                i += 1;
                if chars.get(i) == Some(&'^') {
                    i += 1;
                }
                while i < chars.len() && chars[i] != ']' {
                    let (low, low_end) = class_atom(&chars, i)?;
                    if chars.get(low_end) == Some(&'-') && chars.get(low_end + 1).is_some_and(|&c| c != ']') {
                        let (high, high_end) = class_atom(&chars, low_end + 1)?;
                        if let (Some(l), Some(h)) = (low.1, high.1) {
                            if l > h {
                                return Some((low.0, high.0));
                            }
                        }
                        i = high_end;
                    } else {
                        i = low_end;
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// One member of a bracket class at `start`: as written, the code point it stands for (`None` for
/// a class escape such as `\d`), and where the next member starts.
fn class_atom(chars: &[char], start: usize) -> Option<((String, Option<u32>), usize)> {
    let c = *chars.get(start)?;
    if c != '\\' {
        return Some(((c.to_string(), Some(c.into())), start + 1));
    }
    let (code, last) = match chars.get(start + 1) {
        // Inside brackets, `\b` is the backspace, not a word boundary.
        Some('b') => (Some('\u{8}'), start + 1),
        _ => super::pattern::escaped_char(chars, start),
    };
    let written: String = chars.get(start..=last)?.iter().collect();
    Some(((written, code.map(u32::from)), last + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_escape_the_u_flag_refuses() {
        assert!(syntax_help(r"^https://[a-z.]+(?:\:[0-9]+)?$", "Invalid character escape")
            .contains("write `:` rather than `\\:`"));
        assert!(syntax_help(r"^[a-z\_]+$", "Invalid character escape").contains("write `_` rather than `\\_`"));
        assert_eq!(first_invalid_escape(r"^[\-a-z]+\.\d{2}\/\u0041\x41\cA\0$"), None);
        assert_eq!(first_invalid_escape(r"a\-b"), Some('-'), "`\\-` is an escape only inside brackets");
    }

    #[test]
    fn names_the_range_that_runs_backwards() {
        let help = syntax_help(r"^[a-zA-Z0-9_!@#$%^&*()\\-+=]+$", "Range values reversed");
        assert!(help.contains(r"`\\-+` is a range from `\\` to `+`"), "{help}");
        assert_eq!(first_reversed_range(r"^[a-z-]+[-a][+-=]$"), None);
        assert_eq!(first_reversed_range(r"[z-a]"), Some(("z".into(), "a".into())));
        assert_eq!(first_reversed_range(r"[\x7a-\u0061]"), Some((r"\x7a".into(), r"\u0061".into())), "escapes decoded");
    }

    proptest::proptest! {
        #[test]
        fn reads_any_text_without_panicking(
            source in r"[\\\[\]^a-z0-9\-+&é]{0,16}",
            reason in "(Range values reversed|Invalid character escape|Unbalanced)",
        ) {
            let help = syntax_help(&source, &reason);
            proptest::prop_assert!(!help.is_empty());
        }
    }

    #[test]
    fn falls_back_to_the_grammar_it_follows() {
        assert!(syntax_help("a{2", "Unbalanced brace").contains("new RegExp(pattern, \"u\")"));
        assert!(syntax_help("(a", "Unbalanced parenthesis").contains("ECMAScript"));
    }
}
