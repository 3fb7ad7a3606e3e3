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

use std::borrow::Cow;
use std::collections::BTreeMap;

use indexmap::IndexMap;
use rayon::prelude::*;
use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use super::{json_text, json_text_in, EmitError, OutputFile};
use crate::registry::{notice, CheckedField, CheckedProvider, Registry};
use crate::template::Group;

/// The dialect of every generated schema.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// One provider's schema and uiSchema as published: the pretty JSON texts of the files of
/// `schemas/`, each ending with a newline, which the npm package's modules embed without it.
pub struct SchemaTexts {
    pub schema: String,
    pub ui_schema: String,
    /// The generated-file notice of the provider, which the schema, the uiSchema and the npm
    /// package's module each carry: made once for the three.
    pub notice: String,
}

/// Every provider's [`SchemaTexts`], in the registry's order: built and printed once for both
/// emitters that publish them.
pub fn schema_texts(registry: &Registry) -> Vec<SchemaTexts> {
    registry
        .providers
        .par_iter()
        .map_init(Vec::new, |buffer, provider| {
            let notice = notice(&provider.source_name());
            SchemaTexts {
                schema: json_text_in(&provider_schema(registry, provider, &notice), buffer),
                ui_schema: json_text_in(&ui_schema(registry, provider, &notice), buffer),
                notice,
            }
        })
        .collect()
}

/// The files of `schemas/` and the catalog, the texts of [`schema_texts`] becoming the files.
pub fn emit(registry: &Registry, texts: Vec<SchemaTexts>) -> Result<Vec<OutputFile>, EmitError> {
    let mut files = Vec::with_capacity(2 + 2 * texts.len());
    files.push(OutputFile::new("schemas/vocabulary.json", json_text(&vocabulary(registry))));
    files.push(OutputFile::new("registry.json", json_text(&catalog(registry))));
    for (provider, texts) in registry.providers.iter().zip(texts) {
        files.push(OutputFile::new(&provider.outputs.schema, texts.schema));
        files.push(OutputFile::new(&provider.outputs.ui_schema, texts.ui_schema));
    }
    Ok(files)
}

/// Where a schema is published: `<schema_base_url>/<name>`.
fn published_url(registry: &Registry, name: &str) -> String {
    [registry.settings.schema_base_url.trim_end_matches('/'), "/", name].concat()
}

// The schemas and uiSchemas are serialized from the structs below rather than from
// `serde_json::Value` trees, which would allocate a map entry and a key for every keyword of
// every field. An object whose keys carry no order is written with its keys sorted, which keeps
// the output stable and easy to scan: each struct declares its fields in the sorted order of
// their names on the wire. Maps keep their own order (`properties` lists fields in form order).

/// The root of a provider's schema, borrowing from its checked model ([`provider_schema`]).
#[derive(Serialize)]
pub struct ProviderSchema<'a> {
    #[serde(rename = "$comment")]
    comment: &'a str,
    #[serde(rename = "$id")]
    id: String,
    #[serde(rename = "$schema")]
    dialect: &'static str,
    #[serde(rename = "additionalProperties")]
    additional_properties: bool,
    description: String,
    properties: Groups<GroupSchema<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    required: Vec<&'static str>,
    title: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "x-base-url", skip_serializing_if = "Option::is_none")]
    base_url: Option<&'a str>,
}

/// The groups of a submission, in form order, with their names on the wire; a group without
/// fields is left out.
#[derive(Serialize)]
struct Groups<T> {
    #[serde(skip_serializing_if = "Option::is_none")]
    connection_config: Option<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credentials: Option<T>,
}

impl<T> Groups<T> {
    /// Each group's submitted fields, in form order, made into `T` by `part`.
    fn of<'a>(provider: &'a CheckedProvider, mut part: impl FnMut(Group, Vec<&'a CheckedField>) -> T) -> Self {
        let mut group = |group: Group| {
            let fields: Vec<&'a CheckedField> = provider.submitted_fields().filter(|f| f.group == group).collect();
            (!fields.is_empty()).then(|| part(group, fields))
        };
        Groups { connection_config: group(Group::ConnectionConfig), credentials: group(Group::Credentials) }
    }

