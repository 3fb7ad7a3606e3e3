//! The emitters: each takes the checked registry and returns files, never touching the disk.

use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::registry::Registry;

mod definition_schema;
pub(crate) mod guides;
pub(crate) mod json_schema;
pub(crate) mod npm_package;
mod rust_crate;

/// The npm package's folder in the output folder.
pub use npm_package::PACKAGE_DIR as NPM_PACKAGE_DIR;

/// One generated file, its path relative to the output folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
}

impl OutputFile {
    pub fn new(path: impl Into<PathBuf>, contents: impl Into<String>) -> Self {
        OutputFile { path: path.into(), contents: contents.into() }
    }
}

/// A generation failure: a bug in an emitter or a template, never a problem of the input (the
/// validator has refused those already).
#[derive(Debug)]
pub struct EmitError {
    pub emitter: &'static str,
    pub message: String,
}

/// An emitter: the checked registry in, files out.
type Emitter = fn(&Registry) -> Result<Vec<OutputFile>, EmitError>;

/// Every emitter, with the name `cargo xtask codegen --timings` shows it under.
const EMITTERS: [(&str, Emitter); 4] = [
    ("definition schema", definition_schema::emit),
    ("guides", guides::emit),
    ("JSON Schemas and npm package", schemas_and_npm_package),
    ("Rust crate", rust_crate::emit),
];

/// The JSON Schemas and the npm package, whose provider modules publish the very same schema
/// texts: each is built and printed once for both.
fn schemas_and_npm_package(registry: &Registry) -> Result<Vec<OutputFile>, EmitError> {
    let texts = json_schema::schema_texts(registry);
    let mut files = npm_package::emit(registry, &texts)?;
    files.append(&mut json_schema::emit(registry, texts)?);
    Ok(files)
}

