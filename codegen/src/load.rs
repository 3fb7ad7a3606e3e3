//! Reading the providers folder: every `<id>.yaml` file and the registry settings, each checked
//! for shape and rules, into a [`Registry`] or the full list of problems.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{self, Diagnostic, Severity};
use crate::model::{self, GuideFlavor, Provider, Settings};
use crate::read::report::{FileReport, Location};
use crate::read::yaml::{Node, Value};
use crate::registry::{CheckedProvider, Registry};
use crate::{check, lower, read};

/// The registry settings file, in the providers folder. Its name cannot be a provider id.
pub const SETTINGS_FILE: &str = "_registry.yaml";

/// The folder, next to the provider files, whose files replace built-in templates of the same name.
pub const TEMPLATES_DIR: &str = "templates";

/// Settings given on the command line, which win over `_registry.yaml`.
#[derive(Clone, Debug, Default)]
pub struct SettingsOverrides {
    pub platform_name: Option<String>,
    pub docs_base_url: Option<String>,
    pub schema_base_url: Option<String>,
    pub guide_flavor: Option<GuideFlavor>,
    pub assets_base_url: Option<String>,
}

/// The outcome of loading: the registry when no file has an error, and every diagnostic.
pub struct Loaded {
    pub registry: Option<Registry>,
    pub diagnostics: Vec<Diagnostic>,
    /// The text of every file that has a diagnostic (BOM removed, line endings normalized), to
    /// show source lines.
    pub sources: BTreeMap<PathBuf, String>,
    /// How many provider files were found (the settings file aside).
    pub providers_read: usize,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Loads and checks every provider file in `dir`.
pub fn load(dir: &Path, overrides: &SettingsOverrides) -> Loaded {
    let mut diagnostics = Vec::new();
    let mut sources = BTreeMap::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            diagnostics.push(file_error(dir, format!("cannot read the providers folder: {error}"), None));
            return Loaded { registry: None, diagnostics, sources, providers_read: 0 };
        }
    };
    let mut provider_files = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        match entry_kind(&entry) {
            EntryKind::File => {}
            EntryKind::Folder => continue,
            EntryKind::Other(what) => {
                diagnostics.push(skipped(&dir.join(&name), &what));
                continue;
            }
        }
        if name == SETTINGS_FILE {
            continue;
        }
        if let Some(stem) = name.strip_suffix(".yaml") {
            provider_files.push((stem.to_owned(), dir.join(&name)));
        } else if name.ends_with(".yml") {
            diagnostics.push(file_error(
                &dir.join(&name),
                "provider files end in `.yaml`".into(),
                Some(format!("rename it to `{}`", name.replace(".yml", ".yaml"))),
            ));
        }
    }
    provider_files.sort();

    let settings_path = dir.join(SETTINGS_FILE);
    let settings = match read_text(&settings_path) {
        Err(diagnostic) => {
            diagnostics.push(Diagnostic {
                help: Some(format!(
                    "create `{}` with `platform_name`, `docs_base_url` and `schema_base_url`",
                    settings_path.display()
                )),
                ..*diagnostic
            });
            None
        }
        Ok(text) => {
            let (settings, found) = parse_typed::<Settings>(&settings_path, &text, model::settings_schema);
            diagnostics.extend(found);
            let settings = settings.and_then(|(tree, settings)| {
                let mut report = FileReport::new(&settings_path, Some(&tree));
                if let Some(Err(problem)) = settings.npm_package.as_deref().map(check::check_package_name) {
                    let span = tree.at(&["npm_package"]).map_or(tree.span, |node| node.span);
                    report.error(
                        Location::Span(span),
                        problem,
                        Some("use a name such as `@acme/provider-registry`".into()),
                    );
                }
                let failed = !report.diagnostics.is_empty();
                diagnostics.extend(report.diagnostics);
                (!failed).then_some(settings)
            });
            sources.insert(settings_path.clone(), text);
            settings
        }
    };
    let settings = settings.map(|s| apply_overrides(s, overrides));

    let (results, mut checked): (Vec<FileResult>, Vec<Option<CheckedProvider>>) =
        provider_files.par_iter().map(|(id, path)| load_provider(id, path, settings.as_ref())).unzip();
    let providers_read = provider_files.len();
    // Both steps keep the vector the workers wrote the providers into, and the providers where
    // they are: collecting through `Option` reuses the vector, where moving each provider into a
    // new one would copy them all (2.6 MB for Nango's registry).
    checked.retain(Option::is_some);
    let providers: Vec<CheckedProvider> = checked.into_iter().collect::<Option<_>>().unwrap_or_default();
    // Only the files with a diagnostic are shown. A provider file's diagnostics come from its own
    // checks, which say whether it has one, or from the registry-wide check; telling them apart
    // spares looking up every file's path among the diagnostics' paths.
    let mut unflagged = Vec::new();
    for (text, found) in results {
        if found.is_empty() {
            unflagged.extend(text);
        } else {
            sources.extend(text);
        }
        diagnostics.extend(found);
    }
    let registry_wide = check::check_registry(&providers);
    let flagged: std::collections::HashSet<&Path> =
        registry_wide.iter().map(|(index, _)| providers[*index].source.as_path()).collect();
    sources.extend(unflagged.into_iter().filter(|(path, _)| flagged.contains(path.as_path())));
    for (index, message) in registry_wide {
        diagnostics.push(file_error(&providers[index].source, message, Some("rename one of the files".into())));
    }
    let template_overrides = read_template_overrides(&dir.join(TEMPLATES_DIR), &mut diagnostics);
    diagnostics::sort(&mut diagnostics);
    let failed = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let registry = match settings {
        Some(settings) if !failed => Some(Registry { settings, providers, template_overrides }),
        _ => None,
    };
    Loaded { registry, diagnostics, sources, providers_read }
}

