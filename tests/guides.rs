//! The connect guides: they reproduce the seed pages line for line, their links resolve, their
//! heading outline is valid, provider text stays data, and a registry can override templates.

use std::collections::BTreeSet;
use std::path::Path;

use codegen::load::SettingsOverrides;
use codegen::model::GuideFlavor;
use codegen::registry::github_slug;
use provider_registry_tests::{files_below, nango_overrides, run_codegen, scratch_providers, shared_dir};

const SEEDS: [&str; 3] = ["perdoo", "paligo", "kandji"];

/// Runs codegen into a scratch folder and returns it, failing on any error.
fn generate(providers: &Path, overrides: SettingsOverrides) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("a temporary folder");
    let run = run_codegen(providers, out.path(), false, overrides);
    let messages: Vec<String> = run.loaded.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(!run.loaded.has_errors(), "the providers do not validate: {messages:?}");
    let emit_errors: Vec<&str> = run.emit_errors.iter().map(|e| e.message.as_str()).collect();
    assert!(run.succeeded(false), "codegen failed: {emit_errors:?} {:?}", run.io_error);
    out
}

fn mdx() -> SettingsOverrides {
    SettingsOverrides { guide_flavor: Some(GuideFlavor::Mdx), ..nango_overrides() }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// The seed comparison.

/// A page reduced to its prose lines, so that a generated guide and its seed compare equal when
/// they say the same things in the same order. Only what the generator changes on purpose is
/// normalized: the seed's leading docs-index blockquote is dropped; comments (the "generated"
/// line) are skipped; MDX front matter gives the page title; heading levels are dropped (a
/// heading's colon is compared as written, `:`); bullet markers become `-`;
/// tips (`<Tip>` or `> [!TIP]`) become `tip:` lines; images (`<img>` or `![alt](src)`, wherever
/// indented) become `image: <src>`. Blank lines are dropped. Every other line, with its
/// indentation and list number, must match exactly.
fn prose_lines(page: &str) -> Vec<String> {
    let mut lines = page.lines().peekable();
    let mut out = Vec::new();
    while lines.peek().is_some_and(|l| l.starts_with('>') || l.trim().is_empty()) {
        lines.next();
    }
    if lines.peek() == Some(&"---") {
        lines.next();
        for line in lines.by_ref().take_while(|l| *l != "---") {
            if let Some(title) = line.strip_prefix("title: ") {
                let title: String = serde_json::from_str(title).expect("the front-matter title is a quoted string");
                out.push(format!("heading: {title}"));
            }
        }
    }
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() || is_comment(trimmed) {
            continue;
        }
        if let Some(text) = heading(line) {
            out.push(format!("heading: {text}"));
        } else if let Some(src) = image_src(trimmed) {
            out.push(format!("image: {src}"));
        } else if let Some(tip) = trimmed.strip_prefix("<Tip>").and_then(|t| t.strip_suffix("</Tip>")) {
            out.push(format!("tip: {tip}"));
        } else if trimmed == "> [!TIP]" {
            let text = lines.next().and_then(|l| l.strip_prefix("> ")).unwrap_or_default();
            out.push(format!("tip: {text}"));
        } else {
            let indent = &line[..line.len() - line.trim_start().len()];
            match trimmed.strip_prefix("* ").or_else(|| trimmed.strip_prefix("- ")) {
                Some(bullet) => out.push(format!("{indent}- {bullet}")),
                None => out.push(line.trim_end().to_owned()),
            }
        }
    }
    out
}

fn is_comment(line: &str) -> bool {
    (line.starts_with("<!--") && line.ends_with("-->")) || (line.starts_with("{/*") && line.ends_with("*/}"))
}

/// The text of an ATX heading line.
fn heading(line: &str) -> Option<&str> {
    let level = line.len() - line.trim_start_matches('#').len();
    (1..=6).contains(&level).then(|| line[level..].strip_prefix(' ')).flatten()
}

/// The source of an image line, `<img src="...">` or `![alt](src)`.
fn image_src(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix("<img src=\"") {
        return rest.split_once('"').map(|(src, _)| src);
    }
    let rest = line.strip_prefix("![")?;
    let (_, rest) = rest.split_once("](")?;
    rest.strip_suffix(')')
}

/// The alt texts of a page's images, in order.
fn image_alts(page: &str) -> Vec<String> {
    page.lines()
        .map(str::trim)
        .filter_map(|line| {
            if line.starts_with("<img ") {
                line.split_once(" alt=\"").and_then(|(_, rest)| rest.split_once('"')).map(|(alt, _)| alt.to_owned())
            } else {
                line.strip_prefix("![").and_then(|rest| rest.split_once("](")).map(|(alt, _)| alt.to_owned())
            }
        })
        .collect()
}

