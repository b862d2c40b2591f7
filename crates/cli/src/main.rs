//! The `thresh` command.

mod args;
mod clean_cmd;
mod emit_cmd;
mod fetch_cmd;
mod pipeline_cmd;
mod report;

use std::process::ExitCode;

use clap::Parser as _;
use tracing_subscriber::EnvFilter;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli);
    let result = match &cli.command {
        Command::Clean(args) => clean_cmd::run(args),
        Command::Fetch(args) => fetch_cmd::run(args, cli.quiet),
        Command::Emit(args) => emit_cmd::run(args, cli.quiet),
        Command::Run(args) => match pipeline_cmd::run(args, cli.quiet) {
            Ok(pipeline_cmd::RunOutcome::Done(report)) => Ok(report),
            Ok(pipeline_cmd::RunOutcome::Interrupted(code)) => return ExitCode::from(code),
            Ok(pipeline_cmd::RunOutcome::Locked(message)) => {
                eprintln!("thresh: {message}");
                return ExitCode::from(pipeline_cmd::EXIT_LOCKED);
            }
            Err(e) => Err(e),
        },
        Command::Check(args) => pipeline_cmd::check(args),
        Command::Test(args) => pipeline_cmd::test(args),
    };
    match result {
        Ok(report) => {
            if report.failed > 0 {
                if !cli.quiet && !report.summary_printed {
                    eprintln!("{}", report.summary());
                }
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("thresh: error: {e:#}");
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
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}
