//! The virtual machine: functions, exceptions, the interpreter state shared by re-entrant
//! activations, and budgets. The dispatch loop is in [`run`].
//!
//! Re-entrancy: an [`Interp`] is shared (`Rc`) and mutated only through cells, so a native
//! function, a lazy seq or a Wasm host callback can call back into dialect code
//! ([`Interp::apply`]) while an outer activation is suspended in the middle of a call.
//! Each activation has its own value stack; nothing is borrowed across a call.

pub mod exception;
mod leaf;
mod repeat;
mod run;
mod slow;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

pub use exception::{ExClass, Exception, Throw};
pub use repeat::{Repeated, forwarded};

use crate::chunk::Chunk;
use crate::runtime::{Namespace, Var};
use crate::value::Value;

/// A function prototype: the compiled arities of one `fn*`.
pub struct FnProto {
    pub name: Option<String>,
    pub ns: Rc<str>,
    /// Fixed arities, and at most one variadic arity (last).
    arities: Vec<Rc<Chunk>>,
    /// For each argument count below `DIRECT`, the index in `arities` of the chunk that
    /// takes it (`NONE` if none does): a call picks its arity with one load, whichever
    /// position the arity has (transducer steps are the third of four arities).
    direct: [u8; DIRECT],
    /// A protocol method fn's own inline cache (its body is one `ProtoForward`), filled by
    /// `ProtoForward` and never saved in a start-up image; empty for every other fn.
    pub(crate) dispatch_cache: RefCell<Option<Box<crate::core::ProtoCache>>>,
}

impl FnProto {
    /// A prototype of the given arities (fixed ones first, at most one variadic, last).
    pub fn new(name: Option<String>, ns: Rc<str>, arities: Vec<Rc<Chunk>>) -> FnProto {
        let mut direct = [NONE; DIRECT];
        for (argc, slot) in direct.iter_mut().enumerate() {
            if let Some(i) = Self::search(&arities, argc)
                && i < NONE as usize
            {
                *slot = i as u8;
            }
        }
        FnProto {
            name,
            ns,
            arities,
            direct,
            dispatch_cache: RefCell::new(None),
        }
    }

    /// The index of the arity taking `argc` arguments: a fixed one, else the variadic one.
    fn search(arities: &[Rc<Chunk>], argc: usize) -> Option<usize> {
        arities
            .iter()
            .position(|c| !c.variadic && c.params as usize == argc)
            .or_else(|| {
                arities
                    .iter()
                    .position(|c| c.variadic && argc + 1 >= c.params as usize)
            })
    }

    pub fn arities(&self) -> &[Rc<Chunk>] {
        &self.arities
    }

    /// The chunk for a call with `argc` arguments.
    #[inline(always)]
    pub fn arity(&self, argc: usize) -> Option<&Rc<Chunk>> {
        match self.direct.get(argc) {
            Some(&i) if i != NONE => self.arities.get(i as usize),
            Some(_) if self.arities.len() < NONE as usize => None,
            _ => self.other_arity(argc),
        }
    }

    #[cold]
    fn other_arity(&self, argc: usize) -> Option<&Rc<Chunk>> {
        Self::search(&self.arities, argc).and_then(|i| self.arities.get(i))
    }
}

/// Argument counts whose arity a prototype finds with one load (`FnProto::direct`).
const DIRECT: usize = 8;
/// No arity takes that many arguments (or the index does not fit a byte).
const NONE: u8 = u8::MAX;

/// A closure: a prototype and the values it captured.
#[derive(Clone)]
pub struct Closure {
    pub proto: Rc<FnProto>,
    pub captures: Rc<[Value]>,
    pub meta: Option<Value>,
}

impl Closure {
    /// `ns/name` as Clojure's error messages show a function (`user/fn` when anonymous).
    pub fn qualified_name(&self) -> String {
        format!(
            "{}/{}",
            self.proto.ns,
            self.proto.name.as_deref().unwrap_or("fn")
        )
    }

    pub fn display_name(&self) -> String {
        let name = self.proto.name.as_deref().unwrap_or("fn");
        format!(
            "{}${}",
            self.proto.ns.replace('-', "_"),
            name.replace('-', "_")
        )
    }
}

/// The signature of a native function.
pub type NativeImpl = fn(&Interp, &[Value]) -> Result<Value, Throw>;