/// Fails with the first difference and the lines around it.
fn assert_same_lines(what: &str, expected: &[String], actual: &[String]) {
    if expected == actual {
        return;
    }
    let at = expected.iter().zip(actual).position(|(e, a)| e != a).unwrap_or(expected.len().min(actual.len()));
    let around = |lines: &[String]| lines[at.saturating_sub(2)..(at + 3).min(lines.len())].join("\n");
    panic!(
        "{what}: line {} differs ({} seed lines, {} generated)\n--- seed:\n{}\n--- generated:\n{}",
        at + 1,
        expected.len(),
        actual.len(),
        around(expected),
        around(actual)
    );
}

fn assert_guides_reproduce_the_seeds(overrides: SettingsOverrides, extension: &str) {
    let out = generate(&provider_registry_tests::providers_dir(), overrides);
    for id in SEEDS {
        let seed = read(&shared_dir().join("seeds").join(format!("{id}.md")));
        let guide = read(&out.path().join("guides").join(format!("{id}.{extension}")));
        let expected = prose_lines(&seed);
        assert!(expected.len() > 20, "the seed {id}.md was read as {} lines", expected.len());
        assert_same_lines(&format!("{id}.{extension}"), &expected, &prose_lines(&guide));
        assert!(guide.contains("\n## Instructions:\n") && !guide.contains("&#"), "{id}: colons are written as colons");

        let alts = image_alts(&guide);
        let seed_images = expected.iter().filter(|l| l.starts_with("image: ")).count();
        assert_eq!(alts.len(), seed_images, "{id}: every image of the seed, and no other");
        assert!(alts.iter().all(|alt| alt.trim().len() > 10), "{id}: every image has alt text: {alts:?}");
    }
}

#[test]
fn gfm_guides_reproduce_every_prose_line_of_the_seeds() {
    assert_guides_reproduce_the_seeds(nango_overrides(), "md");
}

#[test]
fn mdx_guides_reproduce_every_prose_line_of_the_seeds() {
    assert_guides_reproduce_the_seeds(mdx(), "mdx");
}

#[test]
fn the_comparison_catches_a_missing_or_reordered_line() {
    let seed = read(&shared_dir().join("seeds/paligo.md"));
    let expected = prose_lines(&seed);
    let missing: String =
        seed.lines().filter(|l| !l.starts_with("2. Select **My Profile**")).collect::<Vec<_>>().join("\n");
    assert_ne!(prose_lines(&missing), expected);
    let mut lines: Vec<&str> = seed.lines().collect();
    let select = |prefix: &str| lines.iter().position(|l| l.starts_with(prefix)).expect("the seed has the line");
    let (first, second) = (select("2. Select **My Profile**"), select("3. Select the **API Keys**"));
    lines.swap(first, second);
    assert_ne!(prose_lines(&lines.join("\n")), expected);
}

// ---------------------------------------------------------------------------------------------
// Structure and links.

/// The headings of a page, as (level, rendered text); MDX front matter's title is level 1.
fn headings(page: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    if let Some(rest) = page.strip_prefix("---\n") {
        if rest.lines().take_while(|l| *l != "---").any(|l| l.starts_with("title: ")) {
            found.push((1, String::new()));
        }
    }
    for line in page.lines() {
        if let Some(text) = heading(line) {
            let level = line.len() - line.trim_start_matches('#').len();
            found.push((level, text.to_owned()));
        }
    }
    found
}

/// The anchors GitHub gives a page's headings: the slug of the rendered text (emphasis and code
/// marks dropped, escapes removed).
fn anchors(page: &str) -> BTreeSet<String> {
    headings(page).into_iter().map(|(_, text)| github_slug(&text.replace(['*', '`', '\\'], ""))).collect()
}

/// The destinations of every inline link and image of a page.
fn link_targets(page: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("](") {
        rest = &rest[start + 2..];
        if let Some(end) = rest.find(')') {
            targets.push(rest[..end].to_owned());
        }
    }
    targets
}

