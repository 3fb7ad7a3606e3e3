//! The rules on the registry settings (`_registry.yaml`) beyond their shape.

/// Whether `name` can be an npm package's name: at most 214 characters, lowercase, URL-safe,
/// optionally under an `@scope/`, not starting with `.` or `_`.
pub fn check_package_name(name: &str) -> Result<(), String> {
    let (scope, bare) = match name.strip_prefix('@') {
        Some(scoped) => match scoped.split_once('/') {
            Some((scope, bare)) => (Some(scope), bare),
            None => return Err(format!("`{name}` is not an npm package name: a scoped name is `@scope/name`")),
        },
        None => (None, name),
    };
    let valid_part = |part: &str| {
        !part.is_empty()
            && !part.starts_with(['.', '_'])
            && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._~".contains(&b))
    };
    if name.len() > 214 {
        Err(format!("`{name}` is not an npm package name: it has more than 214 characters"))
    } else if !scope.is_none_or(valid_part) || !valid_part(bare) {
        Err(format!(
            "`{name}` is not an npm package name: lowercase letters, digits, `-`, `.`, `_` and `~`, not first `.` or `_`"
        ))
    } else {
        Ok(())
    }
}
