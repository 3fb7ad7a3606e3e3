//! Rust source written as text, for the files that grow with the registry: each provider's
//! module, `src/lib.rs` and `src/providers.rs`.
//!
//! Building tokens with `quote`, parsing them with `syn` and printing them with `prettyplease`
//! cost about half a millisecond per provider module, more than every other stage of a run
//! together. These files have a fixed shape, so they are written directly in the layout
//! `prettyplease` gives: four spaces a level, and expressions ([`Expr`]) on one line when they fit
//! within [`MARGIN`] columns, else one element a line with a trailing comma. The small files of
//! fixed size still go through `prettyplease`. Tests parse every generated file with `syn`.

use super::text::doc_lines;

/// The column a line should not pass, when breaking an expression can prevent it.
pub const MARGIN: usize = 100;

/// A Rust file being written, line by line.
pub struct RustSource {
    text: String,
    depth: usize,
    /// Where expressions are tried on one line, kept to spare an allocation per expression.
    scratch: String,
}

/// An expression, laid out by [`RustSource::expr`].
pub enum Expr {
    /// Text that is never broken: a literal, a path, a short call.
    Atom(String),
    /// `Name { field: value }`; `vertical` puts one field a line even when the literal would fit.
    Struct { name: String, fields: Vec<(String, Expr)>, vertical: bool },
    /// `[a, b]` after `prefix`: `&` for a slice, empty for an array.
    Array { prefix: &'static str, items: Vec<Expr> },
    /// `callee(a, b)`.
    Call { callee: String, args: Vec<Expr> },
    /// `(a, b)`.
    Tuple(Vec<Expr>),
}

impl Expr {
    pub fn atom(text: impl Into<String>) -> Expr {
        Expr::Atom(text.into())
    }

    /// `callee(arg)`.
    pub fn call(callee: impl Into<String>, arg: Expr) -> Expr {
        Expr::Call { callee: callee.into(), args: vec![arg] }
    }

    /// A struct literal that breaks only when it does not fit.
    pub fn fitted_struct(name: impl Into<String>, fields: Vec<(String, Expr)>) -> Expr {
        Expr::Struct { name: name.into(), fields, vertical: false }
    }

    /// A struct literal with one field a line.
    pub fn vertical_struct(name: impl Into<String>, fields: Vec<(String, Expr)>) -> Expr {
        Expr::Struct { name: name.into(), fields, vertical: true }
    }

    /// `&[items]`.
    pub fn slice(items: Vec<Expr>) -> Expr {
        Expr::Array { prefix: "&", items }
    }

    /// `[a, b]`.
    pub fn array(items: Vec<Expr>) -> Expr {
        Expr::Array { prefix: "", items }
    }

    /// Appends the expression on one line to `out`; false when it cannot be one line or would
    /// pass `limit` bytes.
    fn flat(&self, out: &mut String, limit: usize) -> bool {
        let list = |out: &mut String, open: &str, items: &[Expr], close: &str| {
            out.push_str(open);
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                if !item.flat(out, limit) {
                    return false;
                }
            }
            out.push_str(close);
            true
        };
        let fits = match self {
            Expr::Atom(text) => {
                out.push_str(text);
                true
            }
            Expr::Struct { name, fields, .. } if fields.is_empty() => {
                out.push_str(name);
                out.push_str(" {}");
                true
            }
            Expr::Struct { vertical: true, .. } => false,
            Expr::Struct { name, fields, vertical: false } => {
                out.push_str(name);
                out.push_str(" { ");
                for (index, (field, value)) in fields.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(field);
                    out.push_str(": ");
                    if !value.flat(out, limit) {
                        return false;
                    }
                }
                out.push_str(" }");
                true
            }
            Expr::Array { prefix, items } => list(out, &[prefix, "["].concat(), items, "]"),
            Expr::Call { callee, args } => list(out, &[callee, "("].concat(), args, ")"),
            Expr::Tuple(items) => list(out, "(", items, ")"),
        };
        fits && out.len() <= limit
    }
}

impl RustSource {
    /// A file that starts with the "generated, do not edit" line.
    pub fn new() -> RustSource {
        let mut text = String::with_capacity(8 * 1024);
        text.push_str("// ");
        text.push_str(super::GENERATED);
        text.push('\n');
        RustSource { text, depth: 0, scratch: String::new() }
    }

    /// One line at the current indentation.
    pub fn line(&mut self, line: &str) {
        self.line_of(&[line]);
    }

    /// One line made of `parts`, at the current indentation.
    fn line_of(&mut self, parts: &[&str]) {
        for _ in 0..self.depth {
            self.text.push_str("    ");
        }
        for part in parts {
            self.text.push_str(part);
        }
        self.text.push('\n');
    }

    /// The empty line between items.
    pub fn blank(&mut self) {
        self.text.push('\n');
    }

    /// A line that opens a block (ending in `{`); what follows is indented.
    pub fn open(&mut self, line: &str) {
        self.line(line);
        self.depth += 1;
    }

    /// A line that closes a block, at the indentation of the line that opened it.
    pub fn close(&mut self, line: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.line(line);
    }

    /// `///` documentation of the next item.
    pub fn doc(&mut self, markdown: &str) {
        self.doc_comment("///", markdown);
    }

    /// `//!` documentation of the file.
    pub fn inner_doc(&mut self, markdown: &str) {
        self.doc_comment("//!", markdown);
    }

