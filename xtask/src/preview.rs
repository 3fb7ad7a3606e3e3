//! `cargo xtask preview`: a static site for authors, one page per provider with its connect form
//! (the reference form of `examples/connect-form/`, bundled with the registry's own npm package)
//! beside its rendered guide, and an `index.html` that links every page.
//!
//! The registry is generated into a scratch folder first, as `cargo xtask codegen --out` would,
//! with GitHub-flavored guides (what the page renders); the site is then handed to the writer.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::emit::OutputFile;
use codegen::load::SettingsOverrides;
use codegen::model::GuideFlavor;
use pulldown_cmark::{html, Event, Options, Parser};
use serde_json::Value;

/// The reference connect form, relative to the project root.
const CONNECT_FORM: &str = "examples/connect-form";

/// What a preview run needs.
pub struct Preview<'a> {
    pub root: &'a Path,
    pub providers: &'a Path,
    pub out: &'a Path,
}

/// Why a preview could not be built: one line for the terminal, or the diagnostics of codegen.
pub enum Failure {
    Message(String),
    Codegen(Box<codegen::Run>),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

/// Builds the site; returns how many provider pages it has.
pub fn run(preview: &Preview) -> Result<usize, Failure> {
    if Command::new("node").arg("--version").output().is_err() {
        return Err(Failure::Message(
            "`cargo xtask preview` needs node (18 or later) and npm to bundle the connect form; install them and run it again"
                .into(),
        ));
    }
    let scratch = tempfile::tempdir().map_err(|e| format!("cannot create a scratch folder: {e}"))?;
    let generated = scratch.path().join("generated");
    let overrides = SettingsOverrides { guide_flavor: Some(GuideFlavor::Gfm), ..SettingsOverrides::default() };
    let options = codegen::Options {
        providers: preview.providers.to_path_buf(),
        out: generated.clone(),
        check: false,
        overwrite: false,
        overrides,
    };
    let generation = codegen::run(&options);
    if !generation.succeeded(false) {
        return Err(Failure::Codegen(Box::new(generation)));
    }

    let form = preview.root.join(CONNECT_FORM);
    if !form.join("node_modules/.package-lock.json").is_file() {
        node_step(
            Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(&form),
            "npm ci",
        )?;
    }
    let bundle = scratch.path().join("bundle");
    node_step(
        Command::new("node")
            .arg(form.join("build.mjs"))
            .arg("--package")
            .arg(generated.join(codegen::emit::NPM_PACKAGE_DIR))
            .arg("--outdir")
            .arg(&bundle),
        "bundling the connect form",
    )?;

    let catalog: Value = serde_json::from_str(&read(&generated.join("registry.json"))?)
        .map_err(|e| format!("registry.json is not JSON: {e}"))?;
    let entries = catalog["providers"].as_array().cloned().unwrap_or_default();
    let platform = generation.loaded.registry.as_ref().map_or("", |r| r.settings.platform_name.as_str()).to_owned();

    let mut files = Vec::new();
    for path in files_below(&bundle) {
        if path != Path::new("index.html") {
            files.push(OutputFile::new(&path, read(&bundle.join(&path))?));
        }
    }
    files.push(OutputFile::new("preview.css", PREVIEW_CSS));
    files.push(OutputFile::new("index.html", index_page(&platform, &entries)));
    for entry in &entries {
        let id = entry["id"].as_str().unwrap_or_default();
        let guide = match entry["guide"].as_str() {
            Some(path) => Some(render_markdown(&read(&generated.join(path))?)),
            None => None,
        };
        files.push(OutputFile::new(format!("{id}.html"), provider_page(entry, guide.as_deref())));
    }
    let plan = codegen::write::plan(preview.out, files, false)
        .map_err(|e| format!("cannot read {}: {e}", preview.out.display()))?;
    if let Some(path) = plan.conflicts.first() {
        return Err(Failure::Message(format!(
            "{} was not written by `cargo xtask preview`; move it away or choose another --out",
            preview.out.join(path).display()
        )));
    }
    codegen::write::apply(preview.out, &plan).map_err(|e| format!("cannot write {}: {e}", preview.out.display()))?;
    Ok(entries.len())
}

fn node_step(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command.output().map_err(|e| format!("{what} cannot start: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Every file below `dir`, relative to it, sorted.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else if let Ok(relative) = path.strip_prefix(base) {
                out.push(relative.to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// A guide as HTML. Raw HTML in the Markdown is shown as text (provider prose is data), except
/// HTML comments, such as the generated-file notice, which are left out.
fn render_markdown(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_GFM;
    let events = Parser::new_ext(markdown, options).filter_map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) if text.trim_start().starts_with("<!--") => None,
        Event::Html(text) | Event::InlineHtml(text) => Some(Event::Text(text)),
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<!-- Generated by `cargo xtask preview`; do not edit. -->\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"stylesheet\" href=\"connect-form.css\">\n<link rel=\"stylesheet\" href=\"preview.css\">\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

fn index_page(platform: &str, entries: &[Value]) -> String {
    let mut items = String::new();
    for entry in entries {
        let id = entry["id"].as_str().unwrap_or_default();
        let name = entry["display_name"].as_str().unwrap_or(id);
        let mode = entry["auth_mode"].as_str().unwrap_or_default();
        let guide = if entry.get("guide").is_some() { "" } else { ", no guide" };
        items.push_str(&format!(
            "<li><a href=\"{}.html\">{}</a> <span class=\"meta\">{}{guide}</span></li>\n",
            escape(id),
            escape(name),
            escape(mode)
        ));
    }
    let title = format!("{platform} connect forms: preview");
    page(
        &title,
        &format!(
            "<main class=\"preview-index\">\n<h1>{}</h1>\n<p>{} providers. Each page shows the connect form beside the guide.</p>\n<ul>\n{items}</ul>\n</main>\n",
            escape(&title),
            entries.len()
        ),
    )
}

fn provider_page(entry: &Value, guide: Option<&str>) -> String {
    let id = entry["id"].as_str().unwrap_or_default();
    let name = entry["display_name"].as_str().unwrap_or(id);
    let guide = guide.map_or_else(
        || "<p>This provider has no guide yet: add a <code>guide:</code> section to its file.</p>\n".to_owned(),
        str::to_owned,
    );
    page(
        &format!("{name}: connect form and guide"),
        &format!(
            "<nav class=\"preview-nav\" aria-label=\"Preview\"><a href=\"index.html\">All providers</a></nav>\n<main class=\"preview-page\">\n<div id=\"connect-form\" class=\"preview-form\" data-provider=\"{}\"></div>\n<article class=\"guide\" aria-label=\"Guide\">\n{guide}</article>\n</main>\n<script type=\"module\" src=\"connect-form.js\"></script>\n",
            escape(id)
        ),
    )
}

const PREVIEW_CSS: &str = "/* Generated by `cargo xtask preview`; do not edit. */
.preview-nav { padding: 0.75rem 1.5rem; border-bottom: 1px solid #d0d0d7; }
.preview-index { max-width: 48rem; margin: 0 auto; padding: 1.5rem; }
.preview-index .meta { color: #45454d; font-size: 0.9rem; }
.preview-page { display: grid; grid-template-columns: minmax(20rem, 34rem) minmax(20rem, 1fr); gap: 2rem; padding: 0 1.5rem; align-items: start; }
.preview-page .connect { padding: 1.5rem 0; position: sticky; top: 0; }
.guide { padding: 1.5rem 0; max-width: 48rem; }
.guide img { max-width: 100%; height: auto; }
.guide blockquote { border-left: 4px solid #0b57d0; margin: 1rem 0; padding: 0.25rem 1rem; background: #f4f7fd; }
@media (max-width: 60rem) { .preview-page { grid-template-columns: 1fr; } }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guides_render_without_their_comments_and_with_raw_html_as_text() {
        let html =
            render_markdown("<!-- Generated; do not edit. -->\n# Acme\n\nType <script>alert(1)</script> **here**.\n");
        assert!(!html.contains("Generated"), "{html}");
        assert!(html.contains("<h1>Acme</h1>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; <strong>here</strong>"), "{html}");
        assert_eq!(escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}
