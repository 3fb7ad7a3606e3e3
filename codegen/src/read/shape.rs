//! Checks a file's YAML tree against the JSON Schema derived from the model, reporting every
//! mismatch at its own line and column.
//!
//! A generic JSON Schema validator would accept or refuse the same files, but it reports JSON
//! pointers and schema keywords; authors need "unknown key `descripton`, did you mean
//! `description`?" on the key's line, and "this is read as a number, quote it" on an unquoted
//! `0123`. The check reads the same schema editors use, so the two cannot drift apart. It covers
//! exactly the keywords `schemars` emits for the model: `$ref`, `anyOf`/`oneOf`, `type`, `enum`,
//! `const`, `properties`, `required`, `additionalProperties`, `items` and `minimum`.

use serde_json::Value as Schema;

use crate::diagnostics::did_you_mean;
use crate::read::report::{FileReport, Location};
use crate::read::yaml::{Node, Value};

/// Reports every place where `node` does not have the shape `schema` describes.
pub fn check(root: &Schema, node: &Node<'_>, report: &mut FileReport<'_>) {
    Checker { root }.check(root, node, &mut Vec::new(), report);
}

struct Checker<'s> {
    root: &'s Schema,
}

impl<'s> Checker<'s> {
    fn resolve(&self, mut schema: &'s Schema) -> &'s Schema {
        // schemars only emits local references (`#/$defs/Name`).
        while let Some(reference) = schema.get("$ref").and_then(Schema::as_str) {
            let pointer = reference.trim_start_matches('#');
            match self.root.pointer(pointer) {
                Some(target) => schema = target,
                None => break,
            }
        }
        schema
    }

    fn check(&self, schema: &'s Schema, node: &Node<'_>, path: &mut Vec<String>, report: &mut FileReport<'_>) {
        let schema = self.resolve(schema);
        if let Some(branches) = schema.get("anyOf").and_then(Schema::as_array) {
            // `Option<T>` is `anyOf: [T, null]`: check against the branch that is not null.
            if matches!(node.value, Value::Null) && branches.iter().any(|b| b.get("type") == Some(&"null".into())) {
                return;
            }
            if let Some(branch) = branches.iter().find(|b| b.get("type") != Some(&"null".into())) {
                self.check(branch, node, path, report);
            }
            return;
        }
        if let Some(branches) = schema.get("oneOf").and_then(Schema::as_array) {
            // Unit enums: each branch is a `const` or an `enum` of strings.
            let allowed: Vec<&str> = branches
                .iter()
                .flat_map(|b| {
                    let b = self.resolve(b);
                    b.get("const").into_iter().chain(b.get("enum").and_then(Schema::as_array).into_iter().flatten())
                })
                .filter_map(Schema::as_str)
                .collect();
            self.check_choice(&allowed, node, path, report);
            return;
        }
        if let Some(choices) = schema.get("enum").and_then(Schema::as_array) {
            let allowed: Vec<&str> = choices.iter().filter_map(Schema::as_str).collect();
            self.check_choice(&allowed, node, path, report);
            return;
        }
        if !self.check_type(schema, node, path, report) {
            return;
        }
        match &node.value {
            Value::Map(entries) => self.check_map(schema, entries, path, report),
            Value::Seq(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (index, item) in items.iter().enumerate() {
                        path.push(index.to_string());
                        self.check(item_schema, item, path, report);
                        path.pop();
                    }
                }
            }
            Value::Number(text) => {
                let minimum = schema.get("minimum").and_then(Schema::as_f64);
                let value = node.to_json().as_f64();
                if let (Some(minimum), Some(value)) = (minimum, value) {
                    if value < minimum {
                        report.error(
                            Location::Value(path.clone()),
                            format!("`{text}` is below the minimum {minimum}"),
                            None,
                        );
                    }
                }
            }
            _ => {}
        }
    }

    fn check_choice(&self, allowed: &[&str], node: &Node<'_>, path: &[String], report: &mut FileReport<'_>) {
        let found = match &node.value {
            Value::String(s) => s.as_ref(),
            _ => {
                report.error(
                    Location::Value(path.to_vec()),
                    format!("expected one of {}, found {}", list(allowed), describe(node)),
                    None,
                );
                return;
            }
        };
        if !allowed.contains(&found) {
            let help = did_you_mean(found, allowed.iter().copied())
                .or_else(|| allowed.iter().copied().find(|a| a.eq_ignore_ascii_case(found)))
                .map(|s| format!("did you mean `{s}`?"));
            report.error(Location::Value(path.to_vec()), format!("`{found}` is not one of {}", list(allowed)), help);
        }
    }

