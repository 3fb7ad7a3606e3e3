//! Lowering: from a validated provider to the checked model of [`crate::registry`].

pub mod names;
