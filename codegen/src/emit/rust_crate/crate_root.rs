//! The registry-wide files: `src/lib.rs` (`ProviderId`, `Connection`), `src/providers.rs` and
//! `src/formats.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::provider::ProviderNames;
use super::text::{code, doc_markdown, escape_markdown, ident, inner_doc_markdown, string};
use crate::formats::expression;
use crate::model::Format;
use crate::registry::{CheckedProvider, Registry};

pub fn lib(registry: &Registry, names: &[ProviderNames]) -> TokenStream {
    let count = registry.providers.len();
    let crate_doc = inner_doc_markdown(&format!(
        "Typed connections to the {count} providers of the registry, generated from `providers/*.yaml`.\n\n\
         [`Connection::from_json`] turns a provider id and a connect-form submission into a typed, validated connection, \
         or every field error, with the same verdicts as the provider's JSON Schema (`schemas/<id>.json`) gives in the browser. \
         A connection renders its base URL, headers and verification request through [`ProviderConnection`]; \
         secrets are [`Secret`]s, which never print their value.\n\n\
         Each provider has a module in [`providers`] with its own types, and [`ProviderId`] describes every provider."
    ));
    let variants: Vec<_> = names.iter().map(|n| &n.type_name).collect();
    let modules: Vec<_> = names.iter().map(|n| &n.module).collect();
    let variant_docs = registry
        .providers
        .iter()
        .map(|p| doc_markdown(&format!("{} ({}).", escape_markdown(&p.definition.display_name), code(&p.id))));
    let ids: Vec<_> = registry.providers.iter().map(|p| string(&p.id)).collect();
    let from_str_body = if ids.is_empty() {
        quote!(Err(UnknownProvider(id.to_owned())))
    } else {
        quote! {
            match id {
                #( #ids => Ok(ProviderId::#variants), )*
                _ => Err(UnknownProvider(id.to_owned())),
            }
        }
    };
    quote! {
        #crate_doc
        #![forbid(unsafe_code)]

        mod formats;
        pub mod providers;
        mod runtime;

        pub use runtime::{
            read_submission, AuthMode, FieldError, FieldSpec, FieldValues, Format, Group, Place, PlatformValues,
            ProviderConnection, ProviderInfo, RenderError, RequestSpec, Secret, Segment, Template, UnknownProvider,
            VerificationRequest, VerificationSpec, VisibleWhen,
        };

        /// Every provider of the registry.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ProviderId {
            #( #variant_docs #variants, )*
        }

        impl ProviderId {
            /// Every provider, sorted by id.
            pub const ALL: &'static [ProviderId] = &[#(ProviderId::#variants),*];

            /// Everything the registry says about the provider.
            pub fn info(self) -> &'static ProviderInfo {
                match self {
                    #( ProviderId::#variants => &providers::#modules::PROVIDER, )*
                }
            }

            /// The provider id, such as `kandji`.
            pub fn as_str(self) -> &'static str {
                self.info().id
            }

            /// The name users see, such as `Kandji`.
            pub fn display_name(self) -> &'static str {
                self.info().display_name
            }

            pub fn auth_mode(self) -> AuthMode {
                self.info().auth_mode
            }

            pub fn categories(self) -> &'static [&'static str] {
                self.info().categories
            }

            /// The provider's main documentation page.
            pub fn docs_url(self) -> &'static str {
                self.info().docs_url
            }

            /// The guide that explains where to find each value.
            pub fn connect_guide_url(self) -> &'static str {
                self.info().connect_guide_url
            }

            /// The JSON Schema of the provider's submissions, as published.
            pub fn json_schema(self) -> &'static str {
                self.info().json_schema
            }

            /// The fields: connection config then credentials, each group in form order.
            pub fn fields(self) -> &'static [FieldSpec] {
                self.info().fields
            }
        }

        impl std::str::FromStr for ProviderId {
            type Err = UnknownProvider;

            fn from_str(id: &str) -> Result<ProviderId, UnknownProvider> {
                #from_str_body
            }
        }

        impl std::fmt::Display for ProviderId {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// A validated connection to one of the providers.
        pub enum Connection {
            #( #variants(providers::#modules::#variants), )*
        }

        impl std::fmt::Debug for Connection {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                runtime::debug_connection(self.provider().info(), &self.field_values(), f)
            }
        }

        impl Connection {
            /// Reads a connect-form submission (`{"connection_config": {...}, "credentials": {...}}`)
            /// for `provider`: the typed connection, or every field error. The verdict is the one
            /// the provider's JSON Schema gives.
            pub fn from_json(provider: ProviderId, submission: &serde_json::Value) -> Result<Connection, Vec<FieldError>> {
                Ok(match provider {
                    #( ProviderId::#variants => Connection::#variants(providers::#modules::#variants::from_json(submission)?), )*
                })
            }
        }

        impl ProviderConnection for Connection {
            fn provider(&self) -> ProviderId {
                match self {
                    #( Connection::#variants(_) => ProviderId::#variants, )*
                }
            }

            fn field_values(&self) -> Vec<Option<&str>> {
                match self {
                    #( Connection::#variants(connection) => connection.field_values(), )*
                }
            }
        }
    }
}

pub fn providers(registry: &Registry, names: &[ProviderNames]) -> TokenStream {
    let modules = names.iter().map(|n| &n.module);
    let docs = registry.providers.iter().map(provider_line);
    quote! {
        //! One module a provider: its connection types and its description as data.

        #( #docs pub mod #modules; )*
    }
}

fn provider_line(provider: &CheckedProvider) -> TokenStream {
    doc_markdown(&format!("{}.", escape_markdown(&provider.definition.display_name)))
}

pub fn formats() -> TokenStream {
    let arms = [Format::Email, Format::Uri, Format::Uuid, Format::Hostname].map(|format| {
        let variant = ident(match format {
            Format::Email => "Email",
            Format::Uri => "Uri",
            Format::Uuid => "Uuid",
            Format::Hostname => "Hostname",
        });
        let expression = string(&expression(format));
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
