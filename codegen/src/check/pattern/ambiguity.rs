//! Whether a backtracking engine (every browser's, and `regress`) can take exponential time on a
//! pattern: whether its automaton has exponential degree of ambiguity.
//!
//! The automaton is the position (Glushkov) automaton of the pattern, an NFA without empty moves
//! whose states are the pattern's character sets, built as a multigraph: a move that two nested
//! repetitions both allow (`(a+)+`, `(a*)*`) is two moves, because a backtracking engine tries
//! each. It has exponential degree of ambiguity exactly when some state has two distinct paths to
//! itself reading the same word (Weber and Seidl), which shows in the product of the automaton
//! with itself: a strongly connected component that holds a diagonal pair `(p, p)` and also an
//! off-diagonal pair `(q, r)`, or two parallel moves between diagonal pairs. A backtracking engine
//! that fails to match after such a loop tries every one of the exponentially many ways through it.
//!
//! Assertions (`^`, `$`, `\b`) are read as matching the empty string, which only adds paths; the
//! body of a lookaround is a pattern of its own, analysed alike; a backreference is read as any
//! text. Bounded repetitions are expanded, as nested optional copies (`x{0,3}` as
//! `(x(x(x)?)?)?`, so the expansion adds no ambiguity of its own), while the pattern stays small
//! enough; past that, every repetition with a bound above [`EXPANDED_BOUND`] is read as
//! unbounded, which can only add ambiguity: a pattern refused that way would backtrack on values
//! as long as its bound anyway. The product is explored within a budget, and a pattern too large
//! to decide within it is reported as such.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::syntax::{CharSet, Node};

/// Above this many positions, bounded repetitions are no longer expanded.
const MAX_POSITIONS: usize = 2_000;

/// Counts a repetition may have and still be expanded once the pattern is too large.
const EXPANDED_BOUND: u32 = 2;

/// Moves of the product automaton explored at most.
const BUDGET: usize = 4_000_000;

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every word has polynomially many paths: a backtracking engine cannot take exponential time.
    Polynomial,
    /// Some state loops two ways on the same word.
    Exponential,
    /// The pattern is too large to decide within the budget.
    TooLarge,
}

/// Decides the pattern and every lookaround body in it.
pub fn verdict(pattern: &Node) -> Verdict {
    let mut patterns = vec![pattern];
    let mut i = 0;
    while i < patterns.len() {
        collect_lookarounds(patterns[i], &mut patterns);
        i += 1;
    }
    let mut result = Verdict::Polynomial;
    for pattern in patterns {
        match decide(pattern) {
            Verdict::Exponential => return Verdict::Exponential,
            Verdict::TooLarge => result = Verdict::TooLarge,
            Verdict::Polynomial => {}
        }
    }
    result
}

fn collect_lookarounds<'a>(node: &'a Node, out: &mut Vec<&'a Node>) {
    match node {
        Node::Look(body) => out.push(body),
        Node::Concat(nodes) | Node::Alternation(nodes) => nodes.iter().for_each(|n| collect_lookarounds(n, out)),
        Node::Repeat { node, .. } | Node::Group(node) => collect_lookarounds(node, out),
        Node::Empty | Node::Class(_) | Node::Assertion(_) | Node::Backreference => {}
    }
}

/// Decides on the exact expansion, or, when that is too large to build or to explore, on the
/// one that reads large bounds as unbounded.
fn decide(pattern: &Node) -> Verdict {
    if let Some(automaton) = Automaton::build(pattern, None) {
        let verdict = automaton.verdict();
        if verdict != Verdict::TooLarge {
            return verdict;
        }
    }
    match Automaton::build(pattern, Some(EXPANDED_BOUND)) {
        Some(automaton) => automaton.verdict(),
        None => Verdict::TooLarge,
    }
}

/// The position automaton: state 0 is the start, state `i + 1` is position `i`.
struct Automaton<'p> {
    /// The set each position reads, borrowed from the pattern: a bounded repetition repeats
    /// its sets many times.
    sets: Vec<&'p CharSet>,
    /// The moves out of each state, one entry per move (a target may repeat).
    moves: Vec<Vec<u32>>,
}

/// What a part of the pattern contributes: its positions' first and last sets (with
/// multiplicity), and whether it matches the empty string.
struct Part {
    first: Vec<u32>,
    last: Vec<u32>,
    nullable: bool,
}