    /// The names on the wire of the groups present, in form order.
    fn present(&self) -> Vec<&'static str> {
        [("connection_config", &self.connection_config), ("credentials", &self.credentials)]
            .into_iter()
            .filter_map(|(key, group)| group.as_ref().map(|_| key))
            .collect()
    }
}

#[derive(Serialize)]
struct GroupSchema<'a> {
    #[serde(rename = "additionalProperties")]
    additional_properties: bool,
    #[serde(rename = "allOf", skip_serializing_if = "Vec::is_empty")]
    all_of: Vec<Value>,
    description: String,
    properties: InOrder<'a, FieldSchema<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    required: Vec<&'a str>,
    title: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    /// Whether the group can never be left out: the root's `required` names it.
    #[serde(skip)]
    always_required: bool,
}

#[derive(Serialize)]
struct FieldSchema<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<&'a str>,
    description: Cow<'a, str>,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    allowed: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    examples: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    #[serde(rename = "minLength", skip_serializing_if = "Option::is_none")]
    min_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<&'a str>,
    title: Cow<'a, str>,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "writeOnly", skip_serializing_if = "is_false")]
    write_only: bool,
    #[serde(rename = "x-automated", skip_serializing_if = "is_false")]
    automated: bool,
    #[serde(rename = "x-docs-url", skip_serializing_if = "Option::is_none")]
    docs_url: Option<&'a str>,
    #[serde(rename = "x-hidden", skip_serializing_if = "is_false")]
    hidden: bool,
    #[serde(rename = "x-masked-example", skip_serializing_if = "Option::is_none")]
    masked_example: Option<&'a str>,
    #[serde(rename = "x-order")]
    order: usize,
    #[serde(rename = "x-pattern-hint", skip_serializing_if = "Option::is_none")]
    pattern_hint: Option<Cow<'a, str>>,
    #[serde(rename = "x-prefix", skip_serializing_if = "Option::is_none")]
    prefix: Option<&'a str>,
    #[serde(rename = "x-suffix", skip_serializing_if = "Option::is_none")]
    suffix: Option<&'a str>,
    #[serde(rename = "x-visible-when", skip_serializing_if = "Option::is_none")]
    visible_when: Option<VisibleWhen<'a>>,
}

#[derive(Serialize)]
struct VisibleWhen<'a> {
    equals: &'a str,
    field: &'a str,
}

fn is_false(value: &bool) -> bool {
    !value
}

/// Named values written as one JSON object, in their own order.
struct InOrder<'a, T>(Vec<(&'a str, T)>);

impl<T: Serialize> Serialize for InOrder<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
    }
}

/// The schema of one provider's connect form, with the provider's generated-file `notice`. Its
/// text, as published, is `json_text` of it.
pub fn provider_schema<'a>(registry: &Registry, provider: &'a CheckedProvider, notice: &'a str) -> ProviderSchema<'a> {
    let name = &provider.definition.display_name;
    let properties = Groups::of(provider, |group, fields| match group {
        Group::ConnectionConfig => {
            group_schema(registry, &fields, "Connection config", ["Values that shape requests to ", name, "."].concat())
        }
        _ => group_schema(
            registry,
            &fields,
            "Credentials",
            ["The secrets and identities ", name, " authenticates with."].concat(),
        ),
    });
    let required = [("connection_config", &properties.connection_config), ("credentials", &properties.credentials)]
        .into_iter()
        .filter_map(|(key, group)| group.as_ref().is_some_and(|g| g.always_required).then_some(key))
        .collect();
    ProviderSchema {
        comment: notice,
        id: published_url(registry, &[provider.id.as_str(), ".json"].concat()),
        dialect: DRAFT_2020_12,
        additional_properties: false,
        description: [
            "What a user enters in the form that connects ",
            name,
            " (",
            provider.definition.auth_mode.as_str(),
            " authentication).",
        ]
        .concat(),
        properties,
        required,
        title: name,
        kind: "object",
        base_url: provider.definition.proxy.as_ref().map(|proxy| proxy.base_url.as_str()),
    }
}

/// A required field without a visibility condition: one the group can never do without.
fn is_always_required(field: &CheckedField) -> bool {
    !field.field.optional && field.field.visible_when.is_none()
}