fn assert_links_resolve(overrides: SettingsOverrides) {
    let providers = provider_registry_tests::providers_dir();
    let out = generate(&providers, overrides.clone());
    let guides = out.path().join("guides");
    let mut relative_links = 0;
    for file in files_below(&guides) {
        let page = read(&guides.join(&file));
        for target in link_targets(&page) {
            if target.starts_with("https://") {
                continue;
            }
            let (path, fragment) = target.split_once('#').unwrap_or((&target, ""));
            let linked = if path.is_empty() { page.clone() } else { read(&guides.join(path)) };
            relative_links += 1;
            if !fragment.is_empty() {
                assert!(anchors(&linked).contains(fragment), "{}: `{target}` points to no heading", file.display());
            }
        }
    }
    assert!(relative_links >= 3, "the catalog links to each guide; found {relative_links} relative links");

    // The connect form's help links point into the guides at these anchors.
    let registry = codegen::load::load(&providers, &overrides).registry.expect("the providers validate");
    let extension = if overrides.guide_flavor == Some(GuideFlavor::Mdx) { "mdx" } else { "md" };
    // A provider without a `guide:` has no page here; its links point to its own docs.
    for provider in registry.providers.iter().filter(|p| p.definition.guide.is_some()) {
        let page = read(&guides.join(format!("{}.{extension}", provider.id)));
        let page_anchors = anchors(&page);
        for step in &provider.steps {
            assert!(
                page_anchors.contains(&step.anchor),
                "{}: no heading has the anchor `{}`",
                provider.id,
                step.anchor
            );
        }
        for field in &provider.fields {
            let url = field.docs_url.as_deref().expect("every seed field links to its step");
            let fragment = url.strip_prefix(&format!("{}#", provider.docs_connect)).expect("a link into the guide");
            assert!(page_anchors.contains(fragment), "{}: `{url}` points to no heading", field.path());
        }
    }
}

#[test]
fn every_link_in_the_gfm_guides_resolves() {
    assert_links_resolve(nango_overrides());
}

#[test]
fn every_link_in_the_mdx_guides_resolves() {
    assert_links_resolve(mdx());
}

#[test]
fn headings_form_a_valid_outline() {
    for overrides in [nango_overrides(), mdx()] {
        let out = generate(&provider_registry_tests::providers_dir(), overrides);
        for file in files_below(&out.path().join("guides")) {
            let levels: Vec<usize> =
                headings(&read(&out.path().join("guides").join(&file))).iter().map(|(l, _)| *l).collect();
            assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1, "{}: one title: {levels:?}", file.display());
            assert_eq!(levels.first(), Some(&1), "{}: the title comes first", file.display());
            assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1), "{}: a level is skipped: {levels:?}", file.display());
        }
    }
}

