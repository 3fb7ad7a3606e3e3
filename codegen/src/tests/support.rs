//! Helpers shared by the tests of this folder: those of `tests/support/common.rs`, which the
//! integration tests share too, and the few only these tests need.

use std::path::{Path, PathBuf};

use crate::load::SettingsOverrides;
use crate::{run, Options, Run};

#[path = "../../../tests/support/common.rs"]
mod common;

pub use common::*;

/// The project root (where `providers/` and `generated/` are).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where tests leave files for the checks that run after them (`<target>/tmp`, as cargo gives
/// integration tests).
pub fn target_tmp_dir() -> PathBuf {
    let dir = target_dir().join("tmp");
    std::fs::create_dir_all(&dir).expect("create the target's tmp folder");
    dir
}
