//! The front ends' files: `schemas/<id>.json` (a JSON Schema, draft 2020-12, of the provider's
//! connect form), `schemas/<id>.uischema.json` (the same presentation in react-jsonschema-form's
//! uiSchema convention), `schemas/vocabulary.json` (the meta-schema of our `x-` keywords) and
//! `registry.json` (the catalog front ends list providers from).
//!
//! # Validation rules
//!
//! A schema accepts exactly the submissions these rules accept; the generated Rust crate mirrors
//! them, and the tests check both against ajv.
//!
//! - A submission is an object with at most two members, `connection_config` and `credentials`,
//!   each an object whose members are the provider's fields of that group. Any other member, at
//!   either level, is refused (`additionalProperties: false`).
//! - Every value is a string, and never the empty string (`minLength: 1` on every field): a field
//!   left empty is left out, and only an optional field may be left out.
//! - A field is required unless it is `optional`. A required field with `visible_when` is required
//!   only while its condition holds, that is while the other field is present and equal to
//!   `equals` (`if`/`then`; defaults are not filled in before validating). A present value is
//!   checked whether or not its field is visible.
//! - `pattern` is the ECMAScript expression as written, with the `u` flag, and is searched for
//!   anywhere in the value ([`crate::check::pattern::Pattern::accepts`]); `format` has the meaning of
//!   ajv-formats' full mode ([`crate::formats::FormatCheck::accepts`]); `enum` compares strings
//!   exactly.
//! - Hidden and automated fields follow the same rules: the platform fills them in before
//!   validating. Fields with `filled_by` are no part of a submission: the OAuth flow, the
//!   integration or the platform fills them in afterwards. Presentation keywords (`x-...`, `title`, `description`, `examples`, `default`,
//!   `writeOnly`) never change a verdict.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use super::{json_text, EmitError, OutputFile};
use crate::registry::{notice, CheckedField, CheckedProvider, Registry};
use crate::template::Group;

/// The dialect of every generated schema.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// The groups of a submission, in form order, with their names on the wire.
const GROUPS: [(Group, &str); 2] =
    [(Group::ConnectionConfig, "connection_config"), (Group::Credentials, "credentials")];

/// One provider's schema and uiSchema as published: pretty JSON, which the files of `schemas/`
/// end with a newline and the npm package's modules embed.
pub struct SchemaTexts {
    pub schema: String,
    pub ui_schema: String,
}

/// Every provider's [`SchemaTexts`], in the registry's order: built and printed once for both
/// emitters that publish them.
pub fn schema_texts(registry: &Registry) -> Vec<SchemaTexts> {
    let pretty = |value: &Value| serde_json::to_string_pretty(value).expect("JSON values serialize");
    registry
        .providers
        .par_iter()
        .map(|provider| SchemaTexts {
            schema: pretty(&provider_schema(registry, provider)),
            ui_schema: pretty(&ui_schema(registry, provider)),
        })
        .collect()
}

/// The files of `schemas/` and the catalog, from the texts of [`schema_texts`].
pub fn emit(registry: &Registry, texts: &[SchemaTexts]) -> Result<Vec<OutputFile>, EmitError> {
    let mut files = vec![
        OutputFile::new("schemas/vocabulary.json", json_text(&vocabulary(registry))),
        OutputFile::new("registry.json", json_text(&catalog(registry))),
    ];
    for (provider, texts) in registry.providers.iter().zip(texts) {
        files.push(OutputFile::new(&provider.outputs.schema, format!("{}\n", texts.schema)));
        files.push(OutputFile::new(&provider.outputs.ui_schema, format!("{}\n", texts.ui_schema)));
    }
    Ok(files)
}

/// Where a schema is published: `<schema_base_url>/<name>`.
fn published_url(registry: &Registry, name: &str) -> String {
    format!("{}/{name}", registry.settings.schema_base_url.trim_end_matches('/'))
}

/// The schema of one provider's connect form. Its text, as published, is `json_text` of it.
pub fn provider_schema(registry: &Registry, provider: &CheckedProvider) -> Value {
    let name = &provider.definition.display_name;
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (group, key) in GROUPS {
        let (title, description) = match group {
            Group::ConnectionConfig => ("Connection config", format!("Values that shape requests to {name}.")),
            _ => ("Credentials", format!("The secrets and identities {name} authenticates with.")),
        };
        let fields: Vec<&CheckedField> = provider.submitted_fields().filter(|f| f.group == group).collect();
        if fields.is_empty() {
            continue;
        }
        if fields.iter().any(|f| is_always_required(f)) {
            required.push(key);
        }
        properties.insert(key.into(), group_schema(registry, &fields, title, &description));
    }
    let mut schema = Keywords::default();
    schema.set("$schema", DRAFT_2020_12);
    schema.set("$id", published_url(registry, &format!("{}.json", provider.id)));
    schema.set("$comment", notice(&provider.source_name()));
    schema.set("title", name.as_str());
    schema.set(
        "description",
        format!(
            "What a user enters in the form that connects {name} ({} authentication).",
            provider.definition.auth_mode.as_str()
        ),
    );
    schema.set("type", "object");
    schema.set("properties", properties);
    schema.set("additionalProperties", false);
    if !required.is_empty() {
        schema.set("required", required);
    }
    if let Some(proxy) = &provider.definition.proxy {
        schema.set("x-base-url", proxy.base_url.as_str());
    }
    schema.into_value()
}