/// Reads every file of the templates folder, if there is one; hidden files are skipped.
fn read_template_overrides(folder: &Path, diagnostics: &mut Vec<Diagnostic>) -> BTreeMap<PathBuf, String> {
    let mut overrides = BTreeMap::new();
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return overrides,
        Err(error) => {
            diagnostics.push(file_error(folder, format!("cannot read the templates folder: {error}"), None));
            return overrides;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        match entry_kind(&entry) {
            EntryKind::File => {}
            EntryKind::Folder => continue,
            EntryKind::Other(what) => {
                diagnostics.push(skipped(&path, &what));
                continue;
            }
        }
        match read_text(&path) {
            Ok(text) => {
                overrides.insert(path, text);
            }
            Err(diagnostic) => diagnostics.push(*diagnostic),
        }
    }
    overrides
}

/// A provider file's text, to show under its diagnostics, and the diagnostics.
type FileResult = (Option<(PathBuf, String)>, Vec<Diagnostic>);

fn load_provider(id: &str, path: &Path, settings: Option<&Settings>) -> (FileResult, Option<CheckedProvider>) {
    let text = match read_text(path) {
        Ok(text) => text,
        Err(diagnostic) => {
            // A file that is not UTF-8 is still shown, as far as it can be, under its error.
            let shown = read_regular_file(path)
                .ok()
                .map(|bytes| (path.to_path_buf(), String::from_utf8_lossy(&bytes).into_owned()));
            return ((shown, vec![*diagnostic]), None);
        }
    };
    let mut diagnostics = Vec::new();
    if !check::is_valid_id(id) {
        diagnostics.push(file_error(
            path,
            format!("`{id}` is not a valid provider id: the file name must be lowercase letters, digits and `-`"),
            Some(format!("rename the file to `{}.yaml`", suggest_id(id))),
        ));
    }
    let (parsed, found) = parse_typed::<Provider>(path, &text, provider_schema);
    diagnostics.extend(found);
    let checked = match (parsed, settings) {
        (Some((tree, provider)), Some(settings)) => {
            // Rules on the file as written, then lowering, then rules on the lowered facts.
            let mut report = FileReport::new(path, Some(&tree));
            let facts = check::check_provider(&provider, &mut report);
            check::check_site_paths(&provider, &facts, settings, &mut report);
            let checked = lower::provider(id, path, provider, settings, facts);
            check::check_lowered(&checked, &mut report);
            diagnostics.extend(report.diagnostics);
            Some(checked)
        }
        _ => None,
    };
    ((Some((path.to_path_buf(), text)), diagnostics), checked)
}

/// The provider files' JSON Schema, built once, and only when a file needs explaining.
fn provider_schema() -> serde_json::Value {
    static SCHEMA: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(model::provider_definition_schema).clone()
}

