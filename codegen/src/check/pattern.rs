//! Field patterns: ECMAScript regular expressions, as browsers (and ajv) run them with the `u`
//! flag.
//!
//! The validator compiles every pattern with `regress`, which implements ECMAScript's grammar and
//! semantics (`\d` and `\w` are ASCII, lookbehind and backreferences exist, needless escapes such
//! as `\:` are errors under `u`). The generated Rust crate uses the same engine with the same
//! flag, so the back end accepts exactly what the form accepts. Like JSON Schema's `pattern`, a
//! pattern matches if it is found anywhere in the value; authors anchor it with `^...$`.

mod ambiguity;
mod syntax;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

/// A pattern that compiled, with what the validator noticed about it.
pub struct Pattern {
    pub regex: regress::Regex,
    /// The pattern as written.
    pub source: String,
    /// The same pattern in the syntax of the `regex` crate, whose engine runs in time linear in
    /// the value's length; `None` for patterns with lookaround or backreferences.
    pub linear_source: Option<String>,
    /// `linear_source`, compiled: it judges values here, so no example can hang the validator.
    linear: Option<regex_automata::meta::Regex>,
    /// Whether a backtracking engine can take exponential time on the pattern.
    pub backtracking: Backtracking,
    /// The DFA that judges masked examples, built the first time one is checked.
    masked: OnceLock<Option<MaskedSearch>>,
}

/// How long a backtracking engine (the browser's) can take on a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backtracking {
    /// Time polynomial in the value's length: every repetition reads each text one way.
    Polynomial,
    /// Exponential time on some values, with a rewrite that means the same when one follows
    /// from the pattern.
    Exponential { rewrite: Option<String> },
    /// Too large to decide.
    Undecided,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternError {
    /// Not an ECMAScript regular expression under the `u` flag.
    Syntax(String),
    /// Valid, but its meaning depends on the Unicode version of the engine, so the browser and
    /// the back end could disagree.
    EngineDependent(&'static str),
}

/// Compiles a pattern, once per process: registries repeat patterns (a subdomain, a 32-digit
/// hex key) across many providers, and compiling is most of what validating a field costs.
pub fn compile(pattern: &str) -> Result<Arc<Pattern>, PatternError> {
    type Compiled = Result<Arc<Pattern>, PatternError>;
    static CACHE: LazyLock<Mutex<HashMap<String, Compiled>>> = LazyLock::new(Mutex::default);
    if let Some(compiled) = CACHE.lock().unwrap_or_else(|e| e.into_inner()).get(pattern) {
        return compiled.clone();
    }
    // Compiled outside the lock, so that the other threads go on meanwhile.
    let compiled = compile_uncached(pattern).map(Arc::new);
    CACHE.lock().unwrap_or_else(|e| e.into_inner()).insert(pattern.to_owned(), compiled.clone());
    compiled
}

fn compile_uncached(pattern: &str) -> Result<Pattern, PatternError> {
    let regex = ecmascript_regex(pattern).map_err(|e| PatternError::Syntax(e.to_string()))?;
    if contains_escape(pattern, &['p', 'P']) {
        return Err(PatternError::EngineDependent(
            "Unicode property escapes (`\\p{...}`) depend on the Unicode version each engine ships",
        ));
    }
    let tree = syntax::parse(pattern).map_err(PatternError::Syntax)?;
    let backtracking = match ambiguity::verdict(&tree) {
        ambiguity::Verdict::Polynomial => Backtracking::Polynomial,
        ambiguity::Verdict::Exponential => Backtracking::Exponential { rewrite: ambiguity::rewrite(pattern, &tree) },
        ambiguity::Verdict::TooLarge => Backtracking::Undecided,
    };
    // A translation the engine cannot build within its limits is left to `regress`.
    let (linear_source, linear) = match syntax::to_linear_syntax(&tree) {
        Some(source) => match linear_regex(&source) {
            Some(linear) => (Some(source), Some(linear)),
            None => (None, None),
        },
        None => (None, None),
    };
    Ok(Pattern { regex, source: pattern.to_owned(), linear_source, linear, backtracking, masked: OnceLock::new() })
}

/// The pattern compiled by `regress` with the `u` flag, as browsers compile it. The validator
/// matches with it only patterns the linear engine cannot run, and only a few short values: it
/// skips `regress`'s optimizer, which leaves what matches unchanged and costs more than the
/// searches it would speed up.
pub(super) fn ecmascript_regex(pattern: &str) -> Result<regress::Regex, regress::Error> {
    regress::Regex::with_flags(pattern, regress::Flags { unicode: true, no_opt: true, ..Default::default() })
}

/// `regex::Regex::new(source).ok()`, without the lazy DFA: the validator searches a few short
/// values per pattern, for which building that DFA and the reverse NFA it needs costs more than
/// the searches themselves. The other engines answer the same; the syntax and limits are those
/// of `regex`.
fn linear_regex(source: &str) -> Option<regex_automata::meta::Regex> {
    use regex_automata::{meta, util::syntax, MatchKind};
    let config = meta::Config::new()
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(10 << 20))
        .hybrid(false)
        .dfa(false);
    meta::Builder::new().configure(config).syntax(syntax::Config::new().utf8(true)).build(source).ok()
}