/// A required field without a visibility condition: one the group can never do without.
fn is_always_required(field: &CheckedField) -> bool {
    !field.field.optional && field.field.visible_when.is_none()
}

fn group_schema(registry: &Registry, fields: &[&CheckedField], title: &str, description: &str) -> Value {
    let mut properties = Map::new();
    for (index, field) in fields.iter().enumerate() {
        properties.insert(field.name.clone(), field_schema(registry, field, index + 1));
    }
    let required: Vec<&str> = fields.iter().filter(|f| is_always_required(f)).map(|f| f.name.as_str()).collect();
    let conditions: Vec<Value> = fields
        .iter()
        .filter(|f| !f.field.optional)
        .filter_map(|f| f.field.visible_when.as_ref().map(|condition| (f, condition)))
        .map(|(field, condition)| {
            json!({
                "$comment": format!(
                    "`{}` is required while it is shown. `then` names it in `properties` for strict validators (ajv's strictRequired); its definition is the group's.",
                    field.name
                ),
                "if": {
                    "properties": { condition.field.as_str(): { "const": condition.equals.as_str() } },
                    "required": [condition.field.as_str()],
                },
                "then": {
                    "properties": { field.name.as_str(): {} },
                    "required": [field.name.as_str()],
                },
            })
        })
        .collect();
    let mut schema = Keywords::default();
    schema.set("title", title);
    schema.set("description", description);
    schema.set("type", "object");
    schema.set("properties", properties);
    schema.set("additionalProperties", false);
    if !required.is_empty() {
        schema.set("required", required);
    }
    if !conditions.is_empty() {
        schema.set("allOf", conditions);
    }
    schema.into_value()
}

/// One field. `position` is its 1-based place in its group's form order.
fn field_schema(registry: &Registry, checked: &CheckedField, position: usize) -> Value {
    let field = &checked.field;
    let mut schema = Keywords::default();
    schema.set("type", "string");
    schema.set("title", registry.prose(&field.title));
    schema.set("description", registry.prose(&field.description));
    if !field.allows_empty() {
        schema.set("minLength", 1);
    }
    if let Some(pattern) = &field.pattern {
        schema.set("pattern", pattern.as_str());
    }
    if let Some(format) = field.format {
        schema.set("format", format.as_str());
    }
    if let Some(allowed) = &field.allowed {
        schema.set("enum", allowed.clone());
    }
    if let Some(default) = &field.default {
        schema.set("default", default.as_str());
    }
    match &field.example {
        // A masked example does not match the field's own pattern: it is only something to show.
        Some(example) if field.example_masked => schema.set("x-masked-example", example.as_str()),
        Some(example) => schema.set("examples", vec![example.as_str()]),
        None => {}
    }
    if field.secret {
        schema.set("writeOnly", true);
    }
    schema.set("x-order", position);
    if let Some(hint) = &field.pattern_hint {
        schema.set("x-pattern-hint", registry.prose(hint));
    }
    if let Some(prefix) = &field.prefix {
        schema.set("x-prefix", prefix.as_str());
    }
    if let Some(suffix) = &field.suffix {
        schema.set("x-suffix", suffix.as_str());
    }
    if field.hidden {
        schema.set("x-hidden", true);
    }
    if field.automated {
        schema.set("x-automated", true);
    }
    if let Some(condition) = &field.visible_when {
        schema.set("x-visible-when", json!({ "equals": condition.equals.as_str(), "field": condition.field.as_str() }));
    }
    if let Some(url) = &checked.docs_url {
        schema.set("x-docs-url", url.as_str());
    }
    schema.into_value()
}

