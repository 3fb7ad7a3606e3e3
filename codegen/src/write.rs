//! The writer: the only code that touches the output folder.
//!
//! It compares what the emitters produced with what is on disk and either applies the
//! difference (creating, updating and removing files, each write atomic, unchanged files left
//! alone so their modification time stays) or, in check mode, describes it as unified diffs.
//! It changes only files it wrote itself, which the manifest it keeps in the output folder lists.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::emit::OutputFile;

mod manifest;

pub use manifest::MANIFEST;

#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    Create { path: PathBuf, contents: String },
    Update { path: PathBuf, old: String, new: String },
    Delete { path: PathBuf },
}

impl Change {
    pub fn path(&self) -> &Path {
        match self {
            Change::Create { path, .. } | Change::Update { path, .. } | Change::Delete { path } => path,
        }
    }
}

/// What writing `files` into the output folder would change.
#[derive(Debug, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub unchanged: usize,
    /// Files in the folders codegen writes to that it did not write: left byte for byte.
    pub foreign: Vec<PathBuf>,
    /// Paths codegen generates that hold a file it did not write, with other contents. They are
    /// among the changes, but a run applies none of the plan unless told to replace them.
    pub conflicts: Vec<PathBuf>,
}

impl Plan {
    /// Whether applying the plan would replace a file that codegen did not write.
    pub fn is_refused(&self) -> bool {
        !self.conflicts.is_empty()
    }
}

/// Compares `files` (paths relative to `out`, each path once) with the folder, adding the
/// manifest ([`MANIFEST`]) that lists them.
///
/// Only codegen's own files are ever changed. A file is stale, and removed, when the manifest of
/// the previous run lists it and no emitter produced it now; without a manifest nothing is
/// removed. Every other file in a folder the emitters write to is foreign and left as it is. A
/// generated path that holds a foreign file with other contents is a conflict: it is replaced
/// only with `overwrite` (a file that starts with the "generated, do not edit" line counts as
/// codegen's here, so a folder written before manifests existed is updated in place).
pub fn plan(out: &Path, mut files: Vec<OutputFile>, overwrite: bool) -> io::Result<Plan> {
    let listed = manifest::read(out)?;
    // Sorted (already, when they come from `emit_all`, which this check finds in one pass), the
    // wanted files answer "is this path wanted?" by binary search.
    if !files.is_sorted_by(|a, b| a.path <= b.path) {
        files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    let manifest = manifest::generate(&files);
    files.insert(files.partition_point(|file| file.path < manifest.path), manifest);
    let is_wanted = |path: &Path| files.binary_search_by(|file| file.path.as_path().cmp(path)).is_ok();
    let is_listed = |path: &Path| listed.as_ref().is_some_and(|listed| listed.contains(path));
    // One listing of each folder tells which files exist: only those are read, so generating
    // into an empty folder reads nothing.
    let folders: BTreeSet<&Path> = files
        .iter()
        .map(|f| f.path.as_path())
        .chain(listed.iter().flatten().map(PathBuf::as_path))
        .map(|path| path.parent().unwrap_or(Path::new("")))
        .collect();
    let mut on_disk = BTreeSet::new();
    let mut deleted = Vec::new();
    let mut foreign = Vec::new();
    for folder in folders {
        let entries = match std::fs::read_dir(out.join(folder)) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(error),
        };
        for entry in entries {
            let entry = entry?;
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                continue;
            }
            let relative = folder.join(entry.file_name());
            if is_wanted(&relative) {
                on_disk.insert(relative);
            } else if kind.is_file() && is_listed(&relative) {
                deleted.push(relative);
            } else {
                foreign.push(relative);
            }
        }
    }
    /// What the disk holds at a wanted path.
    enum Found {
        Nothing,
        Same,
        Different { old: String, ours: bool },
    }
    // Reading thousands of files is worth every core.
    let found: Vec<io::Result<Found>> = files
        .par_iter()
        .map(|file| {
            if !on_disk.contains(&file.path) {
                return Ok(Found::Nothing);
            }
            let path = out.join(&file.path);
            // Anything but a regular file (a link, a FIFO) is not codegen's, and is not opened.
            if !std::fs::symlink_metadata(&path)?.is_file() {
                return Ok(Found::Different { old: String::new(), ours: false });
            }
            let bytes = std::fs::read(&path)?;
            Ok(if bytes == file.contents.as_bytes() {
                Found::Same
            } else {
                let ours = is_listed(&file.path) || manifest::has_generated_notice(&bytes);
                Found::Different { old: String::from_utf8_lossy(&bytes).into_owned(), ours }
            })
        })
        .collect();
    let mut changes = Vec::with_capacity(files.len() + deleted.len());
    changes.extend(deleted.into_iter().map(|path| Change::Delete { path }));
    let mut unchanged = 0;
    let mut conflicts = Vec::new();
    for (OutputFile { path, contents }, found) in files.into_iter().zip(found) {
        match found? {
            Found::Nothing => changes.push(Change::Create { path, contents }),
            Found::Same => unchanged += 1,
            Found::Different { old, ours } => {
                if !ours && !overwrite {
                    conflicts.push(path.clone());
                }
                changes.push(Change::Update { path, old, new: contents })
            }
        }
    }
    changes.sort_by(|a, b| a.path().cmp(b.path()));
    foreign.sort();
    Ok(Plan { changes, unchanged, foreign, conflicts })
}

