//! Placeholder, replaced by the emitter being written for this output.

use super::{EmitError, OutputFile};
use crate::registry::Registry;

pub fn emit(_registry: &Registry) -> Result<Vec<OutputFile>, EmitError> {
    Ok(Vec::new())
}
