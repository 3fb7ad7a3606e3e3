//! Tests of the stages inside the crate on whole registries (the seeds, fixtures in the project's
//! `tests/`, Nango's sample in `../shared`), which reach what the public API keeps private. The
//! tests of the public API are the project's integration tests in `tests/`.

mod json_schema;
mod nango_guides;
mod npm_package;
mod patterns;
mod support;
mod yaml_readers;
