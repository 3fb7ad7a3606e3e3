//! The Rust crate `provider-registry`: typed connections that parse, validate and render, with
//! the verdicts of the JSON Schemas.
//!
//! Layout of the output:
//!
//! - `Cargo.toml`: a package without a `[workspace]` table, buildable as a workspace member and
//!   on its own wherever `--out` puts it (its dependencies are `regex`, `regress`, `serde_json`,
//!   and `sha2` and `base64` for OAuth 2).
//! - `src/lib.rs`: `ProviderId`, its table of the providers' data, and the re-exported runtime
//!   types (`Connection` among them).
//! - `src/runtime.rs`: the engine every provider shares (validation, regex cache, secrets,
//!   rendering), copied from `rust_crate/runtime.rs` in this folder.
//! - `src/formats.rs`: the `format` expressions, from [`crate::formats`].
//! - `src/providers/<id>.rs`: each provider's structs, and its description as data
//!   (`PROVIDER`: fields, templates, metadata, `include_str!` of `schemas/<id>.json`).
//! - `src/oauth2.rs`: OAuth 2 requests from each provider's `OAuth2Spec`, copied from
//!   `rust_crate/oauth2.rs`.
//! - `examples/validate.rs`: the command-line validator; `examples/oauth.rs`, the OAuth 2
//!   requests from the command line.
//! - `rustfmt.toml`: keeps `cargo fmt` off the generated files, which the generator formats.
//!
//! Compile cost drives the design: per provider, only plain structs, one `static` table and a few
//! one-line `#[inline]` functions (compiled only by a crate that calls them); all logic, and
//! `Connection`, which holds any provider's values and reads them through its field table, are
//! in the runtime, written once.
//!
//! Generation cost decides how the files are written. The files that grow with the registry
//! (`lib.rs`, `providers.rs`, one module a provider) are written as text by `source.rs`, in the
//! layout `prettyplease` would give, because `quote` + `syn` + `prettyplease` cost half a
//! millisecond per provider. The fixed files are copied (`runtime.rs`, the example) or built
//! with `quote` and parsed with `syn` before anything is written (`formats.rs`); the tests parse
//! every generated file, and build the crate generated from Nango's sample.

mod crate_root;
mod provider;
mod shared_enums;
mod source;
mod text;

use proc_macro2::TokenStream;
use rayon::prelude::*;

use super::{at_exact_size, EmitError, OutputFile};
use crate::registry::Registry;

use crate::registry::GENERATED_NOTICE as GENERATED;

/// The package name of the generated crate.
pub const PACKAGE: &str = "provider-registry";

/// The runtime, kept as a real Rust file next to this module.
const RUNTIME: &str = include_str!("rust_crate/runtime.rs");

/// The example program, kept as a real Rust file next to this module.
const VALIDATE_EXAMPLE: &str = include_str!("rust_crate/validate_example.rs");

/// The OAuth 2 requests, kept as a real Rust file next to this module.
const OAUTH2: &str = include_str!("rust_crate/oauth2.rs");

/// The OAuth 2 example program, kept as a real Rust file next to this module.
const OAUTH_EXAMPLE: &str = include_str!("rust_crate/oauth_example.rs");

/// The dependencies of the generated crate: the regular-expression engines the validator uses,
/// so that both run patterns identically (`regex`, linear in time, for every pattern it can run;
/// `regress` for the rest), the JSON reader, and for OAuth 2 the PKCE challenge's SHA-256
/// (`sha2`) and base64 (`base64`, also the Basic header's).
const DEPENDENCIES: &str = "base64 = \"0.23.1\"\nregex = { version = \"1.13.2\", default-features = false, features = [\"std\", \"perf\"] }\nregress = \"0.12.0\"\nserde_json = \"1.0.154\"\nsha2 = \"0.11.1\"\n";

