//! `kiln eval 'EXPR'` and `kiln run FILE [ARGS]`: evaluate dialect code with the embedded
//! runtime. `eval` prints the value of the last form as `pr-str` would; both print an
//! uncaught error (kind, message, `file:line:col` trace) on stderr and exit 1.

use std::process::ExitCode;

use eval::{EvalError, Runtime};

use super::read_source;

#[derive(clap::Args)]
pub struct EvalArgs {
    /// The expression(s) to evaluate, in namespace `user`.
    expr: String,
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// The file to run.
    file: String,
    /// Arguments, visible to the program as `*command-line-args*`.
    args: Vec<String>,
}

/// Evaluation runs on a thread with a large stack: deep (but legitimate) recursion in user
/// code then meets the VM's own StackOverflowError instead of the process's guard page.
const EVAL_STACK: usize = 512 << 20;

pub(super) fn on_eval_thread<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    let handle = std::thread::Builder::new()
        .name("kiln-eval".into())
        .stack_size(EVAL_STACK)
        .spawn(f)?;
    handle
        .join()
        .map_err(|_| anyhow::anyhow!("the evaluator thread panicked"))
}

/// Prints an uncaught error: kind and message, `ex-data`, then the dialect frames, the
/// innermost one with the source line and a caret under the column.
pub(super) fn report(e: &EvalError, source: Option<(&str, &str)>) {
    eprintln!("{e}");
    match e {
        EvalError::Exception { data, trace, .. } => {
            if let Some(d) = data {
                eprintln!("  data: {d}");
            }
            for (i, frame) in trace.iter().enumerate() {
                eprintln!("  at {frame}");
                if i == 0 {
                    excerpt(&frame.file, frame.line, frame.column, source);
                }
            }
        }
        EvalError::Read { file, error } => excerpt(file, error.line, error.column, source),
        _ => {}
    }
}

fn excerpt(file: &str, line: u32, column: u32, source: Option<(&str, &str)>) {
    if line == 0 {
        return;
    }
    let text = match source {
        Some((name, text)) if name == file => Some(text.to_string()),
        _ => std::fs::read_to_string(file).ok(),
    };
    let Some(text) = text else { return };
    let Some(src_line) = text.lines().nth(line as usize - 1) else {
        return;
    };
    let gutter = line.to_string().len();
    eprintln!("  {:gutter$} |", "");
    eprintln!("  {line} | {src_line}");
    eprintln!(
        "  {:gutter$} | {:>col$}",
        "",
        "^",
        col = column.max(1) as usize
    );
}

/// A runtime for the project in the current directory (source roots from `deps.edn`), or
/// the exit code after reporting why it could not start.
pub(super) fn project_runtime() -> Result<Runtime, ExitCode> {
    let rt = Runtime::new().map_err(|e| {
        report(&e, None);
        ExitCode::from(1)
    })?;
    let roots = Runtime::project_source_roots(std::path::Path::new(".")).map_err(|e| {
        report(&e, None);
        ExitCode::from(1)
    })?;
    rt.set_source_roots(roots);
    Ok(rt)
}

pub fn eval(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let expr = args.expr.clone();
    on_eval_thread(move || {
        let rt = match project_runtime() {
            Ok(rt) => rt,
            Err(code) => return code,
        };
        match rt.eval_str(&expr, "<expr>") {
            Ok(v) => {
                println!("{}", rt.pr_str(&v));
                ExitCode::SUCCESS
            }
            Err(e) => {
                report(&e, Some(("<expr>", &expr)));
                ExitCode::from(1)
            }
        }
    })
}

pub fn run(args: &RunArgs) -> anyhow::Result<ExitCode> {
    let text = read_source(&args.file)?;
    let file = args.file.clone();
    let argv = args.args.clone();
    on_eval_thread(move || {
        let rt = match project_runtime() {
            Ok(rt) => rt,
            Err(code) => return code,
        };
        rt.set_command_line_args(&argv);
        match rt.eval_str(&text, &file) {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                report(&e, None);
                ExitCode::from(1)
            }
        }
    })
}
