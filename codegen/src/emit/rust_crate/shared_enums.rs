//! The enums the checked model and the generated crate's runtime share (`AuthMode`, `Format`,
//! `Group`, `Place`): the one place that says which runtime variant stands for each model
//! variant. A test checks both sides variant by variant, wire names included.

use crate::model::{AuthMode, Format};
use crate::registry::Place;
use crate::template::Group;

/// The runtime's `AuthMode` variant.
pub fn auth_mode(mode: AuthMode) -> &'static str {
    match mode {
        AuthMode::ApiKey => "ApiKey",
        AuthMode::Basic => "Basic",
        AuthMode::OAuth2 => "OAuth2",
        AuthMode::OAuth2Cc => "OAuth2Cc",
        AuthMode::None => "None",
        AuthMode::OAuth1 => "OAuth1",
        AuthMode::App => "App",
        AuthMode::AppStore => "AppStore",
        AuthMode::Custom => "Custom",
        AuthMode::Tba => "Tba",
        AuthMode::Tableau => "Tableau",
        AuthMode::Jwt => "Jwt",
        AuthMode::Bill => "Bill",
        AuthMode::TwoStep => "TwoStep",
        AuthMode::Signature => "Signature",
        AuthMode::McpOAuth2 => "McpOAuth2",
        AuthMode::McpOAuth2Generic => "McpOAuth2Generic",
        AuthMode::InstallPlugin => "InstallPlugin",
        AuthMode::AwsSigv4 => "AwsSigv4",
    }
}

/// The runtime's `Format` variant.
pub fn format(format: Format) -> &'static str {
    match format {
        Format::Email => "Email",
        Format::Uri => "Uri",
        Format::Uuid => "Uuid",
        Format::Hostname => "Hostname",
    }
}

/// The runtime's `Group` variant.
pub fn group(group: Group) -> &'static str {
    match group {
        Group::ConnectionConfig => "ConnectionConfig",
        Group::Credentials => "Credentials",
    }
}

/// The runtime's `Place` variant.
pub fn place(place: Place) -> &'static str {
    match place {
        Place::Origin => "Origin",
        Place::Host => "Host",
        Place::Path => "Path",
        Place::Query => "Query",
        Place::Header => "Header",
        Place::Body => "Body",
        Place::Json => "Json",
        Place::Base64Input => "Base64Input",
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Debug;

    use super::*;

    const RUNTIME: &str = include_str!("runtime.rs");

    /// The variants of `enum name` in a Rust file, in order.
    fn variants(source: &str, name: &str) -> Vec<String> {
        let file = syn::parse_file(source).expect("the file parses");
        let found = file.items.iter().find_map(|item| match item {
            syn::Item::Enum(item) if item.ident == name => Some(item),
            _ => None,
        });
        let item = found.unwrap_or_else(|| panic!("no `enum {name}`"));
        item.variants.iter().map(|variant| variant.ident.to_string()).collect()
    }

    /// `all` lists every variant of the model's enum, and maps, in order, onto every variant of
    /// the runtime's, each with the same wire name when `wire` gives both.
    fn agree<T: Copy + Debug>(model_source: &str, name: &str, all: &[T], runtime: fn(T) -> &'static str) {
        let listed: Vec<String> = all.iter().map(|value| format!("{value:?}")).collect();
        assert_eq!(listed, variants(model_source, name), "`{name}::ALL` lists every variant of the model");
        let mapped: Vec<&str> = all.iter().map(|value| runtime(*value)).collect();
        assert_eq!(mapped, variants(RUNTIME, name), "every model `{name}` maps onto the runtime's, in order");
    }

    /// The runtime's `as_str` arm for `variant` gives `wire`.
    fn same_wire_name(name: &str, variant: &str, wire: &str) {
        let arm = format!("{name}::{variant} => \"{wire}\",");
        assert!(RUNTIME.contains(&arm), "the runtime's `{name}::as_str` has `{arm}`");
    }

    #[test]
    fn the_model_and_the_runtime_have_the_same_enums() {
        agree(include_str!("../../model.rs"), "AuthMode", &AuthMode::ALL, auth_mode);
        agree(include_str!("../../model.rs"), "Format", &Format::ALL, format);
        agree(include_str!("../../template.rs"), "Group", &Group::ALL, group);
        agree(include_str!("../../registry.rs"), "Place", &Place::ALL, place);
        for mode in AuthMode::ALL {
            same_wire_name("AuthMode", auth_mode(mode), mode.as_str());
        }
        for value in Format::ALL {
            same_wire_name("Format", format(value), value.as_str());
        }
        for value in Group::ALL {
            same_wire_name("Group", group(value), value.section());
        }
    }
}