/// Parses `text` into a `T` and the tree it came from. The fast path deserializes straight from
/// the tree; only when that fails does the shape check run, to locate and explain every
/// mismatch (serde stops at the first, and knows no lines).
fn parse_typed<'t, T: DeserializeOwned>(
    path: &Path,
    text: &'t str,
    schema: fn() -> serde_json::Value,
) -> (Option<(Node<'t>, T)>, Vec<Diagnostic>) {
    let tree = match read::parse(text) {
        Ok(tree) => tree,
        Err(error) => {
            let mut report = FileReport::new(path, None);
            report.error(Location::Span(error.span), error.message, error.help);
            return (None, report.diagnostics);
        }
    };
    let mut report = FileReport::new(path, Some(&tree));
    if !matches!(tree.value, Value::Map(_)) {
        report.error(
            Location::Span(tree.span),
            "a provider file is a map of keys, such as `display_name: Kandji`",
            None,
        );
        return (None, report.diagnostics);
    }
    let error = match crate::read::yaml_serde::from_node::<T>(&tree) {
        Ok(value) => return (Some((tree, value)), Vec::new()),
        Err(error) => error,
    };
    crate::read::shape::check(&schema(), &tree, &mut report);
    if report.diagnostics.is_empty() {
        report.error(Location::Span(tree.span), format!("cannot read the file: {error}"), None);
    }
    let diagnostics = report.diagnostics;
    (None, diagnostics)
}

/// Reads a file as UTF-8 text with a leading BOM removed and `\r\n` turned into `\n`, so that
/// output does not depend on how the file was saved.
pub fn read_text(path: &Path) -> Result<String, Box<Diagnostic>> {
    let mut bytes = read_regular_file(path)
        .map_err(|error| Box::new(file_error(path, format!("cannot read the file: {error}"), None)))?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let text = String::from_utf8(bytes).map_err(|error| {
        let bytes = error.as_bytes();
        let error = error.utf8_error();
        let valid = &bytes[..error.valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let line = valid.matches('\n').count() + 1;
        let col = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Box::new(Diagnostic {
            severity: Severity::Error,
            file: path.to_path_buf(),
            line,
            col,
            len: 1,
            message: format!(
                "the file is not UTF-8: byte 0x{:02X} cannot start a character here",
                bytes[error.valid_up_to()]
            ),
            help: Some("save the file as UTF-8".into()),
        })
    })?;
    // `memchr` tells at a glance that most files have no carriage return.
    Ok(if memchr::memchr(b'\r', text.as_bytes()).is_some() { text.replace("\r\n", "\n") } else { text })
}

/// What a folder entry is, judged from its metadata alone: nothing is opened to find out, so a
/// FIFO or a device cannot block the run.
enum EntryKind {
    /// A regular file, or a symbolic link to one.
    File,
    /// A folder, or a link to one: not a provider file, and not worth a word.
    Folder,
    /// Anything else, described for the note that reports it.
    Other(String),
}

fn entry_kind(entry: &std::fs::DirEntry) -> EntryKind {
    // The listing knows each entry's type; only a link needs a look at what it points to.
    let Ok(own) = entry.file_type() else { return EntryKind::Other("an entry whose type cannot be read".into()) };
    let kind = if own.is_symlink() {
        match std::fs::metadata(entry.path()) {
            Ok(target) => target.file_type(),
            Err(error) if error.raw_os_error() == Some(libc::ELOOP) => {
                return EntryKind::Other("a symbolic link that loops".into())
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return EntryKind::Other("a symbolic link to nothing".into())
            }
            Err(error) => return EntryKind::Other(format!("a symbolic link that cannot be followed ({error})")),
        }
    } else {
        own
    };
    let through = if own.is_symlink() { "a symbolic link to " } else { "" };
    if kind.is_file() {
        EntryKind::File
    } else if kind.is_dir() {
        EntryKind::Folder
    } else {
        EntryKind::Other(format!("{through}{}", special_kind(kind)))
    }
}

fn special_kind(kind: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else {
        "not a regular file"
    }
}

fn skipped(path: &Path, what: &str) -> Diagnostic {
    Diagnostic {
        severity: Severity::Note,
        file: path.to_path_buf(),
        line: 1,
        col: 1,
        len: 1,
        message: format!("skipped: this is {what}, not a regular file"),
        help: Some("provider files and templates must be regular files (or links to them)".into()),
    }
}

/// Reads a file that must be regular. It is opened without blocking and checked again once
/// open, so a path swapped for a FIFO or a device after its listing is refused, not waited on.
fn read_regular_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(std::io::Error::other(format!("it is {}, not a regular file", special_kind(metadata.file_type()))));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn file_error(path: &Path, message: String, help: Option<String>) -> Diagnostic {
    Diagnostic { severity: Severity::Error, file: path.to_path_buf(), line: 1, col: 1, len: 1, message, help }
}

fn suggest_id(id: &str) -> String {
    let lowered: String = id.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    lowered.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-")
}

fn apply_overrides(mut settings: Settings, overrides: &SettingsOverrides) -> Settings {
    if let Some(name) = &overrides.platform_name {
        settings.platform_name = name.clone();
    }
    if let Some(url) = &overrides.docs_base_url {
        settings.docs_base_url = url.clone();
    }
    if let Some(url) = &overrides.schema_base_url {
        settings.schema_base_url = url.clone();
    }
    if let Some(flavor) = overrides.guide_flavor {
        settings.guide_flavor = flavor;
    }
    if let Some(url) = &overrides.assets_base_url {
        settings.assets_base_url = Some(url.clone());
    }
    settings
}