fn group_schema<'a>(
    registry: &Registry,
    fields: &[&'a CheckedField],
    title: &'static str,
    description: String,
) -> GroupSchema<'a> {
    let properties = fields
        .iter()
        .enumerate()
        .map(|(index, field)| (field.name.as_str(), field_schema(registry, field, index + 1)))
        .collect();
    let required: Vec<&str> = fields.iter().filter(|f| is_always_required(f)).map(|f| f.name.as_str()).collect();
    let all_of = fields
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
    GroupSchema {
        additional_properties: false,
        all_of,
        description,
        properties: InOrder(properties),
        always_required: !required.is_empty(),
        required,
        title,
        kind: "object",
    }
}

/// One field. `position` is its 1-based place in its group's form order.
fn field_schema<'a>(registry: &Registry, checked: &'a CheckedField, position: usize) -> FieldSchema<'a> {
    let field = &checked.field;
    // A masked example does not match the field's own pattern: it is only something to show.
    let (examples, masked_example) = match &field.example {
        Some(example) if field.example_masked => (None, Some(example.as_str())),
        Some(example) => (Some(std::slice::from_ref(example)), None),
        None => (None, None),
    };
    FieldSchema {
        default: field.default.as_deref(),
        description: registry.prose(&field.description),
        allowed: field.allowed.as_deref(),
        examples,
        format: field.format.map(|format| format.as_str()),
        min_length: (!field.allows_empty()).then_some(1),
        pattern: field.pattern.as_deref(),
        title: registry.prose(&field.title),
        kind: "string",
        write_only: field.secret,
        automated: field.automated,
        docs_url: checked.docs_url.as_deref(),
        hidden: field.hidden,
        masked_example,
        order: position,
        pattern_hint: field.pattern_hint.as_ref().map(|hint| registry.prose(hint)),
        prefix: field.prefix.as_deref(),
        suffix: field.suffix.as_deref(),
        visible_when: field
            .visible_when
            .as_ref()
            .map(|condition| VisibleWhen { equals: &condition.equals, field: &condition.field }),
    }
}

/// The uiSchema: what react-jsonschema-form needs beyond the schema to render a connect form, in
/// keys stock RJSF knows (order, widgets, placeholders, labels off for the groups and their
/// developer captions) and `ui:` options it passes on to templates (`ui:prefix`, `ui:suffix`,
/// `ui:docsUrl`, `ui:patternHint`), which the npm package's templates and `transformErrors` read.
#[derive(Serialize)]
pub struct UiSchema<'a> {
    #[serde(rename = "$comment")]
    comment: String,
    #[serde(flatten)]
    groups: Groups<GroupUi<'a>>,
    #[serde(rename = "ui:description")]
    description: &'static str,
    #[serde(rename = "ui:order")]
    order: Vec<&'static str>,
    #[serde(rename = "ui:submitButtonOptions")]
    submit_button_options: SubmitButtonOptions,
    #[serde(rename = "ui:title")]
    title: &'static str,
}

#[derive(Serialize)]
struct SubmitButtonOptions {
    #[serde(rename = "submitText")]
    submit_text: &'static str,
}

/// A group's uiSchema: its own `ui:` keys and its fields' names, sorted together.
type GroupUi<'a> = InOrder<'a, GroupUiValue<'a>>;

#[derive(Serialize)]
#[serde(untagged)]
enum GroupUiValue<'a> {
    Label(bool),
    Order(Vec<&'a str>),
    Field(FieldUi<'a>),
}

#[derive(Default, Serialize)]
struct FieldUi<'a> {
    #[serde(rename = "ui:autocomplete", skip_serializing_if = "Option::is_none")]
    autocomplete: Option<&'static str>,
    #[serde(rename = "ui:docsUrl", skip_serializing_if = "Option::is_none")]
    docs_url: Option<&'a str>,
    #[serde(rename = "ui:patternHint", skip_serializing_if = "Option::is_none")]
    pattern_hint: Option<String>,
    #[serde(rename = "ui:placeholder", skip_serializing_if = "Option::is_none")]
    placeholder: Option<&'a str>,
    #[serde(rename = "ui:prefix", skip_serializing_if = "Option::is_none")]
    prefix: Option<&'a str>,
    #[serde(rename = "ui:suffix", skip_serializing_if = "Option::is_none")]
    suffix: Option<&'a str>,
    #[serde(rename = "ui:widget", skip_serializing_if = "Option::is_none")]
    widget: Option<&'static str>,
}