impl Pattern {
    /// JSON Schema semantics: the pattern is searched for, not matched against the whole value.
    /// An exponential pattern without a linear translation (it is refused) accepts everything,
    /// so that judging its example cannot hang the validator.
    pub fn accepts(&self, value: &str) -> bool {
        match &self.linear {
            Some(linear) => linear.is_match(value),
            None if self.backtracking != Backtracking::Polynomial => true,
            None => self.regex.find(value).is_some(),
        }
    }

    /// Whether a masked example (`5037c64a****`) could be a value the pattern accepts, judged on
    /// the characters it shows: each run of mask characters ([`is_mask`]) stands for one or more
    /// hidden characters.
    ///
    /// The pattern's translation for the linear engine becomes a DFA (with `regex-automata`: the
    /// ECMAScript text itself would be misread, as `[a&&b]` or `[--a]` are set operations in
    /// that syntax), and the question is whether some string of the example's shape reaches a
    /// match: a search over the product of the DFA and the example. Patterns without a translation
    /// (lookaround, backreferences), or whose search outgrows the DFA's cache, are tried with
    /// every hidden run filled by one repeated character.
    pub fn accepts_masked(&self, example: &str) -> bool {
        if !example.chars().any(is_mask) {
            return self.accepts(example);
        }
        // A filling of the mask is a string of the example's shape, and the linear engine judges
        // it as the DFA would: most masked examples pass with one, without building the DFA.
        if self.linear.is_some() && self.accepts_a_filling(example) {
            return true;
        }
        let search =
            self.masked.get_or_init(|| self.linear_source.as_deref().and_then(search_dfa).map(MaskedSearch::new));
        match search.as_ref().and_then(|search| search.reaches_match(example)) {
            Some(verdict) => verdict,
            // With a linear engine, every filling was refused above.
            None => self.linear.is_none() && self.accepts_a_filling(example),
        }
    }

    /// Whether the pattern accepts the example with every mask character replaced by one of
    /// [`MASK_FILLERS`].
    fn accepts_a_filling(&self, example: &str) -> bool {
        MASK_FILLERS.chars().any(|filler| self.accepts(&fill_mask(example, filler)))
    }
}

/// A masked-example search with the states it built so far: patterns repeat across providers,
/// and building states is most of what a search costs.
struct MaskedSearch {
    dfa: SearchDfa,
    cache: Mutex<regex_automata::hybrid::dfa::Cache>,
    /// One printable ASCII byte of each of the DFA's byte classes.
    hidden: Vec<u8>,
}

impl MaskedSearch {
    fn new(dfa: SearchDfa) -> MaskedSearch {
        let cache = Mutex::new(dfa.create_cache());
        let hidden = printable_representatives(&dfa);
        MaskedSearch { dfa, cache, hidden }
    }