/// The uiSchema: what react-jsonschema-form needs beyond the schema to render a connect form, in
/// keys stock RJSF knows (order, widgets, placeholders, labels off for the groups and their
/// developer captions) and `ui:` options it passes on to templates (`ui:prefix`, `ui:suffix`,
/// `ui:docsUrl`, `ui:patternHint`), which the npm package's templates and `transformErrors` read.
pub fn ui_schema(registry: &Registry, provider: &CheckedProvider) -> Value {
    let mut ui = Keywords::default();
    ui.set(
        "$comment",
        format!(
            "react-jsonschema-form's uiSchema for {}. {}",
            provider.outputs.schema,
            notice(&provider.source_name())
        ),
    );
    // The root's title and description, and each group's caption, are written for developers:
    // the page around a connect form names the provider.
    ui.set("ui:title", "");
    ui.set("ui:description", "");
    ui.set("ui:submitButtonOptions", json!({ "submitText": "Connect" }));
    let mut order = Vec::new();
    for (group, key) in GROUPS {
        let fields: Vec<&CheckedField> = provider.submitted_fields().filter(|f| f.group == group).collect();
        if fields.is_empty() {
            continue;
        }
        order.push(key);
        let mut group_ui = Keywords::default();
        group_ui.set("ui:label", false);
        group_ui.set("ui:order", fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>());
        for checked in fields {
            group_ui.set(checked.name.as_str(), field_ui(registry, checked));
        }
        ui.set(key, group_ui.into_value());
    }
    ui.set("ui:order", order);
    ui.into_value()
}

fn field_ui(registry: &Registry, checked: &CheckedField) -> Value {
    let field = &checked.field;
    let mut ui = Keywords::default();
    if !checked.user_entered() {
        ui.set("ui:widget", "hidden");
        return ui.into_value();
    }
    if field.allowed.is_some() {
        // RJSF would pick a text input for an `enum` that also has a `format`.
        ui.set("ui:widget", "select");
    } else if checked.multiline {
        // A value of several lines (a PEM key) cannot be typed into a one-line input, whose
        // browser drops line breaks; a secret one stays `writeOnly` in the schema.
        ui.set("ui:widget", "textarea");
        if field.secret {
            ui.set("ui:autocomplete", "off");
        }
    } else if field.secret {
        ui.set("ui:widget", "password");
        ui.set("ui:autocomplete", "off");
    }
    if let Some(example) = &field.example {
        ui.set("ui:placeholder", example.as_str());
    }
    if let Some(hint) = &field.pattern_hint {
        ui.set("ui:patternHint", plain_text(&registry.prose(hint)));
    }
    if let Some(prefix) = &field.prefix {
        ui.set("ui:prefix", prefix.as_str());
    }
    if let Some(suffix) = &field.suffix {
        ui.set("ui:suffix", suffix.as_str());
    }
    if let Some(url) = &checked.docs_url {
        ui.set("ui:docsUrl", url.as_str());
    }
    ui.into_value()
}

/// Markdown inline text as a person reads it: code spans, emphasis and links keep only their
/// text (`` `mycompany` `` becomes `mycompany`), line breaks become spaces.
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) | Event::InlineMath(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// One presentation keyword: its name, the schema of its value and what it means.
struct PresentationKeyword {
    name: &'static str,
    value: fn() -> Value,
    description: &'static str,
}

/// Every `x-` keyword the schemas use. `docs/json-schema.md` explains them to front-end authors.
const PRESENTATION_KEYWORDS: &[PresentationKeyword] = &[
    PresentationKeyword {
        name: "x-order",
        value: || json!({ "type": "integer", "minimum": 1 }),
        description: "The field's position in its group of the form, from 1. Properties are also listed in this order.",
    },
    PresentationKeyword {
        name: "x-prefix",
        value: || json!({ "type": "string" }),
        description: "Text shown before the input, such as `https://`. Not part of the value.",
    },
    PresentationKeyword {
        name: "x-suffix",
        value: || json!({ "type": "string" }),
        description: "Text shown after the input, such as `.paligoapp.com`. Not part of the value.",
    },
    PresentationKeyword {
        name: "x-pattern-hint",
        value: || json!({ "type": "string" }),
        description: "What `pattern` means, in words, to show when a value does not match it.",
    },
    PresentationKeyword {
        name: "x-masked-example",
        value: || json!({ "type": "string" }),
        description: "An example with hidden characters replaced by `*`, to show as a placeholder. It is not a valid value, so it is not in `examples`.",
    },
    PresentationKeyword {
        name: "x-hidden",
        value: || json!({ "const": true }),
        description: "The field is not shown in the form.",
    },
    PresentationKeyword {
        name: "x-automated",
        value: || json!({ "const": true }),
        description: "The platform fills the field in; the user does not. Not shown in the form.",
    },
    PresentationKeyword {
        name: "x-visible-when",
        value: || {
            json!({
                "type": "object",
                "properties": { "field": { "type": "string" }, "equals": { "type": "string" } },
                "required": ["field", "equals"],
                "additionalProperties": false,
            })
        },
        description: "Show the field only while the field `field` of the same group equals `equals`. A required field is required only while shown (the group's `allOf` says so with `if`/`then`).",
    },
    PresentationKeyword {
        name: "x-docs-url",
        value: || json!({ "type": "string", "format": "uri" }),
        description: "The absolute URL of the guide step that explains where to find the value, for the field's help link.",
    },
    PresentationKeyword {
        name: "x-base-url",
        value: || json!({ "type": "string" }),
        description: "The template of the provider's API base URL, such as `https://${connectionConfig.subdomain}.kandji.io`; on the schema's root.",
    },
];

/// The names of the presentation keywords, for the test that every one the schemas use is documented.
#[cfg(test)]
pub fn presentation_keywords() -> impl Iterator<Item = &'static str> {
    PRESENTATION_KEYWORDS.iter().map(|k| k.name)
}

