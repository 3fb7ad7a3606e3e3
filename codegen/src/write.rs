//! The writer: the only code that touches the output folder.
//!
//! It compares what the emitters produced with what is on disk and either applies the
//! difference (creating, updating and removing files, each write atomic, unchanged files left
//! alone so their modification time stays) or, in check mode, describes it as unified diffs.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::emit::OutputFile;

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
}

/// Compares `files` (paths relative to `out`, each path once) with the folder. A file on disk is
/// stale, and removed, when it sits in a folder the emitters write to but none of them produced
/// it; other files (a build's `target/`, a README someone added) are never touched.
pub fn plan(out: &Path, mut files: Vec<OutputFile>) -> io::Result<Plan> {
    // Sorted (already, when they come from `emit_all`, which this check finds in one pass), the
    // wanted files answer "is this path wanted?" by binary search.
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let is_wanted = |path: &Path| files.binary_search_by(|file| file.path.as_path().cmp(path)).is_ok();
    // One listing of each folder tells which files exist: only those are read, so generating
    // into an empty folder reads nothing.
    let owned_folders: BTreeSet<&Path> = files.iter().map(|f| f.path.parent().unwrap_or(Path::new(""))).collect();
    let mut on_disk = BTreeSet::new();
    let mut deleted = Vec::new();
    for folder in owned_folders {
        let entries = match std::fs::read_dir(out.join(folder)) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(error),
        };
        for entry in entries {
            let entry = entry?;
            if !entry.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let relative = folder.join(entry.file_name());
            if is_wanted(&relative) {
                on_disk.insert(relative);
            } else if !folder.as_os_str().is_empty() {
                deleted.push(relative);
            }
        }
    }
    /// What the disk holds at a wanted path.
    enum Found {
        Nothing,
        Same,
        Different(String),
    }
    // Reading thousands of files is worth every core.
    let found: Vec<io::Result<Found>> = files
        .par_iter()
        .map(|file| {
            if !on_disk.contains(&file.path) {
                return Ok(Found::Nothing);
            }
            let bytes = std::fs::read(out.join(&file.path))?;
            Ok(if bytes == file.contents.as_bytes() {
                Found::Same
            } else {
                Found::Different(String::from_utf8_lossy(&bytes).into_owned())
            })
        })
        .collect();
    let mut changes = Vec::with_capacity(files.len() + deleted.len());
    changes.extend(deleted.into_iter().map(|path| Change::Delete { path }));
    let mut unchanged = 0;
    for (OutputFile { path, contents }, found) in files.into_iter().zip(found) {
        match found? {
            Found::Nothing => changes.push(Change::Create { path, contents }),
            Found::Same => unchanged += 1,
            Found::Different(old) => changes.push(Change::Update { path, old, new: contents }),
        }
    }
    changes.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(Plan { changes, unchanged })
}

/// Applies a plan. Each file is written to a temporary file in its folder, then renamed over
/// the target, so a reader never sees half a file. A top-level folder that does not exist yet
/// (a first run) is built whole under a temporary name and renamed into place: it appears
/// complete at once, as a single file does, for one rename instead of one per file.
pub fn apply(out: &Path, plan: &Plan) -> io::Result<()> {
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
