//! Diagnostics: what every stage reports, in one shape.
//!
//! Loader problems, format checks, rule findings and rule failures all become a
//! [`Diagnostic`], so sorting, filtering, counting and rendering happen once, after every job
//! is done. A diagnostic points at files by [`FileId`] and byte span; renderers resolve them.
//! It also knows the repository it belongs to and the register entry it concerns, which is
//! what exceptions, baselines and fingerprints key on (never a line number), and it carries
//! the mark of whatever silenced it: the post-pass marks findings, it never deletes them.

use std::ops::Range;

use crate::source::FileId;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never fails a run by default.
    Info,
    /// Should be fixed.
    Warning,
    /// Fails the run.
    Error,
}

impl Severity {
    /// The lowercase word used in front matter, JSON and the terminal.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(word: &str) -> Option<Severity> {
        match word {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// A place in a file with a short message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The file.
    pub file: FileId,
    /// Byte range in the file.
    pub span: Range<usize>,
    /// What is wrong (primary) or what is there (secondary).
    pub message: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's short code (`AD003`).
    pub code: String,
    /// The rule's name (`unresolved-addressed-by`).
    pub name: String,
    /// Severity after configuration.
    pub severity: Severity,
    /// The problem, in register terms.
    pub message: String,
    /// Where the problem is; `None` for repository-level findings with no file to point at.
    pub primary: Option<Label>,
    /// The register path of the primary node (`parties[3].requirements[0]`), when known.
    pub path: Option<String>,
    /// Other places involved, possibly in other files.
    pub secondary: Vec<Label>,
    /// What to do.
    pub help: Option<String>,
    /// Background.
    pub notes: Vec<String>,
    /// The repository the finding belongs to (`None` for problems with rules themselves).
    pub repository: Option<RepoId>,
    /// The id of the register entry the finding concerns (`REQ-CUST-001`), when it has one.
    pub entry: Option<String>,
    /// Why the finding is silenced, when it is: it then neither counts nor shows by default.
    pub suppressed: Option<Box<Suppression>>,
}

/// Index of a repository in a report's [`crate::run::Report::repositories`].
pub type RepoId = usize;

/// What silenced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SuppressionKind {
    /// A `# reglint: allow` comment in the register file.
    Inline,
    /// An entry of a `kind: exceptions` register (an accepted risk).
    Exception,
    /// The finding was recorded in the baseline file.
    Baseline,
    /// The finding says something is absent or unresolved in a repository where a file did
    /// not load, so it may not be true: it is held back until the file loads.
    Withheld,
}

impl SuppressionKind {
    /// The word used in JSON and listings.
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressionKind::Inline => "inline",
            SuppressionKind::Exception => "exception",
            SuppressionKind::Baseline => "baseline",
            SuppressionKind::Withheld => "withheld",
        }
    }
}

/// The mark a silenced finding carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// What silenced it.
    pub kind: SuppressionKind,
    /// The reason given (the comment's text after `--`, the exception's `reason`).
    pub reason: String,
    /// The exception's id (`EXC-001`), for exceptions.
    pub id: Option<String>,
    /// Who approved it, for exceptions.
    pub approved_by: Option<String>,
    /// When it expires (`YYYY-MM-DD`), for exceptions.
    pub expires: Option<String>,
}

impl Diagnostic {
    /// A diagnostic for a rule, without location yet.
    pub fn new(code: &str, name: &str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.to_owned(),
            name: name.to_owned(),
            severity,
            message: message.into(),
            primary: None,
            path: None,
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
            repository: None,
            entry: None,
            suppressed: None,
        }
    }

    /// Sets the primary label.
    pub fn at(mut self, file: FileId, span: Range<usize>, label: impl Into<String>) -> Self {
        self.primary = Some(Label {
            file,
            span,
            message: label.into(),
        });
        self
    }

    /// Adds a secondary label.
    pub fn with_label(
        mut self,
        file: FileId,
        span: Range<usize>,
        label: impl Into<String>,
    ) -> Self {
        self.secondary.push(Label {
            file,
            span,
            message: label.into(),
        });
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Sets the register path of the primary node.
    pub fn with_path(mut self, path: Option<String>) -> Self {
        self.path = path;
        self
    }

    /// Sets the register entry the finding concerns.
    pub fn with_entry(mut self, entry: Option<String>) -> Self {
        self.entry = entry;
        self
    }

    /// Whether the finding counts: not silenced by an exception, a comment or the baseline.
    pub fn is_active(&self) -> bool {
        self.suppressed.is_none()
    }
}

/// Counts of a run, for the summary line and the JSON `summary` object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Diagnostics at error level.
    pub errors: usize,
    /// Diagnostics at warning level.
    pub warnings: usize,
    /// Diagnostics at info level.
    pub infos: usize,
    /// Register files read.
    pub files: usize,
    /// Register repositories checked.
    pub repositories: usize,
}
