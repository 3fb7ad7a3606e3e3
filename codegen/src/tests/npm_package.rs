//! The npm package (`generated/npm/`): its contract (`package.json`, the entry points, one module
//! per provider), the TypeScript types derived from the checked model, and provider text that
//! must not break the declarations. Its behaviour in a browser is `.ci/browser.sh`'s to test.

use std::collections::BTreeSet;
use std::path::Path;

use super::support::{providers_dir, scratch_providers};
use crate::diagnostics::Severity;
use crate::emit::{json_schema, npm_package, OutputFile};
use crate::load::{load, SettingsOverrides};
use crate::registry::Registry;
use serde_json::{json, Value};

fn registry_of(dir: &Path) -> Registry {
    let loaded = load(dir, &SettingsOverrides::default());
    let errors: Vec<_> = loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
    loaded.registry.expect("a registry")
}

fn package(registry: &Registry) -> Vec<OutputFile> {
    npm_package::emit(registry, &json_schema::schema_texts(registry)).expect("the npm emitter succeeds")
}

fn text<'f>(files: &'f [OutputFile], path: &str) -> &'f str {
    &files.iter().find(|f| f.path == Path::new(path)).unwrap_or_else(|| panic!("{path} is emitted")).contents
}

/// The JSON value after `export const <name> = ` in a module.
fn exported(module: &str, name: &str) -> Value {
    let start = module.find(&format!("export const {name} = ")).expect("the export") + name.len() + 16;
    let mut stream = serde_json::Deserializer::from_str(&module[start..]).into_iter::<Value>();
    stream.next().expect("a value").expect("JSON")
}

#[test]
fn package_json_is_an_es_module_package_with_typed_entry_points_named_by_the_settings() {
    let files = package(&registry_of(&providers_dir()));
    let manifest: Value = serde_json::from_str(text(&files, "npm/package.json")).expect("JSON");
    assert_eq!(manifest["name"], "@nango/provider-registry", "the name of `_registry.yaml`");
    assert_eq!(manifest["type"], "module");
    assert_eq!(manifest["exports"]["."], json!({ "types": "./index.d.ts", "default": "./index.js" }));
    assert_eq!(manifest["exports"]["./rjsf"], json!({ "types": "./rjsf.d.ts", "default": "./rjsf.js" }));
    for entry in ["index.js", "index.d.ts", "rjsf.js", "rjsf.d.ts", "catalog.js"] {
        assert!(files.iter().any(|f| f.path == Path::new("npm").join(entry)), "{entry}");
    }
    let index = text(&files, "npm/index.js");
    for name in ["providers", "loadProvider", "transformErrors", "addVocabulary"] {
        assert!(index.contains(&format!("export {{ {name} }}")), "index.js exports {name}");
    }

    let dir = scratch_providers();
    let settings = std::fs::read_to_string(dir.path().join("_registry.yaml")).expect("settings");
    let without_name: String =
        settings.lines().filter(|l| !l.starts_with("npm_package")).map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.path().join("_registry.yaml"), without_name).expect("write settings");
    let files = package(&registry_of(dir.path()));
    let manifest: Value = serde_json::from_str(text(&files, "npm/package.json")).expect("JSON");
    assert_eq!(manifest["name"], npm_package::DEFAULT_PACKAGE_NAME);
}

#[test]
fn a_name_npm_refuses_is_an_error_at_its_line() {
    for name in ["Acme", "@acme", "_private", "a b", "@acme/", "caf\u{e9}"] {
        let dir = scratch_providers();
        let path = dir.path().join("_registry.yaml");
        let settings = std::fs::read_to_string(&path).expect("settings");
        let line = settings.lines().position(|l| l.starts_with("npm_package")).expect("the setting") + 1;
        let changed: String = settings
            .lines()
            .map(|l| if l.starts_with("npm_package") { format!("npm_package: '{name}'\n") } else { format!("{l}\n") })
            .collect();
        std::fs::write(&path, changed).expect("write settings");
        let loaded = load(dir.path(), &SettingsOverrides::default());
        assert!(loaded.registry.is_none(), "{name} is refused");
        let error = loaded.diagnostics.iter().find(|d| d.severity == Severity::Error).expect("an error");
        assert_eq!((error.file.file_name().and_then(|f| f.to_str()), error.line), (Some("_registry.yaml"), line));
        assert!(error.message.contains("not an npm package name"), "{}", error.message);
    }
    for name in ["provider-registry", "@acme/provider-registry", "a.b~c_d"] {
        assert_eq!(crate::check::check_package_name(name), Ok(()), "{name}");
    }
}

