//! Diagnostics of one provider file, located by paths into its YAML tree.

use std::path::Path;

use super::yaml::{Node, Span, Value};
use crate::diagnostics::{Diagnostic, Severity};

/// Where a diagnostic points, before it is resolved to a line and column.
#[derive(Clone, Debug)]
pub(crate) enum Location {
    /// The value at this path of the file's YAML tree.
    Value(Vec<String>),
    /// The key that introduces this path (for unknown or misplaced keys).
    Key(Vec<String>),
    /// A known span.
    Span(Span),
}

/// Collects the diagnostics of one file, resolving YAML paths to spans.
pub(crate) struct FileReport<'a> {
    pub file: &'a Path,
    pub tree: Option<&'a Node<'a>>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> FileReport<'a> {
    pub fn new(file: &'a Path, tree: Option<&'a Node<'a>>) -> Self {
        FileReport { file, tree, diagnostics: Vec::new() }
    }

    pub fn error(&mut self, at: Location, message: impl Into<String>, help: Option<String>) {
        self.push(Severity::Error, at, message.into(), help);
    }

    pub fn warning(&mut self, at: Location, message: impl Into<String>, help: Option<String>) {
        self.push(Severity::Warning, at, message.into(), help);
    }

    fn push(&mut self, severity: Severity, at: Location, message: String, help: Option<String>) {
        let span = self.resolve(&at);
        self.diagnostics.push(Diagnostic {
            severity,
            file: self.file.to_path_buf(),
            line: span.line,
            col: span.col,
            len: span.len.max(1),
            message,
            help,
        });
    }

    /// The span of a location; the nearest existing ancestor when the path is missing (a missing
    /// key is reported on the map that should hold it).
    fn resolve(&self, at: &Location) -> Span {
        let Some(tree) = self.tree else {
            return match at {
                Location::Span(span) => *span,
                _ => Span { line: 1, col: 1, offset: 0, len: 1 },
            };
        };
        match at {
            Location::Span(span) => *span,
            Location::Key(path) => tree.key_span(path).unwrap_or_else(|| self.resolve(&Location::Value(path.clone()))),
            Location::Value(path) => (0..=path.len())
                .rev()
                .find_map(|n| {
                    let node = tree.at(&path[..n])?;
                    // A map or list starts at its first entry; point at its key instead when it has one.
                    let container = matches!(node.value, Value::Map(_) | Value::Seq(_));
                    Some(if container && n > 0 { tree.key_span(&path[..n]).unwrap_or(node.span) } else { node.span })
                })
                .unwrap_or(Span { line: 1, col: 1, offset: 0, len: 1 }),
        }
    }
}
