//! Rust source written as text, for the files that grow with the registry: each provider's
//! module, `src/lib.rs` and `src/providers.rs`.
//!
//! Building tokens with `quote`, parsing them with `syn` and printing them with `prettyplease`
//! cost about half a millisecond per provider module, more than every other stage of a run
//! together. These files have a fixed shape, so they are written directly in the layout
//! `prettyplease` gives: four spaces a level, and expressions ([`Expr`]) on one line when they fit
//! within [`MARGIN`] columns, else one element a line with a trailing comma. The small files of
//! fixed size still go through `prettyplease`. Tests parse every generated file with `syn`.

use std::borrow::Cow;

use super::text::{doc_lines, is_plain_literal, push_doc_line, string};

/// The column a line should not pass, when breaking an expression can prevent it.
pub const MARGIN: usize = 100;

/// A Rust file being written, line by line.
pub struct RustSource {
    text: String,
    depth: usize,
}

/// An expression, laid out by [`RustSource::expr`].
///
/// Each expression knows the length it takes on one line, computed once from its parts when it
/// is built, so that laying it out never writes a part to learn that it does not fit.
pub struct Expr<'a> {
    node: Node<'a>,
    /// The bytes it takes on one line; `None` when it never goes on one line (it is, or holds, a
    /// vertical struct).
    flat_len: Option<usize>,
}