/// `schemas/vocabulary.json`: a draft 2020-12 meta-schema that extends the standard one with our
/// presentation keywords, so that a tool can check their values, and a front end can register
/// them with ajv (`addVocabulary`) to compile the schemas in strict mode.
pub fn vocabulary(registry: &Registry) -> Value {
    let mut properties = Keywords::default();
    for keyword in PRESENTATION_KEYWORDS {
        let mut value = (keyword.value)();
        if let Some(object) = value.as_object_mut() {
            object.insert("description".into(), keyword.description.into());
        }
        properties.set(keyword.name, sorted(value));
    }
    let mut vocabularies = Keywords::default();
    for standard in ["core", "applicator", "unevaluated", "validation", "meta-data", "format-annotation", "content"] {
        vocabularies.set(format!("https://json-schema.org/draft/2020-12/vocab/{standard}"), true);
    }
    // `false`: a validator that does not know the vocabulary may still use the schemas, since
    // none of its keywords changes a verdict.
    vocabularies.set(published_url(registry, "vocab/presentation"), false);
    let mut schema = Keywords::default();
    schema.set("$schema", DRAFT_2020_12);
    schema.set("$id", published_url(registry, "vocabulary.json"));
    schema.set("$comment", notice("`codegen/src/emit/json_schema.rs`"));
    schema.set("$vocabulary", vocabularies.into_value());
    schema.set("$dynamicAnchor", "meta");
    schema.set("title", "Connect-form schemas");
    schema.set(
        "description",
        "Draft 2020-12 with the presentation keywords of the provider registry's connect-form schemas. None of them changes whether a value is valid.",
    );
    schema.set("allOf", json!([{ "$ref": DRAFT_2020_12 }]));
    schema.set("properties", properties.into_value());
    schema.into_value()
}

/// `registry.json`: one entry per provider, sorted by id. Paths are relative to the output folder.
fn catalog(registry: &Registry) -> Value {
    let providers: Vec<Value> = registry
        .providers
        .iter()
        .map(|provider| {
            let definition = &provider.definition;
            let mut entry = Keywords::default();
            entry.set("id", provider.id.as_str());
            entry.set("display_name", definition.display_name.as_str());
            entry.set("categories", definition.categories.clone());
            entry.set("auth_mode", definition.auth_mode.as_str());
            entry.set("schema", provider.outputs.schema.as_str());
            entry.set("uischema", provider.outputs.ui_schema.as_str());
            if let Some(guide) = &provider.outputs.guide {
                entry.set("guide", guide.as_str());
            }
            entry.set("docs_url", definition.docs.main.as_str());
            entry.set("connect_guide_url", provider.docs_connect.as_str());
            if let Some(proxy) = &definition.proxy {
                entry.set("base_url", proxy.base_url.as_str());
            }
            if !definition.passthrough.is_empty() {
                // Copied as imported, in its own order.
                entry.set("passthrough", Value::Object(definition.passthrough.clone().into_iter().collect()));
            }
            entry.into_value()
        })
        .collect();
    let mut catalog = Keywords::default();
    catalog.set("$comment", notice("the provider definitions in `providers/`"));
    catalog.set("providers", providers);
    catalog.into_value()
}

/// An object whose keys are written sorted: where the order of keys carries no meaning, sorting
/// keeps the output stable and easy to scan. Values keep their own order (`properties` lists
/// fields in form order).
#[derive(Default)]
struct Keywords(BTreeMap<String, Value>);

impl Keywords {
    fn set(&mut self, key: impl Into<String>, value: impl Into<Value>) {
        self.0.insert(key.into(), value.into());
    }

    fn into_value(self) -> Value {
        Value::Object(self.0.into_iter().collect())
    }
}

/// A small literal schema with its keys sorted at every level.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(object) => {
            let entries: BTreeMap<String, Value> = object.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(entries.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}
