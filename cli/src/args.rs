//! The command line: clap's types for every subcommand and its options.
//!
//! Kept apart from `main` so the whole interface reads in one file, and from the commands so
//! their code starts from typed arguments. Doc comments on these types are the `--help` text;
//! the conversions at the end turn option values into the engine's own types.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use reglint_engine::config::Flags;
use reglint_engine::date::Date;
use reglint_engine::render::{Format, rules::ListingFormat};
use reglint_engine::shard::Shard;
use reglint_engine::workbench::diff::render::DiffFormat;
use reglint_engine::workbench::graph::GraphFormat;
use reglint_engine::{Options, Severity};

/// A linter for ISO/IEC 27001 management-system registers kept as YAML.
#[derive(Debug, Parser)]
#[command(name = "reglint", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands, one file each in `commands/`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check register repositories against the rules.
    Check(CheckArgs),
    /// Run rules against fixture folders with inline `# expect:` comments.
    Test(TestArgs),
    /// List every active rule, or (`--coverage`) the clauses they check.
    Rules(RulesArgs),
    /// Follow a register id through its repository, or print a rule's documentation.
    ///
    /// For an id: its party, requirement, what addresses it (with the SoA's applicability
    /// and status), the legal entry behind it, who cites it, the findings on that chain and
    /// the suppressions and exceptions written for it, each with its `file:line`.
    Explain(ExplainArgs),
    /// Print a rule's documentation.
    Rule(RuleArgs),
    /// Draw the reference graph of a repository (DOT, Mermaid or JSON).
    Graph(GraphArgs),
    /// Scaffold an organisation rule with a firing and a passing fixture.
    NewRule(NewRuleArgs),
    /// Scaffold a register repository: configuration, the five registers with a worked
    /// example, their JSON Schemas, a pre-commit hook and a CI workflow.
    Init(InitArgs),
    /// Print the resolved configuration of a repository, each value with where it came from.
    Config(ConfigArgs),
    /// Print the JSON Schema of `reglint.yaml` or of register files, for editors and validators.
    Schema(SchemaArgs),
    /// List every inline suppression and exception, with its reason, approver, expiry and state.
    Exceptions(ExceptionsArgs),
    /// Write a self-contained HTML report of a repository for a management review.
    ///
    /// A summary, the findings by clause and severity with source snippets, the interested
    /// parties on an influence/interest grid, the traceability matrix, the addressed
    /// requirements resting on a control that is not applicable or planned, the reviews due
    /// and the exceptions. The page loads nothing and prints to PDF.
    Report(ReportArgs),
    /// What a change does to a register repository between two git revisions: parties,
    /// requirements, controls and findings, not text.
    Diff(DiffArgs),
    /// Join the `--format json` reports of `check --shard K/N` jobs into the report of one
    /// run over every repository, in any format.
    ///
    /// The JSON is the bytes a single run prints, made from the reports alone. The other
    /// formats also describe every rule and repository and quote the registers, so merge
    /// reads the checked paths again (`--checked`, from the same directory as the shards)
    /// without running any rule.
    Merge(MergeArgs),
}

/// `reglint merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The shards' reports (`check --shard K/N --format json`), in any order.
    #[arg(required = true, value_name = "REPORT.json")]
    pub reports: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Json)]
    pub format: FormatArg,
    /// Write the output to this file (whole or not at all) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The paths the shards checked (repeatable; default `.`), read again for the formats
    /// other than json and jsonl.
    #[arg(long, value_name = "PATH")]
    pub checked: Vec<PathBuf>,
    /// Give JUnit test cases the `file` attribute GitLab reads.
    #[arg(long)]
    pub junit_file_attribute: bool,
    /// Show suppressed, excepted and baselined findings in `human` and `short` output.
    #[arg(long)]
    pub show_suppressed: bool,
    /// When to use colour (NO_COLOR is honoured in `auto`).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Configuration options, as the shards were given them.
    #[command(flatten)]
    pub flags: ConfigFlags,
}

/// Options shared by the commands that read a repository's configuration.
#[derive(Debug, Clone, clap::Args)]
pub struct ConfigFlags {
    /// Use this configuration file for every repository instead of each one's own.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The reference date (YYYY-MM-DD) for review checks and expiries; wins over `today:`.
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,
    /// Only these rules (names, codes, code prefixes or clauses; comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Not these rules (names, codes, code prefixes or clauses; comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// The lowest severity that fails the run; wins over `fail_on:`.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOnArg>,
    /// A folder of organisation rules to load beside the built-in pack (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Info,
}

/// `reglint config`.
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// The repository (default: the current directory).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Configuration options, as for `check`.
    #[command(flatten)]
    pub flags: ConfigFlags,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// `reglint schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which file's schema.
    #[arg(value_enum)]
    pub which: SchemaKind,
    /// With `registers`: the schema of one kind's documents only (`interested-parties`...).
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
}