    /// Doc lines with the customary space after the marker, none on an empty line.
    fn doc_comment(&mut self, marker: &str, markdown: &str) {
        for line in doc_lines(markdown) {
            if line.is_empty() {
                self.line(marker);
            } else {
                self.line_of(&[marker, " ", &line]);
            }
        }
    }

    /// `use path::{names};`, the names filled into lines when they do not fit on one.
    pub fn use_list(&mut self, lead: &str, path: &str, names: &[&str]) {
        let width = |text: &str| text.chars().count();
        let separators = 2 * names.len().saturating_sub(1);
        let one_line = width(lead)
            + "use ".len()
            + width(path)
            + "::{};".len()
            + names.iter().map(|n| width(n)).sum::<usize>()
            + separators;
        if self.depth * 4 + one_line <= MARGIN {
            self.line_of(&[lead, "use ", path, "::{", &names.join(", "), "};"]);
            return;
        }
        self.open(&[lead, "use ", path, "::{"].concat());
        let room = MARGIN.saturating_sub(self.depth * 4);
        let mut current = String::new();
        let mut current_width = 0;
        for name in names {
            // Each name is written `name,`, after a space unless it starts the line.
            if !current.is_empty() && current_width + 1 + width(name) + 1 > room {
                self.line(&current);
                current.clear();
                current_width = 0;
            }
            if !current.is_empty() {
                current.push(' ');
                current_width += 1;
            }
            current.push_str(name);
            current.push(',');
            current_width += width(name) + 1;
        }
        self.line(&current);
        self.close("};");
    }

    /// `lead`, the expression and `tail` (such as `,` or `;`), the expression broken over lines
    /// when the whole does not fit.
    pub fn expr(&mut self, lead: &str, expr: &Expr, tail: &str) {
        let limit = MARGIN.saturating_sub(self.depth * 4 + lead.len() + tail.len());
        let mut flat = std::mem::take(&mut self.scratch);
        flat.clear();
        let fits = expr.flat(&mut flat, limit);
        if fits {
            self.line_of(&[lead, &flat, tail]);
        }
        self.scratch = flat;
        if fits {
            return;
        }
        match expr {
            Expr::Atom(text) => self.line_of(&[lead, text, tail]),
            Expr::Struct { name, fields, .. } => {
                self.open(&[lead, name, " {"].concat());
                for (field, value) in fields {
                    self.expr(&[field, ": "].concat(), value, ",");
                }
                self.close(&["}", tail].concat());
            }
            Expr::Array { prefix, items } => self.list(&[lead, prefix, "["].concat(), items, &["]", tail].concat()),
            // A lone struct or array argument opens on the call's line: `Some(Template {`.
            Expr::Call { callee, args } => match args.as_slice() {
                [only @ (Expr::Struct { .. } | Expr::Array { .. })] => {
                    self.expr(&[lead, callee, "("].concat(), only, &[")", tail].concat())
                }
                _ => self.list(&[lead, callee, "("].concat(), args, &[")", tail].concat()),
            },
            Expr::Tuple(items) => self.list(&[lead, "("].concat(), items, &[")", tail].concat()),
        }
    }

    fn list(&mut self, open: &str, items: &[Expr], close: &str) {
        self.open(open);
        for item in items {
            self.expr("", item, ",");
        }
        self.close(close);
    }

    pub fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(expr: &Expr) -> String {
        let mut source = RustSource::new();
        source.expr("static X: T = ", expr, ";");
        source.finish().split_once('\n').map(|(_, rest)| rest.to_owned()).unwrap_or_default()
    }

    #[test]
    fn expressions_stay_on_one_line_when_they_fit() {
        let expr = Expr::fitted_struct("T", vec![("a".into(), Expr::slice(vec![Expr::atom("1"), Expr::atom("2")]))]);
        assert_eq!(written(&expr), "static X: T = T { a: &[1, 2] };\n");
        assert_eq!(written(&Expr::vertical_struct("T", vec![])), "static X: T = T {};\n");
    }

    #[test]
    fn long_expressions_break_one_element_a_line() {
        let long = || Expr::atom(format!("\"{}\"", "x".repeat(60)));
        let expr = Expr::vertical_struct(
            "T",
            vec![
                ("short".into(), Expr::call("Some", Expr::atom("1"))),
                ("long".into(), Expr::call("Some", Expr::slice(vec![long(), long()]))),
                ("pair".into(), Expr::Tuple(vec![long(), long()])),
            ],
        );
        let x = "x".repeat(60);
        assert_eq!(
            written(&expr),
            format!(
                "static X: T = T {{\n    short: Some(1),\n    long: Some(&[\n        \"{x}\",\n        \"{x}\",\n    ]),\n    \
                 pair: (\n        \"{x}\",\n        \"{x}\",\n    ),\n}};\n"
            )
        );
    }

    #[test]
    fn use_lists_fill_lines() {
        let mut source = RustSource::new();
        let names: Vec<String> = (0..30).map(|n| format!("Name{n}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        source.use_list("", "crate::runtime", &names);
        let text = source.finish();
        assert!(text.lines().all(|line| line.len() <= MARGIN), "{text}");
        assert!(text.contains("use crate::runtime::{\n    Name0, Name1,"), "{text}");
        assert!(text.ends_with("Name29,\n};\n"), "{text}");
    }
}
