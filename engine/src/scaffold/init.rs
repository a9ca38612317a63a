//! `reglint init`: a new register repository that `reglint check` passes without a finding.
//!
//! It holds `reglint.yaml`, the five registers of clause 4.2's chain with one worked example
//! through them (a party, its requirements, the controls of the statement of applicability
//! that address them, the law in the legal register, a risk and an objective), the JSON
//! Schemas of both file kinds (so editors validate through each file's `yaml-language-server`
//! modeline without a network), a pre-commit configuration and a CI workflow. The templates
//! are files in `init/`; the schemas are generated from the same code as `reglint schema`, so
//! a repository's copy matches the binary that wrote it. Writing never overwrites by
//! accident: every target is checked before the first file is written, and any that exists
//! stops the whole run unless the caller forces it.

use std::path::{Path, PathBuf};

use crate::date::Date;

/// Where the schemas go, relative to the repository root; the modelines of the templates
/// point here.
pub const SCHEMA_DIR: &str = ".reglint/schemas";

/// (path relative to the repository root, template) of each file, `{{today}}` standing for
/// the date of the review the new registers record.
const TEMPLATES: [(&str, &str); 8] = [
    ("reglint.yaml", include_str!("init/reglint.yaml.tmpl")),
    (
        "registers/interested-parties.yaml",
        include_str!("init/registers/interested-parties.yaml.tmpl"),
    ),
    (
        "registers/legal-register.yaml",
        include_str!("init/registers/legal-register.yaml.tmpl"),
    ),
    (
        "registers/statement-of-applicability.yaml",
        include_str!("init/registers/statement-of-applicability.yaml.tmpl"),
    ),
    (
        "registers/risks.yaml",
        include_str!("init/registers/risks.yaml.tmpl"),
    ),
    (
        "registers/objectives.yaml",
        include_str!("init/registers/objectives.yaml.tmpl"),
    ),
    (
        ".pre-commit-config.yaml",
        include_str!("init/pre-commit-config.yaml.tmpl"),
    ),
    (
        ".github/workflows/reglint.yml",
        include_str!("init/github-workflow.yml.tmpl"),
    ),
];

/// Why a repository could not be scaffolded.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// Files the scaffold would write are already there; nothing was written.
    #[error("nothing was written, as these files already exist:{}", listing(.paths))]
    Exists {
        /// Each existing target, in the order the scaffold writes them.
        paths: Vec<PathBuf>,
    },
    /// A folder or file could not be written.
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

fn listing(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("\n  {}", p.display()))
        .collect()
}

/// A file the scaffold wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Where it went (`dir` joined with its place in the repository).
    pub path: PathBuf,
    /// Whether it replaced a file that was there (only with `force`).
    pub replaced: bool,
}

/// The files of a new repository in `dir`, as (path, text), in the order they are written;
/// `today` is the review date the registers record. Deterministic: the same date gives the
/// same bytes.
pub fn files(dir: &Path, today: Date) -> Vec<(PathBuf, String)> {
    let today = today.to_string();
    let mut out: Vec<(PathBuf, String)> = TEMPLATES
        .iter()
        .map(|(path, template)| (dir.join(path), template.replace("{{today}}", &today)))
        .collect();
    let schemas = [
        ("config.json", crate::config::schema()),
        ("registers.json", crate::register_schema::schema()),
    ];
    for (name, schema) in schemas {
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        out.push((dir.join(SCHEMA_DIR).join(name), text));
    }
    out
}

/// Writes a new repository into `dir` (created if missing), each file whole through
/// [`crate::atomic::write`]. Without `force`, refuses before writing anything when any target
/// exists, naming every one.
pub fn write(dir: &Path, today: Date, force: bool) -> Result<Vec<Written>, InitError> {
    let files = files(dir, today);
    let existing: Vec<PathBuf> = files
        .iter()
        .filter(|(path, _)| path.symlink_metadata().is_ok())
        .map(|(path, _)| path.clone())
        .collect();
    if !force && !existing.is_empty() {
        return Err(InitError::Exists { paths: existing });
    }
    let mut written = Vec::with_capacity(files.len());
    for (path, text) in files {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| InitError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        crate::atomic::write(&path, text.as_bytes()).map_err(|source| InitError::Io {
            path: path.clone(),
            source,
        })?;
        let replaced = existing.contains(&path);
        written.push(Written { path, replaced });
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse("2026-11-22").unwrap_or_else(|| panic!("a valid date"))
    }

    #[test]
    fn every_yaml_file_points_at_a_schema_it_writes() {
        let files = files(Path::new("repo"), today());
        for (path, text) in &files {
            let Some(name) = path.to_str().filter(|p| p.ends_with(".yaml")) else {
                continue;
            };
            if name.contains("pre-commit") {
                continue;
            }
            let first = text.lines().next().unwrap_or_default();
            let Some(target) = first.strip_prefix("# yaml-language-server: $schema=") else {
                panic!("{name} opens without a modeline: {first}");
            };
            let resolved = path.parent().map(|p| p.join(target)).unwrap_or_default();
            let normal: PathBuf = resolved
                .components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .fold(PathBuf::new(), |acc, c| match c {
                    std::path::Component::ParentDir => {
                        acc.parent().map(Path::to_path_buf).unwrap_or_default()
                    }
                    other => acc.join(other),
                });
            assert!(
                files.iter().any(|(p, _)| *p == normal),
                "{name}: {target} resolves to {}, which init does not write",
                normal.display()
            );
        }
    }

    #[test]
    fn the_statement_of_applicability_lists_annex_a_in_order_with_its_titles() {
        let soa = files(Path::new(""), today())
            .into_iter()
            .find(|(p, _)| p.ends_with("statement-of-applicability.yaml"))
            .map(|(_, text)| text)
            .unwrap_or_default();
        let listed: Vec<(&str, &str)> = soa
            .lines()
            .zip(soa.lines().skip(1))
            .filter_map(|(a, b)| {
                Some((a.strip_prefix("  - id: ")?, b.strip_prefix("    title: ")?))
            })
            .collect();
        let catalogue = crate::annex::catalogue();
        let expected: Vec<(&str, &str)> = catalogue
            .ids_2022()
            .map(|id| (id, catalogue.title(id).unwrap_or_default()))
            .collect();
        assert_eq!(listed, expected);
    }

    #[test]
    fn the_date_is_the_only_thing_that_varies() {
        let a = files(Path::new("x"), today());
        let b = files(Path::new("x"), today());
        assert_eq!(a, b);
        assert!(a.iter().all(|(_, text)| !text.contains("{{")));
        let later = Date::parse("2027-01-05").unwrap_or_else(|| panic!("a valid date"));
        let c = files(Path::new("x"), later);
        assert!(c[1].1.contains("last_reviewed: 2027-01-05"));
    }
}