    /// [`shape_reaches_match`] as on a fresh cache. A search that completes on the kept states
    /// needed no more than a fresh cache holds, and the DFA means the same whichever states were
    /// built; one that fills the cache is run again on an emptied one, as it would have run.
    fn reaches_match(&self, example: &str) -> Option<bool> {
        let Ok(mut cache) = self.cache.try_lock() else {
            // Another thread searches this pattern: this search builds its own states.
            return shape_reaches_match(&self.dfa, &mut self.dfa.create_cache(), &self.hidden, example);
        };
        if cache.clear_count() == 0 {
            if let Some(verdict) = shape_reaches_match(&self.dfa, &mut cache, &self.hidden, example) {
                return Some(verdict);
            }
        }
        cache.reset(&self.dfa);
        shape_reaches_match(&self.dfa, &mut cache, &self.hidden, example)
    }
}

/// Characters tried in place of a mask where no exact search is possible.
pub const MASK_FILLERS: &str = "0aA1fF9zZ_-.";

/// A character that hides the characters of a masked example: `*`, or a symbol outside ASCII
/// (`•`, `●`, `■`), which no key or identifier is made of.
pub fn is_mask(c: char) -> bool {
    c == '*' || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace())
}

/// Whether an example looks masked: it holds `*`, or a run of one symbol outside ASCII
/// (`rootly_db86a6••••••••`); a lone `é` or `–` is text.
pub fn looks_masked(example: &str) -> bool {
    let chars: Vec<char> = example.chars().collect();
    chars.contains(&'*') || chars.windows(2).any(|pair| pair[0] == pair[1] && is_mask(pair[0]))
}

/// The example with each mask character replaced by `filler`.
pub fn fill_mask(example: &str, filler: char) -> String {
    example.chars().map(|c| if is_mask(c) { filler } else { c }).collect()
}

type SearchDfa = regex_automata::hybrid::dfa::DFA;

/// An unanchored DFA that reports every match, as JSON Schema's search semantics need, from a
/// pattern in the linear engine's syntax (code points, as ECMAScript's `u` flag reads them). It
/// is lazy: a search builds the states it reaches.
fn search_dfa(linear_source: &str) -> Option<SearchDfa> {
    use regex_automata::hybrid::dfa;
    use regex_automata::util::syntax;
    dfa::Builder::new()
        .configure(dfa::Config::new().match_kind(regex_automata::MatchKind::All).cache_capacity(8 << 20))
        .syntax(syntax::Config::new().utf8(true))
        .build(linear_source)
        .ok()
}

/// Bytes of one class move the DFA alike: one of each printable class stands for every
/// character a mask may hide.
fn printable_representatives(dfa: &SearchDfa) -> Vec<u8> {
    dfa.byte_classes().representatives(0x20..=0x7e).filter_map(|unit| unit.as_u8()).collect()
}

