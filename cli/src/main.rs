//! `reglint`: arguments in, one engine call, rendered report out, exit code.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

mod commands;

use clap::{Parser, Subcommand, ValueEnum};
use reglint_engine::date::Date;
use reglint_engine::render::{self, Format, rules::ListingFormat};
use reglint_engine::{Linter, Options, Outcome, Severity};

/// A linter for ISO/IEC 27001 management-system registers kept as YAML.
#[derive(Debug, Parser)]
#[command(name = "reglint", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check register repositories against the rules.
    Check(CheckArgs),
    /// Run rules against fixture folders with inline `# expect:` comments.
    Test(TestArgs),
    /// List every active rule.
    Rules(RulesArgs),
    /// Print a rule's documentation.
    Explain(ExplainArgs),
    /// Scaffold an organisation rule with a firing and a passing fixture.
    NewRule(NewRuleArgs),
}

#[derive(Debug, clap::Args)]
struct NewRuleArgs {
    /// The rule's name: lowercase words joined by `-`, naming the problem (`party-without-owner`).
    name: String,
    /// The organisation's rule folder; the rule goes to DIR/rules, its fixtures to DIR/fixtures.
    #[arg(long, default_value = "reglint-rules")]
    dir: PathBuf,
    /// The rule's short code.
    #[arg(long, default_value = "ORG001")]
    code: String,
}

#[derive(Debug, clap::Args)]
struct TestArgs {
    /// Fixture folders laid out as `<rule-name>/<case>/` (default: `fixtures/rules`).
    #[arg(default_value = "fixtures/rules")]
    paths: Vec<PathBuf>,
    /// A folder of organisation rules; with it, only those rules must be covered by fixtures.
    #[arg(long = "rules", value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,
}

#[derive(Debug, clap::Args)]
struct RulesArgs {
    /// A folder of organisation rules to list beside the built-in pack (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
    /// Output format (`markdown`: the rule reference, docs/rules.md).
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Debug, clap::Args)]
struct ExplainArgs {
    /// The rule's name or code.
    rule: String,
    /// A folder of organisation rules to search too (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Register repositories, folders or files to check.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// When to use colour (NO_COLOR is honoured in `auto`).
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// The reference date (YYYY-MM-DD) for review checks; defaults to today (UTC).
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    threads: Option<usize>,
    /// A folder of organisation rules to load beside the built-in pack (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
    /// Print what rules printed (`print`/`debug`) to stderr.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Jsonl,
    Short,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

// The loader allocates many small nodes per file on every worker; mimalloc cuts the
// allocator and page-fault share of a run (see the benchmark in CHANGELOG/issue notes).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a date in the form YYYY-MM-DD"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Test(args) => commands::test(
            &args.paths,
            &args.rule_dirs,
            args.format == ListFormat::Json,
        ),
        Command::Rules(args) => {
            let format = match args.format {
                RulesFormat::Human => ListingFormat::Human,
                RulesFormat::Json => ListingFormat::Json,
                RulesFormat::Markdown => ListingFormat::Markdown,
            };
            commands::rules(&args.rule_dirs, format)
        }
        Command::Explain(args) => commands::explain(&args.rule, &args.rule_dirs),
        Command::NewRule(args) => commands::new_rule(&args.name, &args.code, &args.dir),
    };
    match result {
        Ok(code) => code,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn check(args: CheckArgs) -> io::Result<ExitCode> {
    if let Some(threads) = args.threads {
        if let Err(error) = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
        {
            eprintln!("error: cannot start {threads} threads: {error}");
            return Ok(ExitCode::from(2));
        }
    }
    let today = args.today.unwrap_or_else(Date::today_utc);
    let mut options = Options::new(today, std::env::current_dir()?);
    options.rule_dirs = args.rule_dirs;
    let report = match Linter::new(options).and_then(|linter| linter.check(&args.paths)) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(ExitCode::from(2));
        }
    };
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Short => Format::Short,
    };
    let stdout = io::stdout();
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let mut out = io::BufWriter::new(stdout.lock());
    render::render(&report, format, color, &mut out)?;
    out.flush()?;
    if args.verbose {
        for line in &report.log {
            eprintln!("{line}");
        }
    }
    if format == Format::Human {
        eprintln!("{}", render::summary_line(&report));
    }
    Ok(match report.outcome(Severity::Error) {
        Outcome::Clean => ExitCode::SUCCESS,
        Outcome::Findings => ExitCode::from(1),
        Outcome::Incomplete => ExitCode::from(2),
    })
}
