//! ECMAScript patterns (`u` flag) as a tree: what each part matches, as sets of code points, so
//! that the ambiguity analysis and the translation into the linear-time engine's syntax read the
//! pattern exactly as a browser does.
//!
//! The parser runs only on patterns `regress` compiled, and follows the `u`-flag grammar of
//! ECMAScript 2024 (§22.2.1); anything else (a construct it does not know) is an error, and the
//! caller then treats the pattern as one it cannot vouch for.

use std::ops::Range;

/// The largest code point.
const MAX: u32 = 0x10FFFF;

/// A set of code points, as sorted, disjoint, non-adjacent inclusive ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CharSet(Vec<(u32, u32)>);

impl CharSet {
    pub fn of(ranges: &[(u32, u32)]) -> CharSet {
        let mut ranges = ranges.to_vec();
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (low, high) in ranges {
            match merged.last_mut() {
                Some(last) if low <= last.1.saturating_add(1) => last.1 = last.1.max(high),
                _ => merged.push((low, high)),
            }
        }
        CharSet(merged)
    }

    pub fn single(c: u32) -> CharSet {
        CharSet(vec![(c, c)])
    }

    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn union(&self, other: &CharSet) -> CharSet {
        CharSet::of(&[self.0.as_slice(), other.0.as_slice()].concat())
    }

    pub fn negated(&self) -> CharSet {
        let mut out = Vec::new();
        let mut next = 0u32;
        for &(low, high) in &self.0 {
            if low > next {
                out.push((next, low - 1));
            }
            next = high.saturating_add(1);
        }
        if next <= MAX && self.0.last().is_none_or(|last| last.1 < MAX) {
            out.push((next, MAX));
        }
        CharSet(out)
    }

    pub fn intersects(&self, other: &CharSet) -> bool {
        let (mut i, mut j) = (0, 0);
        while i < self.0.len() && j < other.0.len() {
            let (a, b) = (self.0[i], other.0[j]);
            if a.0 <= b.1 && b.0 <= a.1 {
                return true;
            }
            if a.1 < b.1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        false
    }

    /// The characters JavaScript's `\d`.
    pub fn digit() -> CharSet {
        CharSet::of(&[(0x30, 0x39)])
    }

    /// `\w` without the `i` flag: ASCII letters, digits and `_`.
    pub fn word() -> CharSet {
        CharSet::of(&[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
    }

    /// `\s`: ECMAScript's WhiteSpace and LineTerminator (§12.2, §12.3), the space separators of
    /// Unicode's `Zs` category included.
    pub fn space() -> CharSet {
        CharSet::of(&[
            (0x09, 0x0D),
            (0x20, 0x20),
            (0xA0, 0xA0),
            (0x1680, 0x1680),
            (0x2000, 0x200A),
            (0x2028, 0x2029),
            (0x202F, 0x202F),
            (0x205F, 0x205F),
            (0x3000, 0x3000),
            (0xFEFF, 0xFEFF),
        ])
    }

    /// `.` without the `s` flag: anything but a line terminator.
    pub fn dot() -> CharSet {
        CharSet::of(&[(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)]).negated()
    }
}

/// A zero-width test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assertion {
    Start,
    End,
    WordBoundary,
    NotWordBoundary,
}

/// A part of a pattern. Groups are kept only where they change how the pattern is read back
/// (a rewrite suggestion), not for captures: a JSON Schema pattern is only searched for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Empty,
    /// One character of the set.
    Class(CharSet),
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        /// Where the repetition is written in the pattern, quantifier included (char indices).
        span: Range<usize>,
    },
    Group(Box<Node>),
    Assertion(Assertion),
    /// `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`.
    Look(Box<Node>),
    /// `\1` or `\k<name>`: the text a group matched.
    Backreference,
}

impl Node {
    /// Whether the pattern needs more than a regular language (lookaround or backreferences).
    pub fn needs_backtracking(&self) -> bool {
        match self {
            Node::Look(_) | Node::Backreference => true,
            Node::Concat(nodes) | Node::Alternation(nodes) => nodes.iter().any(Node::needs_backtracking),
            Node::Repeat { node, .. } | Node::Group(node) => node.needs_backtracking(),
            Node::Empty | Node::Class(_) | Node::Assertion(_) => false,
        }
    }
}

