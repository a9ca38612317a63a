//! reglint's engine: everything that decides what is wrong with a register repository.
#![warn(missing_docs)]

pub mod date;
pub mod diagnostic;
pub mod format;
pub mod load;
pub mod model;
pub mod source;
pub mod suggest;
pub mod yaml;