/// Whether a string shaped like `example` (shown characters as they are, each run of mask
/// characters as one or more printable ASCII characters, which `hidden` represents) contains a
/// match of the DFA; `None` when the search needs more states than the DFA's cache holds (a
/// cleared cache).
fn shape_reaches_match(
    dfa: &SearchDfa,
    cache: &mut regex_automata::hybrid::dfa::Cache,
    hidden: &[u8],
    example: &str,
) -> Option<bool> {
    use regex_automata::util::start;
    enum Token {
        Shown(u8),
        Hidden,
    }
    let mut tokens = Vec::new();
    for c in example.chars() {
        if is_mask(c) {
            if !matches!(tokens.last(), Some(Token::Hidden)) {
                tokens.push(Token::Hidden);
            }
        } else {
            tokens.extend(c.encode_utf8(&mut [0; 4]).bytes().map(Token::Shown));
        }
    }
    let Ok(start) = dfa.start_state(cache, &start::Config::new().anchored(regex_automata::Anchored::No)) else {
        return Some(false);
    };
    let mut seen = std::collections::HashSet::new();
    let mut pending = vec![(start, 0usize)];
    while let Some((state, index)) = pending.pop() {
        if state.is_match() {
            return Some(true);
        }
        if state.is_dead() || !seen.insert((state, index)) {
            continue;
        }
        match tokens.get(index) {
            None => {
                if dfa.next_eoi_state(cache, state).ok()?.is_match() {
                    return Some(true);
                }
            }
            Some(Token::Shown(byte)) => pending.push((dfa.next_state(cache, state, *byte).ok()?, index + 1)),
            Some(Token::Hidden) => {
                for &byte in hidden {
                    let next = dfa.next_state(cache, state, byte).ok()?;
                    pending.push((next, index + 1));
                    pending.push((next, index));
                }
            }
        }
        // A full cache is cleared, which invalidates every state held here.
        if cache.clear_count() > 0 {
            return None;
        }
    }
    Some(false)
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

/// Whether the pattern must match the whole value: it starts with `^`, ends with an unescaped
/// `$`, and has no `|` outside groups (`^a|b$` is `^a` or `b$`).
pub fn is_fully_anchored(pattern: &str) -> bool {
    let chars: Vec<char> = pattern.chars().collect();
    let (mut depth, mut in_class, mut i) = (0usize, false, 0);
    let mut ends_with_escaped = false;
    while i < chars.len() {
        ends_with_escaped = false;
        match chars[i] {
            '\\' => {
                i += 1;
                ends_with_escaped = true;
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            _ if in_class => {}
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '|' if depth == 0 => return false,
            _ => {}
        }
        i += 1;
    }
    pattern.starts_with('^') && pattern.ends_with('$') && !ends_with_escaped
}

/// The first of `candidates` that some character-consuming part of the pattern could match:
/// a literal, a class, `.` or an escape such as `\W`. Lookarounds consume nothing and are
/// skipped. This over-approximates (it ignores what surrounds each part), which is what a
/// security check wants: it finds `:` in `^[a-z]+(\.com:[0-9]+)?$`, which no probe value
/// would think of. Whether an unanchored pattern lets anything through is a separate question.
pub fn may_match_one_of(pattern: &str, candidates: &[char]) -> Option<char> {
    let chars: Vec<char> = pattern.chars().collect();
    // For each open group: whether it is a lookaround.
    let mut groups: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let in_lookaround = groups.contains(&true);
        let mut matched: Option<char> = None;
        match chars[i] {
            '(' => {
                let rest: String = chars[i + 1..].iter().take(3).collect();
                let lookaround = ["?=", "?!", "?<=", "?<!"].iter().any(|p| rest.starts_with(p));
                groups.push(lookaround);
                if rest.starts_with('?') {
                    // Skip the group's prefix: `?:`, `?=`, `?!`, `?<=`, `?<!` or `?<name>`.
                    let prefix_end = if rest.starts_with("?<") && !lookaround {
                        chars[i..].iter().position(|c| *c == '>').unwrap_or(0)
                    } else {
                        rest.find(['=', '!', ':']).map_or(0, |p| p + 1)
                    };
                    i += prefix_end;
                }
            }
            ')' => {
                groups.pop();
            }
            '[' => {
                let (set, end) = class_at(&chars, i);
                matched = candidates.iter().copied().find(|c| set(*c));
                i = end;
            }
            '\\' => {
                let (set, end) = escape_at(&chars, i);
                matched = candidates.iter().copied().find(|c| set(*c));
                i = end;
            }
            '.' => matched = candidates.iter().copied().find(|c| !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')),
            '{' => i += chars[i..].iter().position(|c| *c == '}').unwrap_or(0),
            '^' | '$' | '|' | '*' | '+' | '?' => {}
            literal => matched = candidates.iter().copied().find(|c| *c == literal),
        }
        if !in_lookaround && matched.is_some() {
            return matched;
        }
        i += 1;
    }
    None
}

type CharSet = Box<dyn Fn(char) -> bool>;

/// The escape starting at `chars[start]` (a `\`): what it matches and the index of its last
/// character. Backreferences and assertions match nothing of their own.
fn escape_at(chars: &[char], start: usize) -> (CharSet, usize) {
    let class: Option<CharSet> = match chars.get(start + 1) {
        Some('d') => Some(Box::new(|c: char| c.is_ascii_digit())),
        Some('D') => Some(Box::new(|c: char| !c.is_ascii_digit())),
        Some('w') => Some(Box::new(|c: char| c.is_ascii_alphanumeric() || c == '_')),
        Some('W') => Some(Box::new(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))),
        Some('s') => Some(Box::new(|c: char| c.is_whitespace() || c == '\u{feff}')),
        Some('S') => Some(Box::new(|c: char| !(c.is_whitespace() || c == '\u{feff}'))),
        _ => None,
    };
    let (single, end) = escaped_char(chars, start);
    match class {
        Some(set) => (set, end),
        None => (Box::new(move |x| Some(x) == single), end),
    }
}

/// The one character the escape starting at `chars[start]` (a `\`) stands for, `None` for a
/// class escape (`\d`), an assertion or a backreference, and the index of its last character.
pub(super) fn escaped_char(chars: &[char], start: usize) -> (Option<char>, usize) {
    let Some(&letter) = chars.get(start + 1) else { return (None, start) };
    let end = start + 1;
    let hex = |from: usize, len: usize| -> Option<char> {
        let digits: String = chars.get(from..from + len)?.iter().collect();
        char::from_u32(u32::from_str_radix(&digits, 16).ok()?)
    };
    match letter {
        'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'b' | 'B' | '1'..='9' => (None, end),
        'k' => (None, chars[end..].iter().position(|c| *c == '>').map_or(end, |p| end + p)),
        'n' => (Some('\n'), end),
        'r' => (Some('\r'), end),
        't' => (Some('\t'), end),
        'v' => (Some('\u{b}'), end),
        'f' => (Some('\u{c}'), end),
        '0' => (Some('\0'), end),
        'c' => (chars.get(end + 1).map(|c| char::from((*c as u8) % 32)), end + 1),
        'x' => (hex(end + 1, 2), end + 2),
        'u' if chars.get(end + 1) == Some(&'{') => {
            let close = chars[end..].iter().position(|c| *c == '}').map_or(end, |p| end + p);
            let digits: String = chars[end + 2..close.max(end + 2)].iter().collect();
            (u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32), close)
        }
        'u' => (hex(end + 1, 4), end + 4),
        other => (Some(other), end),
    }
}