/// Parses an ECMAScript pattern (`u` flag).
pub fn parse(pattern: &str) -> Result<Node, String> {
    let mut parser = Parser { chars: pattern.chars().collect(), at: 0, depth: 0 };
    let node = parser.disjunction()?;
    match parser.peek() {
        None => Ok(node),
        Some(c) => Err(format!("unexpected `{c}` at {}", parser.at)),
    }
}

/// Groups nested deeper are refused, so that no pattern can exhaust the stack of the parser or
/// of the analyses that walk its tree (the `regex` crate's own limit is 250).
const MAX_DEPTH: usize = 200;

struct Parser {
    chars: Vec<char>,
    at: usize,
    /// How many groups are open.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.at + offset).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.at += 1;
        }
        found
    }

    fn eat_str(&mut self, s: &str) -> bool {
        let found = s.chars().enumerate().all(|(i, c)| self.peek_at(i) == Some(c));
        if found {
            self.at += s.chars().count();
        }
        found
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected `{c}` at {}", self.at))
        }
    }

    fn disjunction(&mut self) -> Result<Node, String> {
        let mut alternatives = vec![self.alternative()?];
        while self.eat('|') {
            alternatives.push(self.alternative()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alternation(alternatives)
        })
    }

    fn alternative(&mut self) -> Result<Node, String> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            terms.push(self.term()?);
        }
        Ok(match terms.len() {
            0 => Node::Empty,
            1 => terms.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(terms),
        })
    }

    fn term(&mut self) -> Result<Node, String> {
        let start = self.at;
        let (atom, quantifiable) = match self.peek() {
            Some('^') => {
                self.at += 1;
                (Node::Assertion(Assertion::Start), false)
            }
            Some('$') => {
                self.at += 1;
                (Node::Assertion(Assertion::End), false)
            }
            Some('\\') if self.peek_at(1) == Some('b') => {
                self.at += 2;
                (Node::Assertion(Assertion::WordBoundary), false)
            }
            Some('\\') if self.peek_at(1) == Some('B') => {
                self.at += 2;
                (Node::Assertion(Assertion::NotWordBoundary), false)
            }
            Some('(') => {
                self.at += 1;
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(format!("groups nested more than {MAX_DEPTH} deep"));
                }
                let group = self.group();
                self.depth -= 1;
                group?
            }
            Some('.') => {
                self.at += 1;
                (Node::Class(CharSet::dot()), true)
            }
            Some('[') => (Node::Class(self.class()?), true),
            Some('\\') => (self.atom_escape()?, true),
            Some(c @ ('*' | '+' | '?' | '{' | '}' | ']' | ')')) => {
                return Err(format!("unexpected `{c}` at {}", self.at));
            }
            Some(c) => {
                self.at += 1;
                (Node::Class(CharSet::single(c as u32)), true)
            }
            None => return Err("unexpected end".into()),
        };
        let Some((min, max)) = self.quantifier()? else { return Ok(atom) };
        if !quantifiable {
            return Err(format!("nothing to repeat at {start}"));
        }
        self.eat('?');
        Ok(Node::Repeat { node: Box::new(atom), min, max, span: start..self.at })
    }

    /// A group after its `(`, and whether it may be quantified.
    fn group(&mut self) -> Result<(Node, bool), String> {
        if self.eat_str("?=") || self.eat_str("?!") || self.eat_str("?<=") || self.eat_str("?<!") {
            let body = self.disjunction()?;
            self.expect(')')?;
            // Under `u`, no lookaround may be quantified.
            return Ok((Node::Look(Box::new(body)), false));
        }
        if self.eat_str("?<") {
            while self.peek().is_some_and(|c| c != '>') {
                self.at += 1;
            }
            self.expect('>')?;
        } else if !self.eat_str("?:") && self.peek() == Some('?') {
            return Err(format!("unknown group at {}", self.at));
        }
        let body = self.disjunction()?;
        self.expect(')')?;
        Ok((Node::Group(Box::new(body)), true))
    }

    fn quantifier(&mut self) -> Result<Option<(u32, Option<u32>)>, String> {
        let bounds = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.at += 1;
                let min = self.number()?;
                let max = if self.eat(',') {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.number()?)
                    }
                } else {
                    Some(min)
                };
                self.expect('}')?;
                if max.is_some_and(|max| max < min) {
                    return Err("numbers out of order in a quantifier".into());
                }
                return Ok(Some((min, max)));
            }
            _ => return Ok(None),
        };
        self.at += 1;
        Ok(Some(bounds))
    }

    /// A decimal number; one too large for `u32` counts as `u32::MAX`, which is as good as
    /// unbounded for every use made of it.
    fn number(&mut self) -> Result<u32, String> {
        let start = self.at;
        let mut value: u32 = 0;
        while let Some(digit) = self.peek().and_then(|c| c.to_digit(10)) {
            value = value.saturating_mul(10).saturating_add(digit);
            self.at += 1;
        }
        if self.at == start {
            return Err(format!("expected a number at {start}"));
        }
        Ok(value)
    }

    fn atom_escape(&mut self) -> Result<Node, String> {
        self.expect('\\')?;
        match self.peek() {
            Some('1'..='9') => {
                self.number()?;
                Ok(Node::Backreference)
            }
            Some('k') => {
                self.at += 1;
                self.expect('<')?;
                while self.peek().is_some_and(|c| c != '>') {
                    self.at += 1;
                }
                self.expect('>')?;
                Ok(Node::Backreference)
            }
            _ => Ok(Node::Class(self.class_or_character_escape(false)?)),
        }
    }

    /// After a `\`: a class escape (`\d`) or a character escape, as a set. Inside a class, `\b`
    /// is the backspace and `\-` a dash.
    fn class_or_character_escape(&mut self, in_class: bool) -> Result<CharSet, String> {
        let Some(c) = self.peek() else { return Err("`\\` at the end".into()) };
        self.at += 1;
        Ok(match c {
            'd' => CharSet::digit(),
            'D' => CharSet::digit().negated(),
            'w' => CharSet::word(),
            'W' => CharSet::word().negated(),
            's' => CharSet::space(),
            'S' => CharSet::space().negated(),
            _ => CharSet::single(self.character_escape(c, in_class)?),
        })
    }

    /// The code point of a character escape whose letter `c` was just read.
    fn character_escape(&mut self, c: char, in_class: bool) -> Result<u32, String> {
        Ok(match c {
            'f' => 0x0C,
            'n' => 0x0A,
            'r' => 0x0D,
            't' => 0x09,
            'v' => 0x0B,
            'b' if in_class => 0x08,
            '-' if in_class => '-' as u32,
            'c' => match self.peek() {
                Some(letter) if letter.is_ascii_alphabetic() => {
                    self.at += 1;
                    letter as u32 % 32
                }
                _ => return Err("`\\c` needs a letter".into()),
            },
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => 0,
            'x' => self.hex_digits(2)?,
            'u' => {
                if self.eat('{') {
                    let start = self.at;
                    while self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                        self.at += 1;
                    }
                    let digits: String = self.chars[start..self.at].iter().collect();
                    self.expect('}')?;
                    u32::from_str_radix(&digits, 16).ok().filter(|v| *v <= MAX).ok_or("a code point out of range")?
                } else {
                    let high = self.hex_digits(4)?;
                    // Under `u`, an escaped surrogate pair is one code point.
                    if (0xD800..0xDC00).contains(&high) && self.peek() == Some('\\') && self.peek_at(1) == Some('u') {
                        let saved = self.at;
                        self.at += 2;
                        match self.hex_digits(4) {
                            Ok(low) if (0xDC00..0xE000).contains(&low) => {
                                return Ok(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00));
                            }
                            _ => self.at = saved,
                        }
                    }
                    high
                }
            }
            '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '/' => c as u32,
            other => return Err(format!("unknown escape `\\{other}`")),
        })
    }

    fn hex_digits(&mut self, count: usize) -> Result<u32, String> {
        let digits: String = self.chars.get(self.at..self.at + count).ok_or("too few hex digits")?.iter().collect();
        let value = u32::from_str_radix(&digits, 16).map_err(|_| format!("`{digits}` is not hexadecimal"))?;
        self.at += count;
        Ok(value)
    }

    fn class(&mut self) -> Result<CharSet, String> {
        self.expect('[')?;
        let negated = self.eat('^');
        let mut set = CharSet::default();
        loop {
            match self.peek() {
                None => return Err("unterminated class".into()),
                Some(']') => {
                    self.at += 1;
                    break;
                }
                _ => {}
            }
            let low = self.class_atom()?;
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']') {
                self.at += 1;
                let high = self.class_atom()?;
                match (single_of(&low), single_of(&high)) {
                    (Some(low), Some(high)) if low <= high => set = set.union(&CharSet::of(&[(low, high)])),
                    _ => return Err("a class range needs two characters in order".into()),
                }
            } else {
                set = set.union(&low);
            }
        }
        Ok(if negated { set.negated() } else { set })
    }

    fn class_atom(&mut self) -> Result<CharSet, String> {
        match self.peek() {
            Some('\\') => {
                self.at += 1;
                self.class_or_character_escape(true)
            }
            Some(c) => {
                self.at += 1;
                Ok(CharSet::single(c as u32))
            }
            None => Err("unterminated class".into()),
        }
    }
}