pub fn emit(registry: &Registry) -> Result<Vec<OutputFile>, EmitError> {
    let error = |message: String| EmitError { emitter: "rust_crate", message };
    let mut files = vec![
        OutputFile::new("Cargo.toml", cargo_toml()),
        OutputFile::new("rustfmt.toml", format!("# {GENERATED}\n# The generated files are formatted by the generator, not by `cargo fmt`.\ndisable_all_formatting = true\n")),
        OutputFile::new("src/lib.rs", at_exact_size(crate_root::lib(registry))),
        OutputFile::new("src/providers.rs", at_exact_size(crate_root::providers(registry))),
        rust_file("src/formats.rs", crate_root::formats()).map_err(error)?,
        verbatim_rust_file("src/runtime.rs", RUNTIME),
        verbatim_rust_file("src/oauth2.rs", OAUTH2),
        verbatim_rust_file("examples/validate.rs", VALIDATE_EXAMPLE),
        verbatim_rust_file("examples/oauth.rs", OAUTH_EXAMPLE),
    ];
    // Each module is written into a buffer the thread keeps, then copied at its exact size: the
    // modules are held until they are written out, and this spares growing each one step by step.
    let modules = registry.providers.par_iter().map_init(String::new, |buffer, provider| {
        let text = provider::module(registry, provider, std::mem::take(buffer));
        let file = OutputFile::new(provider.outputs.rust_module.clone(), text.as_str());
        *buffer = text;
        file
    });
    files.extend(modules.collect::<Vec<_>>());
    Ok(files)
}

fn cargo_toml() -> String {
    format!(
        "# {GENERATED}\n\
         [package]\n\
         name = \"{PACKAGE}\"\n\
         version = \"0.1.0\"\n\
         edition = \"2021\"\n\
         publish = false\n\
         description = \"Typed, validated connections to the providers of the registry\"\n\
         \n\
         [dependencies]\n\
         {DEPENDENCIES}"
    )
}

/// Formats generated tokens into a file, refusing tokens that are not a valid Rust file.
fn rust_file(path: &str, tokens: TokenStream) -> Result<OutputFile, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("{path} is not valid Rust: {e}"))?;
    Ok(OutputFile::new(path, format!("// {GENERATED}\n{}", separate_items(&prettyplease::unparse(&file)))))
}

/// Puts a blank line between items, and after the file's documentation, as people write them
/// (`prettyplease` leaves none).
fn separate_items(text: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///", "#[", "pub ", "pub(", "fn ", "impl ", "impl<", "struct ", "enum ", "static ", "const ", "mod ", "use ",
        "trait ",
    ];
    let indent = |line: &str| line.len() - line.trim_start().len();
    // `use` lines stay together, and so do `mod` lines.
    let declaration = |line: &str| {
        let line = line.trim().trim_start_matches("pub ");
        if line.starts_with("use ") {
            Some("use")
        } else if line.starts_with("mod ") {
            Some("mod")
        } else {
            None
        }
    };
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    let mut lines = text.lines().peekable();
    let mut statement_start = "";
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        if indent(line) == 0 && !line.starts_with('}') {
            statement_start = line;
        }
        let Some(next) = lines.peek() else { break };
        let (trimmed, next_trimmed) = (line.trim(), next.trim());
        let ends_header =
            ["//!", "#!["].iter().any(|start| trimmed.starts_with(start) && !next_trimmed.starts_with(start));
        let ends_item = matches!(trimmed, "}" | "};" | "];") || (indent(line) == 0 && trimmed.ends_with(';'));
        let starts_item = ITEM_STARTS.iter().any(|start| next_trimmed.starts_with(start));
        let same_kind = declaration(statement_start).is_some() && declaration(statement_start) == declaration(next);
        if ends_header || (ends_item && starts_item && indent(line) == indent(next) && !same_kind) {
            out.push('\n');
        }
    }
    out
}

/// A hand-written file copied with the generated line on top (a test checks that it parses).
fn verbatim_rust_file(path: &str, source: &str) -> OutputFile {
    OutputFile::new(path, format!("// {GENERATED}\n{source}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_crate_uses_the_validators_regex_engines() {
        let manifest = include_str!("../../Cargo.toml");
        for engine in ["regex ", "regress "] {
            let line = DEPENDENCIES.lines().find(|line| line.starts_with(engine)).unwrap_or_default();
            assert!(manifest.lines().any(|l| l == line), "codegen/Cargo.toml must have `{line}`");
        }
    }

    #[test]
    fn the_copied_files_are_rust() {
        for source in [RUNTIME, OAUTH2, VALIDATE_EXAMPLE, OAUTH_EXAMPLE] {
            assert!(syn::parse_file(&verbatim_rust_file("src/x.rs", source).contents).is_ok());
        }
    }

    #[test]
    fn refuses_tokens_that_are_not_rust() {
        assert!(rust_file("src/x.rs", quote::quote!(fn missing_body())).is_err());
        let file = rust_file(
            "src/x.rs",
            quote::quote!(
                fn ok() {}
            ),
        )
        .unwrap();
        assert!(file.contents.starts_with("// generated by `cargo xtask codegen`, do not edit\n"));
    }
}
