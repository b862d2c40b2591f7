//! The `thresh` command.

mod args;
mod clean_cmd;
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
    let default = match (cli.quiet, cli.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, 2) => "debug",
        (false, _) => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}
