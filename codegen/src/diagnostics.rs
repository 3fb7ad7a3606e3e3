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
use std::path::PathBuf;

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
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let mut out = format!(
        "{}:{}:{}: {severity}: {}\n",
        diagnostic.file.display(),
        diagnostic.line,
        diagnostic.col,
        diagnostic.message
    );
    let number = diagnostic.line.to_string();
    let gutter = " ".repeat(number.len());
    if let Some(line) = source.and_then(|s| s.lines().nth(diagnostic.line.saturating_sub(1))) {
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
    out
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
