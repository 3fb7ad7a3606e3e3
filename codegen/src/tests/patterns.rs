//! Patterns are judged by how a backtracking engine runs them: one that can take exponential
//! time is refused at codegen, every other one is accepted without a warning, and the generated
//! back end judges each value in time linear in its length.

use std::time::{Duration, Instant};

use super::support::{cargo_on_generated_crate, nango_overrides, run_codegen};
use crate::diagnostics::Severity;

/// A provider whose connection config has one field per pattern, `f0`, `f1`, ...
fn provider_with_patterns(patterns: &[&str]) -> String {
    let mut yaml = String::from(
        "display_name: Acme\nauth_mode: API_KEY\ndocs:\n  main: https://example.com/docs\n  connect: https://example.com/connect\nproxy:\n  base_url: https://api.example.com\n  headers:\n    authorization: Bearer ${apiKey}\nconnection_config:\n",
    );
    for (index, pattern) in patterns.iter().enumerate() {
        let quoted = serde_json::to_string(pattern).unwrap();
        yaml.push_str(&format!(
            "  f{index}:\n    title: Field {index}\n    description: A value\n    pattern: {quoted}\n    optional: true\n    docs_anchor: '#field'\n"
        ));
    }
    yaml.push_str("credentials:\n  apiKey:\n    title: API Key\n    description: Your key\n    secret: true\n    docs_anchor: '#api-key'\n");
    yaml
}

fn registry_with(patterns: &[&str]) -> tempfile::TempDir {
    let providers = tempfile::tempdir().unwrap();
    let root = super::support::project_root();
    std::fs::copy(root.join("providers/_registry.yaml"), providers.path().join("_registry.yaml")).unwrap();
    std::fs::write(providers.path().join("acme.yaml"), provider_with_patterns(patterns)).unwrap();
    providers
}

/// Exponential on a backtracking engine: alternations that overlap, nested quantifiers,
/// overlapping classes, each with the rewrite that means the same where one follows.
const EXPONENTIAL: [(&str, Option<&str>); 14] = [
    (r"^(a|aa)+$", Some(r"^a+$")),
    (r"^(a+)+$", Some(r"^a+$")),
    (r"^(a*)*b$", Some(r"^a*b$")),
    (r"^(a|a)*$", Some(r"^a*$")),
    (r"^([a-z0-9]+)*@example\.com$", Some(r"^[0-9a-z]*@example\.com$")),
    (r"^(\d+|\w+)*$", Some(r"^\w*$")),
    (r"^(\w+\s?)*$", None),
    (r"^(x+x+)+y$", None),
    (r"^([a-zA-Z]+[a-zA-Z0-9]*)+$", None),
    (r"^(ab|a|b)*c$", Some(r"^[ab]*c$")),
    (r"^(\s*,\s*)*$", None),
    (r"^([a-z]{1,1000}){2,}$", Some(r"^[a-z]{2,}$")),
    (r"^(?=(a|a)*$)a", None),
    (r"^(.*a){2,}$", None),
];

#[test]
fn exponential_patterns_are_refused_with_a_located_error_and_a_rewrite() {
    let patterns: Vec<&str> = EXPONENTIAL.iter().map(|(pattern, _)| *pattern).collect();
    let providers = registry_with(&patterns);
    let out = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let run = run_codegen(providers.path(), out.path(), false, nango_overrides());
    assert!(started.elapsed() < Duration::from_secs(10), "deciding took {:?}", started.elapsed());
    assert!(!run.succeeded(false));
    assert!(std::fs::read_dir(out.path()).unwrap().next().is_none(), "nothing is written");
    let text = provider_with_patterns(&patterns);
    for (index, (pattern, rewrite)) in EXPONENTIAL.iter().enumerate() {
        let line = text.lines().position(|l| l.contains(&serde_json::to_string(pattern).unwrap())).unwrap() + 1;
        let found: Vec<_> = run.loaded.diagnostics.iter().filter(|d| d.line == line).collect();
        assert_eq!(found.len(), 1, "f{index} `{pattern}`: {found:?}");
        let diagnostic = found[0];
        assert_eq!(diagnostic.severity, Severity::Error, "{pattern}");
        assert_eq!(diagnostic.col, 14, "{pattern}: points at the pattern");
        assert!(diagnostic.message.contains("can take exponential time"), "{}", diagnostic.message);
        let help = diagnostic.help.as_deref().unwrap_or_default();
        match rewrite {
            Some(rewrite) => assert_eq!(help, format!("write `{rewrite}`, which accepts the same values"), "{pattern}"),
            None => assert!(help.starts_with("make each repetition start"), "{pattern}: {help}"),
        }
    }
}

