//! Scaffolding: the files reglint starts something new with, a working example rather than a
//! blank page.
//!
//! [`new_rule`] starts an organisation rule with its fixtures; [`init`] starts a register
//! repository. Each lives in its own file because they share no text and no logic beyond
//! that purpose; the templates of `init` are files beside it (`init/`), so they read as the
//! registers they become.

pub mod init;
mod new_rule;

pub use new_rule::{Scaffold, ScaffoldError, TEMPLATE_MARKER, new_rule};
