//! The embedding API: create a [`Runtime`], evaluate source in it, capture output.
//!
//! A runtime owns one interpreter (`Rc`, single-threaded). Start-up installs the natives and
//! loads `core.clj` (embedded in the binary) into `clojure.core`, then makes `user`.

pub mod load;
mod ns;

use std::rc::Rc;

pub use ns::{Atom, Delay, Namespace, Var};

use crate::reader::ReadError;
use crate::value::Value;
use crate::value::print::pr_str;
pub use crate::vm::exception::TraceFrame;
use crate::vm::{self, Budget, Interp, Throw};

/// An evaluation that did not produce a value.
#[derive(Debug, Clone, thiserror::Error)]
pub enum EvalError {
    #[error("{file}:{}:{}: syntax error: {}", .error.line, .error.column, .error.message)]
    Read { file: String, error: ReadError },
    #[error("{class}: {message}")]
    Exception {
        class: String,
        message: String,
        /// The class of the cause, if any (compile errors carry the JVM's cause class).
        cause: Option<String>,
        /// `ex-data`, printed.
        data: Option<String>,
        /// Dialect frames, innermost first.
        trace: Vec<TraceFrame>,
    },
    #[error("evaluation budget exhausted: {0:?}")]
    Exhausted(Budget),
    #[error("evaluation interrupted")]
    Interrupted,
}

impl EvalError {
    fn from_throw(t: Throw) -> EvalError {
        match t {
            Throw::Exception(e) => EvalError::Exception {
                class: e.class_name().to_string(),
                message: e.message.clone().unwrap_or_default(),
                cause: match &e.cause {
                    Some(Value::Exception(c)) => Some(c.class_name().to_string()),
                    _ => None,
                },
                data: e.data.as_ref().map(pr_str),
                trace: e.trace.borrow().clone(),
            },
            Throw::Exhausted(b) => EvalError::Exhausted(b),
            Throw::Interrupted => EvalError::Interrupted,
        }
    }
}

/// Budgets for [`Runtime::eval_limited`]; `None` is unlimited.
#[derive(Debug, Clone, Default)]
pub struct EvalLimits {
    /// Calls and `recur`s.
    pub max_steps: Option<u64>,
    pub timeout: Option<std::time::Duration>,
    /// Net heap growth allowed, in bytes (needs the counting allocator, see [`crate::alloc`]).
    pub max_heap_bytes: Option<usize>,
}

