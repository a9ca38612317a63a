//! Rule fixtures with inline expectations: the harness behind the rule tests.
//!
//! A fixture case is a small register repository; the line a diagnostic's primary label must
//! start on ends with `# expect: <name>[, <name>...]` (a rule name or code). Running a case
//! compares (file, line, rule) found against expected, for the rule under test, the loader
//! checks that always run, and any rule the case names. Both lists of differences are kept so
//! a failure shows what is missing and what is unexpected.
//!
//! It also decides what a suite run covers: which folders hold the fixtures (a rule folder
//! stands for the fixtures beside it), which rules must be covered, and the fixed date cases
//! are checked against, so `reglint test` and `cargo test` agree on all three.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::format::CHECKS;
use crate::run::{Linter, RunError};

/// The marker that starts an expectation comment.
pub const MARKER: &str = "# expect:";

/// The date fixtures are checked against: fixed, so a fixture never starts failing by itself.
pub const FIXTURE_TODAY: &str = "2026-11-22";

/// What a suite run reads: fixture folders, and the organisation rule folders to load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuiteInput {
    /// Fixture folders laid out as `<rule-name>/<case>/`, as given or found beside a rule folder.
    pub fixtures: Vec<PathBuf>,
    /// Organisation rule folders: those given, then the rule folders given as paths.
    pub rule_dirs: Vec<PathBuf>,
}

/// Resolves the paths given to a suite run (relative to `cwd`). A rule folder stands for its
/// fixtures: `DIR/fixtures/rules` or `DIR/fixtures` beside it (`rules/` → `fixtures/rules/`,
/// `org/rules/` → `org/fixtures/`). Its rules are loaded too, unless they are the built-in
/// pack itself. A folder holding both `rules/` and `fixtures/` (what `new-rule` makes) stands
/// for its `rules/`. Any other path is a fixture folder.
pub fn fixtures_for(paths: &[PathBuf], rule_dirs: &[PathBuf], cwd: &Path) -> SuiteInput {
    let builtin: Vec<String> = crate::rule::builtin_sources()
        .iter()
        .map(|s| s.text.to_string())
        .collect();
    let mut input = SuiteInput {
        fixtures: Vec::new(),
        rule_dirs: rule_dirs.to_vec(),
    };
    for given in paths {
        // The folder `new-rule` makes (holding `rules/` and `fixtures/`) stands for its rules.
        let holds_both = ["rules", "fixtures"]
            .iter()
            .all(|sub| cwd.join(given).join(sub).is_dir());
        let path = &if holds_both {
            given.join("rules")
        } else {
            given.clone()
        };
        let scripts = rhai_texts(&cwd.join(path));
        if scripts.is_empty() {
            input.fixtures.push(path.clone());
            continue;
        }
        let parent = path.parent().map(PathBuf::from).unwrap_or_default();
        let nested = parent.join("fixtures").join("rules");
        input.fixtures.push(if cwd.join(&nested).is_dir() {
            nested
        } else {
            parent.join("fixtures")
        });
        if !scripts.iter().all(|text| builtin.contains(text)) {
            input.rule_dirs.push(path.clone());
        }
    }
    input
}

/// The text of every `.rhai` file under a folder.
fn rhai_texts(dir: &Path) -> Vec<String> {
    let mut texts = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return texts;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            texts.extend(rhai_texts(&path));
        } else if path.extension().is_some_and(|e| e == "rhai") {
            texts.extend(std::fs::read_to_string(&path).ok());
        }
    }
    texts
}

/// The rules a suite must cover, by name: with organisation rule folders, only their rules
/// (the built-in pack is covered by its own fixtures); else every active rule.
pub fn required_rules(linter: &Linter, has_rule_dirs: bool) -> Vec<String> {
    // The checks of configuration, suppressions, exceptions and rules themselves are not
    // about registers; the end-to-end tests cover them.
    let register_checks = CHECKS.iter().map(|c| c.name.to_owned());
    let scripts = linter.rules().map(|m| m.name.clone());
    register_checks
        .chain(scripts)
        .filter(|name| !has_rule_dirs || linter.is_organisation_rule(name))
        .collect()
}

