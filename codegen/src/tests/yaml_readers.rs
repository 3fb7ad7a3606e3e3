//! The fast YAML path (`crate::read::yaml_fast`) reads what it reads exactly as the full reader
//! (`yaml-rust2`'s events) does: same values, spans and key order, on every file of the corpus
//! and of Nango's sample, and on generated block YAML and mutated seeds. It gives up (and the
//! full reader decides) on anything else, errors included.

use std::path::{Path, PathBuf};

use super::support::{project_root, providers_dir, shared_dir};
use crate::read::yaml::{parse_events, Node, Value};
use proptest::prelude::*;

/// The fast reader's tree, when it reads `text`, and the full reader's verdict.
fn readers(text: &str) -> (Option<Node<'_>>, Result<Node<'_>, crate::read::yaml::ReadError>) {
    (crate::read::yaml_fast::parse(text), parse_events(text))
}

/// Where two trees first differ, shown shallowly: whole trees are too long to read.
fn first_difference(fast: &Node, full: &Node, path: &str) -> Option<String> {
    let shallow = |node: &Node| match &node.value {
        Value::Seq(items) => format!("list of {} at {:?}", items.len(), node.span),
        Value::Map(entries) => format!("map of {} at {:?}", entries.len(), node.span),
        value => format!("{value:?} at {:?}", node.span),
    };
    let here = || Some(format!("at `{path}`: fast {}, full {}", shallow(fast), shallow(full)));
    match (&fast.value, &full.value) {
        (Value::Seq(a), Value::Seq(b)) if a.len() == b.len() => {
            let inner =
                a.iter().zip(b).enumerate().find_map(|(i, (a, b))| first_difference(a, b, &format!("{path}/{i}")));
            inner.or_else(|| (fast.span != full.span).then(here).flatten())
        }
        (Value::Map(a), Value::Map(b)) if a.len() == b.len() => {
            let inner = a.iter().zip(b).find_map(|((ka, a), (kb, b))| {
                if ka != kb {
                    return Some(format!("at `{path}`: keys {ka:?} and {kb:?}"));
                }
                first_difference(a, b, &format!("{path}/{}", ka.name))
            });
            inner.or_else(|| (fast.span != full.span).then(here).flatten())
        }
        _ if fast == full => None,
        _ => here(),
    }
}

fn numbered(text: &str) -> String {
    text.lines().enumerate().map(|(i, line)| format!("{:>4} {line:?}\n", i + 1)).collect()
}

/// Both readers give the same tree, when the fast one reads `text`.
fn assert_agree(text: &str) -> Result<(), TestCaseError> {
    match readers(text) {
        (None, _) => Ok(()),
        (Some(fast), Ok(full)) => match first_difference(&fast, &full, "") {
            None => Ok(()),
            Some(difference) => Err(TestCaseError::fail(format!("{difference}\nin:\n{}", numbered(text)))),
        },
        (Some(_), Err(error)) => {
            Err(TestCaseError::fail(format!("the full reader refuses it: {error:?}\nin:\n{}", numbered(text))))
        }
    }
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a corpus folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(yaml_files(&path));
        } else if path.extension().is_some_and(|e| e == "yaml") {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn the_readers_agree_on_every_corpus_file() {
    let root = project_root();
    let mut files = yaml_files(&providers_dir());
    files.extend(yaml_files(&root.join("tests/valid")));
    files.extend(yaml_files(&root.join("tests/invalid")));
    let imported = tempfile::tempdir().unwrap();
    crate::import_nango::import(&shared_dir().join("nango/providers-sample.yaml"), imported.path(), None).unwrap();
    files.extend(yaml_files(imported.path()));
    let mut read_fast = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if let Err(difference) = assert_agree(&text) {
            panic!("{}: {difference}", file.display());
        }
        read_fast += usize::from(crate::read::yaml_fast::parse(&text).is_some());
    }
    // The fast path is worth having only if it reads what providers are written like.
    assert!(read_fast * 10 >= files.len() * 9, "{read_fast} of {} files read by the fast path", files.len());
}

#[test]
fn the_fast_path_reads_every_provider_of_the_registry() {
    for file in yaml_files(&providers_dir()) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(crate::read::yaml_fast::parse(&text).is_some(), "{}", file.display());
    }
}

#[test]
fn what_the_fast_path_leaves_to_the_full_reader() {
    for text in [
        "a: [1, 2]\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: first\n  continued\n",
        "a: 'first\n  continued'\n",
        "a: \"tab\\tescape\"\n",
        "---\na: 1\n",
        "a: 1\na: 2\n",
        "a: >+\n  kept\n\n",
        "a: |2\n   indented\n",
        "a:\tb\n",
        "a: b: c\n",
        "- top-level list\n",
        "a:\n",
        "a: b\u{feff}\n",
        "\u{feff}a: b\n",
    ] {
        assert_eq!(crate::read::yaml_fast::parse(text), None, "{text:?}");
    }
}

