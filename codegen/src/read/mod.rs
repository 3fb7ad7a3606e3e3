//! Reading: YAML text into a tree with the span of every key and value, and the tree into the
//! typed provider of [`crate::model`], with every mismatch located by the shape check.

pub(crate) mod report;
pub mod shape;
pub mod yaml;
pub mod yaml_fast;
pub mod yaml_serde;

use yaml::{Node, ReadError};

/// Reads one YAML document into a [`Node`] tree, or the first error that stops reading: the
/// fast path for the usual provider file, the full reader for everything else.
pub fn parse(source: &str) -> Result<Node<'_>, ReadError> {
    match yaml_fast::parse(source) {
        Some(tree) => Ok(tree),
        None => yaml::parse_events(source),
    }
}
