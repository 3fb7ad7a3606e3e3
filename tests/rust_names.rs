//! Rust names and text in the generated crate: whatever ids, field names, enum values and prose
//! a valid registry holds, the crate parses, its names are unique in each scope, and it builds.
//!
//! - A property test over arbitrary registries: ids from the id grammar with Rust keywords and
//!   ids that collide once converted among them; field names from the name grammar with `_`,
//!   `self`, `Self`, `type` and `crate`; enum values with punctuation, case-only differences,
//!   digits and non-ASCII letters; prose with bidirectional controls, quotes and comment closers.
//!   What validates generates Rust that `syn` parses with every name unique in its scope; what
//!   does not is refused with located errors.
//! - A fixed registry of such names, built with `cargo build` (warnings denied), whose
//!   `validate` example accepts every enum value of every provider.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use provider_registry_tests::{cargo_on_generated_crate, run_codegen, target_dir, unparsable_rust_files};
use serde_json::{json, Value};

const SETTINGS: &str =
    "platform_name: Acme\ndocs_base_url: https://docs.example.com\nschema_base_url: https://schemas.example.com\n";

/// Prose that has broken generated code: bidirectional controls, quotes, comment closers,
/// Markdown and template syntax.
const HOSTILE_PROSE: &[&str] = &[
    "Plain words",
    "right-to-left \u{202E}override\u{202C} and \u{2066}isolate\u{2069}",
    "quotes \" and ' and \\\" and a backslash \\",
    "a */ comment end, a /* start, and //! a doc marker",
    "{{ 7*7 }} and ${not.a.variable} and `ticks`",
    "zero\u{200B}width and a\u{00AD}soft hyphen",
    "caf\u{E9} \u{6771}\u{4EAC} \u{05E9}\u{05DC}\u{05D5}\u{05DD}",
];

/// One provider: its id, and its fields as (name, enum values, prose).
#[derive(Clone, Debug)]
struct ProviderCase {
    id: String,
    display_name: String,
    fields: Vec<(String, Vec<String>, String)>,
}

/// The provider file: auth mode `NONE`, every field a connection-config value, the first one
/// in the base URL's path.
fn provider_yaml(case: &ProviderCase) -> String {
    let quoted = |text: &str| serde_json::to_string(text).expect("a JSON string is a YAML string");
    let mut yaml = format!(
        "display_name: {}\nauth_mode: NONE\ndocs:\n  main: https://example.com/docs\n",
        quoted(&case.display_name)
    );
    if let Some((first, _, _)) = case.fields.first() {
        yaml.push_str(&format!(
            "proxy:\n  base_url: {}\n",
            quoted(&format!("https://api.example.com/${{connectionConfig.{first}}}"))
        ));
        yaml.push_str("connection_config:\n");
    }
    for (index, (name, values, prose)) in case.fields.iter().enumerate() {
        yaml.push_str(&format!("  {}:\n", quoted(name)));
        yaml.push_str(&format!("    title: {}\n    description: {}\n", quoted(prose), quoted(prose)));
        yaml.push_str(&format!("    docs_anchor: '#field-{index}'\n"));
        if index > 0 {
            yaml.push_str("    optional: true\n");
        }
        if !values.is_empty() {
            let values: Vec<String> = values.iter().map(|value| quoted(value)).collect();
            yaml.push_str(&format!("    enum: [{}]\n", values.join(", ")));
        }
    }
    yaml
}

fn write_registry(cases: &[ProviderCase]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("_registry.yaml"), SETTINGS).expect("write the settings");
    for case in cases {
        std::fs::write(dir.path().join(format!("{}.yaml", case.id)), provider_yaml(case)).expect("write a provider");
    }
    dir
}

/// The names a Rust file declares in each scope, with the duplicates found: items by namespace
/// in the file (types and modules, values), fields per struct, variants per enum.
fn duplicate_names(file: &syn::File) -> Vec<String> {
    let mut duplicates = Vec::new();
    let mut check = |scope: String, names: Vec<String>| {
        let mut seen = BTreeSet::new();
        for name in names {
            if !seen.insert(name.clone()) {
                duplicates.push(format!("`{name}` twice in {scope}"));
            }
        }
    };
    let mut types = Vec::new();
    let mut values = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(item) => {
                types.push(item.ident.to_string());
                let fields = item.fields.iter().filter_map(|f| f.ident.as_ref()).map(|i| i.to_string()).collect();
                check(format!("struct {}", item.ident), fields);
            }
            syn::Item::Enum(item) => {
                types.push(item.ident.to_string());
                check(format!("enum {}", item.ident), item.variants.iter().map(|v| v.ident.to_string()).collect());
            }
            syn::Item::Mod(item) => types.push(item.ident.to_string()),
            syn::Item::Static(item) => values.push(item.ident.to_string()),
            syn::Item::Fn(item) => values.push(item.sig.ident.to_string()),
            syn::Item::Use(item) => use_names(&item.tree, &mut types),
            _ => {}
        }
    }
    check("the file's types and modules".into(), types);
    check("the file's values".into(), values);
    duplicates
}