/// One diagnostic, as a fixture compares it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    /// File name as the report shows it.
    pub file: String,
    /// 1-based line of the primary label (0 when there is none).
    pub line: usize,
    /// Rule name.
    pub rule: String,
    /// The message (empty for expectations).
    pub message: String,
}

/// What running a case found.
#[derive(Debug, Default)]
pub struct CaseResult {
    /// The case folder.
    pub case: PathBuf,
    /// Expected, not found.
    pub missing: Vec<Expected>,
    /// Found, not expected.
    pub unexpected: Vec<Expected>,
    /// Rule names in expectations that no active rule has.
    pub unknown_rules: Vec<Expected>,
    /// How many expectations the case has.
    pub expectations: usize,
    /// Whether any expectation names the rule under test.
    pub expects_rule: bool,
    /// Rules that failed while checking the case, and configuration problems: what `check`
    /// would exit 2 for. A case with any never passes.
    pub rule_errors: Vec<Expected>,
}

impl CaseResult {
    /// Whether found and expected agree and nothing failed.
    pub fn passed(&self) -> bool {
        self.missing.is_empty()
            && self.unexpected.is_empty()
            && self.unknown_rules.is_empty()
            && self.rule_errors.is_empty()
    }
}

/// Every case of a fixture tree, and whether each rule is covered.
#[derive(Debug, Default)]
pub struct SuiteResult {
    /// (rule under test, result) for each case, in path order.
    pub cases: Vec<(String, CaseResult)>,
    /// Rules without a firing or a passing case, and folders naming no active rule.
    pub coverage: Vec<String>,
    /// Rules still as `reglint new-rule` wrote them: `file:line` of the template marker
    /// and the rule's name.
    pub templates: Vec<(String, String)>,
}

impl SuiteResult {
    /// Whether every case passed, every rule is covered and none is still a template.
    pub fn passed(&self) -> bool {
        self.coverage.is_empty()
            && self.templates.is_empty()
            && self.cases.iter().all(|(_, c)| c.passed())
    }
}