/// Runs every emitter over the registry, all at once: each spends part of its time on files
/// made from the whole registry (a catalog, the crate root), one core's work that the others'
/// per-provider work fills around. The files come sorted by path. Each emitter's own wall time,
/// overlapping the others', is added to `timings`.
pub fn emit_all(
    registry: &Registry,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Result<Vec<OutputFile>, Vec<EmitError>> {
    run_emitters(&EMITTERS, registry, timings)
}

fn run_emitters(
    emitters: &[(&'static str, Emitter)],
    registry: &Registry,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Result<Vec<OutputFile>, Vec<EmitError>> {
    let emitted: Vec<(Result<Vec<OutputFile>, EmitError>, Duration)> = emitters
        .par_iter()
        .map(|(_, emit)| {
            let started = Instant::now();
            let mut emitted = emit(registry);
            // Sorted here, on the core that made them, so that what is left once every emitter
            // is done is merging their runs.
            if let Ok(files) = &mut emitted {
                files.sort_by(|a, b| path_order(&a.path, &b.path));
            }
            (emitted, started.elapsed())
        })
        .collect();
    let count = emitted.iter().map(|(result, _)| result.as_ref().map_or(0, Vec::len)).sum();
    let mut files = Vec::with_capacity(count);
    let mut errors = Vec::new();
    for ((name, _), (result, took)) in emitters.iter().zip(emitted) {
        match result {
            Ok(mut emitted) => files.append(&mut emitted),
            Err(error) => errors.push(error),
        }
        timings.push((*name, took));
    }
    // The emitters' sorted runs, one after the other: the merge sort finds them and merges them,
    // where a parallel quicksort would partition them all again.
    files.sort_by(|a, b| path_order(&a.path, &b.path));
    // Two emitters writing one path would have the writer keep either: a generator bug. Equal
    // in the sort's order, from the bytes: `Path`'s `==` splits paths that differ into components.
    for pair in files.windows(2).filter(|pair| path_order(&pair[0].path, &pair[1].path).is_eq()) {
        errors
            .push(EmitError { emitter: "emit_all", message: format!("{} is generated twice", pair[0].path.display()) });
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// `Path::cmp`'s order, from the bytes, for the paths emitters return: relative, with no empty,
/// `.` or `..` component. Paths compare component by component, and a component sorts before
/// those it is a prefix of, so at the first byte that differs a separator sorts before any other
/// byte. `Path::cmp` splits both paths into components at each comparison, which cost the sort
/// of a large registry's files several times what the sort itself does.
fn path_order(a: &Path, b: &Path) -> Ordering {
    let (a, b) = (a.as_os_str().as_encoded_bytes(), b.as_os_str().as_encoded_bytes());
    let rank = |byte: u8| (byte != b'/', byte);
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(at) => rank(a[at]).cmp(&rank(b[at])),
        None => a.len().cmp(&b.len()),
    }
}

/// Pretty JSON with a trailing newline, as every JSON file here is written, at its exact size.
pub fn json_text(value: &impl serde::Serialize) -> String {
    json_text_in(value, &mut Vec::new())
}

/// `text` copied at its exact size. The outputs are held until they are written out, and a text
/// grown step by step has room for up to twice its length, which shrinking it in place would
/// leave with the allocator (mimalloc keeps a block that stays at least half full).
pub fn at_exact_size(text: String) -> String {
    text.as_str().to_owned()
}

/// [`json_text`], written into `buffer` (whatever it held) and copied at its exact size: the
/// texts are held until they are written out, and a buffer kept from one text to the next spares
/// growing each one step by step.
pub fn json_text_in(value: &impl serde::Serialize, buffer: &mut Vec<u8>) -> String {
    buffer.clear();
    write_pretty_json(value, buffer);
    buffer.push(b'\n');
    std::str::from_utf8(buffer).expect("serde_json writes UTF-8").to_owned()
}

/// The text of `serde_json::to_string_pretty`, written with [`Indented`].
pub fn pretty_json(value: &impl serde::Serialize) -> String {
    let mut bytes = Vec::new();
    write_pretty_json(value, &mut bytes);
    String::from_utf8(bytes).expect("serde_json writes UTF-8")
}

fn write_pretty_json(value: &impl serde::Serialize, out: &mut Vec<u8>) {
    value
        .serialize(&mut serde_json::Serializer::with_formatter(out, Indented::default()))
        .expect("JSON values serialize");
}

/// serde_json's `PrettyFormatter` (two spaces a level), which writes a line break and its
/// indentation in one piece: `PrettyFormatter` writes each level's two spaces on their own, a
/// write a level on each of a schema's thousands of lines.
#[derive(Default)]
struct Indented {
    depth: usize,
    /// Whether the array or object being written has a value yet.
    has_value: bool,
}

impl Indented {
    /// A line break (after a comma, when `comma`) and the indentation of the current depth.
    fn break_line<W: ?Sized + std::io::Write>(&self, out: &mut W, comma: bool) -> std::io::Result<()> {
        const BREAK: &[u8] = b",\n                                ";
        let room = BREAK.len() - 2;
        let mut width = 2 * self.depth;
        let first = width.min(room);
        out.write_all(&BREAK[usize::from(!comma)..2 + first])?;
        width -= first;
        while width > 0 {
            let run = width.min(room);
            out.write_all(&BREAK[2..2 + run])?;
            width -= run;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.break_line(out, false)?;
        }
        out.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, out: &mut W, first: bool) -> std::io::Result<()> {
        self.break_line(out, !first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, out: &mut W, first: bool) -> std::io::Result<()> {
        self.break_line(out, !first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;

    fn registry() -> Registry {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../providers");
        crate::load::load(&dir, &Default::default()).registry.expect("the registry's providers are valid")
    }

    fn readme(_: &Registry) -> Result<Vec<OutputFile>, EmitError> {
        Ok(vec![OutputFile::new("README.md", "one\n")])
    }

    fn notes(_: &Registry) -> Result<Vec<OutputFile>, EmitError> {
        Ok(vec![OutputFile::new("NOTES.md", "two\n")])
    }

    #[test]
    fn files_of_every_emitter_come_sorted_with_a_timing_each() {
        let mut timings = Vec::new();
        let files = run_emitters(&[("readme", readme), ("notes", notes)], &registry(), &mut timings).unwrap();
        let paths: Vec<&Path> = files.iter().map(|f| f.path.as_path()).collect();
        assert_eq!(paths, [Path::new("NOTES.md"), Path::new("README.md")]);
        let names: Vec<&str> = timings.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ["readme", "notes"]);
    }

    #[test]
    fn two_emitters_writing_one_path_is_an_error() {
        let errors = run_emitters(&[("readme", readme), ("again", readme)], &registry(), &mut Vec::new()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].message, "README.md is generated twice");
    }

    /// Paths like the emitters', from few characters around `/` in byte order (`-`, `.`, `0`)
    /// so that components often share prefixes.
    fn generated_path() -> impl Strategy<Value = PathBuf> {
        let component = "[-.0a_é]{1,3}".prop_filter("no `.` or `..` component", |c| c != "." && c != "..");
        prop::collection::vec(component, 1..4).prop_map(|components| components.join("/").into())
    }

    /// JSON values of every kind, nested deeper than the run of spaces [`Indented`] copies from.
    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "[a\"\\\\\n\u{1}é]{0,4}".prop_map(Value::String),
        ];
        leaf.prop_recursive(24, 96, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                prop::collection::vec(("[a-c]{1,2}", inner), 0..3)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    #[test]
    fn pretty_json_indents_past_its_run_of_spaces() {
        let deep = (0..40).fold(serde_json::json!(["x", {}]), |inner, _| serde_json::json!({ "a": [inner, 1] }));
        assert_eq!(pretty_json(&deep), serde_json::to_string_pretty(&deep).unwrap());
    }

    proptest! {
        #[test]
        fn pretty_json_is_serde_jsons_pretty_text(value in json_value()) {
            prop_assert_eq!(pretty_json(&value), serde_json::to_string_pretty(&value).unwrap());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn path_order_is_the_order_of_paths(a in generated_path(), b in generated_path()) {
            prop_assert_eq!(path_order(&a, &b), a.cmp(&b));
            prop_assert_eq!(path_order(&a, &a), Ordering::Equal);
        }
    }
}
