//! Reading: YAML text into a tree with the span of every key and value, and the tree into the
//! typed provider of [`crate::model`], with every mismatch located by the shape check.

pub mod shape;
pub mod yaml;
pub mod yaml_fast;
pub mod yaml_serde;