#[test]
fn every_provider_is_one_module_that_load_js_imports_and_holds_the_published_schemas() {
    let registry = registry_of(&providers_dir());
    let files = package(&registry);
    let schemas =
        json_schema::emit(&registry, json_schema::schema_texts(&registry)).expect("the schema emitter succeeds");
    let load = text(&files, "npm/load.js");
    let imported: BTreeSet<&str> =
        load.split("import(\"./").skip(1).map(|rest| rest.split('"').next().expect("a path")).collect();
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| {
            f.path.strip_prefix("npm").ok()?.to_str().filter(|p| p.starts_with("providers/")).map(str::to_owned)
        })
        .collect();
    assert_eq!(imported, modules.iter().map(String::as_str).collect::<BTreeSet<_>>());
    assert_eq!(modules.len(), registry.providers.len());
    for provider in &registry.providers {
        let module = text(&files, &provider.outputs.npm_module);
        let schema: Value = serde_json::from_str(text(&schemas, &provider.outputs.schema)).expect("JSON");
        let ui: Value = serde_json::from_str(text(&schemas, &provider.outputs.ui_schema)).expect("JSON");
        assert_eq!(exported(module, "schema"), schema, "{}", provider.id);
        assert_eq!(exported(module, "uiSchema"), ui, "{}", provider.id);
    }
    let catalog = exported(text(&files, "npm/catalog.js"), "providers");
    assert_eq!(
        catalog[1],
        json!({
            "id": "kandji",
            "displayName": "Kandji",
            "authMode": "API_KEY",
            "categories": ["support", "productivity"],
            "docsUrl": "https://nango.dev/docs/integrations/all/kandji",
            "connectGuideUrl": "https://nango.dev/docs/integrations/all/kandji/connect",
        })
    );
}

#[test]
fn the_declarations_give_each_submission_its_exact_shape() {
    let files = package(&registry_of(&providers_dir()));
    let types = text(&files, "npm/index.d.ts");
    assert!(
        types.contains("export type ProviderId =\n  | \"amplitude\"\n  | \"kandji\"\n  | \"paligo\"\n  | \"perdoo\";")
    );
    let kandji = &types[types.find("  \"kandji\": {").expect("Kandji's submission")..];
    let kandji = &kandji[..kandji.find("\n  };").expect("its end")];
    assert!(kandji.contains("    connection_config: {"), "a required group:\n{kandji}");
    assert!(kandji.contains("      \"subdomain\": string;"));
    assert!(kandji.contains("    credentials: {"));
    assert!(kandji.contains("      \"apiKey\": string;"), "{kandji}");
    assert!(
        types.contains("    connection_config?: {")
            && types.contains("      \"hostname\"?: \"amplitude.com\" | \"analytics.eu.amplitude.com\";"),
        "Amplitude's hostname is an optional enum"
    );
}

#[test]
fn the_uischemas_carry_what_a_connect_form_shows() {
    let registry = registry_of(&providers_dir());
    let paligo = registry.providers.iter().find(|p| p.id == "paligo").expect("Paligo");
    let notice = crate::registry::notice(&paligo.source_name());
    let ui = serde_json::to_value(json_schema::ui_schema(&registry, paligo, &notice)).expect("a uiSchema is JSON");
    let subdomain = &ui["connection_config"]["subdomain"];
    assert_eq!(subdomain["ui:prefix"], "https://");
    assert_eq!(subdomain["ui:suffix"], ".paligoapp.com");
    assert_eq!(
        subdomain["ui:patternHint"], "Lowercase letters, digits and hyphens, such as mycompany",
        "the hint as plain text, without its Markdown backticks"
    );
    assert_eq!(
        subdomain["ui:docsUrl"],
        "https://nango.dev/docs/api-integrations/paligo/connect#step-1-find-your-paligo-instance-name"
    );
    assert_eq!((&ui["ui:title"], &ui["ui:description"]), (&json!(""), &json!("")));
    assert_eq!((&ui["connection_config"]["ui:label"], &ui["credentials"]["ui:label"]), (&json!(false), &json!(false)));
    assert_eq!(json_schema::plain_text("**Bold**, `code` and [a link](https://example.com)"), "Bold, code and a link");
}

#[test]
fn provider_text_cannot_end_a_comment_or_break_a_line_of_the_declarations() {
    let dir = scratch_providers();
    let path = dir.path().join("kandji.yaml");
    let kandji = std::fs::read_to_string(&path).expect("Kandji");
    let hostile = kandji.replace(
        "description: The API Token for your Kandji account",
        "description: \"Ends */ here\\u2028and {{ 7*7 }} \\\"quoted\\\"\"",
    );
    assert_ne!(hostile, kandji, "the fixture changed the description");
    std::fs::write(&path, hostile).expect("write Kandji");
    let files = package(&registry_of(dir.path()));
    let types = text(&files, "npm/index.d.ts");
    assert!(types.contains("API Token: Ends *\\/ here and {{ 7*7 }} \"quoted\""), "{types}");
    assert!(!types.contains("Ends */"));
}