fn single_of(set: &CharSet) -> Option<u32> {
    match set.ranges() {
        [(low, high)] if low == high => Some(*low),
        _ => None,
    }
}

/// The pattern in the syntax of the `regex` crate, with the same meaning: every set spelled out
/// as code points, so no class, escape or flag means something else there. `None` for patterns
/// that need lookaround or backreferences, which that engine does not have.
pub fn to_linear_syntax(node: &Node) -> Option<String> {
    if node.needs_backtracking() {
        return None;
    }
    let mut out = String::new();
    write_linear(node, &mut out);
    Some(out)
}

fn write_linear(node: &Node, out: &mut String) {
    match node {
        Node::Empty => {}
        Node::Class(set) => write_set(set, out),
        Node::Concat(nodes) => nodes.iter().for_each(|n| write_linear(n, out)),
        Node::Alternation(nodes) => {
            out.push_str("(?:");
            for (i, n) in nodes.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                write_linear(n, out);
            }
            out.push(')');
        }
        Node::Repeat { node, min, max, .. } => {
            match node.as_ref() {
                Node::Class(_) | Node::Group(_) => write_linear(node, out),
                _ => {
                    out.push_str("(?:");
                    write_linear(node, out);
                    out.push(')');
                }
            }
            match (min, max) {
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (0, Some(1)) => out.push('?'),
                (min, None) => out.push_str(&format!("{{{min},}}")),
                (min, Some(max)) if min == max => out.push_str(&format!("{{{min}}}")),
                (min, Some(max)) => out.push_str(&format!("{{{min},{max}}}")),
            }
        }
        Node::Group(node) => {
            out.push_str("(?:");
            write_linear(node, out);
            out.push(')');
        }
        Node::Assertion(assertion) => out.push_str(match assertion {
            Assertion::Start => r"\A",
            Assertion::End => r"\z",
            // ECMAScript's `\b` without `i` is the ASCII one.
            Assertion::WordBoundary => r"(?-u:\b)",
            Assertion::NotWordBoundary => r"(?-u:\B)",
        }),
        Node::Look(_) | Node::Backreference => {}
    }
}