/// A function implemented in Rust.
pub struct NativeFn {
    pub name: &'static str,
    pub f: NativeImpl,
    /// Its index in [`crate::core::native_table`].
    pub id: u32,
}

/// A binary operator on any operands, as the VM computes it off its long fast paths (the
/// Wasm tier rebuilds the interpreter's exceptions with it).
pub(crate) fn binary_slow(bin: crate::chunk::Bin, a: &Value, b: &Value) -> Result<Value, Throw> {
    slow::binary(bin, a, b)
}

/// What exhausted a budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    Steps,
    Deadline,
    Heap,
}

/// Limits on an evaluation; `None` means unlimited.
#[derive(Debug, Clone, Default)]
pub struct Limits {
    /// Step count (calls and `recur`s since the interpreter started) not to exceed.
    pub max_steps: Option<u64>,
    pub deadline: Option<Instant>,
    /// Live heap bytes not to exceed (needs a counting allocator, see [`crate::alloc`]).
    pub max_heap_bytes: Option<usize>,
}

/// One `binding` form's vars and values.
pub type BindingFrame = Vec<(Rc<Var>, Value)>;

/// Interpreter state shared by every activation on this thread.
pub struct Interp {
    pub namespaces: RefCell<HashMap<Rc<str>, Rc<Namespace>>>,
    pub current_ns: RefCell<Rc<Namespace>>,
    /// Dynamic bindings, innermost frame last.
    pub bindings: RefCell<Vec<BindingFrame>>,
    pub steps: Cell<u64>,
    pub limits: RefCell<Limits>,
    pub interrupt: Arc<AtomicBool>,
    /// Nested activations plus frames, against stack overflow.
    pub depth: Cell<u32>,
    pub gensym: Cell<u64>,
    /// Captured `*out*` / `*err*` when set.
    pub out: RefCell<Option<String>>,
    pub err: RefCell<Option<String>>,
    /// Where `require` looks for namespaces (`src` by default).
    pub source_roots: RefCell<Vec<std::path::PathBuf>>,
    /// When set, natives with side effects (files, processes, environment) refuse to run.
    pub sandboxed: Cell<bool>,
    /// The cycle collector's registry and statistics.
    pub gc: RefCell<crate::gc::Heap>,
}

/// Frames (dialect calls) allowed before a StackOverflowError.
pub const MAX_DEPTH: u32 = 10_000;