/// The class starting at `chars[start]` (a `[`): what it matches and the index of its `]`.
fn class_at(chars: &[char], start: usize) -> (CharSet, usize) {
    let mut i = start + 1;
    let negated = chars.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut members: Vec<CharSet> = Vec::new();
    let mut previous: Option<char> = None;
    let mut range_low: Option<char> = None;
    while i < chars.len() && chars[i] != ']' {
        let (set, single, end): (CharSet, Option<char>, usize) = if chars[i] == '\\' {
            let (set, end) = escape_at(chars, i);
            // A class escape (`\d`) cannot end a range; a character escape (`\-`) can.
            let single = (end == i + 1 && !"dDwWsS".contains(chars[i + 1])).then(|| chars[i + 1]);
            (set, single, end)
        } else {
            let c = chars[i];
            (Box::new(move |x| x == c), Some(c), i)
        };
        if chars[i] == '-' && range_low.is_none() && previous.is_some() && chars.get(i + 1) != Some(&']') {
            // The `-` of a range: the next member closes it.
            range_low = previous.take();
        } else if let Some(low) = range_low.take() {
            match single {
                Some(high) => {
                    members.pop();
                    members.push(Box::new(move |x| (low..=high).contains(&x)));
                }
                None => {
                    members.push(Box::new(|x| x == '-'));
                    members.push(set);
                }
            }
        } else {
            members.push(set);
            previous = single;
        }
        i = end + 1;
    }
    (Box::new(move |c| members.iter().any(|m| m(c)) != negated), i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pattern_is_compiled_once() {
        let first = compile("^[a-z]{3}$").expect("compiles");
        assert!(Arc::ptr_eq(&first, &compile("^[a-z]{3}$").expect("compiles")));
        assert_eq!(compile("(").err(), compile("(").err(), "a refusal is kept too");
    }

    #[test]
    fn compiles_as_ecmascript_with_the_u_flag() {
        assert!(compile(r"^[a-f0-9]{64}$").is_ok());
        assert!(compile(r"(?<=x)y").is_ok());
        assert!(matches!(compile(r"^\:$"), Err(PatternError::Syntax(_))));
        assert!(matches!(compile(r"a{2"), Err(PatternError::Syntax(_))));
        assert!(matches!(compile(r"\p{L}+"), Err(PatternError::EngineDependent(_))));
        let deep = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(matches!(compile(&deep), Err(PatternError::Syntax(_))), "refused, not a stack overflow");
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
        let jwt = compile(r"^eyJ[a-zA-Z0-9_-]+\.ey[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]+$").unwrap();
        assert!(
            jwt.accepts_masked("eyJhbGciOiJF****.****CJ9.eyJ****"),
            "hidden characters may be the `ey` the pattern needs"
        );
        assert!(!jwt.accepts_masked("eyJ!bGci****"), "a shown character the pattern refuses");
        let lookbehind = compile(r"(?<=k_)[a-z]+$").unwrap();
        assert!(lookbehind.accepts_masked("sk_****"));
        let rootly = compile(r"^rootly_[a-f0-9]{64}$").unwrap();
        assert!(rootly.accepts_masked("rootly_db86a6••••••••••••••"), "`•` hides characters too");
        assert!(!rootly.accepts_masked("rootly_DB86A6••••••••"), "shown characters are still judged");
        let intersection_in_rust_syntax = compile(r"^[q&&r]+$").unwrap();
        assert!(intersection_in_rust_syntax.accepts_masked("q**"), "ECMAScript reads `[q&&r]` as `q`, `&` or `r`");
        assert!(!intersection_in_rust_syntax.accepts_masked("x**"));
        let bracket_in_brackets = compile(r"^[[q]+$").unwrap();
        assert!(bracket_in_brackets.accepts_masked("q**"), "ECMAScript reads `[[q]` as `[` or `q`, not a nested class");
    }

    #[test]
    fn masked_verdicts_do_not_depend_on_the_states_kept_from_earlier_searches() {
        let examples = ["5037c64a****", "5037c64G****", "****", "a****b", "rootly_db86a6••••", "**_**", ""];
        for source in [r"^[a-f0-9]{64}$", r"^[A-F0-9]+$", r"^(sk|pk)_[a-z]{4,}$", r"^rootly_[a-f0-9]{6,}$"] {
            let warm = compile_uncached(source).unwrap();
            for example in examples.iter().chain(examples.iter().rev()) {
                let fresh = compile_uncached(source).unwrap();
                assert_eq!(warm.accepts_masked(example), fresh.accepts_masked(example), "{source} on {example}");
            }
        }
    }

    #[test]
    fn values_are_judged_in_linear_time_even_on_exponential_patterns() {
        // A backtracking engine takes 2^40 steps to refuse this example.
        let risky = compile(r"^(a+)+$").unwrap();
        assert_eq!(risky.backtracking, Backtracking::Exponential { rewrite: Some(r"^a+$".into()) });
        assert!(!risky.accepts(&format!("{}!", "a".repeat(40))));
        assert!(risky.accepts(&"a".repeat(40)));
        let safe = compile(r"^([a-z]+\.)+com$").unwrap();
        assert_eq!(safe.backtracking, Backtracking::Polynomial);
        assert!(safe.accepts("a.b.com"));
        assert!(compile(r"(?<=k_)[a-z]+$").unwrap().linear_source.is_none());
    }

    #[test]
    fn tells_fully_anchored_patterns() {
        assert!(is_fully_anchored(r"^[a-z]+$"));
        assert!(is_fully_anchored(r"^(a|b)$"));
        assert!(!is_fully_anchored(r"^a|b$"));
        assert!(!is_fully_anchored(r"[a-z]+$"));
        assert!(!is_fully_anchored(r"^[a-z]+\$"));
        assert!(is_fully_anchored(r"^[|]$"));
    }

    #[test]
    fn finds_characters_a_pattern_may_match() {
        let breakers = ['/', '?', '#', '@', ':', '\\', ' '];
        assert_eq!(may_match_one_of(r"^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$", &breakers), None);
        assert_eq!(may_match_one_of(r"^[-a-z0-9_]+$", &breakers), None);
        assert_eq!(may_match_one_of(r"^[a-z]+(\.com:[0-9]+)?$", &breakers), Some(':'));
        assert_eq!(may_match_one_of(r"^[a-z0-9./-]+$", &breakers), Some('/'));
        assert_eq!(may_match_one_of(r"^[!-~]+$", &breakers), Some('/'));
        assert_eq!(may_match_one_of(r"^[^.]+$", &breakers), Some('/'));
        assert_eq!(may_match_one_of(r"^\w+\s?$", &breakers), Some(' '));
        assert_eq!(may_match_one_of(r"^.+$", &breakers), Some('/'));
        assert_eq!(may_match_one_of(r"^(?!.*[/:])(?<name>[a-z]+)\u002F?$", &breakers), Some('/'));
        assert_eq!(may_match_one_of(r"^(?!.*[/:])[a-z]{1,63}$", &breakers), None);
    }

    proptest::proptest! {
        #[test]
        fn a_filling_the_linear_engine_accepts_is_a_shape_the_search_accepts(
            source in r"\^?([a-f0-9.]|\[[a-z0-9-]+\]|\((\?:)?[a-z.|]{0,4}\)|[*+?]|\{[0-9],[0-9]?\}|[|$]){0,8}\$?",
            examples in proptest::collection::vec("[a-f0-9.xyz-]{0,5}[*•]{1,3}[a-f0-9.xyz*-]{0,5}", 1..4),
        ) {
            let Ok(pattern) = compile_uncached(&source) else { return Ok(()) };
            let Some(dfa) = pattern.linear_source.as_deref().and_then(search_dfa) else { return Ok(()) };
            for example in &examples {
                let searched =
                    shape_reaches_match(&dfa, &mut dfa.create_cache(), &printable_representatives(&dfa), example);
                if let Some(searched) = searched {
                    proptest::prop_assert_eq!(pattern.accepts_masked(example), searched, "{} on {}", source, example);
                }
            }
        }

        #[test]
        fn the_linear_engine_judges_values_as_regex_does(
            source in r"\^?([a-f0-9.]|\[[a-z0-9-]+\]|\((\?:)?[a-z.|]{0,4}\)|[*+?]|\{[0-9],[0-9]?\}|[|$]){0,8}\$?",
            values in proptest::collection::vec("[a-f0-9.xyz-]{0,12}", 1..4),
        ) {
            let ours = linear_regex(&source);
            let reference = regex::Regex::new(&source);
            proptest::prop_assert_eq!(ours.is_some(), reference.is_ok(), "{}", source);
            if let (Some(ours), Ok(reference)) = (ours, reference) {
                for value in &values {
                    proptest::prop_assert_eq!(ours.is_match(value), reference.is_match(value), "{} on {}", source, value);
                }
            }
        }

        #[test]
        fn regress_without_its_optimizer_matches_alike(
            source in r"\^?([a-f0-9.]|\[[a-z0-9-]+\]|\((\?:|\?=|\?!|\?<=|\?<!)?[a-z.|]{0,4}\)|\\1|[*+?]|\{[0-9],[0-9]?\}|[|$]){0,8}\$?",
            values in proptest::collection::vec("[a-f0-9.xyz-]{0,12}", 1..4),
        ) {
            let ours = ecmascript_regex(&source);
            let reference = regress::Regex::with_flags(&source, "u");
            proptest::prop_assert_eq!(
                ours.as_ref().err().map(ToString::to_string),
                reference.as_ref().err().map(ToString::to_string),
                "{}",
                source
            );
            if let (Ok(ours), Ok(reference)) = (ours, reference) {
                for value in &values {
                    let found = |regex: &regress::Regex| regex.find(value).map(|m| m.range());
                    proptest::prop_assert_eq!(found(&ours), found(&reference), "{} on {}", source, value);
                }
            }
        }
    }
}
