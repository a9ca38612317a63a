//! Rules: front matter, compilation, and the registry of every active rule.
//!
//! A rule is one `.rhai` file whose `//!` lines open it with YAML front matter (id, name,
//! severity, clause, summary, docs), so `reglint rules`, `explain` and the docs come from
//! the same source as the code. Each file is compiled once into an AST shared by every
//! worker. Anything wrong with a rule (front matter, compile error, name clash) becomes a
//! `rule-error` diagnostic located in the `.rhai` file, and that rule is skipped.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rhai::{AST, Engine};

use crate::diagnostic::{Diagnostic, Severity};
use crate::format::{CHECKS, Check};
use crate::source::{FileId, SourceFile};
use crate::yaml::{self, Limits, NodeKind};

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// A problem with a rule itself (front matter, compile error, failure at run time).
pub const RULE_ERROR: Check = Check {
    code: "RL001",
    name: "rule-error",
    severity: Severity::Error,
    summary: "A rule could not be loaded or failed while running, so the check is incomplete.",
};

/// A rule's identity and documentation, from its front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMeta {
    /// Short code (`AD003`), never reused.
    pub code: String,
    /// Name (`unresolved-addressed-by`): what configs, expectations and tools key on.
    pub name: String,
    /// Default severity.
    pub severity: Severity,
    /// The ISO/IEC 27001:2022 clause it serves (`4.2 c)`), if any.
    pub clause: String,
    /// One sentence: what it checks.
    pub summary: String,
    /// Longer documentation (Markdown).
    pub docs: String,
}

impl From<&Check> for RuleMeta {
    fn from(check: &Check) -> Self {
        RuleMeta {
            code: check.code.to_owned(),
            name: check.name.to_owned(),
            severity: check.severity,
            clause: String::new(),
            summary: check.summary.to_owned(),
            docs: String::new(),
        }
    }
}

/// A compiled rule script.
#[derive(Debug)]
pub struct Rule {
    /// Identity and docs.
    pub meta: RuleMeta,
    /// The `.rhai` file in the source map.
    pub file: FileId,
    /// The compiled script.
    pub ast: AST,
    /// The script text, to turn script positions into spans.
    pub source: SourceFile,
}

/// A rule file to load: display name and text.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// The name diagnostics show (`builtin:iso27001/stale-review.rhai` or a path).
    pub name: Arc<str>,
    /// The script.
    pub text: Arc<str>,
}

/// The built-in pack, embedded at compile time.
pub fn builtin_sources() -> Vec<RuleSource> {
    BUILTIN_RULES
        .iter()
        .map(|(path, text)| RuleSource {
            name: format!("builtin:{path}").into(),
            text: (*text).into(),
        })
        .collect()
}

/// Every `.rhai` file under a folder, sorted by path.
pub fn read_rule_dir(
    dir: &Path,
    display: impl Fn(&Path) -> String,
) -> std::io::Result<Vec<RuleSource>> {
    let mut paths = Vec::new();
    collect_rhai(dir, &mut paths)?;
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path)?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            Ok(RuleSource {
                name: display(&path).into(),
                text: text.into(),
            })
        })
        .collect()
}

fn collect_rhai(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        // Symlinked folders are not followed: a link loop must not load a rule forty times.
        if entry.file_type()?.is_dir() {
            collect_rhai(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rhai") {
            out.push(path);
        }
    }
    Ok(())
}

/// The result of loading a set of rule files.
#[derive(Debug, Default)]
pub struct RuleSet {
    /// Rules that compiled, in load order.
    pub rules: Vec<Arc<Rule>>,
    /// Problems with rules (`rule-error`).
    pub errors: Vec<Diagnostic>,
}