thread_local! {
    static CURRENT: RefCell<Vec<Rc<Interp>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with the interpreter active on this thread (the innermost `enter`).
pub fn current<R>(f: impl FnOnce(&Interp) -> Result<R, Throw>) -> Result<R, Throw> {
    let interp = CURRENT.with(|c| c.borrow().last().cloned());
    match interp {
        Some(i) => f(&i),
        None => Err(Throw::illegal_state("no active runtime on this thread")),
    }
}

/// Counts `n` steps against the active interpreter's budgets ([`Interp::tick`]); `Ok` when
/// no runtime is active on this thread (a seq walked outside any eval has no budget).
pub fn tick_active(n: u64) -> Result<(), Throw> {
    match CURRENT.with(|c| c.borrow().last().cloned()) {
        Some(i) => i.tick(n),
        None => Ok(()),
    }
}

/// The active interpreter itself (for natives that must keep a handle to it, such as Wasm
/// host functions).
pub fn current_rc() -> Result<Rc<Interp>, Throw> {
    CURRENT
        .with(|c| c.borrow().last().cloned())
        .ok_or_else(|| Throw::illegal_state("no active runtime on this thread"))
}

/// Makes `interp` the active interpreter until the guard drops.
pub fn enter(interp: &Rc<Interp>) -> EnterGuard {
    CURRENT.with(|c| c.borrow_mut().push(interp.clone()));
    EnterGuard(())
}

pub struct EnterGuard(());

impl Drop for EnterGuard {
    fn drop(&mut self) {
        CURRENT.with(|c| {
            c.borrow_mut().pop();
        });
    }
}

impl Interp {
    pub fn new(user: Rc<Namespace>) -> Interp {
        Interp {
            namespaces: RefCell::new(HashMap::new()),
            current_ns: RefCell::new(user),
            bindings: RefCell::new(Vec::new()),
            steps: Cell::new(0),
            limits: RefCell::new(Limits::default()),
            interrupt: Arc::new(AtomicBool::new(false)),
            depth: Cell::new(0),
            gensym: Cell::new(0),
            out: RefCell::new(None),
            err: RefCell::new(None),
            sandboxed: Cell::new(false),
            gc: RefCell::default(),
            source_roots: RefCell::new(vec![std::path::PathBuf::from("src")]),
        }
    }

    pub fn next_id(&self) -> u64 {
        let n = self.gensym.get() + 1;
        self.gensym.set(n);
        n
    }

    /// Makes `ns` the current namespace (and the value of `*ns*`).
    pub fn set_current_ns(&self, ns: Rc<Namespace>) {
        if let Some(core) = self.find_ns("clojure.core")
            && let Some(var) = core.lookup("*ns*")
        {
            var.set_root(Value::Namespace(ns.clone()));
        }
        *self.current_ns.borrow_mut() = ns;
    }

    pub fn current_ns(&self) -> Rc<Namespace> {
        self.current_ns.borrow().clone()
    }

    pub fn find_ns(&self, name: &str) -> Option<Rc<Namespace>> {
        self.namespaces.borrow().get(name).cloned()
    }

    /// The namespace named `name`, created if missing.
    pub fn ns(&self, name: &str) -> Rc<Namespace> {
        if let Some(ns) = self.find_ns(name) {
            return ns;
        }
        let ns = Rc::new(Namespace::new(name));
        self.namespaces
            .borrow_mut()
            .insert(Rc::from(name), ns.clone());
        ns
    }

    /// The current value of a var: its innermost dynamic binding, else its root.
    pub fn var_value(&self, var: &Rc<Var>) -> Result<Value, Throw> {
        if var.dynamic.get() {
            for frame in self.bindings.borrow().iter().rev() {
                if let Some((_, v)) = frame.iter().find(|(b, _)| Rc::ptr_eq(b, var)) {
                    return Ok(v.clone());
                }
            }
        }
        var.root().ok_or_else(|| {
            Throw::illegal_state(format!(
                "Attempting to call unbound fn: #'{}",
                var.full_name()
            ))
        })
    }

    /// Counts `n` steps against the budget, and checks the deadline and the interrupt flag
    /// every 1024 steps.
    #[inline]
    pub fn tick(&self, n: u64) -> Result<(), Throw> {
        let steps = self.steps.get() + n;
        self.steps.set(steps);
        if steps & 1023 < n {
            return self.check_limits(steps);
        }
        Ok(())
    }

    #[cold]
    fn check_limits(&self, steps: u64) -> Result<(), Throw> {
        if self.interrupt.swap(false, Ordering::Relaxed) {
            return Err(Throw::Interrupted);
        }
        let limits = self.limits.borrow();
        if limits.max_steps.is_some_and(|max| steps > max) {
            return Err(Throw::Exhausted(Budget::Steps));
        }
        if limits.deadline.is_some_and(|d| Instant::now() > d) {
            return Err(Throw::Exhausted(Budget::Deadline));
        }
        if let Some(max) = limits.max_heap_bytes
            && crate::alloc::stats().live_bytes > max
        {
            return Err(Throw::Exhausted(Budget::Heap));
        }
        Ok(())
    }

    /// Calls any callable value with arguments: closures, natives, keywords, maps, sets,
    /// vectors and vars, as Clojure's `IFn`.
    pub fn apply(&self, f: &Value, args: &[Value]) -> Result<Value, Throw> {
        run::apply(self, f, args)
    }

    /// Runs a compiled top-level chunk.
    pub fn run_chunk(&self, chunk: Rc<Chunk>) -> Result<Value, Throw> {
        run::run_toplevel(self, chunk)
    }

    /// Appends to `*out*` (captured or real standard output).
    pub fn write_out(&self, s: &str) {
        match self.out.borrow_mut().as_mut() {
            Some(buf) => buf.push_str(s),
            // The sandbox never writes to the process's own streams.
            None if self.sandboxed.get() => {}
            None => {
                use std::io::Write;
                let _ = std::io::stdout().write_all(s.as_bytes());
            }
        }
    }

    pub fn write_err(&self, s: &str) {
        match self.err.borrow_mut().as_mut() {
            Some(buf) => buf.push_str(s),
            None if self.sandboxed.get() => {}
            None => {
                use std::io::Write;
                let _ = std::io::stderr().write_all(s.as_bytes());
            }
        }
    }
}
