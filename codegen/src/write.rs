//! The writer: the only code that touches the output folder.
//!
//! It compares what the emitters produced with what is on disk and either applies the
//! difference (creating, updating and removing files, each write atomic, unchanged files left
//! alone so their modification time stays) or, in check mode, describes it as unified diffs.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

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

/// Compares `files` (paths relative to `out`) with the folder. A file on disk is stale, and
/// removed, when it sits in a folder the emitters write to but none of them produced it; other
/// files (a build's `target/`, a README someone added) are never touched.
pub fn plan(out: &Path, files: &[OutputFile]) -> io::Result<Plan> {
    let mut plan = Plan::default();
    let wanted: BTreeMap<&Path, &str> = files.iter().map(|f| (f.path.as_path(), f.contents.as_str())).collect();
    let pairs: Vec<(&Path, &str)> = wanted.iter().map(|(path, contents)| (*path, *contents)).collect();
    // Reading thousands of files is worth both cores.
    let compared = crate::parallel::map(&pairs, |&(path, contents)| match std::fs::read(out.join(path)) {
        Ok(bytes) if bytes == contents.as_bytes() => Ok(None),
        Ok(bytes) => Ok(Some(Change::Update {
            path: path.to_path_buf(),
            old: String::from_utf8_lossy(&bytes).into_owned(),
            new: contents.to_string(),
        })),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            Ok(Some(Change::Create { path: path.to_path_buf(), contents: contents.to_string() }))
        }
        Err(error) => Err(error),
    });
    for change in compared {
        match change? {
            Some(change) => plan.changes.push(change),
            None => plan.unchanged += 1,
        }
    }
    let owned_folders: BTreeSet<&Path> =
        wanted.keys().filter_map(|p| p.parent()).filter(|p| !p.as_os_str().is_empty()).collect();
    for folder in owned_folders {
        let Ok(entries) = std::fs::read_dir(out.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let relative = folder.join(entry.file_name());
            if entry.file_type().is_ok_and(|t| t.is_file()) && !wanted.contains_key(relative.as_path()) {
                plan.changes.push(Change::Delete { path: relative });
            }
        }
    }
    plan.changes.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(plan)
}

/// Applies a plan: every write goes to a temporary file in the same folder, then is renamed
/// over the target, so a reader never sees half a file.
pub fn apply(out: &Path, plan: &Plan) -> io::Result<()> {
    let results = crate::parallel::map(&plan.changes, |change| match change {
        Change::Create { path, contents } | Change::Update { path, new: contents, .. } => {
            write_atomic(&out.join(path), contents)
        }
        Change::Delete { path } => std::fs::remove_file(out.join(path)),
    });
    results.into_iter().collect()
}

fn write_atomic(path: &Path, contents: &str) -> io::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
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
