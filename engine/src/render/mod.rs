//! Rendering a [`Report`]: human (rustc style), JSON, JSON lines, short, and the formats CI
//! platforms read (SARIF 2.1.0, JUnit XML, GitHub workflow commands, GitLab Code Quality).
//!
//! Renderers only format: they never reorder or re-grade a diagnostic. Silenced findings
//! are left out of `human` and `short` unless asked for (`--show-suppressed`); `json` always
//! carries them, marked. Each writes to any `io::Write` (the CLI passes a buffered, locked
//! stdout), so tests render to a `Vec<u8>`.

mod escape;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;
mod short;

pub mod deviations;
pub mod rules;
pub mod settings;

use std::io::{self, Write};

use crate::run::Report;

pub use human::{codespan_config, summary_line};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-style diagnostics with source snippets.
    Human,
    /// One JSON object with every diagnostic and the summary.
    Json,
    /// One JSON object per diagnostic per line.
    Jsonl,
    /// `file:line:col: severity[code/name] message`, one per line.
    Short,
    /// SARIF 2.1.0, for code scanning (GitHub) and SARIF viewers.
    Sarif,
    /// JUnit XML: one test suite per repository, one test case per file and rule.
    Junit,
    /// GitHub Actions workflow commands (`::error file=...::message`): annotations.
    Github,
    /// GitLab Code Quality: a JSON array of issues.
    Gitlab,
}

impl Format {
    /// Every format, in the order `--format` lists them.
    pub const ALL: [Format; 8] = [
        Format::Human,
        Format::Short,
        Format::Json,
        Format::Jsonl,
        Format::Sarif,
        Format::Junit,
        Format::Github,
        Format::Gitlab,
    ];

    /// The word `--format` and `--report` take.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Short => "short",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Gitlab => "gitlab",
        }
    }

    /// The format a word names.
    pub fn parse(word: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == word)
    }
}

/// How a report is rendered besides its format.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Colour (human output).
    pub color: bool,
    /// Show silenced findings in `human` and `short` output too.
    pub show_suppressed: bool,
    /// Give JUnit test cases the `file` attribute GitLab reads (the Jenkins XSD rejects it).
    pub junit_file_attribute: bool,
}

/// Writes the diagnostics of the report in the format.
pub fn render(
    report: &Report,
    format: Format,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let shown = |d: &&crate::Diagnostic| options.show_suppressed || d.is_active();
    match format {
        Format::Human => human::render(report, options.color, shown, out),
        Format::Json => json::render(report, out),
        Format::Jsonl => json::render_lines(report, out),
        Format::Short => short::render(report, shown, out),
        Format::Sarif => sarif::render(report, out),
        Format::Junit => junit::render(report, options, out),
        Format::Github => github::render(report, out),
        Format::Gitlab => gitlab::render(report, out),
    }
}

/// Where a report's files lie for a CI platform: relative to the root of the git work tree
/// that holds them (the folder the platform checked out), with `/` separators, whatever the
/// current directory. A repository outside any git work tree is its own root.
pub struct PlatformPaths {
    /// For each repository of the report: the path from the work-tree root to the repository
    /// root, with a trailing `/` (empty when the repository is the work tree).
    prefixes: Vec<String>,
}

impl PlatformPaths {
    /// Finds the work tree of every repository of the report.
    pub fn new(report: &Report) -> PlatformPaths {
        let prefixes = report
            .repositories
            .iter()
            .map(|repo| {
                let Some(top) = repo.root.ancestors().find(|a| a.join(".git").exists()) else {
                    return String::new();
                };
                let inner = repo
                    .root
                    .strip_prefix(top)
                    .unwrap_or(std::path::Path::new(""));
                let parts: Vec<String> = inner
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                parts.iter().map(|p| format!("{p}/")).collect()
            })
            .collect();
        PlatformPaths { prefixes }
    }

    /// The platform path of a report file, `None` for files outside a repository (rule
    /// scripts, a configuration file shared or extended from elsewhere).
    pub fn file(&self, report: &Report, file: usize) -> Option<String> {
        let info = report.files.get(file)?.as_ref()?;
        if std::path::Path::new(&info.relative).is_absolute() || info.relative.starts_with("../") {
            return None;
        }
        Some(format!(
            "{}{}",
            self.prefixes[info.repository], info.relative
        ))
    }

    /// The platform path of a repository's root folder (`.` for the work tree itself).
    pub fn repository(&self, repo: crate::diagnostic::RepoId) -> String {
        match self.prefixes[repo].strip_suffix('/') {
            Some(inner) => inner.to_owned(),
            None => ".".to_owned(),
        }
    }
}

/// 1-based (line, column) of a byte offset in a report file.
fn line_col(report: &Report, file: usize, byte: usize) -> (usize, usize) {
    report.sources.get(file).line_col(byte)
}