#[test]
fn mdx_guides_use_front_matter_tips_and_sized_images() {
    let out = generate(&provider_registry_tests::providers_dir(), mdx());
    let guides = out.path().join("guides");
    let perdoo = read(&guides.join("perdoo.mdx"));
    assert!(
        perdoo.starts_with("---\ntitle: \"Perdoo - How do I link my account?\"\nsidebarTitle: \"Perdoo\"\n---\n"),
        "{perdoo}"
    );
    assert!(perdoo.contains("\n<Tip>Once your API Token is generated,"));
    assert!(perdoo.contains(r#"alt="The Perdoo connect form with its API Token field" width="773" height="1080" style={{ maxWidth: "450px" }} />"#));
    assert!(!perdoo.contains("<!--"), "HTML comments are not MDX");
    let catalog = read(&guides.join("README.md"));
    assert!(catalog.contains("[Perdoo](perdoo.mdx)"), "{catalog}");
    assert!(!guides.join("perdoo.md").exists());
}

// ---------------------------------------------------------------------------------------------
// Provider text is data.

#[test]
fn text_that_looks_like_a_template_appears_as_written() {
    let providers = scratch_providers();
    let file = providers.path().join("perdoo.yaml");
    let yaml = read(&file)
        .replace("- item: Click **Generate**", "- item: 'Click **Generate** {{ 7*7 }} and {% if %}'")
        .replace("description: Your Perdoo API token", "description: 'Your token {{ 7*7 }}'")
        .replace("guide_description: >-\n", "guide_description: >-\n      {% if x %}{{ 7*7 }}{% endif %}\n");
    std::fs::write(&file, yaml).expect("write the provider");

    let guide = read(&generate(providers.path(), nango_overrides()).path().join("guides/perdoo.md"));
    assert!(guide.contains("\n6. Click **Generate** {{ 7*7 }} and {% if %}\n"), "{guide}");
    assert!(guide.contains("**API Token** - {% if x %}{{ 7*7 }}{% endif %} A 64-character"), "{guide}");
    assert!(!guide.contains("Generate** 49"), "nothing was evaluated");

    // In MDX, `{` would start an expression: it is escaped, so the page shows it as written.
    let guide = read(&generate(providers.path(), mdx()).path().join("guides/perdoo.mdx"));
    assert!(guide.contains("Click **Generate** \\{\\{ 7*7 \\}\\} and \\{% if %\\}"), "{guide}");

    let catalog = read(&generate(providers.path(), nango_overrides()).path().join("guides/README.md"));
    assert!(catalog.contains("| API Token (`apiKey`) |"), "{catalog}");
}

#[test]
fn the_platform_name_comes_from_the_settings() {
    let overrides = SettingsOverrides { platform_name: Some("Acme".into()), ..SettingsOverrides::default() };
    let guide = read(&generate(&provider_registry_tests::providers_dir(), overrides).path().join("guides/perdoo.md"));
    assert!(guide.contains("(e.g., \"Acme Integration\")"), "{guide}");
    assert!(!guide.contains("Nango") && !guide.contains("{platform}"), "{guide}");
}

// ---------------------------------------------------------------------------------------------
// Providers without a guide.

#[test]
fn a_provider_without_a_guide_is_listed_but_gets_no_page() {
    let providers = scratch_providers();
    std::fs::write(
        providers.path().join("acme.yaml"),
        "display_name: Acme | Co\nauth_mode: API_KEY\ndocs:\n  main: https://acme.example.com/docs\n  connect: https://acme.example.com/connect\n\
         credentials:\n  apiKey:\n    title: API Key\n    description: Your Acme API key\n    secret: true\n    docs_anchor: '#api-key'\n",
    )
    .expect("write a provider");
    let out = generate(providers.path(), nango_overrides());
    assert!(!out.path().join("guides/acme.md").exists());
    let catalog = read(&out.path().join("guides/README.md"));
    assert!(catalog.contains("## uncategorized"), "{catalog}");
    assert!(
        catalog.contains("| [Acme \\| Co](https://acme.example.com/connect) | `API_KEY` |  | API Key (`apiKey`) |"),
        "{catalog}"
    );
    let registry = codegen::load::load(providers.path(), &nango_overrides()).registry.expect("the providers validate");
    let with_guides = registry.providers.iter().filter(|p| p.definition.guide.is_some()).count();
    let summary = format!(
        "{} providers, grouped by category; a provider with several categories is listed under each. {with_guides} of them have a connect guide here",
        registry.providers.len()
    );
    assert!(catalog.contains(&summary), "{catalog}");
}

// ---------------------------------------------------------------------------------------------
// Template overrides.

fn with_template(name: &str, text: &str) -> tempfile::TempDir {
    let providers = scratch_providers();
    std::fs::create_dir(providers.path().join("templates")).expect("create templates/");
    std::fs::write(providers.path().join("templates").join(name), text).expect("write a template");
    providers
}

#[test]
fn a_registry_overrides_one_template_and_keeps_the_others() {
    let providers = with_template(
        "gfm.jinja",
        "{% macro page_start(guide) %}<!-- {{ guide.notice }} -->\n# Connect {{ guide.title }}\n{% endmacro %}\n\
         {% macro image(image) %}[Picture: {{ image.alt }}]({{ image.src }}){% endmacro %}\n\
         {% macro callout(kind, text, indent) %}{{ indent }}> **{{ kind | capitalize }}:** {{ text }}{% endmacro %}\n\
         {% macro callout_separator(indent) %}{% endmacro %}{% macro code(code, indent) %}{% endmacro %}\n",
    );
    let out = generate(providers.path(), nango_overrides());
    let guide = read(&out.path().join("guides/perdoo.md"));
    assert!(guide.contains("\n# Connect Perdoo - How do I link my account?\n"), "{guide}");
    assert!(guide.contains("\n> **Tip:** Once your API Token is generated,"), "{guide}");
    assert!(guide.contains("   [Picture: Perdoo showing the newly generated API token](https://"), "{guide}");
    // The built-in layout still lays the page out.
    assert!(guide.contains("\n## Instructions:\n\n### Step 1: Generating Your API Token\n"), "{guide}");
}

/// Runs codegen expecting a generation failure; returns its messages and checks nothing was written.
fn emit_failure(providers: &Path) -> String {
    let out = tempfile::tempdir().expect("a temporary folder");
    let run = run_codegen(providers, out.path(), false, nango_overrides());
    assert!(!run.loaded.has_errors());
    assert!(!run.succeeded(false));
    assert!(files_below(out.path()).is_empty(), "nothing is written when generation fails");
    run.emit_errors.iter().map(|e| format!("{}: {}", e.emitter, e.message)).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_broken_override_is_reported_with_its_path() {
    let providers = with_template("catalog.md.jinja", "# Catalog\n{% for category in catalog.categories %}\n");
    let message = emit_failure(providers.path());
    assert!(message.starts_with("guides: "), "{message}");
    assert!(message.contains("templates/catalog.md.jinja") && message.contains("syntax error"), "{message}");

    let providers = with_template("catalog.md.jinja", "# Catalog\n{{ catalog.no_such_thing }}\n");
    let message = emit_failure(providers.path());
    assert!(
        message.contains("templates/catalog.md.jinja (rendering the catalog)") && message.contains("undefined"),
        "{message}"
    );
}

#[test]
fn an_override_that_replaces_no_template_is_reported() {
    let providers = with_template("guide.jinja", "# Guide\n");
    let message = emit_failure(providers.path());
    assert!(
        message.contains("templates/guide.jinja replaces no template: the templates are guide.md.jinja, gfm.jinja"),
        "{message}"
    );
}