/// The names a `use` brings in (values and types alike, which over-approximates: a clash here
/// is a clash or a near one).
fn use_names(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => use_names(&path.tree, out),
        syn::UseTree::Name(name) if name.ident != "self" => out.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => out.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|tree| use_names(tree, out)),
        _ => {}
    }
}

/// Every generated Rust file below `out` with the names it declares twice.
fn duplicates_below(out: &Path) -> Vec<String> {
    provider_registry_tests::files_below(out)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .flat_map(|path| {
            let text = std::fs::read_to_string(out.join(&path)).expect("read a generated file");
            let file = syn::parse_file(&text).expect("the file parses");
            duplicate_names(&file).into_iter().map(move |d| format!("{}: {d}", path.display()))
        })
        .collect()
}

fn id_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "[a-z0-9]{1,5}(-[a-z0-9]{1,3}){0,2}",
        1 => prop::sample::select(vec![
            "type", "self", "crate", "super", "fn", "r", "secret", "secret-connection", "value", "option",
            "provider-info", "connection-config", "credentials", "a1b", "a-1b", "a-b1", "a-b-1", "1password",
        ])
        .prop_map(String::from),
    ]
}

fn field_name_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "[A-Za-z_][A-Za-z0-9_.-]{0,5}[A-Za-z0-9_]".prop_map(String::from),
        1 => prop::sample::select(vec![
            "_", "__", "self", "Self", "type", "crate", "super", "apiKey", "api_key", "APIKey", "Value", "Option",
            "Secret", "r#x", "x.y", "a-b",
        ])
        .prop_map(String::from),
    ]
}

fn enum_value_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => prop::sample::select(vec![
            "a3", "a", "a_", "A", "us-east", "us_east", "US East", "eu (beta)", "1", "01", "\u{E9}", "e", "\u{C9}",
            "\u{6771}\u{4EAC}", "x\u{202E}y", "self", "Self", "None", "*/", "\"", "\\", "a.b",
        ])
        .prop_map(String::from),
        1 => "[a-zA-Z0-9 _.()/-]{1,6}",
    ]
}

fn provider_strategy() -> impl Strategy<Value = ProviderCase> {
    let field = (
        field_name_strategy(),
        prop::collection::vec(enum_value_strategy(), 0..6),
        prop::sample::select(HOSTILE_PROSE.to_vec()),
    )
        .prop_map(|(name, values, prose)| {
            let mut unique = Vec::new();
            for value in values {
                if !unique.contains(&value) {
                    unique.push(value);
                }
            }
            (name, unique, prose.to_owned())
        });
    (id_strategy(), prop::sample::select(HOSTILE_PROSE.to_vec()), prop::collection::vec(field, 1..5)).prop_map(
        |(id, display_name, fields)| {
            let mut seen = BTreeSet::new();
            let fields = fields.into_iter().filter(|(name, _, _)| seen.insert(name.clone())).collect();
            ProviderCase { id, display_name: display_name.to_owned(), fields }
        },
    )
}

