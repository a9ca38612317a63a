//! Everything a rule can call besides the list type: one file per part of the API, each
//! with one `register_*` function that [`build_engine`](crate::script::build_engine) calls.
//!
//! Split by what a rule talks to (a node, the repository, the report, plain values) so each
//! part can be read against its section of `docs/rule-api.md`.

mod arrays;
mod helpers;
mod node;
mod repo;
mod report;

pub(super) use arrays::register_array_api;
pub(super) use helpers::register_helpers;
pub(super) use node::register_node_api;
pub(super) use repo::register_repo_api;
pub use report::Finding;
pub(super) use report::register_report_api;