impl<'p> Automaton<'p> {
    /// Builds the automaton, reading repetitions with a bound above `cap` as unbounded when a
    /// cap is given; `None` when it would have more than [`MAX_POSITIONS`] positions.
    fn build(pattern: &'p Node, cap: Option<u32>) -> Option<Automaton<'p>> {
        let mut automaton = Automaton { sets: Vec::new(), moves: vec![Vec::new()] };
        let part = automaton.part(pattern, cap)?;
        for position in part.first {
            automaton.moves[0].push(position);
        }
        Some(automaton)
    }

    fn position(&mut self, set: &'p CharSet) -> Option<u32> {
        if self.sets.len() >= MAX_POSITIONS {
            return None;
        }
        self.sets.push(set);
        self.moves.push(Vec::new());
        Some(self.sets.len() as u32)
    }

    fn link(&mut self, from: &[u32], to: &[u32]) {
        for &source in from {
            self.moves[source as usize].extend_from_slice(to);
        }
    }

    fn part(&mut self, node: &'p Node, cap: Option<u32>) -> Option<Part> {
        Some(match node {
            Node::Empty | Node::Assertion(_) | Node::Look(_) => Part { first: vec![], last: vec![], nullable: true },
            Node::Class(set) => {
                let position = self.position(set)?;
                Part { first: vec![position], last: vec![position], nullable: false }
            }
            Node::Backreference => {
                static ANY_CHARACTER: LazyLock<CharSet> =
                    LazyLock::new(|| CharSet::dot().negated().union(&CharSet::dot()));
                let position = self.position(&ANY_CHARACTER)?;
                self.link(&[position], &[position]);
                Part { first: vec![position], last: vec![position], nullable: true }
            }
            Node::Group(node) => self.part(node, cap)?,
            Node::Alternation(nodes) => {
                let mut result = Part { first: vec![], last: vec![], nullable: false };
                for node in nodes {
                    let part = self.part(node, cap)?;
                    result.first.extend(part.first);
                    result.last.extend(part.last);
                    result.nullable |= part.nullable;
                }
                result
            }
            Node::Concat(nodes) => {
                let mut result = Part { first: vec![], last: vec![], nullable: true };
                for node in nodes {
                    let part = self.part(node, cap)?;
                    result = self.concat(result, part);
                }
                result
            }
            Node::Repeat { node, min, max, .. } => {
                let (min, max) = match (cap, *max) {
                    (Some(cap), Some(max)) if max > cap => ((*min).min(cap), None),
                    (Some(cap), None) => ((*min).min(cap), None),
                    _ => (*min, *max),
                };
                let mut result = Part { first: vec![], last: vec![], nullable: true };
                for _ in 0..min {
                    let part = self.part(node, cap)?;
                    result = self.concat(result, part);
                }
                match max {
                    None => {
                        let part = self.part(node, cap)?;
                        // The loop: each end of the body may start it again.
                        self.link(&part.last, &part.first);
                        let looped = Part { nullable: true, ..part };
                        result = self.concat(result, looped);
                    }
                    Some(max) => {
                        // `x{0,n}` as `(x(x(…)?)?)?`: built from the innermost copy out.
                        let mut optional: Option<Part> = None;
                        for _ in min..max {
                            let part = self.part(node, cap)?;
                            let copy = match optional.take() {
                                None => part,
                                Some(inner) => self.concat(part, inner),
                            };
                            optional = Some(Part { nullable: true, ..copy });
                        }
                        if let Some(optional) = optional {
                            result = self.concat(result, optional);
                        }
                    }
                }
                result
            }
        })
    }

    fn concat(&mut self, left: Part, right: Part) -> Part {
        self.link(&left.last, &right.first);
        let mut first = left.first;
        if left.nullable {
            first.extend(&right.first);
        }
        let mut last = right.last;
        if right.nullable {
            last.extend(&left.last);
        }
        Part { first, last, nullable: left.nullable && right.nullable }
    }

    /// Explores the pairs of states the product reaches from the start, then looks for a
    /// strongly connected component that loops two ways.
    fn verdict(&self) -> Verdict {
        let states = self.moves.len();
        let mut number = PairNumbers::new(states);
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut edges: Vec<Vec<(u32, bool)>> = Vec::new();
        let mut work = 0usize;
        number.get_or_insert(0, 0, || 0);
        pairs.push((0, 0));
        edges.push(Vec::new());
        let mut next = 0;
        while next < pairs.len() {
            let (p, q) = pairs[next];
            let mut out = Vec::new();
            for (i, &p2) in self.moves[p as usize].iter().enumerate() {
                for (j, &q2) in self.moves[q as usize].iter().enumerate() {
                    work += 1;
                    if work > BUDGET {
                        return Verdict::TooLarge;
                    }
                    if p == q && j < i {
                        continue;
                    }
                    let set = &self.sets[p2 as usize - 1];
                    if p2 != q2 && !set.intersects(self.sets[q2 as usize - 1]) {
                        continue;
                    }
                    // Two different moves from one state to one target: two paths that agree
                    // on the states, distinct all the same.
                    let parallel = p == q && p2 == q2 && i != j;
                    let target = number.get_or_insert(p2, q2, || {
                        pairs.push((p2, q2));
                        edges.push(Vec::new());
                        (pairs.len() - 1) as u32
                    });
                    out.push((target, parallel));
                }
            }
            edges[next] = out;
            next += 1;
        }
        let component = strongly_connected_components(&edges);
        let count = component.iter().copied().max().map_or(0, |m| m as usize + 1);
        let (mut diagonal, mut off_diagonal) = (vec![false; count], vec![false; count]);
        for (node, &(p, q)) in pairs.iter().enumerate() {
            let c = component[node] as usize;
            if p == q {
                diagonal[c] = true;
            } else {
                off_diagonal[c] = true;
            }
        }
        for (node, out) in edges.iter().enumerate() {
            let c = component[node] as usize;
            if diagonal[c] && off_diagonal[c] {
                return Verdict::Exponential;
            }
            if out.iter().any(|&(target, parallel)| parallel && component[target as usize] as usize == c) {
                return Verdict::Exponential;
            }
        }
        Verdict::Polynomial
    }
}

/// The number of each pair of states the product has reached: a table of every pair for the
/// automata of most patterns, which have a few dozen states, and a map for larger ones, whose
/// table would be mostly empty.
enum PairNumbers {
    Table { states: usize, numbers: Vec<u32> },
    Map { states: usize, numbers: HashMap<usize, u32> },
}

impl PairNumbers {
    /// Automata with at most this many pairs of states number them in a table.
    const TABLE_PAIRS: usize = 1 << 14;
    const UNNUMBERED: u32 = u32::MAX;