/// Linear on a backtracking engine although they nest quantifiers (or repeat what overlaps
/// nothing that follows): each repetition starts in a way the one before cannot continue.
const LINEAR_NESTED: [&str; 14] = [
    r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*$",
    r"^([a-z]+\.)+com$",
    r"^(\d+,)*\d+$",
    r"^([A-Za-z0-9]+-)*[A-Za-z0-9]+$",
    r"^https://[^\s]+( https://[^\s]+)*$",
    r"^[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._-]+)*$",
    r"^[A-Za-z0-9.-]+(?::\d+(?:/[-A-Za-z0-9.]*)*)?$",
    r"^((ab)+c)*$",
    r"^(a+b+)+$",
    r"^(\w+=\w+&)*\w+=\w+$",
    r"^([0-9a-f]{2}:)+[0-9a-f]{2}$",
    r"^(?:[a-z]+(?:_[a-z]+)*)(?:\.[a-z]+(?:_[a-z]+)*)*$",
    r"^[a-zA-Z0-9]([a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?)*$",
    r"^(?!.*--)[a-z]+(-[a-z]+)*$",
];

#[test]
fn linear_patterns_with_nested_quantifiers_are_accepted_without_a_warning() {
    let providers = registry_with(&LINEAR_NESTED);
    let out = tempfile::tempdir().unwrap();
    let run = run_codegen(providers.path(), out.path(), false, nango_overrides());
    let about_patterns: Vec<_> = run.loaded.diagnostics.iter().filter(|d| d.message.contains("pattern")).collect();
    assert!(about_patterns.is_empty(), "{about_patterns:#?}");
    assert!(run.succeeded(false), "{:#?}", run.loaded.diagnostics);
}

/// Accepted patterns on which a backtracking engine takes polynomial, not linear, time: about
/// n³ steps for `\s*[…\s]+\s*`, n² for an unanchored search. A hostile value of 5,000
/// characters takes such an engine minutes; the generated crate judges each in a millisecond.
const SUPERLINEAR: [(&str, &str); 4] = [
    (r"^-----BEGIN KEY-----\s*([A-Za-z0-9+/=\s]+)\s*-----END KEY-----$", "-----BEGIN KEY-----"),
    (r"^\s*\s*\s*x$", ""),
    (r"a*a*a*b", ""),
    (r"^(\d+)(\.\d+)*\d*x$", "1"),
];