/// Runs every case under `root` (`<root>/<rule-name>/<case>/`, relative to `cwd`) and checks
/// that each rule in `required` has a firing case and a `passes-` case: no rule may pass
/// vacuously.
pub fn run_suite(
    linter: &Linter,
    root: &Path,
    required: &[String],
    cwd: &Path,
) -> Result<SuiteResult, RunError> {
    let known: BTreeSet<String> = linter.all_rules().into_iter().map(|m| m.name).collect();
    let mut suite = SuiteResult::default();
    for rule_dir in subdirs(&cwd.join(root)) {
        let rule = file_name(&rule_dir);
        if !known.contains(&rule) {
            suite.coverage.push(format!(
                "{}: no active rule is named `{rule}`",
                rule_dir.display()
            ));
            continue;
        }
        for case in subdirs(&rule_dir) {
            let relative = case.strip_prefix(cwd).unwrap_or(&case).to_path_buf();
            suite
                .cases
                .push((rule.clone(), run_case(linter, &relative, &rule, cwd)?));
        }
    }
    for name in required {
        let cases: Vec<&CaseResult> = suite
            .cases
            .iter()
            .filter(|(r, _)| r == name)
            .map(|(_, c)| c)
            .collect();
        let is_passing = |c: &&CaseResult| file_name(&c.case).starts_with("passes-");
        if !cases.iter().any(|c| !is_passing(c) && c.expects_rule) {
            suite
                .coverage
                .push(format!("`{name}` has no fixture case that fires it"));
        }
        if !cases.iter().any(is_passing) {
            suite.coverage.push(format!(
                "`{name}` has no passing case (a folder named `passes-...`)"
            ));
        }
    }
    for name in required {
        let Some(source) = linter.rule_source(name) else {
            continue;
        };
        if let Some(at) = source.text.find(crate::scaffold::TEMPLATE_MARKER) {
            let line = source.line_col(at).0;
            suite
                .templates
                .push((format!("{}:{line}", source.name), name.clone()));
        }
    }
    for (rule, case) in &suite.cases {
        if file_name(&case.case).starts_with("passes-") && case.expectations > 0 {
            suite.coverage.push(format!(
                "`{rule}`: passing case {} carries expectations",
                case.case.display()
            ));
        }
    }
    Ok(suite)
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The names on a line's `# expect:` comment.
pub fn names_on_line(line: &str) -> Vec<&str> {
    line.find(MARKER)
        .map(|at| {
            line[at + MARKER.len()..]
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Runs the linter on one case and compares with its expectations. `rule` is the rule under
/// test (by name); `cwd` is what file names are relative to.
pub fn run_case(
    linter: &Linter,
    case: &Path,
    rule: &str,
    cwd: &Path,
) -> Result<CaseResult, RunError> {
    let report = linter.check(&[case.to_path_buf()])?;
    let known: Vec<(String, String)> = linter
        .rules()
        .map(|m| (m.name.clone(), m.code.clone()))
        .chain(
            CHECKS
                .iter()
                .map(|c| (c.name.to_owned(), c.code.to_owned())),
        )
        .collect();
    let mut result = CaseResult {
        case: case.to_path_buf(),
        ..CaseResult::default()
    };
    let mut expected = BTreeSet::new();
    // Each `# expect:` name on a line becomes an expectation at (file, line).
    let mut read = |text: &str, file: &str, line_of: &dyn Fn(usize) -> usize| {
        for (index, line) in text.lines().enumerate() {
            for name in names_on_line(line) {
                let entry = Expected {
                    file: file.to_owned(),
                    line: line_of(index),
                    rule: name.to_owned(),
                    message: String::new(),
                };
                match known.iter().find(|(n, c)| n == name || c == name) {
                    Some((n, _)) => {
                        expected.insert(Expected {
                            rule: n.clone(),
                            ..entry
                        });
                    }
                    None => result.unknown_rules.push(entry),
                }
            }
        }
    };
    for file in report_files(&report) {
        if let Ok(bytes) = std::fs::read(cwd.join(&file)) {
            read(&String::from_utf8_lossy(&bytes), &file, &|index| index + 1);
        }
    }
    // Findings with no place in a file (repository-level findings) are expected in the case's
    // `reglint.yaml`; they match at line 0 of the repository.
    let repo_name =
        crate::discover::display_path(&crate::discover::normalise(&cwd.join(case)), cwd);
    for marker in crate::discover::ROOT_MARKERS {
        if let Ok(text) = std::fs::read_to_string(cwd.join(case).join(marker)) {
            read(&text, &repo_name, &|_| 0);
        }
    }
    result.expectations = expected.len();
    result.expects_rule = expected.iter().any(|e| e.rule == rule);
    let mut checked: BTreeSet<String> = CHECKS.iter().map(|c| c.name.to_owned()).collect();
    checked.insert(rule.to_owned());
    checked.extend(expected.iter().map(|e| e.rule.clone()));
    let at = |d: &crate::Diagnostic| {
        let (file, line) = match &d.primary {
            Some(p) => {
                let source = report.sources.get(p.file);
                (source.name.to_string(), source.line_col(p.span.start).0)
            }
            None => (report.place(d).to_owned(), 0),
        };
        Expected {
            file,
            line,
            rule: d.name.clone(),
            message: d.message.clone(),
        }
    };
    // Rules that did not compile are the suite's problem, reported once; a rule that fails on
    // this case's registers is this case's.
    result.rule_errors = report
        .diagnostics
        .iter()
        .filter(|d| crate::run::is_fatal(&d.name) && !linter.rule_errors().contains(d))
        .map(at)
        .collect();
    let mut found = BTreeSet::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| checked.contains(&d.name))
    {
        found.insert(at(d));
    }
    let key = |e: &Expected| (e.file.clone(), e.line, e.rule.clone());
    let found_keys: BTreeSet<_> = found.iter().map(key).collect();
    let expected_keys: BTreeSet<_> = expected.iter().map(key).collect();
    result.missing = expected
        .into_iter()
        .filter(|e| !found_keys.contains(&key(e)))
        .collect();
    result.unexpected = found
        .into_iter()
        .filter(|e| !expected_keys.contains(&key(e)))
        .collect();
    Ok(result)
}

/// Every register file of the case: the report's files that are not rule scripts.
fn report_files(report: &crate::run::Report) -> Vec<String> {
    (0..report.sources.len())
        .filter(|&id| report.files[id].as_ref().is_some_and(|f| f.is_register))
        .map(|id| report.sources.get(id).name.to_string())
        .collect()
}