fn write_set(set: &CharSet, out: &mut String) {
    // Surrogates are no `char`: no Rust string holds one, and the `regex` crate refuses them.
    let ranges: Vec<(u32, u32)> = set
        .ranges()
        .iter()
        .flat_map(|&(low, high)| {
            let below = (low < 0xD800).then(|| (low, high.min(0xD7FF)));
            let above = (high > 0xDFFF).then(|| (low.max(0xE000), high));
            below.into_iter().chain(above)
        })
        .collect();
    if ranges.is_empty() {
        // Nothing matches an empty class: a class that is the negation of everything.
        out.push_str(r"[^\x00-\x{10FFFF}]");
        return;
    }
    if let [(low, high)] = ranges[..] {
        if low == high {
            write_linear_char(low, out);
            return;
        }
    }
    out.push('[');
    for (low, high) in ranges {
        write_linear_char(low, out);
        if high > low {
            if high > low + 1 {
                out.push('-');
            }
            write_linear_char(high, out);
        }
    }
    out.push(']');
}

/// One code point in the `regex` crate's syntax, the same inside a class and out: letters and
/// digits as they are, other ASCII punctuation escaped, anything else by its number.
fn write_linear_char(c: u32, out: &mut String) {
    match char::from_u32(c) {
        Some(c) if c.is_ascii_alphanumeric() || c == '<' || c == '>' => out.push(c),
        Some(c) if c.is_ascii_punctuation() => {
            out.push('\\');
            out.push(c);
        }
        _ => out.push_str(&format!("\\x{{{c:X}}}")),
    }
}

