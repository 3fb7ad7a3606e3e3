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
    let regex = regress::Regex::with_flags(pattern, "u").map_err(|e| PatternError::Syntax(e.to_string()))?;
    if contains_escape(pattern, &['p', 'P']) {
        return Err(PatternError::EngineDependent(
            "Unicode property escapes (`\\p{...}`) depend on the Unicode version each engine ships",
        ));
    }
    Ok(Pattern { regex, source: pattern.to_owned() })
}

impl Pattern {
    /// JSON Schema semantics: the pattern is searched for, not matched against the whole value.
    pub fn accepts(&self, value: &str) -> bool {
        self.regex.find(value).is_some()
    }

    /// Whether a masked example (`5037c64a****`) could be a value the pattern accepts: each run
    /// of `*` stands for one or more hidden characters. Candidates fill the runs with one
    /// repeated character, at the length shown and at every length up to 128 for the masked
    /// part, which covers fixed-length tokens whose examples show fewer stars than characters.
    pub fn accepts_masked(&self, example: &str) -> bool {
        let segments: Vec<&str> = example.split('*').collect();
        let runs: Vec<usize> = mask_runs(example);
        if runs.is_empty() {
            return self.accepts(example);
        }
        let visible: Vec<&str> = segments.into_iter().filter(|s| !s.is_empty()).collect();
        let starts_masked = example.starts_with('*');
        let fillers = "0aA1fF9zZ_-.";
        let shown: usize = runs.iter().sum();
        let lengths = std::iter::once(shown).chain(1..=128);
        for total in lengths {
            let lengths = spread(total, &runs);
            for filler in fillers.chars() {
                if self.accepts(&assemble(&visible, &lengths, starts_masked, filler)) {
                    return true;
                }
            }
        }
        false
    }
}

fn mask_runs(example: &str) -> Vec<usize> {
    let mut runs = Vec::new();
    let mut current = 0;
    for c in example.chars() {
        if c == '*' {
            current += 1;
        } else if current > 0 {
            runs.push(current);
            current = 0;
        }
    }
    if current > 0 {
        runs.push(current);
    }
    runs
}

/// Distributes `total` hidden characters over the runs: every run keeps its shown length except
/// the longest, which takes the difference (at least one character).
fn spread(total: usize, runs: &[usize]) -> Vec<usize> {
    let longest = runs.iter().enumerate().max_by_key(|(_, n)| **n).map_or(0, |(i, _)| i);
    let others: usize = runs.iter().enumerate().filter(|(i, _)| *i != longest).map(|(_, n)| n).sum();
    runs.iter()
        .enumerate()
        .map(|(i, n)| if i == longest { total.saturating_sub(others).max(1) } else { *n })
        .collect()
}

fn assemble(visible: &[&str], runs: &[usize], starts_masked: bool, filler: char) -> String {
    let mut out = String::new();
    let mut visible = visible.iter();
    let mut runs = runs.iter();
    let mut masked_turn = starts_masked;
    loop {
        if masked_turn {
            match runs.next() {
                Some(n) => out.extend(std::iter::repeat_n(filler, *n)),
                None => break,
            }
        } else {
            match visible.next() {
                Some(text) => out.push_str(text),
                None if runs.len() == 0 => break,
                None => {}
            }
        }
        masked_turn = !masked_turn;
        if runs.len() == 0 && visible.len() == 0 {
            break;
        }
    }
    out
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
        assert!(matches!(compile(r"\p{L}+"), Err(PatternError::EngineDependent(_))));
    }

    #[test]
    fn digits_are_ascii_like_in_browsers() {
        let p = compile(r"^\d+$").unwrap();
        assert!(p.accepts("123"));
        assert!(!p.accepts("١٢٣"));
        assert!(compile("abc").unwrap().accepts("xxabcxx"), "JSON Schema patterns search");
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
    }

    #[test]
    fn flags_nested_unbounded_quantifiers() {
        assert!(has_nested_unbounded_quantifier(r"^(a+)+$"));
        assert!(has_nested_unbounded_quantifier(r"^([a-z]*\.)*$"));
        assert!(has_nested_unbounded_quantifier(r"^((ab)+c)*$"));
        assert!(!has_nested_unbounded_quantifier(r"^[a-z0-9]+(\.[a-z]{2,3})?$"));
        assert!(!has_nested_unbounded_quantifier(r"^(ab){2}$"));
        assert!(!has_nested_unbounded_quantifier(r"^[(a+)+]$"));
    }
}
