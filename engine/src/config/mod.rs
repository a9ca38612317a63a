//! Configuration: `reglint.yaml` as written ([`mod@file`]) and as resolved for a repository
//! ([`settings`]).
//!
//! Kept apart from the run so that `reglint config` and `reglint schema config` read exactly
//! what `check` reads. A configuration problem is an `invalid-config` diagnostic in the file,
//! and a repository whose configuration has one is not checked: a half-read configuration
//! would silently check something else than what the team wrote down.

pub mod file;
pub mod settings;

use std::path::{Path, PathBuf};

use crate::diagnostic::Severity;
use crate::discover::{Input, ROOT_MARKERS};
use crate::format::Check;

pub use file::{ConfigChain, ConfigFile};
pub use settings::{Flags, Origin, Settings, Sourced};

/// A configuration file that cannot be read or resolved.
pub const INVALID_CONFIG: Check = Check {
    code: "RL002",
    name: "invalid-config",
    severity: Severity::Error,
    summary: "The configuration must be readable: known keys, values of the right type, existing rules, files and globs.",
    docs: r#"## What it checks
`reglint.yaml` (or `.reglint.yaml`, or the file given with `--config`) and every file it
`extends` parse, use only the keys of [the configuration reference](configuration.md) with
values of the right type, name rules that exist, globs that compile, dates that are dates and
limits within the sandbox's hard caps.

## Why an auditor cares
A configuration that is half read checks something else than what the team decided. reglint
does not check a repository whose configuration has a problem, and exits with 2.

## Fails
```yaml
version: 1
rules:
  ignore: [stale-reveiw]
```

## Passes
```yaml
version: 1
rules:
  ignore: [stale-review]
```
"#,
};

/// The configuration file of a repository root: `reglint.yaml`, else `.reglint.yaml`, as
/// the input holds them.
pub fn find(root: &Path, input: &Input) -> Option<PathBuf> {
    ROOT_MARKERS
        .iter()
        .map(|marker| root.join(marker))
        .find(|path| input.is_file(path))
}

/// The JSON Schema (draft 2020-12) of `reglint.yaml`, from the types that read it.
pub fn schema() -> serde_json::Value {
    let schema = schemars::schema_for!(ConfigFile);
    serde_json::to_value(&schema).unwrap_or_default()
}