/// One provider's uiSchema, with the provider's generated-file `notice`. Its text, as published,
/// is `json_text` of it.
pub fn ui_schema<'a>(registry: &Registry, provider: &'a CheckedProvider, notice: &str) -> UiSchema<'a> {
    let groups = Groups::of(provider, |_, fields| {
        let mut entries = Vec::with_capacity(fields.len() + 2);
        entries.push(("ui:label", GroupUiValue::Label(false)));
        entries.push(("ui:order", GroupUiValue::Order(fields.iter().map(|f| f.name.as_str()).collect())));
        for checked in fields {
            entries.push((checked.name.as_str(), GroupUiValue::Field(field_ui(registry, checked))));
        }
        // Sorted as a map's keys, without a map: no two are equal, field names being distinct
        // identifiers (no `:`).
        entries.sort_unstable_by_key(|(key, _)| *key);
        InOrder(entries)
    });
    UiSchema {
        comment: ["react-jsonschema-form's uiSchema for ", &provider.outputs.schema, ". ", notice].concat(),
        order: groups.present(),
        groups,
        // The root's title and description, and each group's caption, are written for
        // developers: the page around a connect form names the provider.
        description: "",
        submit_button_options: SubmitButtonOptions { submit_text: "Connect" },
        title: "",
    }
}

fn field_ui<'a>(registry: &Registry, checked: &'a CheckedField) -> FieldUi<'a> {
    let field = &checked.field;
    let mut ui = FieldUi::default();
    if !checked.user_entered() {
        ui.widget = Some("hidden");
        return ui;
    }
    if field.allowed.is_some() {
        // RJSF would pick a text input for an `enum` that also has a `format`.
        ui.widget = Some("select");
    } else if checked.multiline {
        // A value of several lines (a PEM key) cannot be typed into a one-line input, whose
        // browser drops line breaks; a secret one stays `writeOnly` in the schema.
        ui.widget = Some("textarea");
        if field.secret {
            ui.autocomplete = Some("off");
        }
    } else if field.secret {
        ui.widget = Some("password");
        ui.autocomplete = Some("off");
    }
    ui.placeholder = field.example.as_deref();
    ui.pattern_hint = field.pattern_hint.as_ref().map(|hint| plain_text(&registry.prose(hint)));
    ui.prefix = field.prefix.as_deref();
    ui.suffix = field.suffix.as_deref();
    ui.docs_url = checked.docs_url.as_deref();
    ui
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
#[derive(Serialize)]
struct Catalog<'a> {
    #[serde(rename = "$comment")]
    comment: String,
    providers: Vec<CatalogEntry<'a>>,
}

#[derive(Serialize)]
struct CatalogEntry<'a> {
    auth_mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    base_url: Option<&'a str>,
    categories: &'a [String],
    connect_guide_url: &'a str,
    display_name: &'a str,
    docs_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    guide: Option<&'a str>,
    id: &'a str,
    /// Copied as imported, in its own order.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    passthrough: &'a IndexMap<String, Value>,
    schema: &'a str,
    uischema: &'a str,
}

fn catalog(registry: &Registry) -> Catalog<'_> {
    let providers = registry
        .providers
        .iter()
        .map(|provider| {
            let definition = &provider.definition;
            CatalogEntry {
                auth_mode: definition.auth_mode.as_str(),
                base_url: definition.proxy.as_ref().map(|proxy| proxy.base_url.as_str()),
                categories: &definition.categories,
                connect_guide_url: &provider.docs_connect,
                display_name: &definition.display_name,
                docs_url: &definition.docs.main,
                guide: provider.outputs.guide.as_deref(),
                id: &provider.id,
                passthrough: &definition.passthrough,
                schema: &provider.outputs.schema,
                uischema: &provider.outputs.ui_schema,
            }
        })
        .collect();
    Catalog { comment: notice("the provider definitions in `providers/`"), providers }
}

/// An object of the vocabulary whose keys are written sorted, as the schemas' structs declare
/// theirs.
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
