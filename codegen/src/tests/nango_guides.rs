//! Nango's connect guides (`../shared/nango/guides/`, 205 real pages) imported with their
//! providers and regenerated: each generated MDX guide says what its source says, line for
//! line and in order; help links land on the step that explains each field.
//!
//! Nango's own data gives some of these providers defects that stop codegen (an example that
//! fails its pattern, a host field that accepts any value). Those defects are never in the
//! imported `guide:` sections (asserted below), so the guides are generated here from each
//! provider's checked form directly, with the registry's own guide emitter.
//!
//! With `IMPORTED_GUIDES_DIR` set, the generated guides are also written there, in `gfm/` and
//! `mdx/`, for `.ci/imported-guides.sh` to lint and compile.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::support::shared_dir;
use crate::emit::guides;
use crate::import_nango::{import, ImportReport};
use crate::model::{GuideFlavor, Provider, Settings};
use crate::read::report::FileReport;
use crate::registry::{CheckedProvider, Registry};

const ASSETS_BASE_URL: &str = "https://nango.dev/docs";

fn guides_dir() -> PathBuf {
    shared_dir().join("nango/guides")
}

fn guide_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(guides_dir())
        .expect("the guides folder")
        .filter_map(|entry| entry.ok()?.path().file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    ids.sort();
    ids
}

struct Imported {
    dir: tempfile::TempDir,
    report: ImportReport,
    providers: Vec<CheckedProvider>,
}

fn imported() -> Imported {
    let dir = tempfile::tempdir().unwrap();
    let report = import(&shared_dir().join("nango/providers-sample.yaml"), dir.path(), Some(&guides_dir()))
        .expect("the sample imports");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let settings = settings(GuideFlavor::Mdx);
    let mut providers = Vec::new();
    for id in guide_ids() {
        let path = dir.path().join(format!("{id}.yaml"));
        let provider: Provider = serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut file_report = FileReport::new(&path, None);
        let facts = crate::check::check_provider(&provider, &mut file_report);
        providers.push(crate::lower::provider(&id, &path, provider, &settings, facts));
    }
    Imported { dir, report, providers }
}

fn settings(flavor: GuideFlavor) -> Settings {
    Settings {
        platform_name: "Nango".into(),
        docs_base_url: "https://nango.dev/docs/api-integrations".into(),
        schema_base_url: "https://providers.example.com/schemas".into(),
        guide_flavor: flavor,
        assets_base_url: Some(ASSETS_BASE_URL.into()),
        npm_package: None,
    }
}

/// The guides, by provider id, in a flavor.
fn generate(providers: &[CheckedProvider], flavor: GuideFlavor) -> BTreeMap<String, String> {
    let registry =
        Registry { settings: settings(flavor), providers: providers.to_vec(), template_overrides: BTreeMap::new() };
    let files = guides::emit(&registry).expect("the guides generate");
    files
        .into_iter()
        .filter(|f| f.path.file_stem().is_some_and(|s| s != "README"))
        .map(|f| (f.path.file_stem().unwrap().to_string_lossy().into_owned(), f.contents))
        .collect()
}

/// A page reduced to its prose lines. Normalized, and only this: front matter and comments
/// dropped; heading levels and a heading's trailing colon; list markers and numbers; callout
/// tags (`<Note>`, `</Note>`, `> [!NOTE]`); image syntax (an image is `image: <path>`, its URL
/// relative to the docs site); code fences (`fence: <language>`); a table's cell padding and
/// delimiter row; whitespace (indentation, runs of spaces, blank lines); a link to a page of the
/// docs site (its full URL or its path, `](/guides/x)`). Horizontal rules are not prose.
fn prose_lines(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = page.lines().peekable();
    while lines.peek().is_some_and(|l| l.trim().is_empty()) {
        lines.next();
    }
    if lines.peek().map(|l| l.trim()) == Some("---") {
        lines.next();
        for line in lines.by_ref() {
            if line.trim() == "---" {
                break;
            }
        }
    }
    let mut in_code = false;
    for line in lines {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_code = !in_code;
            let language = trimmed.trim_start_matches('`').trim();
            out.push(format!("fence: {language}"));
            continue;
        }
        if in_code {
            if !trimmed.is_empty() {
                out.push(collapse(trimmed));
            }
            continue;
        }
        let mut text = trimmed.replace(&format!("]({ASSETS_BASE_URL}/"), "](/");
        for tag in ["Note", "Tip", "Info", "Warning"] {
            text = text.replace(&format!("<{tag}>"), "").replace(&format!("</{tag}>"), "");
        }
        if let Some(rest) = text.strip_prefix("> [!") {
            if rest.ends_with(']') {
                continue;
            }
        }
        let text = text.strip_prefix("> ").map(str::to_owned).unwrap_or(text);
        let text = text.trim();
        if text.is_empty() || is_comment(text) || text.chars().all(|c| c == '-') || text == "***" {
            continue;
        }
        let level = text.len() - text.trim_start_matches('#').len();
        if (1..=6).contains(&level) && text[level..].starts_with(' ') {
            out.push(format!("heading: {}", collapse(text[level..].trim().trim_end_matches(':').trim_end())));
            continue;
        }
        let item = strip_marker(text);
        if let Some(src) = image_src(item) {
            out.push(format!("image: {}", src.strip_prefix(ASSETS_BASE_URL).unwrap_or(src)));
            continue;
        }
        if item.starts_with('|') {
            let cells: Vec<&str> = item.trim_matches('|').split('|').map(str::trim).collect();
            if cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':'))) {
                continue;
            }
            out.push(format!("| {} |", cells.join(" | ")));
            continue;
        }
        out.push(collapse(item));
    }
    out
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_comment(line: &str) -> bool {
    (line.starts_with("<!--") && line.ends_with("-->")) || (line.starts_with("{/*") && line.ends_with("*/}"))
}