/// Applies a plan (never a refused one). Each file is written to a temporary file in its folder, then renamed over
/// the target, so a reader never sees half a file. A top-level folder that does not exist yet
/// (a first run) is built whole under a temporary name and renamed into place: it appears
/// complete at once, as a single file does, for one rename instead of one per file.
pub fn apply(out: &Path, plan: &Plan) -> io::Result<()> {
    if plan.is_refused() {
        return Err(io::Error::other("the plan replaces files codegen did not write"));
    }
    std::fs::create_dir_all(out)?;
    let process = std::process::id();
    let mut staged: BTreeMap<&OsStr, PathBuf> = BTreeMap::new();
    for change in &plan.changes {
        let Change::Create { path, .. } = change else { continue };
        let mut components = path.components();
        if let (Some(Component::Normal(top)), Some(_)) = (components.next(), components.next()) {
            if !staged.contains_key(top) && std::fs::symlink_metadata(out.join(top)).is_err() {
                let building = out.join(format!(".{}.{process}.tmp", top.to_string_lossy()));
                // A leftover of a run that died with the same process id must not be published.
                let _ = std::fs::remove_dir_all(&building);
                staged.insert(top, building);
            }
        }
    }
    // Where a file goes, and whether it goes there directly (into a folder being built).
    let destination = |path: &Path| -> (PathBuf, bool) {
        let mut components = path.components();
        let building = match components.next() {
            Some(Component::Normal(top)) => staged.get(top),
            _ => None,
        };
        match building {
            Some(building) => (building.join(components.as_path()), true),
            None => (out.join(path), false),
        }
    };
    let result = (|| {
        let folders: BTreeSet<PathBuf> = plan
            .changes
            .iter()
            .filter_map(|change| destination(change.path()).0.parent().map(Path::to_path_buf))
            .collect();
        for folder in folders {
            std::fs::create_dir_all(folder)?;
        }
        plan.changes
            .par_iter()
            .map(|change| match change {
                Change::Create { path, contents } | Change::Update { path, new: contents, .. } => {
                    match destination(path) {
                        (path, true) => std::fs::write(path, contents),
                        (path, false) => write_atomic(&path, contents, process),
                    }
                }
                Change::Delete { path } => std::fs::remove_file(out.join(path)),
            })
            .collect::<io::Result<()>>()?;
        staged.iter().try_for_each(|(top, building)| std::fs::rename(building, out.join(top)))
    })();
    if result.is_err() {
        for building in staged.values() {
            let _ = std::fs::remove_dir_all(building);
        }
    }
    result
}

/// Writes a temporary file next to `path` (whose folder exists), named after the writing
/// process, then renames it over `path`.
fn write_atomic(path: &Path, contents: &str, process: u32) -> io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{process}.tmp"));
    std::fs::write(&temporary, contents)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// The check-mode report: a unified diff per stale file, then what would be created or removed.
pub fn describe(out: &Path, plan: &Plan) -> String {
    let mut text = String::new();
    for change in &plan.changes {
        let shown = out.join(change.path());
        match change {
            Change::Update { path, .. } if plan.conflicts.contains(path) => {
                text.push_str(&format!("would replace {}, which codegen did not write\n", shown.display()))
            }
            Change::Update { old, new, .. } => {
                let diff = similar::TextDiff::from_lines(old, new);
                let header = shown.display().to_string();
                text.push_str(&diff.unified_diff().context_radius(3).header(&header, &header).to_string());
            }
            Change::Create { .. } => text.push_str(&format!("would create {}\n", shown.display())),
            Change::Delete { .. } => text.push_str(&format!("would remove {}\n", shown.display())),
        }
    }
    text
}
