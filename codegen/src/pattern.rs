//! Field patterns: ECMAScript regular expressions, as browsers (and ajv) run them with the `u`
//! flag.
//!
//! The validator compiles every pattern with `regress`, which implements ECMAScript's grammar and
//! semantics (`\d` and `\w` are ASCII, lookbehind and backreferences exist, needless escapes such
//! as `\:` are errors under `u`). The generated Rust crate uses the same engine with the same
//! flag, so the back end accepts exactly what the form accepts. Like JSON Schema's `pattern`, a
//! pattern matches if it is found anywhere in the value; authors anchor it with `^...$`.

/// A pattern that compiled, with what the validator noticed about it.
pub struct Pattern {
    pub regex: regress::Regex,
    /// The pattern as written.
    pub source: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum PatternError {
    /// Not an ECMAScript regular expression under the `u` flag.
    Syntax(String),
    /// Valid, but its meaning depends on the Unicode version of the engine, so the browser and
    /// the back end could disagree.
    EngineDependent(&'static str),
}

pub fn compile(pattern: &str) -> Result<Pattern, PatternError> {
    let regex = regress::Regex::with_flags(pattern, "u")
        .map_err(|e| PatternError::Syntax(e.to_string()))?;
    if contains_escape(pattern, &['p', 'P']) {
        return Err(PatternError::EngineDependent(
            "Unicode property escapes (`\\p{...}`) depend on the Unicode version each engine ships",
        ));
    }
    Ok(Pattern {
        regex,
        source: pattern.to_owned(),
    })
}

impl Pattern {
    /// JSON Schema semantics: the pattern is searched for, not matched against the whole value.
    pub fn accepts(&self, value: &str) -> bool {
        self.regex.find(value).is_some()
    }

    /// Whether a masked example (`5037c64a****`) could be a value the pattern accepts, judged on
    /// the characters it shows: each run of `*` stands for one or more hidden characters.
    ///
    /// The pattern becomes a DFA (with `regex-automata`; ECMAScript and its syntax agree on the
    /// constructs it accepts once Unicode classes are off, as under ECMAScript's ASCII `\d\w\s`),
    /// and the question is whether some string of the example's shape reaches a match: a search
    /// over the product of the DFA and the example. Patterns it cannot build (lookaround,
    /// backreferences) are tried with every hidden run filled by one repeated character.
    pub fn accepts_masked(&self, example: &str) -> bool {
        if !example.contains('*') {
            return self.accepts(example);
        }
        match masked_search_dfa(&self.source) {
            Some(dfa) => shape_reaches_match(&dfa, example),
            None => {
                let filled = |filler: char| {
                    example
                        .chars()
                        .map(|c| if c == '*' { filler } else { c })
                        .collect::<String>()
                };
                "0aA1fF9zZ_-."
                    .chars()
                    .any(|filler| self.accepts(&filled(filler)))
            }
        }
    }
}

type SearchDfa = regex_automata::dfa::dense::DFA<Vec<u32>>;

/// An unanchored DFA that reports every match, as JSON Schema's search semantics need.
fn masked_search_dfa(pattern: &str) -> Option<SearchDfa> {
    use regex_automata::dfa::{dense, StartKind};
    use regex_automata::util::syntax;
    dense::Builder::new()
        .configure(
            dense::Config::new()
                .start_kind(StartKind::Unanchored)
                .match_kind(regex_automata::MatchKind::All)
                .dfa_size_limit(Some(8 << 20))
                .determinize_size_limit(Some(8 << 20)),
        )
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .build(pattern)
        .ok()
}

/// Whether a string shaped like `example` (shown characters as they are, each run of `*` as one
/// or more printable ASCII characters) contains a match of the DFA.
fn shape_reaches_match(dfa: &SearchDfa, example: &str) -> bool {
    use regex_automata::dfa::Automaton;
    use regex_automata::util::start;
    enum Token {
        Shown(u8),
        Hidden,
    }
    let mut tokens = Vec::new();
    for c in example.chars() {
        if c == '*' {
            if !matches!(tokens.last(), Some(Token::Hidden)) {
                tokens.push(Token::Hidden);
            }
        } else {
            tokens.extend(c.to_string().bytes().map(Token::Shown));
        }
    }
    let Ok(start) = dfa.start_state(&start::Config::new().anchored(regex_automata::Anchored::No))
    else {
        return false;
    };
    let mut seen = std::collections::HashSet::new();
    let mut pending = vec![(start, 0usize)];
    while let Some((state, index)) = pending.pop() {
        if dfa.is_match_state(state) {
            return true;
        }
        if dfa.is_dead_state(state) || !seen.insert((state, index)) {
            continue;
        }
        match tokens.get(index) {
            None => {
                if dfa.is_match_state(dfa.next_eoi_state(state)) {
                    return true;
                }
            }
            Some(Token::Shown(byte)) => pending.push((dfa.next_state(state, *byte), index + 1)),
            Some(Token::Hidden) => {
                for byte in 0x20..=0x7e {
                    let next = dfa.next_state(state, byte);
                    pending.push((next, index + 1));
                    pending.push((next, index));
                }
            }
        }
    }
    false
}

/// Whether the pattern has `\x` for one of `letters` outside a class-free escape context.
fn contains_escape(pattern: &str, letters: &[char]) -> bool {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                if letters.contains(&next) {
                    return true;
                }
            }
        }
    }
    false
}

