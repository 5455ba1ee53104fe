//! `kiln repl`: an interactive read-eval-print loop with line editing, history
//! (`~/.kiln_history`) and multi-line input (a form continues until it is complete).

use std::process::ExitCode;

use rustyline::error::ReadlineError;

use super::eval::{on_eval_thread, project_runtime, report};

pub fn run() -> anyhow::Result<ExitCode> {
    on_eval_thread(repl)
}

fn history_file() -> Option<std::path::PathBuf> {
    std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".kiln_history"))
}

fn repl() -> ExitCode {
    let rt = match project_runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let Ok(mut editor) = rustyline::DefaultEditor::new() else {
        eprintln!("kiln repl: cannot open the terminal");
        return ExitCode::from(1);
    };
    let history = history_file();
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    let mut pending = String::new();
    loop {
        let ns = rt.current_ns_name();
        let prompt = if pending.is_empty() {
            format!("{ns}=> ")
        } else {
            format!("{:>width$}   ", "", width = ns.len())
        };
        match editor.readline(&prompt) {
            Ok(line) => {
                pending.push_str(&line);
                pending.push('\n');
                if syntax::parse(&pending).is_incomplete() {
                    continue;
                }
                let input = std::mem::take(&mut pending);
                if input.trim().is_empty() {
                    continue;
                }
                let _ = editor.add_history_entry(input.trim_end());
                match rt.eval_str(&input, "<repl>") {
                    Ok(v) => println!("{}", rt.pr_str(&v)),
                    Err(e) => report(&e, Some(("<repl>", &input))),
                }
            }
            Err(ReadlineError::Interrupted) => pending.clear(),
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("kiln repl: {e}");
                break;
            }
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    ExitCode::SUCCESS
}