/// The files `reglint schema` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// `reglint.yaml`.
    Config,
    /// Register files: every document, dispatched on its `kind`.
    Registers,
}

/// `reglint exceptions`.
#[derive(Debug, clap::Args)]
pub struct ExceptionsArgs {
    /// The repositories (default: the current directory).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Configuration options, as for `check`.
    #[command(flatten)]
    pub flags: ConfigFlags,
    /// Output format (`markdown`: the accepted-deviations table for a review).
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
}

/// `reglint new-rule`.
#[derive(Debug, clap::Args)]
pub struct NewRuleArgs {
    /// The rule's name: lowercase words joined by `-`, naming the problem (`party-without-owner`).
    pub name: String,
    /// The organisation's rule folder; the rule goes to DIR/rules, its fixtures to DIR/fixtures.
    #[arg(long, default_value = "reglint-rules")]
    pub dir: PathBuf,
    /// The rule's short code.
    #[arg(long, default_value = "ORG001")]
    pub code: String,
}

/// `reglint init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to scaffold (created if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite the scaffold's files where they already exist.
    #[arg(long)]
    pub force: bool,
    /// The review date the new registers record (YYYY-MM-DD; default: today's date, UTC).
    #[arg(long, value_parser = parse_date)]
    pub today: Option<Date>,
}

/// `reglint test`.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// Fixture folders laid out as `<rule-name>/<case>/` (default: `fixtures/rules`).
    #[arg(default_value = "fixtures/rules")]
    pub paths: Vec<PathBuf>,
    /// A folder of organisation rules; with it, only those rules must be covered by fixtures.
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// `reglint rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// A folder of organisation rules to list beside the built-in pack (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Output format (`markdown`: the rule reference, docs/rules.md; with `--coverage`, the
    /// coverage table).
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
    /// List the ISO/IEC 27001:2022 clauses the active rules check, each with its rules, and
    /// the clauses no rule checks.
    #[arg(long)]
    pub coverage: bool,
}

/// `reglint rules --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Human,
    Json,
    Markdown,
}

/// `reglint explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A register id (party, requirement, control, legal entry, risk, objective, scope item),
    /// or a rule's name or code.
    pub word: String,
    /// The repository the id is in (default: the current directory).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
    /// Configuration options, as for `check`.
    #[command(flatten)]
    pub flags: ConfigFlags,
}

/// `reglint rule`.
#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// The rule's name or code.
    pub rule: String,
    /// A folder of organisation rules to search too (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Output format (`json`: the rule's listing entry).
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    pub format: ListFormat,
}

/// `reglint graph`.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// The repository (default: the current directory).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Only the chain through this id: what leads to it and what it leads to.
    #[arg(long, value_name = "ID")]
    pub from: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormatArg::Dot)]
    pub format: GraphFormatArg,
    /// Configuration options, as for `check`.
    #[command(flatten)]
    pub flags: ConfigFlags,
}

/// `reglint report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The repository (default: the current directory).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Write the HTML report to this file (replaced whole, never half-written).
    #[arg(long, value_name = "FILE")]
    pub html: PathBuf,
    /// Configuration options, as for `check`.
    #[command(flatten)]
    pub flags: ConfigFlags,
}

/// `reglint diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The repository (default: the current directory).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The revision to compare from (a commit, branch or tag, e.g. `origin/main`).
    #[arg(long, value_name = "REV")]
    pub base: String,
    /// The revision to compare to (default: the work tree, as the author has it).
    #[arg(long, value_name = "REV")]
    pub head: Option<String>,
    /// Output format (`markdown`: for a pull-request comment or a management review).
    #[arg(long, value_enum, default_value_t = DiffFormatArg::Human)]
    pub format: DiffFormatArg,
    /// Exit 1 when the change adds active findings.
    #[arg(long)]
    pub fail_on_new: bool,
    /// Configuration options, as for `check`.
    #[command(flatten)]
    pub flags: ConfigFlags,
}

/// `reglint diff --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormatArg {
    Human,
    Markdown,
    Json,
}

impl From<DiffFormatArg> for DiffFormat {
    fn from(format: DiffFormatArg) -> Self {
        match format {
            DiffFormatArg::Human => DiffFormat::Human,
            DiffFormatArg::Markdown => DiffFormat::Markdown,
            DiffFormatArg::Json => DiffFormat::Json,
        }
    }
}

/// `reglint graph --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormatArg {
    Dot,
    Mermaid,
    Json,
}

/// `reglint test --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Human,
    Json,
}