    fn new(states: usize) -> PairNumbers {
        match states * states {
            pairs if pairs <= Self::TABLE_PAIRS => {
                PairNumbers::Table { states, numbers: vec![Self::UNNUMBERED; pairs] }
            }
            _ => PairNumbers::Map { states, numbers: HashMap::new() },
        }
    }

    /// The number of the pair `(p, q)`, numbered by `new_number` the first time.
    fn get_or_insert(&mut self, p: u32, q: u32, new_number: impl FnOnce() -> u32) -> u32 {
        match self {
            PairNumbers::Table { states, numbers } => {
                let number = &mut numbers[p as usize * *states + q as usize];
                if *number == Self::UNNUMBERED {
                    *number = new_number();
                }
                *number
            }
            PairNumbers::Map { states, numbers } => {
                *numbers.entry(p as usize * *states + q as usize).or_insert_with(new_number)
            }
        }
    }
}

/// A pattern that means the same and is not exponential, where one follows from the pattern:
/// each ambiguous unbounded repetition whose body only ever matches characters of one set `C`,
/// and matches each of them alone, is `C` repeated (`(a|aa)+` is `a+`, `([a-z0-9]+)*` is
/// `[a-z0-9]*`). `None` when no such rewrite removes every ambiguity.
pub fn rewrite(source: &str, pattern: &Node) -> Option<String> {
    let mut replacements = Vec::new();
    collect_rewrites(pattern, &mut replacements);
    if replacements.is_empty() {
        return None;
    }
    let mut chars: Vec<char> = source.chars().collect();
    replacements.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    for (span, text) in replacements {
        if span.end > chars.len() {
            return None;
        }
        chars.splice(span, text.chars());
    }
    let rewritten: String = chars.into_iter().collect();
    let parsed = super::syntax::parse(&rewritten).ok()?;
    (super::ecmascript_regex(&rewritten).is_ok() && verdict(&parsed) == Verdict::Polynomial).then_some(rewritten)
}

fn collect_rewrites(node: &Node, out: &mut Vec<(std::ops::Range<usize>, String)>) {
    match node {
        Node::Repeat { node: body, min, max: None, span } => {
            let looped = Node::Repeat { node: body.clone(), min: 0, max: None, span: span.clone() };
            if decide(&looped) == Verdict::Exponential {
                if let Some((set, nullable)) = single_set(body) {
                    let quantifier = match (min, nullable) {
                        (0, _) | (_, true) => "*".to_owned(),
                        (1, false) => "+".to_owned(),
                        (min, false) => format!("{{{min},}}"),
                    };
                    out.push((span.clone(), format!("{}{quantifier}", super::syntax::to_ecmascript(&set))));
                    return;
                }
            }
            collect_rewrites(body, out);
        }
        Node::Repeat { node, .. } | Node::Group(node) => collect_rewrites(node, out),
        Node::Concat(nodes) | Node::Alternation(nodes) => nodes.iter().for_each(|n| collect_rewrites(n, out)),
        Node::Look(_) | Node::Empty | Node::Class(_) | Node::Assertion(_) | Node::Backreference => {}
    }
}

/// For a repetition's body that matches only characters of one set, and each of them alone:
/// that set, and whether the body matches the empty string.
fn single_set(body: &Node) -> Option<(CharSet, bool)> {
    fn plain(node: &Node) -> bool {
        match node {
            Node::Class(_) | Node::Empty => true,
            Node::Concat(nodes) | Node::Alternation(nodes) => nodes.iter().all(plain),
            Node::Repeat { node, .. } | Node::Group(node) => plain(node),
            Node::Look(_) | Node::Assertion(_) | Node::Backreference => false,
        }
    }
    if !plain(body) {
        return None;
    }
    let mut automaton = Automaton { sets: Vec::new(), moves: vec![Vec::new()] };
    let part = automaton.part(body, Some(EXPANDED_BOUND))?;
    let all = automaton.sets.iter().fold(CharSet::default(), |all, set| all.union(set));
    let alone = part
        .first
        .iter()
        .filter(|p| part.last.contains(p))
        .fold(CharSet::default(), |alone, p| alone.union(automaton.sets[*p as usize - 1]));
    (!all.is_empty() && alone == all).then_some((all, part.nullable))
}

/// Tarjan's algorithm, without recursion: the component of each node.
fn strongly_connected_components(edges: &[Vec<(u32, bool)>]) -> Vec<u32> {
    const UNSEEN: u32 = u32::MAX;
    let n = edges.len();
    let (mut index, mut low, mut component) = (vec![UNSEEN; n], vec![0u32; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut counter, mut components) = (0u32, 0u32);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = calls.last_mut() {
            if let Some(&(target, _)) = edges[node].get(*edge) {
                *edge += 1;
                let target = target as usize;
                if index[target] == UNSEEN {
                    index[target] = counter;
                    low[target] = counter;
                    counter += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    calls.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = components;
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::super::syntax::parse;
    use super::*;

    fn judged(pattern: &str) -> Verdict {
        verdict(&parse(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}")))
    }

    #[test]
    fn loops_that_match_one_word_two_ways_are_exponential() {
        for pattern in [
            r"^(a|aa)+$",
            r"^(a+)+$",
            r"^(a*)*$",
            r"^(a|a)*$",
            r"^([a-z0-9]+)*@example\.com$",
            r"^(\w+\s?)*$",
            r"^(\d+|\w+)*$",
            r"(x+x+)+y",
            r"^(?=(a|a)*$)b",
            r"^([a-z]{1,1000}){2,}$",
        ] {
            assert_eq!(judged(pattern), Verdict::Exponential, "{pattern}");
        }
    }

    #[test]
    fn loops_that_read_each_word_one_way_are_polynomial() {
        for pattern in [
            r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*$",
            r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
            r"^(a?)*$",
            r"^([a-z]+\.)+com$",
            r"^(ab|cd)*$",
            r"^-----BEGIN\s*([A-Za-z0-9+/=\s]+)\s*-----END$",
            r"^[a-zA-Z0-9]([a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?)*$",
            r"^[a-f0-9]{1000}$",
            r"^(a{1,1000}b){1,1000}$",
            r"^(a?){0,1000}$",
        ] {
            assert_eq!(judged(pattern), Verdict::Polynomial, "{pattern}");
        }
    }

    #[test]
    fn rewrites_a_repetition_of_one_set_into_that_set_repeated() {
        let rewritten = |source: &str| rewrite(source, &parse(source).unwrap());
        assert_eq!(rewritten(r"^(a|aa)+$").as_deref(), Some(r"^a+$"));
        assert_eq!(rewritten(r"^([a-z0-9]+)*@example\.com$").as_deref(), Some(r"^[0-9a-z]*@example\.com$"));
        assert_eq!(rewritten(r"^(\d+|\w+)*$").as_deref(), Some(r"^\w*$"));
        assert_eq!(rewritten(r"^x(a+){3,}y$").as_deref(), Some(r"^xa{3,}y$"));
        assert_eq!(rewritten(r"^(\w+\s?)*$"), None, "its body matches a space only after a word character");
    }
}
