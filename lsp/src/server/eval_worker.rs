//! Eval-in-editor: one runtime per server, owned by a dedicated thread (the runtime is
//! single-threaded and re-entrant, not `Send`). Requests arrive over a channel and answer
//! through a oneshot; a running evaluation is stopped from any thread through the runtime's
//! interrupt handle, and every evaluation runs under step, time and heap budgets, so a
//! loop in user code never blocks the server or other requests.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use eval::{EvalError, EvalLimits, InterruptHandle, Runtime};
use tokio::sync::oneshot;

/// Budgets for one evaluation (from the client's settings).
#[derive(Debug, Clone)]
pub struct Budgets {
    pub timeout: Duration,
    pub max_steps: Option<u64>,
    pub max_heap_bytes: Option<usize>,
}

impl Default for Budgets {
    fn default() -> Budgets {
        Budgets {
            timeout: Duration::from_secs(30),
            max_steps: None,
            max_heap_bytes: Some(1 << 30),
        }
    }
}

/// What to evaluate.
pub struct EvalJob {
    /// The file's namespace, and the source of its `ns` form (evaluated first when the
    /// namespace is not loaded yet, which loads the project namespaces it requires).
    pub ns: String,
    pub ns_form: Option<String>,
    /// Code, padded so that its lines and columns are those of the file.
    pub code: String,
    pub file: String,
    pub budgets: Budgets,
}

/// What an evaluation gave.
#[derive(Debug, Clone)]
pub struct EvalResult {
    pub value: Result<String, EvalFailure>,
    pub out: String,
    pub err: String,
}

/// An evaluation error: message, and 1-based line/column in the file when known.
#[derive(Debug, Clone)]
pub struct EvalFailure {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

enum Msg {
    Eval(EvalJob, oneshot::Sender<EvalResult>),
    Roots(Vec<PathBuf>),
}

/// The handle the server keeps.
pub struct EvalWorker {
    tx: mpsc::Sender<Msg>,
    interrupt: InterruptHandle,
}

impl EvalWorker {
    /// Starts the runtime thread (`None` if the runtime cannot start).
    pub fn start() -> Option<EvalWorker> {
        let (tx, rx) = mpsc::channel::<Msg>();
        let (itx, irx) = mpsc::channel();
        std::thread::Builder::new()
            .name("kiln-eval".into())
            .stack_size(256 << 20)
            .spawn(move || {
                let rt = match Runtime::new() {
                    Ok(rt) => rt,
                    Err(_) => return,
                };
                let _ = itx.send(rt.interrupt_handle());
                for msg in rx {
                    match msg {
                        Msg::Roots(roots) => rt.set_source_roots(roots),
                        Msg::Eval(job, reply) => {
                            let _ = reply.send(run(&rt, job));
                        }
                    }
                }
            })
            .ok()?;
        let interrupt = irx.recv().ok()?;
        Some(EvalWorker { tx, interrupt })
    }

    pub fn set_source_roots(&self, roots: Vec<PathBuf>) {
        let _ = self.tx.send(Msg::Roots(roots));
    }

    /// Queues an evaluation; the receiver gets the result.
    pub fn eval(&self, job: EvalJob) -> oneshot::Receiver<EvalResult> {
        let (reply, rx) = oneshot::channel();
        let _ = self.tx.send(Msg::Eval(job, reply));
        rx
    }

    /// Stops the running evaluation (it ends with "evaluation interrupted").
    pub fn interrupt(&self) {
        self.interrupt.interrupt();
    }
}

fn failure(e: &EvalError, file: &str) -> EvalFailure {
    let (line, column) = match e {
        EvalError::Read { error, .. } => (error.line, error.column),
        EvalError::Exception { trace, .. } => trace
            .iter()
            .find(|f| f.file == file && f.line > 0)
            .map_or((0, 0), |f| (f.line, f.column)),
        _ => (0, 0),
    };
    let message = match e {
        EvalError::Exception { data: Some(d), .. } => format!("{e} {d}"),
        _ => e.to_string(),
    };
    EvalFailure {
        message,
        line,
        column,
    }
}

fn run(rt: &Runtime, job: EvalJob) -> EvalResult {
    let limits = EvalLimits {
        max_steps: job.budgets.max_steps,
        timeout: Some(job.budgets.timeout),
        max_heap_bytes: job.budgets.max_heap_bytes,
    };
    let ns_sym = job.ns.replace(['\'', ' '], "");
    let loaded = rt
        .eval_str(&format!("(some? (find-ns '{ns_sym}))"), "<kiln>")
        .map(|v| rt.pr_str(&v) == "true")
        .unwrap_or(false);
    // Load the namespace first; if its `ns` form fails (a library the runtime cannot
    // load), say so on the error output and evaluate anyway in what was set up.
    let mut pre_out = String::new();
    let mut pre_err = String::new();
    if !loaded && let Some(form) = &job.ns_form {
        let o = rt.eval_capture_limited(form, &job.file, &limits);
        pre_out = o.out;
        pre_err = o.err;
        if let Err(e) = o.value {
            pre_err.push_str(&format!("kiln: loading namespace {ns_sym} failed: {e}\n"));
            let _ = rt.eval_str(
                &format!("(in-ns '{ns_sym}) (clojure.core/refer-clojure)"),
                "<kiln>",
            );
        }
    }
    let _ = rt.eval_str(&format!("(in-ns '{ns_sym})"), "<kiln>");
    let o = rt.eval_capture_limited(&job.code, &job.file, &limits);
    EvalResult {
        value: match o.value {
            Ok(v) => Ok(rt.pr_str(&v)),
            Err(e) => Err(failure(&e, &job.file)),
        },
        out: pre_out + &o.out,
        err: pre_err + &o.err,
    }
}
