//! No input makes load and validate panic, hang or write, and what validates generates Rust that
//! parses: arbitrary bytes as a provider file, and seed files mutated line by line.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use provider_registry_tests::{
    files_below, nango_overrides, providers_dir, run_codegen, scratch_providers, unparsable_rust_files,
};

/// A run on one file must finish well within this, even in a debug build.
const TIME_BOUND: Duration = Duration::from_secs(5);

/// Replaces `file` in a scratch copy of the registry with `bytes`, runs the pipeline into an
/// output folder holding a sentinel, and checks the run's guarantees.
fn check_input(file: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let providers = scratch_providers();
    std::fs::write(providers.path().join(file), bytes).expect("write the input");
    let out = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(out.path().join("SENTINEL"), "x").expect("write the sentinel");
    let started = Instant::now();
    let run = run_codegen(providers.path(), out.path(), false, nango_overrides());
    prop_assert!(started.elapsed() < TIME_BOUND, "took {:?}", started.elapsed());
    if run.loaded.has_errors() {
        prop_assert!(!run.succeeded(false));
        prop_assert_eq!(files_below(out.path()), vec![std::path::PathBuf::from("SENTINEL")]);
    } else {
        prop_assert!(run.succeeded(false), "a valid registry generates: {:?}", run.emit_errors);
        prop_assert_eq!(unparsable_rust_files(out.path()), Vec::<String>::new());
    }
    Ok(())
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Insert(usize, usize, char),
    Indent(usize, i8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let any_char = prop_oneof![
        4 => prop::sample::select(vec![':', '-', ' ', '\t', '"', '\'', '[', ']', '{', '}', '&', '*', '!', '#', '|', '>', '%', '@', '`', '\\', '$', '\n']),
        1 => any::<char>(),
    ];
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (any::<usize>(), any::<usize>(), any_char).prop_map(|(l, c, ch)| Mutation::Insert(l, c, ch)),
        (any::<usize>(), -4i8..=4).prop_map(|(l, d)| Mutation::Indent(l, d)),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for m in mutations {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match *m {
            Mutation::Delete(l) => {
                lines.remove(l % n);
            }
            Mutation::Duplicate(l) => lines.insert(l % n, lines[l % n].clone()),
            Mutation::Swap(a, b) => lines.swap(a % n, b % n),
            Mutation::Insert(l, c, ch) => {
                let line = &mut lines[l % n];
                let at = line.char_indices().map(|(i, _)| i).nth(c % (line.chars().count() + 1)).unwrap_or(line.len());
                line.insert(at, ch);
            }
            Mutation::Indent(l, d) => {
                let line = &mut lines[l % n];
                if d >= 0 {
                    line.insert_str(0, &" ".repeat(d as usize));
                } else {
                    let spaces = line.chars().take_while(|c| *c == ' ').count().min(d.unsigned_abs() as usize);
                    line.drain(..spaces);
                }
            }
        }
    }
    lines.join("\n") + "\n"
}

fn seeds() -> Vec<(String, String)> {
    let mut seeds: Vec<(String, String)> = std::fs::read_dir(providers_dir())
        .expect("providers/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("a seed file"))
        })
        .collect();
    seeds.sort();
    seeds
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_as_a_provider_file(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_input("arbitrary.yaml", &bytes)?;
    }

    #[test]
    fn mutated_seed_files(seed in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 1..6)) {
        let seeds = seeds();
        let (name, text) = &seeds[seed.index(seeds.len())];
        check_input(name, apply(text, &mutations).as_bytes())?;
    }
}
