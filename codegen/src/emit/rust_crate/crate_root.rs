//! The registry-wide files: `src/lib.rs` (`ProviderId`, the runtime's re-exports), `src/providers.rs` and
//! `src/formats.rs`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::shared_enums;
use super::source::{Expr, RustSource};
use super::text::{literal, push_code, push_markdown};
use crate::formats::expression;
use crate::model::Format;
use crate::registry::Registry;

/// The runtime items `lib.rs` re-exports.
const REEXPORTS: &[&str] = &[
    "read_submission",
    "AuthMode",
    "Body",
    "BodySpec",
    "Connection",
    "FieldError",
    "FieldSpec",
    "FieldValues",
    "FilledBy",
    "Format",
    "Group",
    "HttpRequest",
    "Method",
    "Place",
    "PlatformValues",
    "ProviderConnection",
    "ProviderInfo",
    "RenderError",
    "RenderedValue",
    "RequestSpec",
    "ResponseRules",
    "Secret",
    "Segment",
    "Template",
    "TypedConnection",
    "UnknownProvider",
    "Verification",
    "VerificationOutcome",
    "VerificationSpec",
    "VisibleWhen",
];

/// The methods of `ProviderId` that read one item of `ProviderInfo`: doc, name, type, expression.
const INFO_ACCESSORS: &[(&str, &str, &str, &str)] = &[
    ("The provider id, such as `kandji`.", "as_str", "&'static str", "self.info().id"),
    ("The name users see, such as `Kandji`.", "display_name", "&'static str", "self.info().display_name"),
    ("", "auth_mode", "AuthMode", "self.info().auth_mode"),
    ("", "categories", "&'static [&'static str]", "self.info().categories"),
    ("The provider's main documentation page.", "docs_url", "&'static str", "self.info().docs_url"),
    (
        "The guide that explains where to find each value.",
        "connect_guide_url",
        "&'static str",
        "self.info().connect_guide_url",
    ),
    (
        "The JSON Schema of the provider's submissions, as published.",
        "json_schema",
        "&'static str",
        "self.info().json_schema",
    ),
    (
        "The fields: connection config then credentials, each group in form order.",
        "fields",
        "&'static [FieldSpec]",
        "self.info().fields",
    ),
];

pub fn lib(registry: &Registry) -> String {
    let providers = &registry.providers;
    let mut out = RustSource::new();
    out.inner_doc(&format!(
        "Typed connections to the {} providers of the registry, generated from `providers/*.yaml`.\n\n\
         [`Connection::from_json`] turns a provider id and a connect-form submission into a validated connection, \
         or every field error, with the same verdicts as the provider's JSON Schema (`schemas/<id>.json`) gives in the browser. \
         A connection renders its base URL, headers and verification request through [`ProviderConnection`]; \
         secrets are [`Secret`]s, which never print their value. \
         The requests of an OAuth 2 flow (authorization URL, code exchange, refresh, client credentials) are built by [`oauth2::OAuth2Flow`].\n\n\
         Each provider has a module in [`providers`] with its own types ([`Connection::typed`] converts), and [`ProviderId`] describes every provider.\n\n\
         Providers are data (each module's `PROVIDER`), which the runtime interprets; the functions of a provider's types are \
         `#[inline]`, so that only a crate that calls them compiles them.",
        registry.providers.len()
    ));
    out.blank();
    out.line("#![forbid(unsafe_code)]");
    out.blank();
    out.line("mod formats;");
    out.line("pub mod oauth2;");
    out.line("pub mod providers;");
    out.line("mod runtime;");
    out.blank();
    out.use_list("pub ", "runtime", REEXPORTS.iter().copied());

    out.blank();
    out.line("/// Every provider of the registry.");
    out.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]");
    out.open("pub enum ProviderId {");
    let mut doc = String::new();
    for provider in providers {
        doc.clear();
        push_markdown(&mut doc, &provider.definition.display_name);
        doc.push_str(" (");
        push_code(&mut doc, &provider.id);
        doc.push_str(").");
        out.doc(&doc);
        out.line_of(&[&provider.rust.variant, ","]);
    }
    out.close("}");

    out.blank();
    out.open("impl ProviderId {");
    out.line("/// Every provider, sorted by id.");
    let all = providers.iter().map(|provider| Expr::path("ProviderId", &provider.rust.variant)).collect();
    out.expr("pub const ALL: &'static [ProviderId] = ", &Expr::slice(all), ";");
    out.blank();
    out.line("/// Everything the registry says about the provider.");
    out.open("pub fn info(self) -> &'static ProviderInfo {");
    if providers.is_empty() {
        out.line("match self {}");
    } else {
        out.line("PROVIDERS[self as usize]");
    }
    out.close("}");
    for (doc, method, returns, body) in INFO_ACCESSORS {
        out.blank();
        if !doc.is_empty() {
            out.line_of(&["/// ", doc]);
        }
        out.open_of(&["pub fn ", method, "(self) -> ", returns, " {"]);
        out.line(body);
        out.close("}");
    }
    out.close("}");

    out.blank();
    out.line("/// The data of each provider, in the order of [`ProviderId::ALL`] (so sorted by id): one");
    out.line("/// table read by index and searched by id, rather than a `match` with an arm per provider.");
    let infos = providers
        .iter()
        .map(|provider| Expr::atom(format!("&providers::{}::PROVIDER", provider.rust.module)))
        .collect();
    out.expr(&format!("static PROVIDERS: [&ProviderInfo; {}] = ", providers.len()), &Expr::array(infos), ";");

    out.blank();
    out.open("impl std::str::FromStr for ProviderId {");
    out.line("type Err = UnknownProvider;");
    out.blank();
    out.open("fn from_str(id: &str) -> Result<ProviderId, UnknownProvider> {");
    if providers.is_empty() {
        out.line("Err(UnknownProvider(id.to_owned()))");
    } else {
        out.open("match PROVIDERS.binary_search_by(|info| info.id.cmp(id)) {");
        out.line("Ok(index) => Ok(ProviderId::ALL[index]),");
        out.line("Err(_) => Err(UnknownProvider(id.to_owned())),");
        out.close("}");
    }
    out.close("}");
    out.close("}");

    out.blank();
    out.open("impl std::fmt::Display for ProviderId {");
    out.open("fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {");
    out.line("f.write_str(self.as_str())");
    out.close("}");
    out.close("}");

    out.finish()
}

pub fn providers(registry: &Registry) -> String {
    let mut out = RustSource::new();
    out.line("//! One module a provider: its connection types and its description as data.");
    let mut doc = String::new();
    for provider in &registry.providers {
        out.blank();
        doc.clear();
        push_markdown(&mut doc, &provider.definition.display_name);
        doc.push('.');
        out.doc(&doc);
        out.line_of(&["pub mod ", &provider.rust.module, ";"]);
    }
    out.finish()
}

pub fn formats() -> TokenStream {
    let arms = Format::ALL.map(|format| {
        let variant = Ident::new(shared_enums::format(format), Span::call_site());
        let expression = literal(&expression(format));
        quote!(Format::#variant => #expression,)
    });
    quote! {
        //! The expressions of the `format` keywords, as `ajv-formats` runs them in its "full" mode:
        //! ECMAScript regular expressions with the `i` flag (and without `u`).

        use crate::runtime::Format;

        /// The expression a value of `format` must match.
        pub(crate) fn expression(format: Format) -> &'static str {
            match format {
                #(#arms)*
            }
        }
    }
}
