//! The `thresh` command.

mod args;
mod clean_cmd;
mod emit_cmd;
mod explain_cmd;
mod fetch_cmd;
mod logbar;
mod ordered;
mod pipeline_cmd;
mod report;

use std::process::ExitCode;

use clap::Parser as _;
use tracing_subscriber::EnvFilter;

use crate::args::{Cli, Command};

/// Flags of trafilatura (and other extractors) that users type by habit,
/// with what thresh calls them.
const HABITS: &[(&str, &str)] = &[
    ("--output-format", "--format"),
    ("--precision", "--focus precision"),
    ("--recall", "--focus recall"),
    (
        "--input-dir",
        "an input directory as an argument (thresh clean DIR)",
    ),
    ("--output-dir", "--out DIR (clean) or --dir DIR (emit)"),
    (
        "--keep-dirs",
        "nothing: clean --out mirrors the input tree already",
    ),
    ("--URL", "a URL as an argument (thresh clean URL)"),
    ("--input-file", "-i FILE (fetch)"),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if let Some((flag, ours)) = args.iter().skip(1).find_map(|a| {
        let name = a.split('=').next().unwrap_or(a);
        HABITS.iter().find(|(f, _)| *f == name)
    }) {
        eprintln!("thresh: `{flag}` is trafilatura's; here it is {ours} (see thresh --help)");
        return ExitCode::from(2);
    }
    let cli = Cli::parse_from(args);
    init_logging(&cli);
    let result = match &cli.command {
        Command::Clean(args) => clean_cmd::run(args, cli.quiet),
        Command::Fetch(args) => fetch_cmd::run(args, cli.quiet),
        Command::Emit(args) => emit_cmd::run(args, cli.quiet),
        Command::Explain(args) => explain_cmd::run(args),
        Command::Run(args) => match pipeline_cmd::run(args, cli.quiet) {
            Ok(pipeline_cmd::RunOutcome::Done(report)) => Ok(report),
            Ok(pipeline_cmd::RunOutcome::Interrupted(code)) => return ExitCode::from(code),
            Ok(pipeline_cmd::RunOutcome::Locked(message)) => {
                eprintln!("thresh: {message}");
                return ExitCode::from(pipeline_cmd::EXIT_LOCKED);
            }
            Err(e) => Err(e),
        },
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "thresh", &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            return match clap_mangen::Man::new(cmd).render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("thresh: cannot write the man page: {e}");
                    ExitCode::from(1)
                }
            };
        }
        Command::Check(args) => pipeline_cmd::check(args),
        Command::Test(args) => pipeline_cmd::test(args),
        Command::State(args) => pipeline_cmd::state(args),
    };
    match result {
        Ok(report) => {
            if (report.failed > 0 || report.empty > 0 || report.other_language > 0)
                && !cli.quiet
                && !report.summary_printed
            {
                eprintln!("{}", report.summary());
            }
            if report.failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("thresh: error: {}", report::one_line(&e));
            ExitCode::from(1)
        }
    }
}

fn init_logging(cli: &Cli) {
    // html5ever logs its tree builder's notes ("foster parenting not
    // implemented") as warnings, thousands for one page: they are not
    // the user's concern, so they show only at -vvv (trace).
    let default = match (cli.quiet, cli.verbose) {
        (true, _) => "error,html5ever=off",
        (false, 0) => "warn,html5ever=off",
        (false, 1) => "info,html5ever=off",
        (false, 2) => "debug,html5ever=off",
        (false, _) => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| logbar::Stderr)
        .with_target(false)
        .with_ansi(use_colour(cli.color))
        .init();
}

/// Colour on stderr: `--color always|never`, else only on a terminal and
/// only when `NO_COLOR` is unset or empty (https://no-color.org).
fn use_colour(choice: args::ColorArg) -> bool {
    use std::io::IsTerminal as _;
    match choice {
        args::ColorArg::Always => true,
        args::ColorArg::Never => false,
        args::ColorArg::Auto => {
            std::io::stderr().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}