/// Parses front matter and compiles each source; `first_file` is the id the first source
/// gets in the source map (the caller adds `sources` in order).
pub fn compile_all(engine: &Engine, sources: &[SourceFile], first_file: FileId) -> RuleSet {
    let mut set = RuleSet::default();
    let mut taken: Vec<(String, FileId, Range<usize>, String)> = CHECKS
        .iter()
        .chain(std::iter::once(&RULE_ERROR))
        .map(|c| (c.name.to_owned(), usize::MAX, 0..0, c.code.to_owned()))
        .collect();
    for (offset, source) in sources.iter().enumerate() {
        let file = first_file + offset;
        let (meta, name_span) = match front_matter(source, file) {
            Ok(found) => found,
            Err(error) => {
                set.errors.push(*error);
                continue;
            }
        };
        if let Some(clash) = clash(&taken, &meta, file, &name_span) {
            set.errors.push(clash);
            continue;
        }
        match compile(engine, source, file) {
            Ok(ast) => {
                taken.push((meta.name.clone(), file, name_span, meta.code.clone()));
                set.rules.push(Arc::new(Rule {
                    meta,
                    file,
                    ast,
                    source: source.clone(),
                }));
            }
            Err(error) => set.errors.push(*error),
        }
    }
    set
}

fn clash(
    taken: &[(String, FileId, Range<usize>, String)],
    meta: &RuleMeta,
    file: FileId,
    span: &Range<usize>,
) -> Option<Diagnostic> {
    let (name, other_file, other_span, code) = taken
        .iter()
        .find(|(name, _, _, code)| *name == meta.name || *code == meta.code)?;
    let what = if *name == meta.name {
        format!("name `{name}`")
    } else {
        format!("code `{code}`")
    };
    let mut d = RULE_ERROR
        .diagnostic(format!(
            "rule {what} is already taken by another rule; this rule is skipped"
        ))
        .at(file, span.clone(), "declared again here")
        .with_help("give the rule a name and code of its own");
    if *other_file == usize::MAX {
        d = d.with_note(format!("`{name}` ({code}) is a check built into reglint"));
    } else {
        d = d.with_label(*other_file, other_span.clone(), "first declared here");
    }
    Some(d)
}

fn compile(engine: &Engine, source: &SourceFile, file: FileId) -> Result<AST, Box<Diagnostic>> {
    let ast = engine.compile(&*source.text).map_err(|error| {
        let position = error.position();
        let at = source.offset_of(
            position.line().unwrap_or(1),
            position.position().unwrap_or(1),
        );
        Box::new(
            RULE_ERROR
                .diagnostic(format!("rule does not compile: {}", error.err_type()))
                .at(file, at..at, "compile error here")
                .with_note("the rule is skipped, so this check is incomplete"),
        )
    })?;
    let has_check = ast
        .iter_functions()
        .any(|f| f.name == "check" && f.params.len() == 1);
    if !has_check {
        return Err(Box::new(
            RULE_ERROR
                .diagnostic("rule defines no `check(repo)` function")
                .at(file, 0..0, "expected `fn check(repo) { ... }` in this file")
                .with_help(
                    "define `fn check(repo)`: reglint calls it once per register repository",
                ),
        ));
    }
    Ok(ast)
}