/// A set written as ECMAScript: `\d`, `\w`, `\s` or `.` when it is one, else one character or a class.
pub fn to_ecmascript(set: &CharSet) -> String {
    let named = [(CharSet::digit(), r"\d"), (CharSet::word(), r"\w"), (CharSet::space(), r"\s"), (CharSet::dot(), ".")];
    if let Some((_, name)) = named.iter().find(|(named, _)| named == set) {
        return (*name).to_owned();
    }
    let escaped = |c: u32, in_class: bool| -> String {
        match char::from_u32(c) {
            Some(c) if in_class && matches!(c, '\\' | ']' | '[' | '^' | '-') => format!("\\{c}"),
            Some(c) if !in_class && "^$\\.*+?()[]{}|/".contains(c) => format!("\\{c}"),
            Some(c) if c.is_ascii_graphic() || c == ' ' => c.to_string(),
            _ => format!("\\u{{{c:X}}}"),
        }
    };
    match set.ranges() {
        [(low, high)] if low == high => escaped(*low, false),
        ranges => {
            let mut out = String::from("[");
            for &(low, high) in ranges {
                out.push_str(&escaped(low, true));
                if high > low {
                    if high > low + 1 {
                        out.push('-');
                    }
                    out.push_str(&escaped(high, true));
                }
            }
            out.push(']');
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_classes_escapes_and_quantifiers() {
        assert_eq!(parse("a").unwrap(), Node::Class(CharSet::single('a' as u32)));
        assert_eq!(parse(r"[a-c\d]").unwrap(), Node::Class(CharSet::of(&[(0x30, 0x39), (0x61, 0x63)])));
        assert_eq!(parse(r"[^\s\S]").unwrap(), Node::Class(CharSet::default()));
        assert_eq!(parse(r"\u{1F600}").unwrap(), Node::Class(CharSet::single(0x1F600)));
        assert_eq!(parse(r"\uD83D\uDE00").unwrap(), Node::Class(CharSet::single(0x1F600)));
        assert_eq!(parse(r"[\b]").unwrap(), Node::Class(CharSet::single(8)));
        assert!(matches!(parse("a{2,5}?").unwrap(), Node::Repeat { min: 2, max: Some(5), .. }));
        assert!(matches!(parse("(?<name>a)+").unwrap(), Node::Repeat { min: 1, max: None, .. }));
        assert!(parse(r"(?=a)b").unwrap().needs_backtracking());
        assert!(parse(r"(a)\1").unwrap().needs_backtracking());
        assert!(parse(r"\:").is_err());
        assert!(parse("(?=a)*").is_err());
        let deep = format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(parse(&deep).is_err(), "refused, not a stack overflow");
        assert!(parse(&format!("{}a{}", "(".repeat(200), ")".repeat(200))).is_ok());
    }

    #[test]
    fn sets_negate_and_intersect() {
        let word = CharSet::word();
        assert_eq!(word.negated().negated(), word);
        assert!(word.intersects(&CharSet::digit()));
        assert!(!word.intersects(&CharSet::space()));
        assert!(CharSet::dot().intersects(&CharSet::single(0x10FFFF)));
        assert!(!CharSet::dot().intersects(&CharSet::single('\n' as u32)));
    }

    #[test]
    fn the_linear_syntax_spells_out_every_set() {
        let linear = to_linear_syntax(&parse(r"^\d+(\.\w)?$").unwrap()).unwrap();
        assert_eq!(linear, r"\A[0-9]+(?:\.[0-9A-Z\_a-z])?\z");
        let linear = to_linear_syntax(&parse(r"^[^\s]{2}\u2028-[<>]*$").unwrap()).unwrap();
        assert!(linear.starts_with(r"\A[\x{0}-\x{8}\x{E}-\x{1F}\!-\x{9F}\x{A1}-"), "{linear}");
        assert!(linear.ends_with(r"]{2}\x{2028}\-[<>]*\z"), "{linear}");
        assert_eq!(to_linear_syntax(&parse(r"(?!a)b").unwrap()), None);
    }
}