enum Node<'a> {
    /// Text that is never broken: a literal, a path, a short call.
    Atom(Cow<'a, str>),
    /// `kind::variant`, such as `Place::Host`, an atom written from its two parts.
    Path(&'a str, &'a str),
    /// A string literal of text that needs no escape, written between quotes.
    Quoted(Cow<'a, str>),
    /// `Name { field: value }`; `vertical` puts one field a line even when the literal would fit.
    Struct { name: &'a str, fields: Vec<(&'a str, Expr<'a>)>, vertical: bool },
    /// `[a, b]` after `prefix`: `&` for a slice, empty for an array.
    Array { prefix: &'static str, items: Vec<Expr<'a>> },
    /// `callee(a, b)`.
    Call { callee: &'a str, args: Vec<Expr<'a>> },
    /// `(a, b)`.
    Tuple(Vec<Expr<'a>>),
}

/// The length of `items` on one line, separated by `, `.
fn list_len(items: &[Expr]) -> Option<usize> {
    let separators = 2 * items.len().saturating_sub(1);
    items.iter().try_fold(separators, |len, item| Some(len + item.flat_len?))
}

impl<'a> Expr<'a> {
    fn new(node: Node<'a>) -> Expr<'a> {
        let flat_len = match &node {
            Node::Atom(text) => Some(text.len()),
            Node::Path(kind, variant) => Some(kind.len() + "::".len() + variant.len()),
            Node::Quoted(text) => Some(text.len() + 2),
            Node::Struct { name, fields, .. } if fields.is_empty() => Some(name.len() + " {}".len()),
            Node::Struct { vertical: true, .. } => None,
            Node::Struct { name, fields, vertical: false } => {
                let separators = 2 * (fields.len() - 1);
                let start = name.len() + " {  }".len() + separators;
                fields
                    .iter()
                    .try_fold(start, |len, (field, value)| Some(len + field.len() + ": ".len() + value.flat_len?))
            }
            Node::Array { prefix, items } => list_len(items).map(|len| prefix.len() + "[]".len() + len),
            Node::Call { callee, args } => list_len(args).map(|len| callee.len() + "()".len() + len),
            Node::Tuple(items) => list_len(items).map(|len| "()".len() + len),
        };
        Expr { node, flat_len }
    }

    pub fn atom(text: impl Into<Cow<'a, str>>) -> Expr<'a> {
        Expr::new(Node::Atom(text.into()))
    }

    /// `kind::variant`.
    pub fn path(kind: &'a str, variant: &'a str) -> Expr<'a> {
        Expr::new(Node::Path(kind, variant))
    }

    /// The string literal for `text`.
    pub fn string(text: impl Into<Cow<'a, str>>) -> Expr<'a> {
        let text = text.into();
        if is_plain_literal(&text) {
            Expr::new(Node::Quoted(text))
        } else {
            Expr::atom(string(&text))
        }
    }

    /// `callee(arg)`.
    pub fn call(callee: &'a str, arg: Expr<'a>) -> Expr<'a> {
        Expr::new(Node::Call { callee, args: vec![arg] })
    }

    /// A struct literal that breaks only when it does not fit.
    pub fn fitted_struct(name: &'a str, fields: Vec<(&'a str, Expr<'a>)>) -> Expr<'a> {
        Expr::new(Node::Struct { name, fields, vertical: false })
    }

    /// A struct literal with one field a line.
    pub fn vertical_struct(name: &'a str, fields: Vec<(&'a str, Expr<'a>)>) -> Expr<'a> {
        Expr::new(Node::Struct { name, fields, vertical: true })
    }

    /// `&[items]`.
    pub fn slice(items: Vec<Expr<'a>>) -> Expr<'a> {
        Expr::new(Node::Array { prefix: "&", items })
    }

    /// `[a, b]`.
    pub fn array(items: Vec<Expr<'a>>) -> Expr<'a> {
        Expr::new(Node::Array { prefix: "", items })
    }

    /// `(a, b)`.
    pub fn tuple(items: Vec<Expr<'a>>) -> Expr<'a> {
        Expr::new(Node::Tuple(items))
    }

    /// Appends the expression on one line to `out`, whether it may go on one line or not.
    fn write_flat(&self, out: &mut String) {
        let list = |out: &mut String, items: &[Expr]| {
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                item.write_flat(out);
            }
        };
        match &self.node {
            Node::Atom(text) => out.push_str(text),
            Node::Path(kind, variant) => {
                out.push_str(kind);
                out.push_str("::");
                out.push_str(variant);
            }
            Node::Quoted(text) => {
                out.push('"');
                out.push_str(text);
                out.push('"');
            }
            Node::Struct { name, fields, .. } if fields.is_empty() => {
                out.push_str(name);
                out.push_str(" {}");
            }
            Node::Struct { name, fields, .. } => {
                out.push_str(name);
                out.push_str(" { ");
                for (index, (field, value)) in fields.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(field);
                    out.push_str(": ");
                    value.write_flat(out);
                }
                out.push_str(" }");
            }
            Node::Array { prefix, items } => {
                out.push_str(prefix);
                out.push('[');
                list(out, items);
                out.push(']');
            }
            Node::Call { callee, args } => {
                out.push_str(callee);
                out.push('(');
                list(out, args);
                out.push(')');
            }
            Node::Tuple(items) => {
                out.push('(');
                list(out, items);
                out.push(')');
            }
        }
    }
}

/// What ends the last line of an expression: the `)` of the calls it is the lone argument of,
/// innermost first, then `end` (such as `,` or `;`).
#[derive(Clone, Copy)]
struct Tail<'t> {
    calls: usize,
    end: &'t str,
}

impl Tail<'_> {
    fn len(self) -> usize {
        self.calls + self.end.len()
    }

    fn write(self, out: &mut String) {
        for _ in 0..self.calls {
            out.push(')');
        }
        out.push_str(self.end);
    }
}

impl RustSource {
    /// A file that starts with the "generated, do not edit" line.
    pub fn new() -> RustSource {
        RustSource::in_buffer(String::with_capacity(8 * 1024))
    }

    /// A file written into `buffer`, whatever it held, which spares growing a new one.
    pub fn in_buffer(mut text: String) -> RustSource {
        text.clear();
        text.push_str("// ");
        text.push_str(super::GENERATED);
        text.push('\n');
        RustSource { text, depth: 0 }
    }

    fn indent(&mut self) {
        // Copied from a run of spaces rather than pushed four at a time.
        const SPACES: &str = "                                ";
        let mut width = self.depth * 4;
        while width > 0 {
            let run = width.min(SPACES.len());
            self.text.push_str(&SPACES[..run]);
            width -= run;
        }
    }

    /// One line at the current indentation.
    pub fn line(&mut self, line: &str) {
        self.line_of(&[line]);
    }

    /// One line made of `parts`, at the current indentation.
    pub fn line_of(&mut self, parts: &[&str]) {
        self.indent();
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
        self.open_of(&[line]);
    }

    /// A line made of `parts` that opens a block.
    pub fn open_of(&mut self, parts: &[&str]) {
        self.line_of(parts);
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
            self.indent();
            self.text.push_str(marker);
            if !line.is_empty() {
                self.text.push(' ');
                push_doc_line(&mut self.text, line);
            }
            self.text.push('\n');
        }
    }

    /// `use path::{names};`, the names filled into lines when they do not fit on one.
    pub fn use_list<'n>(&mut self, lead: &str, path: &str, names: impl IntoIterator<Item = &'n str, IntoIter: Clone>) {
        let names = names.into_iter();
        // Columns: the names are ASCII, whose characters are counted at once.
        let width = |text: &str| if text.is_ascii() { text.len() } else { text.chars().count() };
        let (count, names_width) = names.clone().fold((0, 0), |(count, sum), name| (count + 1, sum + width(name)));
        let separators = 2 * usize::saturating_sub(count, 1);
        let one_line = width(lead) + "use ".len() + width(path) + "::{};".len() + names_width + separators;
        if self.depth * 4 + one_line <= MARGIN {
            self.indent();
            for part in [lead, "use ", path, "::{"] {
                self.text.push_str(part);
            }
            for (index, name) in names.enumerate() {
                if index > 0 {
                    self.text.push_str(", ");
                }
                self.text.push_str(name);
            }
            self.text.push_str("};\n");
            return;
        }
        self.open_of(&[lead, "use ", path, "::{"]);
        let room = MARGIN.saturating_sub(self.depth * 4);
        // The width of the line being filled, 0 before its first name.
        let mut line_width = 0;
        for name in names {
            // Each name is written `name,`, after a space unless it starts the line.
            if line_width > 0 && line_width + 1 + width(name) + 1 > room {
                self.text.push('\n');
                line_width = 0;
            }
            if line_width == 0 {
                self.indent();
            } else {
                self.text.push(' ');
                line_width += 1;
            }
            self.text.push_str(name);
            self.text.push(',');
            line_width += width(name) + 1;
        }
        if line_width == 0 {
            self.indent();
        }
        self.text.push('\n');
        self.close("};");
    }

    /// `lead`, the expression and `tail` (such as `,` or `;`), the expression broken over lines
    /// when the whole does not fit.
    pub fn expr(&mut self, lead: &str, expr: &Expr, tail: &str) {
        self.indent();
        self.text.push_str(lead);
        self.rest_of_line(self.depth * 4 + lead.len(), expr, Tail { calls: 0, end: tail });
    }

    /// The expression from `column` of the line being written, then `tail` and the line's end:
    /// on this line when it fits within [`MARGIN`], else broken over lines.
    fn rest_of_line(&mut self, column: usize, expr: &Expr, tail: Tail) {
        let room = MARGIN.saturating_sub(column + tail.len());
        let fits = expr.flat_len.is_some_and(|len| len <= room);
        match &expr.node {
            _ if fits => expr.write_flat(&mut self.text),
            Node::Atom(_) | Node::Path(..) | Node::Quoted(_) => expr.write_flat(&mut self.text),
            Node::Struct { name, fields, .. } => {
                self.text.push_str(name);
                self.text.push_str(" {\n");
                self.depth += 1;
                for (field, value) in fields {
                    self.expr_of(&[field, ": "], value, ",");
                }
                self.depth -= 1;
                self.indent();
                self.text.push('}');
            }
            Node::Array { prefix, items } => {
                self.text.push_str(prefix);
                self.text.push('[');
                self.items(items);
                self.text.push(']');
            }
            // A lone struct or array argument opens on the call's line: `Some(Template {`.
            Node::Call { callee, args } => {
                self.text.push_str(callee);
                self.text.push('(');
                if let [only @ Expr { node: Node::Struct { .. } | Node::Array { .. }, .. }] = args.as_slice() {
                    let tail = Tail { calls: tail.calls + 1, ..tail };
                    return self.rest_of_line(column + callee.len() + 1, only, tail);
                }
                self.items(args);
                self.text.push(')');
            }
            Node::Tuple(items) => {
                self.text.push('(');
                self.items(items);
                self.text.push(')');
            }
        }
        tail.write(&mut self.text);
        self.text.push('\n');
    }

    /// `expr` on a line of its own after `lead`'s parts, then `tail`.
    fn expr_of(&mut self, lead: &[&str], expr: &Expr, tail: &str) {
        self.indent();
        let mut column = self.depth * 4;
        for part in lead {
            self.text.push_str(part);
            column += part.len();
        }
        self.rest_of_line(column, expr, Tail { calls: 0, end: tail });
    }

    /// Ends the line that opens a list, then writes one item a line, indented, each with a
    /// trailing comma, and starts the line that closes it.
    fn items(&mut self, items: &[Expr]) {
        self.text.push('\n');
        self.depth += 1;
        for item in items {
            self.expr_of(&[], item, ",");
        }
        self.depth -= 1;
        self.indent();
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
        let expr = Expr::fitted_struct("T", vec![("a", Expr::slice(vec![Expr::atom("1"), Expr::atom("2")]))]);
        assert_eq!(written(&expr), "static X: T = T { a: &[1, 2] };\n");
        assert_eq!(written(&Expr::vertical_struct("T", vec![])), "static X: T = T {};\n");
    }

    #[test]
    fn long_expressions_break_one_element_a_line() {
        let long = || Expr::atom(format!("\"{}\"", "x".repeat(60)));
        let expr = Expr::vertical_struct(
            "T",
            vec![
                ("short", Expr::call("Some", Expr::atom("1"))),
                ("long", Expr::call("Some", Expr::slice(vec![long(), long()]))),
                ("pair", Expr::tuple(vec![long(), long()])),
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
        source.use_list("", "crate::runtime", names.iter().copied());
        let text = source.finish();
        assert!(text.lines().all(|line| line.len() <= MARGIN), "{text}");
        assert!(text.contains("use crate::runtime::{\n    Name0, Name1,"), "{text}");
        assert!(text.ends_with("Name29,\n};\n"), "{text}");
    }

    /// The layout as it was first written, kept to check the one above against: each expression
    /// is tried on one line by writing it, and broken when that passes the margin.
    struct Reference {
        text: String,
        depth: usize,
    }

    impl Reference {
        fn line(&mut self, parts: &[&str]) {
            self.text.push_str(&"    ".repeat(self.depth));
            self.text.push_str(&parts.concat());
            self.text.push('\n');
        }

        fn flat(expr: &Expr, out: &mut String, limit: usize) -> bool {
            let list = |out: &mut String, open: &str, items: &[Expr], close: &str| {
                out.push_str(open);
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    if !Reference::flat(item, out, limit) {
                        return false;
                    }
                }
                out.push_str(close);
                true
            };
            let fits = match &expr.node {
                Node::Atom(text) => {
                    out.push_str(text);
                    true
                }
                Node::Path(kind, variant) => {
                    out.push_str(&format!("{kind}::{variant}"));
                    true
                }
                Node::Quoted(text) => {
                    out.push_str(&format!("\"{text}\""));
                    true
                }
                Node::Struct { name, fields, .. } if fields.is_empty() => {
                    out.push_str(&format!("{name} {{}}"));
                    true
                }
                Node::Struct { vertical: true, .. } => false,
                Node::Struct { name, fields, vertical: false } => {
                    out.push_str(&format!("{name} {{ "));
                    for (index, (field, value)) in fields.iter().enumerate() {
                        if index > 0 {
                            out.push_str(", ");
                        }
                        out.push_str(&format!("{field}: "));
                        if !Reference::flat(value, out, limit) {
                            return false;
                        }
                    }
                    out.push_str(" }");
                    true
                }
                Node::Array { prefix, items } => list(out, &format!("{prefix}["), items, "]"),
                Node::Call { callee, args } => list(out, &format!("{callee}("), args, ")"),
                Node::Tuple(items) => list(out, "(", items, ")"),
            };
            fits && out.len() <= limit
        }

        fn expr(&mut self, lead: &str, expr: &Expr, tail: &str) {
            let limit = MARGIN.saturating_sub(self.depth * 4 + lead.len() + tail.len());
            let mut flat = String::new();
            if Reference::flat(expr, &mut flat, limit) {
                return self.line(&[lead, &flat, tail]);
            }
            match &expr.node {
                Node::Atom(_) | Node::Path(..) | Node::Quoted(_) => {
                    let mut text = String::new();
                    Reference::flat(expr, &mut text, usize::MAX);
                    self.line(&[lead, &text, tail]);
                }
                Node::Struct { name, fields, .. } => {
                    self.line(&[lead, name, " {"]);
                    self.depth += 1;
                    for (field, value) in fields {
                        self.expr(&format!("{field}: "), value, ",");
                    }
                    self.depth -= 1;
                    self.line(&["}", tail]);
                }
                Node::Array { prefix, items } => self.list(&format!("{lead}{prefix}["), items, &format!("]{tail}")),
                Node::Call { callee, args } => match args.as_slice() {
                    [only @ Expr { node: Node::Struct { .. } | Node::Array { .. }, .. }] => {
                        self.expr(&format!("{lead}{callee}("), only, &format!("){tail}"))
                    }
                    _ => self.list(&format!("{lead}{callee}("), args, &format!("){tail}")),
                },
                Node::Tuple(items) => self.list(&format!("{lead}("), items, &format!("){tail}")),
            }
        }

        fn list(&mut self, open: &str, items: &[Expr], close: &str) {
            self.line(&[open]);
            self.depth += 1;
            for item in items {
                self.expr("", item, ",");
            }
            self.depth -= 1;
            self.line(&[close]);
        }
    }

    /// The shape of an expression, which proptest generates and shrinks.
    #[derive(Clone, Debug)]
    enum Shape {
        Atom(usize),
        Path(usize),
        Quoted(String),
        Struct { vertical: bool, fields: Vec<(usize, Shape)> },
        Array(bool, Vec<Shape>),
        Call(usize, Vec<Shape>),
        Tuple(Vec<Shape>),
    }

    const NAMES: [&str; 4] = ["T", "Some", "Segment::Field", "an_uncommonly_long_name_for_an_item"];

    impl Shape {
        fn expr(&self) -> Expr<'static> {
            let all = |shapes: &[Shape]| shapes.iter().map(Shape::expr).collect();
            match self {
                Shape::Atom(len) => Expr::atom("x".repeat(*len)),
                Shape::Path(name) => Expr::path("Place", NAMES[name % NAMES.len()]),
                Shape::Quoted(text) => Expr::string(text.clone()),
                Shape::Struct { vertical, fields } => {
                    let fields = fields.iter().map(|(name, value)| (NAMES[name % NAMES.len()], value.expr())).collect();
                    if *vertical {
                        Expr::vertical_struct("Name", fields)
                    } else {
                        Expr::fitted_struct("Name", fields)
                    }
                }
                Shape::Array(true, items) => Expr::slice(all(items)),
                Shape::Array(false, items) => Expr::array(all(items)),
                Shape::Call(callee, args) => {
                    Expr::new(Node::Call { callee: NAMES[callee % NAMES.len()], args: all(args) })
                }
                Shape::Tuple(items) => Expr::tuple(all(items)),
            }
        }
    }

    fn shape() -> impl Strategy<Value = Shape> {
        let leaf = prop_oneof![
            (0..70usize).prop_map(Shape::Atom),
            (0..4usize).prop_map(Shape::Path),
            "[a-z\"\\\\é]{0,40}".prop_map(Shape::Quoted),
        ];
        leaf.prop_recursive(5, 48, 4, |inner| {
            let items = || prop::collection::vec(inner.clone(), 0..4);
            prop_oneof![
                (any::<bool>(), prop::collection::vec((0..4usize, inner.clone()), 0..4))
                    .prop_map(|(vertical, fields)| Shape::Struct { vertical, fields }),
                (any::<bool>(), items()).prop_map(|(slice, items)| Shape::Array(slice, items)),
                (0..4usize, prop::collection::vec(inner.clone(), 1..3))
                    .prop_map(|(callee, args)| Shape::Call(callee, args)),
                items().prop_map(Shape::Tuple),
            ]
        })
    }

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn layout_is_the_one_of_writing_each_expression_to_try_it(
            shape in shape(),
            depth in 0..4usize,
            lead in prop_oneof![Just(""), Just("static X: T = "), Just("a_field_with_a_long_name_of_its_own: ")],
            tail in prop_oneof![Just(""), Just(","), Just(";")],
        ) {
            let expr = shape.expr();
            let mut source = RustSource::in_buffer(String::new());
            source.depth = depth;
            source.expr(lead, &expr, tail);
            let mut reference = Reference { text: source.text[..source.text.find('\n').unwrap() + 1].to_owned(), depth };
            reference.expr(lead, &expr, tail);
            prop_assert_eq!(source.finish(), reference.text);
        }
    }
}