/// Reads the `//!` front matter of a rule file, with spans in the `.rhai` file.
fn front_matter(
    source: &SourceFile,
    file: FileId,
) -> Result<(RuleMeta, Range<usize>), Box<Diagnostic>> {
    let text = &*source.text;
    let mut yaml_text = String::new();
    // (offset in yaml_text, offset in the .rhai file) at the start of each front-matter line.
    let mut line_map: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let Some(rest) = line.strip_prefix("//!") else {
            break;
        };
        let skip = 3 + usize::from(rest.starts_with(' '));
        line_map.push((yaml_text.len(), at + skip));
        yaml_text.push_str(&line[skip.min(line.len())..]);
        at += line.len();
    }
    let problem = |span: Range<usize>, message: String, label: &str| {
        Box::new(RULE_ERROR
            .diagnostic(message)
            .at(file, span, label)
            .with_help("a rule opens with `//!` lines holding YAML: id, name, severity, summary (clause and docs optional)"))
    };
    if line_map.is_empty() {
        return Err(problem(
            0..0,
            "rule file has no `//!` front matter".into(),
            "expected `//! id: ...` here",
        ));
    }
    let to_file = |offset: usize| {
        let i = line_map
            .partition_point(|(y, _)| *y <= offset)
            .saturating_sub(1);
        line_map[i].1 + (offset - line_map[i].0)
    };
    let span_of = |span: &Range<usize>| to_file(span.start)..to_file(span.end);
    let loaded = yaml::parse(&yaml_text, 0, &Limits::default());
    if let Some(p) = loaded.problems.first() {
        let (span, message) = match p {
            yaml::LoadProblem::Syntax { span, message, .. } => (span, message.clone()),
            yaml::LoadProblem::DuplicateKey { repeat, key, .. } => {
                (repeat, format!("key `{key}` repeats"))
            }
        };
        return Err(problem(
            span_of(span),
            format!("front matter is not valid YAML: {message}"),
            "here",
        ));
    }
    let whole = line_map[0].1..to_file(yaml_text.len().saturating_sub(1));
    let Some(doc) = loaded.documents.first() else {
        return Err(problem(whole, "front matter is empty".into(), "here"));
    };
    let Some(root) = doc
        .root
        .filter(|r| matches!(doc.node(*r).kind, NodeKind::Map(_)))
    else {
        return Err(problem(
            whole,
            "front matter must be a YAML mapping".into(),
            "here",
        ));
    };
    let field = |key: &str| {
        doc.get(root, key).and_then(|v| {
            doc.scalar_text(v)
                .map(|t| (t.to_owned(), span_of(&doc.node(v).span)))
        })
    };
    let required = |key: &str| {
        field(key)
            .filter(|(v, _)| !v.trim().is_empty())
            .ok_or_else(|| {
                problem(
                    whole.clone(),
                    format!("front matter has no `{key}`"),
                    "in this front matter",
                )
            })
    };
    let (code, code_span) = required("id")?;
    let (name, name_span) = required("name")?;
    let (severity_word, severity_span) = required("severity")?;
    let (summary, _) = required("summary")?;
    let valid_code = code.len() >= 2
        && code.chars().take_while(char::is_ascii_uppercase).count() >= 1
        && code
            .trim_start_matches(|c: char| c.is_ascii_uppercase())
            .chars()
            .all(|c| c.is_ascii_digit())
        && code.chars().last().is_some_and(|c| c.is_ascii_digit());
    if !valid_code {
        return Err(problem(
            code_span,
            format!("rule id `{code}` is not a short code like `AD003`"),
            "invalid id",
        ));
    }
    let valid_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if !valid_name {
        return Err(problem(
            name_span,
            format!("rule name `{name}` must be lowercase words joined by `-`"),
            "invalid name",
        ));
    }
    let Some(severity) = Severity::parse(&severity_word) else {
        return Err(problem(
            severity_span,
            format!("severity `{severity_word}` is not one of `error`, `warning`, `info`"),
            "invalid severity",
        ));
    };
    let meta = RuleMeta {
        code,
        name,
        severity,
        clause: field("clause").map(|(c, _)| c).unwrap_or_default(),
        summary,
        docs: field("docs").map(|(d, _)| d).unwrap_or_default(),
    };
    Ok((meta, name_span))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(text: &str) -> Result<RuleMeta, Box<Diagnostic>> {
        front_matter(&SourceFile::new("r.rhai".into(), text.into()), 0).map(|(m, _)| m)
    }

    #[test]
    fn front_matter_is_read_from_doc_comment_lines() {
        let meta = meta_of("//! id: AD003\n//! name: x-y\n//! severity: warning\n//! clause: \"4.2 c)\"\n//! summary: S.\n//! docs: |\n//!   Line one.\n//!   Line two.\nfn check(repo) {}\n").unwrap();
        assert_eq!(meta.code, "AD003");
        assert_eq!(meta.severity, Severity::Warning);
        assert_eq!(meta.clause, "4.2 c)");
        assert_eq!(meta.docs, "Line one.\nLine two.\n");
    }

    #[test]
    fn a_bad_severity_is_located_in_the_rule_file() {
        let text = "//! id: AD003\n//! name: x-y\n//! severity: fatal\n//! summary: S.\n";
        let error = meta_of(text).unwrap_err();
        assert_eq!(
            error.message,
            "severity `fatal` is not one of `error`, `warning`, `info`"
        );
        let span = error.primary.unwrap().span;
        assert_eq!(&text[span], "fatal");
    }

    #[test]
    fn missing_fields_are_named() {
        let error = meta_of("//! id: AD003\n//! severity: error\n").unwrap_err();
        assert_eq!(error.message, "front matter has no `name`");
    }

    #[test]
    fn builtin_rules_are_embedded() {
        assert!(
            BUILTIN_RULES
                .iter()
                .all(|(p, t)| p.ends_with(".rhai") && t.starts_with("//!"))
        );
    }
}
