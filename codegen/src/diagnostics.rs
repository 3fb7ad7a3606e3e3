//! Problems found in provider files, collected (never thrown) and reported all at once.
//!
//! The human format is the one compilers use, so editors and terminals turn `file:line:col` into
//! a link:
//!
//! ```text
//! providers/kandji.yaml:12:5: error: unknown key `descripton`
//!    |
//! 12 |     descripton: The subdomain
//!    |     ^^^^^^^^^^
//!    = help: did you mean `description`?
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Something the run did or skipped that the user should know about, not a defect.
    Note,
}

/// One problem, with where it is and, when the fix is obvious, how to fix it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    /// How many characters to underline.
    #[serde(skip)]
    pub len: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// Builds a path from segments: `path!["credentials", name, "pattern"]`.
#[macro_export]
macro_rules! path {
    ($($segment:expr),* $(,)?) => { vec![$($segment.to_string()),*] };
}

/// All diagnostics of a run, in a stable order: by file, then position.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.col, a.severity, &a.message).cmp(&(&b.file, b.line, b.col, b.severity, &b.message))
    });
}

/// Renders one diagnostic in the human format, with its source line.
pub fn render_human(diagnostic: &Diagnostic, source: Option<&str>) -> String {
    let mut out = String::new();
    let line = source.and_then(|s| s.lines().nth(diagnostic.line.saturating_sub(1)));
    write_human(diagnostic, line, &mut out);
    out
}

/// Renders every diagnostic in the human format, in their order, each with its line of
/// `source(file)`: what [`render_human`] gives for each, one after the other. Each file's
/// diagnostics are rendered together, the files on every core, and the lines they show are found
/// in one pass over the file rather than from its start for each.
pub fn render_human_all<'s>(diagnostics: &[Diagnostic], source: impl Fn(&Path) -> Option<&'s str> + Sync) -> String {
    let files: Vec<&[Diagnostic]> = diagnostics.chunk_by(|a, b| a.file == b.file).collect();
    let rendered: Vec<String> = files
        .par_iter()
        .map(|diagnostics| {
            let mut lines = SourceLines::new(source(&diagnostics[0].file));
            let mut out = String::new();
            for diagnostic in *diagnostics {
                write_human(diagnostic, lines.line(diagnostic.line), &mut out);
            }
            out
        })
        .collect();
    rendered.concat()
}

/// The lines of a source, looked up by number: forward from the last one asked for, else from
/// the start.
struct SourceLines<'s> {
    source: Option<&'s str>,
    lines: std::str::Lines<'s>,
    /// The number of the line `lines` gives next.
    next: usize,
}

impl<'s> SourceLines<'s> {
    fn new(source: Option<&'s str>) -> Self {
        SourceLines { source, lines: source.unwrap_or_default().lines(), next: 1 }
    }

    /// Line `number` (from 1; 0 stands for 1, as in [`render_human`]).
    fn line(&mut self, number: usize) -> Option<&'s str> {
        let source = self.source?;
        let number = number.max(1);
        if number < self.next {
            (self.lines, self.next) = (source.lines(), 1);
        }
        let line = self.lines.nth(number - self.next);
        self.next = number + 1;
        line
    }
}

/// One diagnostic in the human format, with `line`, its source line if known.
fn write_human(diagnostic: &Diagnostic, line: Option<&str>, out: &mut String) {
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let _ = writeln!(
        out,
        "{}:{}:{}: {severity}: {}",
        diagnostic.file.display(),
        diagnostic.line,
        diagnostic.col,
        diagnostic.message
    );
    let number = diagnostic.line.to_string();
    let gutter = " ".repeat(number.len());
    if let Some(line) = line {
        let line = line.trim_end_matches('\r');
        let available = line.chars().count().saturating_sub(diagnostic.col - 1).max(1);
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{number} | {line}");
        let _ = writeln!(
            out,
            "{gutter} | {}{}",
            " ".repeat(diagnostic.col - 1),
            "^".repeat(diagnostic.len.min(available).max(1))
        );
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{gutter} = help: {help}");
    }
}

/// Renders one diagnostic as a GitHub Actions workflow command, so it lands on the pull
/// request's line.
pub fn render_github(diagnostic: &Diagnostic) -> String {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{command} file={},line={},col={}::{}",
        escape_property(&diagnostic.file.display().to_string()),
        diagnostic.line,
        diagnostic.col,
        escape_data(&message)
    )
}

/// Escaping rules of GitHub's workflow commands (from `@actions/core`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The closest candidate to a misspelled name, if one is close enough to suggest.
pub(crate) fn did_you_mean<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(name, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: "providers/x.yaml".into(),
            line: 2,
            col: 3,
            len: 4,
            message: "unknown key `titel`".into(),
            help: Some("did you mean `title`?".into()),
        }
    }

    #[test]
    fn human_format_shows_the_line_and_a_caret() {
        let text = render_human(&sample(), Some("a:\n  titel: x\n"));
        assert_eq!(
            text,
            "providers/x.yaml:2:3: error: unknown key `titel`\n  |\n2 |   titel: x\n  |   ^^^^\n  = help: did you mean `title`?\n"
        );
    }

    /// Diagnostics of two files, out of order in the second, one past its last line, one at
    /// line 0, and one of a file without source.
    #[test]
    fn rendering_all_at_once_renders_each_in_order() {
        let at = |file: &str, line, col| Diagnostic { file: file.into(), line, col, ..sample() };
        let diagnostics = [
            at("a.yaml", 1, 1),
            at("a.yaml", 3, 2),
            at("a.yaml", 3, 1),
            at("b.yaml", 2, 1),
            at("b.yaml", 1, 3),
            at("b.yaml", 9, 1),
            at("b.yaml", 0, 1),
            at("c.yaml", 1, 1),
            at("a.yaml", 2, 1),
        ];
        let source = |file: &Path| match file.to_str() {
            Some("a.yaml") => Some("one\r\ntwo\nthree\n"),
            Some("b.yaml") => Some("x: 1\n  titel: 2"),
            _ => None,
        };
        let one_by_one: String = diagnostics.iter().map(|d| render_human(d, source(&d.file))).collect();
        assert_eq!(render_human_all(&diagnostics, source), one_by_one);
        assert!(one_by_one.contains("3 | three\n"), "{one_by_one}");
    }

    #[test]
    fn github_format_escapes_newlines_and_separators() {
        assert_eq!(
            render_github(&sample()),
            "::error file=providers/x.yaml,line=2,col=3::unknown key `titel`%0Ahelp: did you mean `title`?"
        );
    }

    #[test]
    fn suggestions_need_a_close_match() {
        assert_eq!(did_you_mean("descripton", ["description", "title"]), Some("description"));
        assert_eq!(did_you_mean("zzz", ["description", "title"]), None);
    }
}
