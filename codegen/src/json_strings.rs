//! The one walk over the strings of a JSON document, which the template checks (templates
//! inside a verification body) and the Nango importer (its bodies and `proxy.connection_config`)
//! share.

use std::fmt;

use serde_json::Value;

/// One step from a JSON value to a member of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// The member of an object under this key.
    Key(&'a str),
    /// The item of an array at this index.
    Index(usize),
}

impl fmt::Display for Step<'_> {
    /// The step as provider paths write it: the key, or the index in decimal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Key(key) => f.write_str(key),
            Step::Index(index) => write!(f, "{index}"),
        }
    }
}

/// Calls `visit` with every string of `value`, in document order, and the steps from `value` to
/// it (none for `value` itself).
pub fn for_each_string<'a>(value: &'a Value, visit: &mut impl FnMut(&[Step<'a>], &'a str)) {
    walk(value, &mut Vec::new(), visit);
}

fn walk<'a>(value: &'a Value, steps: &mut Vec<Step<'a>>, visit: &mut impl FnMut(&[Step<'a>], &'a str)) {
    match value {
        Value::String(text) => visit(steps, text),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                steps.push(Step::Index(index));
                walk(item, steps, visit);
                steps.pop();
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                steps.push(Step::Key(key));
                walk(member, steps, visit);
                steps.pop();
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_string_comes_with_its_steps_in_document_order() {
        let document = json!({"b": "x", "a": [1, "y", {"c": "z"}], "d": null, "e": true});
        let mut seen = Vec::new();
        for_each_string(&document, &mut |steps, text| {
            seen.push((steps.iter().map(Step::to_string).collect::<Vec<_>>().join("."), text))
        });
        assert_eq!(seen, [("b".to_owned(), "x"), ("a.1".to_owned(), "y"), ("a.2.c".to_owned(), "z")]);
        let alone = json!("alone");
        let mut top = Vec::new();
        for_each_string(&alone, &mut |steps, text| top.push((steps.len(), text)));
        assert_eq!(top, [(0, "alone")]);
    }
}