/// A quantified group that itself contains an unbounded quantifier, such as `(a+)+` or
/// `([a-z]*\.)*`: backtracking engines, browsers included, can take exponential time on them.
pub fn has_nested_unbounded_quantifier(pattern: &str) -> bool {
    // For each open group: whether it contains an unbounded quantifier so far.
    let mut groups: Vec<bool> = Vec::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    let mut in_class = false;
    let mut last_group_unbounded = false;
    while i < chars.len() {
        let c = chars[i];
        let mut just_closed = false;
        match c {
            '\\' => i += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ if in_class => {}
            '(' => groups.push(false),
            ')' => {
                last_group_unbounded = groups.pop().unwrap_or(false);
                just_closed = true;
            }
            _ => {}
        }
        i += 1;
        if in_class {
            continue;
        }
        let unbounded = match chars.get(i) {
            Some('*') | Some('+') => true,
            Some('{') => {
                let rest: String = chars[i..].iter().take_while(|c| **c != '}').collect();
                rest.ends_with(',')
            }
            _ => false,
        };
        if unbounded {
            if just_closed && last_group_unbounded {
                return true;
            }
            if let Some(top) = groups.last_mut() {
                *top = true;
            }
        }
        if just_closed && last_group_unbounded {
            if let Some(top) = groups.last_mut() {
                *top = true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_as_ecmascript_with_the_u_flag() {
        assert!(compile(r"^[a-f0-9]{64}$").is_ok());
        assert!(compile(r"(?<=x)y").is_ok());
        assert!(matches!(compile(r"^\:$"), Err(PatternError::Syntax(_))));
        assert!(matches!(compile(r"a{2"), Err(PatternError::Syntax(_))));
        assert!(matches!(
            compile(r"\p{L}+"),
            Err(PatternError::EngineDependent(_))
        ));
    }

    #[test]
    fn digits_are_ascii_like_in_browsers() {
        let p = compile(r"^\d+$").unwrap();
        assert!(p.accepts("123"));
        assert!(!p.accepts("١٢٣"));
        assert!(
            compile("abc").unwrap().accepts("xxabcxx"),
            "JSON Schema patterns search"
        );
    }

    #[test]
    fn masked_examples_are_checked_on_what_they_show() {
        let hex64 = compile(r"^[a-f0-9]{64}$").unwrap();
        assert!(hex64.accepts_masked("5037c64a****"));
        assert!(!hex64.accepts_masked("5037c64G****"));
        let upper = compile(r"^[A-F0-9]+$").unwrap();
        assert!(upper.accepts_masked("74E12F****************************9C5D6F"));
        assert!(!upper.accepts_masked("74e12f****9C5D6F"));
        assert!(compile(r"^sk_[a-z]+$").unwrap().accepts_masked("sk_****"));
        let jwt = compile(r"^eyJ[a-zA-Z0-9_-]+\.ey[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]+$").unwrap();
        assert!(
            jwt.accepts_masked("eyJhbGciOiJF****.****CJ9.eyJ****"),
            "hidden characters may be the `ey` the pattern needs"
        );
        assert!(
            !jwt.accepts_masked("eyJ!bGci****"),
            "a shown character the pattern refuses"
        );
        let lookbehind = compile(r"(?<=k_)[a-z]+$").unwrap();
        assert!(lookbehind.accepts_masked("sk_****"));
    }

    #[test]
    fn flags_nested_unbounded_quantifiers() {
        assert!(has_nested_unbounded_quantifier(r"^(a+)+$"));
        assert!(has_nested_unbounded_quantifier(r"^([a-z]*\.)*$"));
        assert!(has_nested_unbounded_quantifier(r"^((ab)+c)*$"));
        assert!(!has_nested_unbounded_quantifier(
            r"^[a-z0-9]+(\.[a-z]{2,3})?$"
        ));
        assert!(!has_nested_unbounded_quantifier(r"^(ab){2}$"));
        assert!(!has_nested_unbounded_quantifier(r"^[(a+)+]$"));
    }
}
