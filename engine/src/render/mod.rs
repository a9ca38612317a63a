//! Rendering a [`Report`]: human (rustc style), JSON, JSON lines, short, and the formats CI
//! platforms read (SARIF 2.1.0, JUnit XML, GitHub workflow commands, GitLab Code Quality).
//!
//! Renderers only format: they never reorder or re-grade a diagnostic. Silenced findings
//! are left out of `human` and `short` unless asked for (`--show-suppressed`); `json` always
//! carries them, marked. Each writes to any `io::Write` (the CLI passes a buffered, locked
//! stdout), so tests render to a `Vec<u8>`.

pub(crate) mod escape;
mod github;
mod gitlab;
mod human;
pub(crate) mod json;
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
    /// Whether the format quotes register text (source snippets), so the report must keep
    /// the text of the files findings point into, not only their positions.
    pub fn quotes_registers(self) -> bool {
        matches!(self, Format::Human)
    }

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
    /// For each repository: its work-tree root, and the directory its files are shown
    /// relative to (configuration files and skipped paths are named as shown).
    roots: Vec<(std::path::PathBuf, std::path::PathBuf)>,
}

impl PlatformPaths {
    /// Finds the work tree of every repository of the report.
    pub fn new(report: &Report) -> PlatformPaths {
        let mut prefixes = Vec::with_capacity(report.repositories.len());
        let mut roots = Vec::with_capacity(report.repositories.len());
        for repo in &report.repositories {
            let top = repo
                .root
                .ancestors()
                .find(|a| a.join(".git").exists())
                .unwrap_or(&repo.root);
            prefixes.push(
                relative_slashed(&repo.root, top).map_or_else(String::new, |inner| {
                    if inner.is_empty() {
                        inner
                    } else {
                        format!("{inner}/")
                    }
                }),
            );
            // The name is the root shown relative to the working directory: as many folders
            // up from the root as the name has components (an absolute name needs none).
            let shown = std::path::Path::new(&repo.name);
            let depth = if shown.is_absolute() {
                0
            } else {
                shown
                    .components()
                    .filter(|c| matches!(c, std::path::Component::Normal(_)))
                    .count()
            };
            let cwd = repo.root.ancestors().nth(depth).unwrap_or(&repo.root);
            roots.push((top.to_path_buf(), cwd.to_path_buf()));
        }
        PlatformPaths { prefixes, roots }
    }

    /// The platform path of a report file, `None` for files outside a repository (rule
    /// scripts) or outside its work tree (a configuration shared with `--config`).
    pub fn file(&self, report: &Report, file: usize) -> Option<String> {
        let info = report.files.get(file)?.as_ref()?;
        if info.is_register {
            return Some(format!(
                "{}{}",
                self.prefixes[info.repository], info.relative
            ));
        }
        let (top, cwd) = &self.roots[info.repository];
        let path = cwd.join(&*report.sources.get(file).name);
        relative_slashed(&path, top).filter(|p| !p.is_empty())
    }

    /// The platform path of a repository's root folder (`.` for the work tree itself).
    pub fn repository(&self, repo: crate::diagnostic::RepoId) -> String {
        match self.prefixes[repo].strip_suffix('/') {
            Some(inner) => inner.to_owned(),
            None => ".".to_owned(),
        }
    }
}

/// `path` relative to `base`, with `/` separators, when it lies under it.
fn relative_slashed(path: &std::path::Path, base: &std::path::Path) -> Option<String> {
    let inner = path.strip_prefix(base).ok()?;
    let parts: Vec<String> = inner
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// A stable, platform-independent identity of a finding as 64 hex digits: the SHA-256 of its
/// [`crate::baseline::fingerprint`] (rule, file, entry, message; no line, so moving an entry
/// keeps it), with the repository named by its place in the work tree, so the same finding
/// has the same fingerprint on every machine and checkout. A problem with a rule itself (no
/// repository) is identified by its rule, place and message. Identical findings share one:
/// a format that needs them unique disambiguates.
pub(super) fn fingerprint_hex(
    report: &Report,
    paths: &PlatformPaths,
    d: &crate::Diagnostic,
) -> String {
    let identity = match d.repository {
        Some(repo) => crate::baseline::fingerprint(report, d, &report.repositories[repo].root).map(
            |mut fingerprint| {
                fingerprint.repository = paths.repository(repo);
                fingerprint
            },
        ),
        None => None,
    }
    .unwrap_or_else(|| crate::baseline::Fingerprint {
        repository: String::new(),
        rule: d.name.clone(),
        file: report.place(d).to_owned(),
        entry: String::new(),
        message: d.message.clone(),
    });
    // serde_json writes the fields in declaration order: the same identity, the same bytes.
    let bytes = serde_json::to_vec(&identity).unwrap_or_default();
    sha256_hex(&bytes)
}

/// The SHA-256 of the bytes, as 64 lowercase hex digits.
pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    use std::fmt::Write as _;
    sha2::Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

/// 1-based (line, column) of a byte offset in a report file.
fn line_col(report: &Report, file: usize, byte: usize) -> (usize, usize) {
    report.sources.get(file).line_col(byte)
}