    /// Checks `type`; returns whether the node's contents should be checked further.
    fn check_type(&self, schema: &Schema, node: &Node<'_>, path: &[String], report: &mut FileReport<'_>) -> bool {
        let types: Vec<&str> = match schema.get("type") {
            Some(Schema::String(t)) => vec![t.as_str()],
            Some(Schema::Array(ts)) => ts.iter().filter_map(Schema::as_str).collect(),
            _ => return true,
        };
        let actual = match &node.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(text) if text.parse::<i64>().is_ok() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        };
        if types.contains(&actual) || (actual == "integer" && types.contains(&"number")) {
            return true;
        }
        let expected = types.iter().filter(|t| **t != "null").map(|t| article(t)).collect::<Vec<_>>().join(" or ");
        let help = match (&node.value, types.contains(&"string")) {
            (Value::Number(text), true) | (Value::String(text), true) => {
                Some(format!("YAML reads `{text}` as a number; quote it to keep it as written: '{text}'"))
            }
            (Value::Bool(b), true) => Some(format!("YAML reads this as the boolean {b}; quote it: '{b}'")),
            (Value::String(text), false) if types.contains(&"boolean") => {
                Some(format!("write `true` or `false`; YAML 1.2 reads `{text}` as text"))
            }
            (Value::Null, _) => Some("give it a value, or remove the key".into()),
            (Value::String(_), false) if types.contains(&"array") => Some("write a list, one `- item` per line".into()),
            _ => None,
        };
        report.error(Location::Value(path.to_vec()), format!("expected {expected}, found {}", describe(node)), help);
        false
    }

    fn check_map(
        &self,
        schema: &'s Schema,
        entries: &[(crate::read::yaml::Key<'_>, Node<'_>)],
        path: &mut Vec<String>,
        report: &mut FileReport<'_>,
    ) {
        let properties = schema.get("properties").and_then(Schema::as_object);
        let additional = schema.get("additionalProperties");
        for (key, value) in entries {
            path.push(key.name.to_string());
            match properties.and_then(|p| p.get(key.name.as_ref())) {
                Some(property) => self.check(property, value, path, report),
                None => match additional {
                    Some(Schema::Bool(false)) => {
                        let known: Vec<&str> =
                            properties.map(|p| p.keys().map(String::as_str).collect()).unwrap_or_default();
                        let help = match did_you_mean(&key.name, known.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("the keys allowed here are {}", list(&known)),
                        };
                        report.error(Location::Span(key.span), format!("unknown key `{}`", key.name), Some(help));
                    }
                    Some(extra @ Schema::Object(_)) => self.check(extra, value, path, report),
                    _ => {}
                },
            }
            path.pop();
        }
        let known: Vec<&str> = properties.map(|p| p.keys().map(String::as_str).collect()).unwrap_or_default();
        // A misspelled key (`descripton`) is reported once, as unknown, not again as missing.
        let misspelled: Vec<&str> = entries
            .iter()
            .filter(|(k, _)| !known.contains(&k.name.as_ref()))
            .filter_map(|(k, _)| did_you_mean(&k.name, known.iter().copied()))
            .collect();
        for required in
            schema.get("required").and_then(Schema::as_array).into_iter().flatten().filter_map(Schema::as_str)
        {
            if !entries.iter().any(|(k, _)| k.name == required) && !misspelled.contains(&required) {
                let place = if path.is_empty() { "the file".to_string() } else { format!("`{}`", path.join(".")) };
                report.error(
                    Location::Key(path.clone()),
                    format!("missing required key `{required}` in {place}"),
                    Some(format!("add `{required}:` here")),
                );
            }
        }
    }
}

fn article(type_name: &str) -> String {
    match type_name {
        "object" => "a map of keys".into(),
        "array" => "a list".into(),
        "integer" => "a whole number".into(),
        "boolean" => "true or false".into(),
        other => format!("a {other}"),
    }
}

fn describe(node: &Node<'_>) -> String {
    match &node.value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(text) => format!("the number {text}"),
        Value::String(_) => "a string".into(),
        Value::Seq(_) => "a list".into(),
        Value::Map(_) => "a map".into(),
    }
}

fn list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}