/// `reglint check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Register repositories, folders or files to check.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Write the `--format` output to this file (whole or not at all) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the report in another format to a file, as FORMAT=FILE (`sarif=reglint.sarif`;
    /// repeatable).
    #[arg(long = "report", value_name = "FORMAT=FILE", value_parser = parse_report)]
    pub reports: Vec<(Format, PathBuf)>,
    /// Give JUnit test cases the `file` attribute GitLab reads (the Jenkins JUnit XSD rejects it).
    #[arg(long)]
    pub junit_file_attribute: bool,
    /// When to use colour (NO_COLOR is honoured in `auto`).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Configuration options.
    #[command(flatten)]
    pub flags: ConfigFlags,
    /// Exit 0 even with findings (never when the check is incomplete).
    #[arg(long)]
    pub exit_zero: bool,
    /// Accept a path that holds no register file (by default that exits 2: nothing was checked).
    #[arg(long)]
    pub allow_empty: bool,
    /// Show suppressed, excepted and baselined findings in `human` and `short` output.
    #[arg(long)]
    pub show_suppressed: bool,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Worker threads, 1 or more (default: one per core).
    #[arg(long, value_name = "N", value_parser = parse_threads, allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Print what rules printed (`print`/`debug`) to stderr.
    #[arg(long, short)]
    pub verbose: bool,
    /// Check the files as the git index has them (what the next commit records), not the
    /// work tree: registers, configuration and ignore files are read from the index.
    #[arg(long)]
    pub staged: bool,
    /// Check only share K of N of the repositories found (`2/3`), split by size the same way
    /// in every job, so N CI jobs divide the work; `reglint merge` joins their JSON reports.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
}

/// `reglint check --format`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Human,
    Short,
    Json,
    Jsonl,
    Sarif,
    Junit,
    Github,
    Gitlab,
}

/// `reglint check --color`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::read(text).map_err(|error| format!("`{text}` {error}"))
}

/// `--report FORMAT=FILE`.
fn parse_report(text: &str) -> Result<(Format, PathBuf), String> {
    let formats = || {
        let words: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
        words.join(", ")
    };
    let Some((word, file)) = text.split_once('=') else {
        return Err(format!(
            "`{text}` is not FORMAT=FILE (as in `sarif=reglint.sarif`; formats: {})",
            formats()
        ));
    };
    let Some(format) = Format::parse(word) else {
        return Err(format!("`{word}` is not a format (formats: {})", formats()));
    };
    if file.is_empty() {
        return Err(format!("`{text}` names no file after `=`"));
    }
    Ok((format, PathBuf::from(file)))
}

/// `--threads`: a whole number of 1 or more (rayon reads 0 as "one per core", which the
/// default already is, so 0 is refused rather than silently meaning something else).
fn parse_threads(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err("--threads takes a whole number of 1 or more".to_owned()),
    }
}

/// Parses the command line, or prints clap's error and exits 2. A tip that would turn a
/// mistyped flag into a path ("to pass '--x' as a value, use '-- --x'") is dropped: a
/// register path never starts with `-`, so the tip only ever suggests a wrong fix. A
/// did-you-mean for a near flag is kept.
pub fn parse() -> Cli {
    Cli::try_parse().unwrap_or_else(|mut error| {
        use clap::error::{ContextKind, ContextValue, ErrorKind};
        if matches!(
            error.kind(),
            ErrorKind::UnknownArgument | ErrorKind::InvalidSubcommand
        ) {
            if let Some(ContextValue::StyledStrs(tips)) = error.remove(ContextKind::Suggested) {
                let kept: Vec<_> = tips
                    .into_iter()
                    .filter(|tip| !tip.to_string().starts_with("to pass "))
                    .collect();
                if !kept.is_empty() {
                    error.insert(ContextKind::Suggested, ContextValue::StyledStrs(kept));
                }
            }
        }
        error.exit()
    })
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Short => Format::Short,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Junit => Format::Junit,
            FormatArg::Github => Format::Github,
            FormatArg::Gitlab => Format::Gitlab,
        }
    }
}

impl From<RulesFormat> for ListingFormat {
    fn from(format: RulesFormat) -> Self {
        match format {
            RulesFormat::Human => ListingFormat::Human,
            RulesFormat::Json => ListingFormat::Json,
            RulesFormat::Markdown => ListingFormat::Markdown,
        }
    }
}

impl From<GraphFormatArg> for GraphFormat {
    fn from(format: GraphFormatArg) -> Self {
        match format {
            GraphFormatArg::Dot => GraphFormat::Dot,
            GraphFormatArg::Mermaid => GraphFormat::Mermaid,
            GraphFormatArg::Json => GraphFormat::Json,
        }
    }
}

impl From<FailOnArg> for Severity {
    fn from(level: FailOnArg) -> Self {
        match level {
            FailOnArg::Error => Severity::Error,
            FailOnArg::Warning => Severity::Warning,
            FailOnArg::Info => Severity::Info,
        }
    }
}

impl ConfigFlags {
    /// The engine's options for these flags, relative to `cwd`.
    pub fn options(&self, cwd: PathBuf) -> Options {
        let mut options = Options::new(Date::today_utc(), cwd);
        options.rule_dirs.clone_from(&self.rule_dirs);
        options.config.clone_from(&self.config);
        options.flags = Flags {
            today: self.today,
            fail_on: self.fail_on.map(Severity::from),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
        };
        options
    }
}