#[test]
fn the_fast_path_reads_characters_that_start_like_a_byte_order_mark() {
    // U+F000 to U+FFFF start with the BOM's first byte, 0xEF.
    for text in ["a: \u{ff01}\n", "\u{f8ff}: x\nb: '\u{fffd}'\n"] {
        assert!(crate::read::yaml_fast::parse(text).is_some(), "{text:?}");
        assert_agree(text).unwrap();
    }
}

#[test]
fn the_fast_path_reads_empty_lists_as_the_full_reader_does() {
    for text in [
        "categories: []\n",
        "a: 1\ncategories: [] # none yet\nb: 2\n",
        "a:\n  b: []\n  c:\n    - []\n    - x\n",
        "é: []\n",
    ] {
        assert!(crate::read::yaml_fast::parse(text).is_some(), "{text:?}");
        assert_agree(text).unwrap();
    }
    for text in ["a: []x\n", "a: [ ]\n", "a: []\n  b: c\n", "a: [] []\n"] {
        assert_agree(text).unwrap();
    }
}

#[test]
fn the_fast_path_reads_empty_maps_and_lists_in_lists_as_the_full_reader_does() {
    for text in [
        "match_all: {}\n",
        "a:\n  b: {} # none\n  c:\n  - {}\n",
        "rows:\n- - a\n  - b\n- - c\n",
        "table:\n  rows:\n    - - 'x'\n      - y\n    - - - deep\n        - er\n      - z\n",
        "a:\n  - - k: v\n      j: w\n    - []\n",
    ] {
        assert!(crate::read::yaml_fast::parse(text).is_some(), "{text:?}");
        assert_agree(text).unwrap();
    }
    for text in ["a: {}x\n", "a: { }\n", "a: - b\n", "a:\n  - -\n", "a:\n- - b\n   - c\n"] {
        assert_agree(text).unwrap();
    }
}

#[test]
fn block_scalars_fold_and_keep_lines_as_yaml_says() {
    let text = "a: >-\n  one\n  two\n\n  three\nb: |\n  one\n\n  two\n   indented\nc: >\n  clipped\n";
    let fast = crate::read::yaml_fast::parse(text).expect("the fast path reads block scalars");
    assert_eq!(fast.at(&["a"]).unwrap().to_json(), "one two\nthree");
    assert_eq!(fast.at(&["b"]).unwrap().to_json(), "one\n\ntwo\n indented\n");
    assert_eq!(fast.at(&["c"]).unwrap().to_json(), "clipped\n");
    assert_agree(text).unwrap();
}

/// One line of block YAML, built from the pieces provider files are made of and the characters
/// that change what a line means.
fn yaml_line() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "a",
        "key",
        "title",
        "1",
        "true",
        "null",
        "~",
        "-1",
        "0x1F",
        "1e3",
        "é",
        "x y",
        "a:b",
        "a#b",
        "https://x.io/a?b=c",
        "[x]",
        "[]",
        "{}",
        "{x}",
        "'q'",
        "'it''s'",
        "\"d\"",
        "\"e\\n\"",
        "&a",
        "*a",
        "!t",
        "|",
        ">",
        ">-",
        "|-",
        ">+",
        "# c",
        "",
    ]);
    let lead =
        prop::sample::select(vec!["", "- ", "-", "  ", "    ", "  - ", "- - ", "  - - ", "      ", "---", "..."]);
    let sep = prop::sample::select(vec![": ", ":", " ", " # ", "  ", ": >-", ": |"]);
    (lead, word.clone(), sep, word).prop_map(|(lead, a, sep, b)| format!("{lead}{a}{sep}{b}"))
}

fn mutated(text: &str, edits: &[(usize, usize, String)]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for (at, kind, line) in edits {
        if lines.is_empty() {
            break;
        }
        let at = at % lines.len();
        match kind % 4 {
            0 => lines[at] = line.clone(),
            1 => lines.insert(at, line.clone()),
            2 => {
                lines.remove(at);
            }
            _ => lines[at].insert_str(0, "  "),
        }
    }
    lines.join("\n") + "\n"
}

fn seeds() -> Vec<String> {
    yaml_files(&providers_dir()).iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_readers_agree_on_generated_block_yaml(lines in prop::collection::vec(yaml_line(), 1..12)) {
        assert_agree(&(lines.join("\n") + "\n"))?;
        // The last line, without a line break, ends at the end of the file.
        assert_agree(&lines.join("\n"))?;
    }

    #[test]
    fn the_readers_agree_on_mutated_seeds(
        seed in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<usize>(), any::<usize>(), yaml_line()), 1..4),
    ) {
        let seeds = seeds();
        assert_agree(&mutated(&seeds[seed.index(seeds.len())], &edits))?;
    }
}
