//! `kiln`: the one binary — argument parsing only; each command lives in `cli/`.

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc: the syntax tree and the runtime allocate many small objects, and it is markedly
/// faster at that than the system allocator (see docs/performance.md). The counting wrapper
/// gives the runtime its heap statistics and heap budgets.
#[global_allocator]
static GLOBAL: eval::alloc::CountingAlloc<mimalloc::MiMalloc> =
    eval::alloc::CountingAlloc(mimalloc::MiMalloc);

/// kiln: language server, linter and runtime for the ClojureWasm dialect.
#[derive(Parser)]
#[command(name = "kiln", version, about)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

/// Options of `kiln lsp`.
#[derive(clap::Args)]
struct LspArgs {
    /// Talk over stdin/stdout (the only transport; accepted because clients such as
    /// vscode-languageclient pass it).
    #[arg(long)]
    stdio: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Print the syntax tree of a file, or check files for syntax errors.
    Parse(cli::parse::ParseArgs),
    /// Evaluate an expression in namespace `user` and print its value.
    Eval(cli::eval::EvalArgs),
    /// Run a file.
    Run(cli::eval::RunArgs),
    /// Start an interactive REPL (line editing, history, multi-line input).
    Repl,
    /// Run the clojure.test tests under PATHS (default `test/`).
    Test(cli::test::TestArgs),
    /// Lint files or the project's source roots.
    Lint(cli::lint::LintArgs),
    /// Start the language server on stdin/stdout (for editors).
    Lsp(LspArgs),
}

fn main() -> ExitCode {
    let args = Args::parse();
    // `kiln lint` keeps 2 and 3 for findings (as clj-kondo does), so its usage and
    // configuration errors exit 1; the other commands exit 2 on such errors.
    let failure = match args.command {
        Command::Lint(_) => 1,
        _ => 2,
    };
    let result = match args.command {
        Command::Parse(a) => cli::parse::run(&a),
        Command::Eval(a) => cli::eval::eval(&a),
        Command::Run(a) => cli::eval::run(&a),
        Command::Repl => cli::repl::run(),
        Command::Lint(a) => cli::lint::run(&a),
        Command::Test(a) => cli::test::run(&a),
        Command::Lsp(_) => lsp::server::run()
            .map(|clean| {
                if clean {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                }
            })
            .map_err(anyhow::Error::from),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kiln: error: {e:#}");
            ExitCode::from(failure)
        }
    }
}