/// Stops a running evaluation from another thread (within about a thousand VM steps).
#[derive(Clone)]
pub struct InterruptHandle(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl InterruptHandle {
    pub fn interrupt(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
        // A running Wasm guest notices at its next epoch check.
        crate::wasm::kick();
    }
}

/// The result of [`Runtime::eval_capture`].
#[derive(Debug, Clone)]
pub struct Outcome {
    pub value: Result<Value, EvalError>,
    pub out: String,
    pub err: String,
}

/// An embedded runtime.
pub struct Runtime {
    interp: Rc<Interp>,
}

impl Runtime {
    /// A runtime with `clojure.core` loaded and `user` as the current namespace: restored
    /// from the start-up image when there is one (see [`crate::snapshot`]), else booted
    /// from the bundled sources (and the image saved for next time).
    pub fn new() -> Result<Runtime, EvalError> {
        if let Some(image) = crate::snapshot::cache::load() {
            match Runtime::from_image(&image) {
                Ok(rt) => return Ok(rt),
                Err(e) => {
                    debug_image(&e);
                    crate::snapshot::cache::forget();
                }
            }
        }
        let rt = Runtime::from_source()?;
        match rt.image() {
            Ok(bytes) => crate::snapshot::cache::store(bytes),
            Err(e) => debug_image(&e),
        }
        Ok(rt)
    }

    /// This runtime's state as a start-up image (see [`crate::snapshot`]).
    pub fn image(&self) -> Result<Vec<u8>, crate::snapshot::SnapshotError> {
        crate::snapshot::capture(&self.interp)
    }

    /// A runtime restored from an image made by [`Runtime::image`].
    pub fn from_image(bytes: &[u8]) -> Result<Runtime, crate::snapshot::SnapshotError> {
        let rt = Runtime::blank();
        let _active = vm::enter(&rt.interp);
        crate::snapshot::restore(&rt.interp, bytes)?;
        Ok(rt)
    }

    /// An interpreter with only an empty `clojure.core`.
    fn blank() -> Runtime {
        let core = Rc::new(Namespace::new("clojure.core"));
        let interp = Rc::new(Interp::new(core.clone()));
        interp
            .namespaces
            .borrow_mut()
            .insert(Rc::from("clojure.core"), core);
        Runtime { interp }
    }

    /// A runtime booted from the bundled sources, never from an image (what [`Runtime::new`]
    /// does when there is no image yet).
    pub fn from_source() -> Result<Runtime, EvalError> {
        let rt = Runtime::blank();
        crate::core::install(&rt.interp);
        rt.eval_str(crate::core::CORE_CLJ, "clojure/core.clj")?;
        rt.eval_str(crate::core::SEQS_CLJ, "clojure/core_seqs.clj")?;
        rt.eval_str(crate::core::TYPES_CLJ, "clojure/core_types.clj")?;
        rt.eval_str(crate::core::EXTRAS_CLJ, "clojure/core_extras.clj")?;
        rt.eval_str(crate::wasm::WASM_CLJ, "cljw/wasm.clj")?;
        rt.eval_str(
            "(in-ns 'user) (clojure.core/-refer-all 'clojure.core)",
            "<init>",
        )?;
        Ok(rt)
    }

    pub fn interp(&self) -> &Rc<Interp> {
        &self.interp
    }

    /// Reads and evaluates every form of `src` in order; the value of the last one.
    pub fn eval_str(&self, src: &str, file: &str) -> Result<Value, EvalError> {
        let _active = vm::enter(&self.interp);
        load::eval_source(&self.interp, src, file).map_err(|e| match e {
            load::LoadError::Read { file, error } => EvalError::Read { file, error },
            load::LoadError::Throw(t) => EvalError::from_throw(t),
        })
    }

    /// Evaluates under budgets: a step count, a wall-clock timeout and a heap growth limit
    /// (each optional). Exceeding one gives [`EvalError::Exhausted`]; nothing hangs.
    pub fn eval_limited(
        &self,
        src: &str,
        file: &str,
        limits: &EvalLimits,
    ) -> Result<Value, EvalError> {
        let interp = &self.interp;
        let saved = interp.limits.borrow().clone();
        *interp.limits.borrow_mut() = vm::Limits {
            max_steps: limits
                .max_steps
                .map(|n| interp.steps.get().saturating_add(n)),
            deadline: limits.timeout.map(|t| std::time::Instant::now() + t),
            max_heap_bytes: limits
                .max_heap_bytes
                .map(|n| crate::alloc::stats().live_bytes.saturating_add(n)),
        };
        interp
            .interrupt
            .store(false, std::sync::atomic::Ordering::Relaxed);
        let result = self.eval_str(src, file);
        *interp.limits.borrow_mut() = saved;
        result
    }

    /// Runs the cycle collector now (the embedder must not hold values it still needs
    /// outside the runtime's namespaces; see `gc.rs`).
    pub fn collect_garbage(&self) -> crate::gc::Stats {
        crate::gc::collect(&self.interp, &[]);
        self.interp.gc.borrow().stats.clone()
    }

    /// A handle another thread can use to stop the running evaluation.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle(self.interp.interrupt.clone())
    }

    /// In the sandbox, code cannot touch files (other than reading sources to load
    /// namespaces), the network, processes, the environment or Wasm modules, and its output
    /// is captured instead of reaching the process's stdout/stderr.
    pub fn set_sandboxed(&self, on: bool) {
        self.interp.sandboxed.set(on);
    }

    /// Evaluates with `*out*` and `*err*` captured.
    pub fn eval_capture(&self, src: &str, file: &str) -> Outcome {
        *self.interp.out.borrow_mut() = Some(String::new());
        *self.interp.err.borrow_mut() = Some(String::new());
        let value = self.eval_str(src, file);
        Outcome {
            value,
            out: self.interp.out.borrow_mut().take().unwrap_or_default(),
            err: self.interp.err.borrow_mut().take().unwrap_or_default(),
        }
    }

    /// [`Runtime::eval_limited`] with `*out*` and `*err*` captured (eval-in-editor).
    pub fn eval_capture_limited(&self, src: &str, file: &str, limits: &EvalLimits) -> Outcome {
        *self.interp.out.borrow_mut() = Some(String::new());
        *self.interp.err.borrow_mut() = Some(String::new());
        let value = self.eval_limited(src, file, limits);
        Outcome {
            value,
            out: self.interp.out.borrow_mut().take().unwrap_or_default(),
            err: self.interp.err.borrow_mut().take().unwrap_or_default(),
        }
    }

    /// `pr-str` of a value, realizing lazy seqs with this runtime.
    pub fn pr_str(&self, v: &Value) -> String {
        let _active = vm::enter(&self.interp);
        pr_str(v)
    }

    /// Calls a dialect function value.
    pub fn call(&self, f: &Value, args: &[Value]) -> Result<Value, EvalError> {
        let _active = vm::enter(&self.interp);
        self.interp.apply(f, args).map_err(EvalError::from_throw)
    }

    /// The name of the current namespace.
    pub fn current_ns_name(&self) -> String {
        self.interp.current_ns().name().to_string()
    }

    /// Where `require` looks for namespaces.
    /// Where `require` looks for namespaces.
    pub fn source_roots(&self) -> Vec<std::path::PathBuf> {
        self.interp.source_roots.borrow().clone()
    }

    pub fn set_source_roots(&self, roots: Vec<std::path::PathBuf>) {
        *self.interp.source_roots.borrow_mut() = roots;
    }

    /// The source roots of the project in `dir`: `deps.edn`'s `:paths` when it has them
    /// (relative to `dir`), else `dir/src`.
    pub fn project_source_roots(
        dir: &std::path::Path,
    ) -> Result<Vec<std::path::PathBuf>, EvalError> {
        let deps = dir.join("deps.edn");
        let default = vec![dir.join("src")];
        let Ok(text) = std::fs::read_to_string(&deps) else {
            return Ok(default);
        };
        let rt = Runtime::new()?;
        let data = rt.eval_str(&format!("(quote {text})"), &deps.to_string_lossy())?;
        let paths = match &data {
            Value::Map(m) => m.get(&Value::keyword("paths")).cloned(),
            _ => None,
        };
        Ok(match paths {
            Some(Value::Vector(v)) => v
                .iter()
                .filter_map(|p| match p {
                    Value::Str(s) => Some(dir.join(&**s)),
                    _ => None,
                })
                .collect(),
            _ => default,
        })
    }

    /// Sets `*command-line-args*` (a seq of strings, or nil when empty).
    pub fn set_command_line_args(&self, args: &[String]) {
        let v = if args.is_empty() {
            Value::Nil
        } else {
            Value::List(Rc::new(crate::value::List::from_vec(
                args.iter().map(|a| Value::str(a)).collect(),
            )))
        };
        self.interp
            .ns("clojure.core")
            .intern("*command-line-args*")
            .set_root(v);
    }

    /// Is `ns/name` a var holding a macro?
    pub fn is_macro(&self, ns: &str, name: &str) -> bool {
        self.interp
            .find_ns(ns)
            .and_then(|n| n.lookup(name))
            .is_some_and(|v| v.macro_.get())
    }

    /// The value of a var, e.g. `("clojure.core", "map")`.
    pub fn var(&self, ns: &str, name: &str) -> Option<Value> {
        self.interp.find_ns(ns)?.lookup(name)?.root()
    }
}

/// Reports why a start-up image was not used, when `KILN_IMAGE_DEBUG` is set (otherwise the
/// fallback to booting from source is silent: it only costs time).
fn debug_image(e: &crate::snapshot::SnapshotError) {
    if std::env::var_os("KILN_IMAGE_DEBUG").is_some() {
        eprintln!("kiln: start-up image not used: {e}");
    }
}