/// A list item's text without its marker (`-`, `*`, `+`, `1.`, `1)`).
fn strip_marker(text: &str) -> &str {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = text.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=9).contains(&digits) {
        let rest = &text[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return rest.trim_start();
        }
    }
    text
}

/// An image line's source path (`<img src="...">` or `![alt](src)`), without its query.
fn image_src(line: &str) -> Option<&str> {
    let src = if let Some(rest) = line.strip_prefix("<img ") {
        let (_, rest) = rest.split_once("src=\"")?;
        rest.split_once('"')?.0
    } else {
        let rest = line.strip_prefix("![")?;
        let (_, rest) = rest.split_once("](")?;
        rest.strip_suffix(')')?
    };
    Some(src.split('?').next().unwrap_or(src))
}

/// The source lines the generated page does not reproduce in order (a longest common
/// subsequence of the two).
fn missing_lines(source: &[String], generated: &[String]) -> Vec<String> {
    let (n, m) = (source.len(), generated.len());
    let mut table = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] =
                if source[i] == generated[j] { table[i + 1][j + 1] + 1 } else { table[i + 1][j].max(table[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut missing) = (0, 0, Vec::new());
    while i < n {
        if j < m && source[i] == generated[j] {
            i += 1;
            j += 1;
        } else if j < m && table[i][j + 1] >= table[i + 1][j] {
            j += 1;
        } else {
            missing.push(source[i].clone());
            i += 1;
        }
    }
    missing
}

#[test]
fn the_comparison_finds_a_missing_or_moved_line() {
    let source = prose_lines("## Overview\n\n1. **A** - a\n2. **B** - b\n\n### Step 1: Go:\n- x\n");
    assert_eq!(source, ["heading: Overview", "**A** - a", "**B** - b", "heading: Step 1: Go", "x"]);
    let moved = prose_lines("## Overview\n1. **B** - b\n2. **A** - a\n#### Step 1: Go\n* x\n");
    assert_eq!(missing_lines(&source, &moved).len(), 1);
    assert!(missing_lines(&source, &source).is_empty());
}

#[test]
fn every_guide_reproduces_the_prose_lines_of_its_source() {
    let imported = imported();
    let ids = guide_ids();
    assert_eq!(ids.len(), imported.providers.len());
    let pages = generate(&imported.providers, GuideFlavor::Mdx);
    let (mut total, mut reproduced) = (0, 0);
    let mut report = String::new();
    for id in &ids {
        let source = prose_lines(&std::fs::read_to_string(guides_dir().join(format!("{id}.mdx"))).unwrap());
        let page = pages.get(id).unwrap_or_else(|| panic!("{id} has a generated guide"));
        let missing = missing_lines(&source, &prose_lines(page));
        total += source.len();
        reproduced += source.len() - missing.len();
        if !missing.is_empty() {
            report.push_str(&format!("{id}: {} of {} lines missing\n", missing.len(), source.len()));
            for line in &missing {
                report.push_str(&format!("    {line}\n"));
            }
        }
    }
    let share = reproduced as f64 / total as f64;
    eprintln!("{report}{reproduced} of {total} source lines reproduced ({:.2}%)", share * 100.0);
    assert!(total > 5000, "only {total} lines read");
    assert!(share >= 0.99, "{:.2}% of the lines reproduced:\n{report}", share * 100.0);

    if let Some(out) = std::env::var_os("IMPORTED_GUIDES_DIR") {
        write_guides(Path::new(&out), &imported.providers);
    }
}

fn write_guides(out: &Path, providers: &[CheckedProvider]) {
    for (flavor, folder, extension) in [(GuideFlavor::Gfm, "gfm", "md"), (GuideFlavor::Mdx, "mdx", "mdx")] {
        let folder = out.join(folder);
        std::fs::create_dir_all(&folder).unwrap();
        for (id, page) in generate(providers, flavor) {
            std::fs::write(folder.join(format!("{id}.{extension}")), page).unwrap();
        }
    }
}

#[test]
fn the_guide_sections_bring_no_defect() {
    let imported = imported();
    for id in guide_ids() {
        let provider = imported.report.providers.iter().find(|p| p.id == id).unwrap();
        let text = std::fs::read_to_string(imported.dir.path().join(format!("{id}.yaml"))).unwrap();
        let guide_line = text.lines().position(|l| l == "guide:").map(|i| i + 1).expect("a guide section");
        for defect in provider.defects.iter().map(|d| &d.diagnostic) {
            assert!(defect.line < guide_line, "{id}:{}: {} (in the guide section)", defect.line, defect.message);
        }
        for warning in &provider.warnings {
            assert!(warning.line < guide_line, "{id}:{}: {} (in the guide section)", warning.line, warning.message);
        }
    }
}

#[test]
fn each_help_link_lands_on_the_step_that_explains_the_field() {
    let imported = imported();
    let all: serde_yaml::Mapping =
        serde_yaml::from_str(&std::fs::read_to_string(shared_dir().join("nango/providers-sample.yaml")).unwrap())
            .unwrap();
    let pages = generate(&imported.providers, GuideFlavor::Mdx);
    let mut linked = 0;
    for provider in &imported.providers {
        let page = &pages[&provider.id];
        let headings: Vec<String> = page
            .lines()
            .filter_map(|l| l.strip_prefix("### Step "))
            .map(|h| crate::registry::github_slug(&format!("Step {}", h.replace(['*', '`', '\\'], ""))))
            .collect();
        for field in &provider.fields {
            let Some(step) = &field.field.guide_step else { continue };
            let url = field.docs_url.as_deref().expect("a field with a step has a help link");
            let anchor = url.rsplit_once('#').expect("a link to an anchor").1;
            assert!(headings.iter().any(|h| h == anchor), "{}: `{url}` points to no heading", field.path());
            // The step is the one Nango's `doc_section` named: the same number.
            let nango = &all[provider.id.as_str()];
            let section = nango
                .get(field.group.as_str())
                .and_then(|g| g.get(field.name.as_str()))
                .and_then(|f| f.get("doc_section"))
                .and_then(|s| s.as_str());
            let Some(section) = section else { continue };
            let number = |a: &str| a.trim_start_matches('#').split('-').nth(1).map(str::to_owned);
            let step_anchor = provider.steps.iter().find(|s| &s.id == step).unwrap();
            assert_eq!(
                number(&step_anchor.anchor),
                number(section),
                "{}: `{section}` became step {}",
                field.path(),
                step_anchor.anchor
            );
            linked += 1;
        }
    }
    assert!(linked > 150, "only {linked} fields link to a step");
}

#[test]
fn no_guide_links_to_a_path_of_the_docs_site() {
    let imported = imported();
    let mut resolved = 0;
    for flavor in [GuideFlavor::Mdx, GuideFlavor::Gfm] {
        for (id, page) in generate(&imported.providers, flavor) {
            let paths: Vec<&str> =
                crate::inline_markdown::site_path_links(&page).into_iter().map(|r| &page[r]).collect();
            assert!(paths.is_empty(), "{id} ({flavor:?}) links to site paths {paths:?}");
            resolved += page.matches(&format!("]({ASSETS_BASE_URL}/")).count();
        }
    }
    assert!(resolved >= 6, "only {resolved} links to the docs site");
}

#[test]
fn every_in_page_link_lands_on_a_heading() {
    let imported = imported();
    let mut links = 0;
    for (flavor, pages) in [GuideFlavor::Mdx, GuideFlavor::Gfm].map(|f| (f, generate(&imported.providers, f))) {
        for (id, page) in &pages {
            let slugs: Vec<String> = page
                .lines()
                .filter_map(|line| line.trim_start_matches('#').strip_prefix(' ').filter(|_| line.starts_with('#')))
                .map(|heading| crate::registry::github_slug(&heading.replace(['*', '`', '\\'], "")))
                .collect();
            for (at, _) in page.match_indices("](#") {
                let anchor = &page[at + 3..page[at..].find(')').map_or(page.len(), |end| at + end)];
                assert!(slugs.iter().any(|s| s == anchor), "{id} ({flavor:?}): `#{anchor}` is no heading of the page");
                links += 1;
            }
        }
    }
    assert!(links >= 10, "only {links} in-page links");
}