#[test]
fn the_generated_crate_judges_hostile_values_in_linear_time() {
    let patterns: Vec<&str> = SUPERLINEAR.iter().map(|(pattern, _)| *pattern).collect();
    let providers = registry_with(&patterns);
    let out = tempfile::tempdir().unwrap();
    let run = run_codegen(providers.path(), out.path(), false, nango_overrides());
    assert!(run.succeeded(false), "{:#?}", run.loaded.diagnostics);
    let module = std::fs::read_to_string(out.path().join("src/providers/acme.rs")).unwrap();
    assert_eq!(module.matches("linear_pattern: Some(").count(), SUPERLINEAR.len(), "every pattern runs linear");

    // A test added to the generated crate times one call per pattern on its hostile value.
    let mut cases = String::new();
    for (index, (_, prefix)) in SUPERLINEAR.iter().enumerate() {
        let filler = if index == 2 {
            "a"
        } else if index == 3 {
            "1"
        } else {
            " "
        };
        cases.push_str(&format!("    ({index}, format!(\"{{}}{{}}!\", {prefix:?}, {filler:?}.repeat(5_000))),\n"));
    }
    let test = format!(
        r#"use provider_registry::ProviderId;
use std::time::{{Duration, Instant}};

#[test]
fn hostile_values_are_judged_within_a_second() {{
    let cases: Vec<(usize, String)> = vec![
{cases}    ];
    for (index, value) in cases {{
        let submission = serde_json::json!({{
            "connection_config": {{ format!("f{{index}}"): value }},
            "credentials": {{ "apiKey": "key" }},
        }});
        let started = Instant::now();
        let errors = provider_registry::Connection::from_json(ProviderId::Acme, &submission).err().expect("refused");
        let took = started.elapsed();
        assert!(took < Duration::from_secs(1), "field f{{index}} took {{took:?}}");
        assert!(errors.iter().any(|e| e.rule == "pattern"), "{{errors:?}}");
    }}
}}
"#
    );
    let tests = out.path().join("tests");
    std::fs::create_dir_all(&tests).unwrap();
    std::fs::write(tests.join("hostile.rs"), test).unwrap();
    let output = cargo_on_generated_crate(out.path(), &["test", "--test", "hostile"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn every_pattern_of_nangos_sample_is_decided_and_none_is_refused_as_exponential() {
    let text = std::fs::read_to_string(super::support::shared_dir().join("nango/providers-sample.yaml"))
        .expect("the Nango sample");
    let patterns: std::collections::BTreeSet<&str> =
        text.lines().filter_map(|line| line.trim().strip_prefix("pattern: ")).map(|p| p.trim_matches('\'')).collect();
    assert!(patterns.len() > 50, "{}", patterns.len());
    for pattern in patterns {
        let Ok(compiled) = crate::check::pattern::compile(pattern) else { continue };
        assert_eq!(compiled.backtracking, crate::check::pattern::Backtracking::Polynomial, "{pattern}");
        let needs_backtracking = pattern.contains("(?!") || pattern.contains("(?=");
        assert_eq!(compiled.linear_source.is_none(), needs_backtracking, "{pattern}");
    }
}

/// Patterns that exercise what ECMAScript means by each escape, class and assertion.
const MEANINGS: [&str; 24] = [
    r"^\s+$",
    r"^\S+$",
    r"^.+$",
    r"^.$",
    r"^[^a]+$",
    r"^\w+$",
    r"^\W+$",
    r"^\d+$",
    r"^\D+$",
    r"\bfoo\b",
    r"\Bo",
    r"^[\s\S]$",
    r"^\u{1F600}$",
    r"^[😀-😂]$",
    r"^\uD83D\uDE00$",
    r"^[^\s]$",
    r"^\x41\u0042\cJ?$",
    r"^[\b]$",
    r"^a{2,3}$",
    r"^(?:ab)?c*$",
    r"^[\w.-]+@[\w-]+\.[a-z]{2,}$",
    r"^[^\d\s]+$",
    r"[-\]\\^]",
    r"^\/\$\^\.\*\+\?\(\)\[\]\{\}\|$",
];

/// Values with the characters on which engines differ: Unicode spaces and digits, line
/// terminators, astral characters, the characters of `\w` and `\b`.
fn probe_values() -> Vec<String> {
    let characters = [
        "a", "A", "_", "0", "9", "-", ".", "@", " ", "\t", "\n", "\r", "\u{b}", "\u{c}", "\u{8}", "\u{a0}", "\u{85}",
        "\u{1680}", "\u{180e}", "\u{2000}", "\u{200a}", "\u{200b}", "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}",
        "\u{3000}", "\u{feff}", "é", "K", "\u{212a}", "١", "😀", "😁", "😃", "\\", "]", "^", "$", "/",
    ];
    let mut values: Vec<String> = vec![String::new()];
    for c in characters {
        values.push(c.to_owned());
        values.push(c.repeat(2));
        values.push(format!("a{c}b"));
    }
    for value in [
        "foo",
        "a foo b",
        "afoo",
        "foob",
        "oo",
        "AB",
        "AB\n",
        "aa",
        "aaa",
        "aaaa",
        "abc",
        "abccc",
        "c",
        "ab",
        "name@example.com",
        "a.b-c@x-y.io",
        "/$^.*+?()[]{}|",
        "ab1",
        "abc def",
    ] {
        values.push(value.to_owned());
    }
    values
}

#[test]
fn the_linear_engine_gives_the_browsers_verdict() {
    let text = std::fs::read_to_string(super::support::shared_dir().join("nango/providers-sample.yaml"))
        .expect("the Nango sample");
    let mut patterns: Vec<String> = MEANINGS.iter().map(|p| p.to_string()).collect();
    patterns.extend(LINEAR_NESTED.iter().map(|p| p.to_string()));
    patterns.extend(SUPERLINEAR.iter().map(|(p, _)| p.to_string()));
    patterns.extend(
        text.lines().filter_map(|l| l.trim().strip_prefix("pattern: ")).map(|p| p.trim_matches('\'').to_owned()),
    );
    let values = probe_values();
    let mut cases = Vec::new();
    let mut linear = 0;
    for pattern in &patterns {
        let Ok(compiled) = crate::check::pattern::compile(pattern) else { continue };
        linear += usize::from(compiled.linear_source.is_some());
        for value in &values {
            cases.push(serde_json::json!({ "pattern": pattern, "value": value, "rust": compiled.accepts(value) }));
        }
    }
    assert!(linear > 100, "most patterns run on the linear engine: {linear}");
    let dir = super::support::target_dir().join("tmp");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("pattern-differential-cases.json");
    std::fs::write(&path, serde_json::json!({ "cases": cases }).to_string()).unwrap();
    let output = std::process::Command::new("node")
        .arg(super::support::project_root().join("tests/js/patterns.mjs"))
        .arg(&path)
        .output()
        .expect("node runs (node 18 or later is needed)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the browser and the back end disagree:\n{stdout}");
}