fn registry_strategy() -> impl Strategy<Value = Vec<ProviderCase>> {
    prop::collection::vec(provider_strategy(), 1..5).prop_map(|cases| {
        let mut seen = BTreeSet::new();
        cases.into_iter().filter(|case| seen.insert(case.id.clone())).collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_registry_generates_rust_with_unique_names(cases in registry_strategy()) {
        let providers = write_registry(&cases);
        let out = tempfile::tempdir().expect("a temporary folder");
        let run = run_codegen(providers.path(), out.path(), false, Default::default());
        if run.loaded.has_errors() {
            for diagnostic in &run.loaded.diagnostics {
                prop_assert!(diagnostic.line >= 1 && diagnostic.col >= 1, "located: {diagnostic:?}");
            }
            prop_assert!(provider_registry_tests::files_below(out.path()).is_empty(), "nothing is written");
        } else {
            prop_assert!(run.succeeded(false), "a valid registry generates: {:?}", run.emit_errors);
            prop_assert_eq!(unparsable_rust_files(out.path()), Vec::<String>::new());
            prop_assert_eq!(duplicates_below(out.path()), Vec::<String>::new());
        }
    }
}

/// At least 30 names that have broken generated crates, in a registry that validates.
fn hostile_registry() -> Vec<ProviderCase> {
    let values = |values: &[&str]| values.iter().map(|v| v.to_string()).collect::<Vec<_>>();
    let case = |id: &str, fields: Vec<(&str, Vec<String>)>| ProviderCase {
        id: id.to_owned(),
        display_name: HOSTILE_PROSE[1].to_owned(),
        fields: fields
            .into_iter()
            .enumerate()
            .map(|(i, (name, values))| (name.to_owned(), values, HOSTILE_PROSE[i % HOSTILE_PROSE.len()].to_owned()))
            .collect(),
    };
    vec![
        case("secret", vec![("choice", values(&["a3", "a", "a_", "A"]))]),
        case("secret-connection", vec![("type", values(&["us-east", "us_east", "US East", "eu (beta)"]))]),
        case("type", vec![("self", values(&["self", "Self", "None", "Some"])), ("_", vec![])]),
        case("self", vec![("crate", values(&["\u{E9}", "e", "\u{C9}", "\u{6771}\u{4EAC}"])), ("__", vec![])]),
        case("crate", vec![("super", values(&["1", "01", "x\u{202E}y", "*/"])), ("Self", vec![])]),
        case("value", vec![("Value", values(&["\"", "\\", "a.b", "r#x"]))]),
        case("provider-info", vec![("Option", values(&["ProviderInfo", "PROVIDER", "String", "Vec"]))]),
        case("1password", vec![("api_key", values(&["x"])), ("Secret", values(&["y", "Y"]))]),
        case("fn", vec![("x.y", values(&["_", "-"])), ("a-b", vec![])]),
        case("connection-config", vec![("ConnectionConfig", values(&["Credentials", "credentials"]))]),
    ]
}

#[test]
fn a_registry_of_hostile_names_builds_and_accepts_every_enum_value() {
    let cases = hostile_registry();
    let names: usize =
        cases.iter().map(|case| 1 + case.fields.iter().map(|(_, v, _)| 1 + v.len()).sum::<usize>()).sum();
    assert!(names >= 30, "{names} names");
    let providers = write_registry(&cases);
    let out = tempfile::tempdir().expect("a temporary folder");
    let run = run_codegen(providers.path(), out.path(), false, Default::default());
    let messages: Vec<String> =
        run.loaded.diagnostics.iter().map(|d| format!("{}:{}: {}", d.file.display(), d.line, d.message)).collect();
    assert!(run.succeeded(false), "the registry validates and generates: {messages:#?} {:?}", run.emit_errors);
    assert_eq!(duplicates_below(out.path()), Vec::<String>::new());

    let output = cargo_on_generated_crate(out.path(), &["build", "--example", "validate"]);
    assert!(output.status.success(), "the crate builds:\n{}", String::from_utf8_lossy(&output.stderr));
    let example = target_dir().join("standalone-generated/debug/examples/validate");
    let submissions = tempfile::tempdir().expect("a temporary folder");
    let mut verdicts = BTreeMap::new();
    for case in &cases {
        let (field, values, _) = &case.fields[0];
        for (index, value) in values.iter().enumerate() {
            let path = submissions.path().join(format!("{}-{index}.json", case.id));
            let submission = json!({ "connection_config": { field: value } });
            std::fs::write(&path, submission.to_string()).expect("write a submission");
            let run = Command::new(&example).arg(&case.id).arg(&path).output().expect("the example runs");
            let line: Value = serde_json::from_slice(&run.stdout).unwrap_or(Value::Null);
            verdicts.insert((case.id.clone(), value.clone()), (run.status.code(), line));
        }
    }
    let refused: Vec<_> = verdicts.iter().filter(|(_, (code, line))| *code != Some(0) || line["ok"] != true).collect();
    assert!(refused.is_empty(), "every enum value is accepted: {refused:#?}");
    assert_eq!(verdicts.len(), cases.iter().map(|case| case.fields[0].1.len()).sum::<usize>());
}
