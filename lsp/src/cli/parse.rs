//! `kiln parse FILE` prints the syntax tree; `kiln parse --check FILE…` prints only the
//! syntax errors, one per line as `file:line:col: message`, and exits 1 when there is any.

use std::process::ExitCode;

use syntax::{LineIndex, PositionEncoding};

use super::read_source;

#[derive(clap::Args)]
pub struct ParseArgs {
    /// Only report syntax errors (as `file:line:col: message`); exit 1 if there is any.
    #[arg(long)]
    check: bool,
    /// Files to parse (`-` reads standard input).
    #[arg(required = true)]
    files: Vec<String>,
}

pub fn run(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let mut any_error = false;
    let mut unreadable = false;
    for file in &args.files {
        let text = match read_source(file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{file}: error: {e:#}");
                unreadable = true;
                continue;
            }
        };
        let parse = syntax::parse(&text);
        if args.check {
            let index = LineIndex::new(&text);
            for error in parse.errors() {
                any_error = true;
                let pos = index.position(PositionEncoding::Utf32, error.range.start());
                println!("{file}:{}:{}: {}", pos.line + 1, pos.col + 1, error.message);
            }
        } else {
            if args.files.len() > 1 {
                println!("== {file}");
            }
            print!("{}", parse.debug_tree());
        }
    }
    Ok(if unreadable {
        ExitCode::from(2)
    } else if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
