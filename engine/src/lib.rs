//! reglint's engine: everything that decides what is wrong with a register repository.
#![warn(missing_docs)]

pub mod annex;
pub mod atomic;
pub mod baseline;
pub mod checks;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod discover;
pub mod exception;
pub mod format;
pub mod load;
pub mod merge;
pub mod model;
pub mod register_schema;
pub mod report;
pub mod rule;
pub mod run;
pub mod script;
pub mod shape;
pub mod shard;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod yaml;

pub use diagnostic::{Diagnostic, Label, Severity, Summary};
pub use run::{Inspection, Linter, Options, Outcome, Report, RunError};
pub mod expect;
pub mod render;
pub mod scaffold;
pub mod workbench;
