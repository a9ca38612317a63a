//! reglint's engine: everything that decides what is wrong with a register repository.
#![warn(missing_docs)]

pub mod diagnostic;
pub mod source;
pub mod yaml;
