//! The Wasm tier: a dialect function that is a numeric loop around `wasm/call`s runs as
//! WebAssembly, inside the called module's store, calling the guest's exports Wasm to Wasm.
//!
//! The interpreter pays for every iteration and every call (reading the vars, the native
//! call, converting arguments, entering wasmtime). A fn like
//! `(defn sum [n] (loop [i 0 acc 0] (if (< i n) (recur (inc i) (+ acc (wasm/call m "add" i 1))) acc)))`
//! needs none of that: its locals are longs, and `m` and the export are known once the var
//! is read. So the compiler marks fns whose bytecode stays within a small subset (longs,
//! booleans, arithmetic and comparisons, `loop`/`recur`, `if`, `wasm/call` with a literal
//! export name on a module held by a var; see [`translate`]) with an `Op::Tier` first
//! instruction. On the second call (the first, with [`Mode::Eager`]) it translates the
//! bytecode to a Wasm function, compiles it (cached by content, like any module),
//! instantiates it in the module's store with the called exports as its imports, and from
//! then on runs it instead of the bytecode whenever the guards hold:
//!
//! - every argument is a long;
//! - the vars still hold what they held at translation (the module, the `wasm/call` native,
//!   a `wasm/fn`, a long or boolean read as a constant): a var redefined makes the fn
//!   translate again, for its new value;
//! - no budget (`with-budget`) is active, the module is not busy (no call of it is
//!   running), and the module has no WASI and no imported functions — so no dialect code
//!   can run while the Wasm function does, and nothing it reads can change under it.
//!
//! Otherwise the bytecode runs as before. Semantics are the interpreter's: long overflow
//! and an argument out of `i32` range throw the same exceptions (rebuilt from the error
//! globals the function sets before it traps), guest traps name the export and carry the
//! guest's backtrace (without the tier's own frame), interrupts and `:timeout-ms` stop the
//! loop through epochs. Fuel: each guest call gets the module's fuel as from the
//! interpreter, plus a small allowance for the tier function's own instructions up to its
//! next refuel (`Plan::slack`, 16 units per bytecode instruction); a back edge with no
//! guest call refuels too, so the loop itself never runs out.

pub mod translate;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasmtime::{Caller, Linker, ValRaw, ValType};

use super::{HostState, WasmModule, engine};
use crate::chunk::{Bin, Chunk, Op};
use crate::runtime::Var;
use crate::value::Value;
use crate::vm::{Interp, Throw};
use translate::{ERR_ARG, ERR_BIN, ERR_INC, Env, Plan};

/// When marked fns are translated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Never: every fn runs as bytecode.
    Off = 0,
    /// On a marked fn's second call (the default).
    Lazy = 1,
    /// On its first call (tests).
    Eager = 2,
}

thread_local! {
    static MODE: Cell<u8> = const { Cell::new(u8::MAX) };
}

/// This thread's mode: set by [`set_mode`], else `KILN_WASM_TIER=off|eager`, else lazy.
pub fn mode() -> Mode {
    match MODE.with(Cell::get) {
        0 => Mode::Off,
        1 => Mode::Lazy,
        2 => Mode::Eager,
        _ => {
            let m = match std::env::var("KILN_WASM_TIER").as_deref() {
                Ok("off") => Mode::Off,
                Ok("eager") => Mode::Eager,
                _ => Mode::Lazy,
            };
            MODE.with(|c| c.set(m as u8));
            m
        }
    }
}

/// Sets the mode for this thread (runtimes are single-threaded).
pub fn set_mode(m: Mode) {
    MODE.with(|c| c.set(m as u8));
}

thread_local! {
    static RUNS: Cell<u64> = const { Cell::new(0) };
}

/// How many calls on this thread ran as Wasm so far (for tests and benchmarks).
pub fn runs() -> u64 {
    RUNS.with(Cell::get)
}

/// A marked fn's tier state (in its chunk).
#[derive(Default)]
pub struct Tier {
    state: RefCell<State>,
}

#[derive(Default)]
enum State {
    /// Never called.
    #[default]
    Cold,
    /// Called once (translated on the next call, in the lazy mode).
    Seen,
    Ready(Rc<Compiled>),
    /// Untranslatable: runs as bytecode from now on (`KILN_WASM_TIER_LOG=1` prints why).
    Failed,
}

/// How many times a fn is translated again after its vars changed before it stays bytecode.
const MAX_TRANSLATIONS: u32 = 4;

struct Compiled {
    module: Weak<WasmModule>,
    module_vars: Vec<Rc<Var>>,
    call_vars: Vec<Rc<Var>>,
    fn_vars: Vec<(Rc<Var>, Value)>,
    const_vars: Vec<(Rc<Var>, Value)>,
    run: wasmtime::Func,
    instance: wasmtime::Instance,
    tier_module: wasmtime::Module,
    exports: Vec<Rc<str>>,
    sites: Vec<usize>,
    params: usize,
    slack: u64,
    translations: u32,
}

/// Marks `chunk` for the tier when its bytecode is within the subset: inserts `Op::Tier`
/// first (moving every jump target one on).
pub fn attach(interp: &Interp, chunk: &mut Chunk) {
    if mode() == Mode::Off || !translate::eligible(chunk, &RuntimeEnv(interp)) {
        return;
    }
    let Some(ret) = chunk.code.iter().position(|op| *op == Op::Return) else {
        return;
    };
    for op in &mut chunk.code {
        match op {
            Op::Jump(t) | Op::JumpIfFalse(t) | Op::PushHandler(t) => *t += 1,
            Op::BranchUnless { target, .. } | Op::Recur { target, .. } => *target += 1,
            _ => {}
        }
    }
    chunk.code.insert(0, Op::Tier(ret as u32 + 1));
    let pos = chunk.positions.first().copied().unwrap_or((0, 0));
    if !chunk.positions.is_empty() {
        chunk.positions.insert(0, pos);
    }
    chunk.tier = Some(Box::default());
}

struct RuntimeEnv<'a>(&'a Interp);

impl Env for RuntimeEnv<'_> {
    fn var_value(&self, var: &Rc<Var>) -> Option<Value> {
        self.0.var_value(var).ok()
    }
    fn wasm_fn_target(&self, v: &Value) -> Option<(Rc<WasmModule>, Rc<str>)> {
        let Value::Fn(c) = v else {
            return None;
        };
        // Made by `wasm/fn`: its prototype is the one inside `wasm/fn`'s own code, which
        // captures the module and then the export name.
        let Some(Value::Fn(maker)) = self.0.find_ns("wasm")?.lookup("fn")?.root() else {
            return None;
        };
        let made_by = maker
            .proto
            .arities()
            .iter()
            .any(|a| a.protos.iter().any(|p| Rc::ptr_eq(p, &c.proto)));
        match (made_by, c.captures.first(), c.captures.get(1)) {
            (true, Some(Value::Wasm(m)), Some(Value::Str(name))) => Some((m.clone(), name.clone())),
            _ => None,
        }
    }
    fn is_call_native(&self, v: &Value) -> bool {
        matches!(v, Value::Native(n) if std::ptr::fn_addr_eq(n.f, super::natives::call as crate::vm::NativeImpl))
    }
}

impl Tier {
    /// Runs the fn as Wasm when it can: `None` means "run the bytecode".
    pub fn run(
        &self,
        interp: &Interp,
        chunk: &Chunk,
        args: &[Value],
    ) -> Option<Result<Value, Throw>> {
        if mode() == Mode::Off || args.iter().any(|a| !matches!(a, Value::Long(_))) {
            return None;
        }
        {
            let l = interp.limits.borrow();
            if l.max_steps.is_some() || l.deadline.is_some() || l.max_heap_bytes.is_some() {
                return None;
            }
        }
        let compiled = {
            let mut state = self.state.borrow_mut();
            match &*state {
                State::Failed => return None,
                State::Cold if mode() != Mode::Eager => {
                    *state = State::Seen;
                    return None;
                }
                State::Ready(c) if guards_hold(interp, c) => c.clone(),
                State::Ready(c) if c.translations >= MAX_TRANSLATIONS => {
                    *state = State::Failed;
                    return None;
                }
                _ => {
                    let translations = match &*state {
                        State::Ready(c) => c.translations + 1,
                        _ => 1,
                    };
                    match prepare(interp, chunk, translations) {
                        Ok(c) => {
                            if std::env::var_os("KILN_WASM_TIER_LOG").is_some() {
                                eprintln!("wasm tier: {} runs as Wasm", chunk.name);
                            }
                            let c = Rc::new(c);
                            *state = State::Ready(c.clone());
                            c
                        }
                        Err(why) => {
                            if std::env::var_os("KILN_WASM_TIER_LOG").is_some() {
                                eprintln!("wasm tier: {} stays bytecode: {why}", chunk.name);
                            }
                            *state = State::Failed;
                            return None;
                        }
                    }
                }
            }
        };
        let module = compiled.module.upgrade()?;
        if !module.active.borrow().is_empty() {
            return None;
        }
        let mut store = module.store.try_borrow_mut().ok()?;
        Some(enter(&module, &mut store, &compiled, args))
    }
}

fn guards_hold(interp: &Interp, c: &Compiled) -> bool {
    let Some(m) = c.module.upgrade() else {
        return false;
    };
    let env = RuntimeEnv(interp);
    c.module_vars
        .iter()
        .all(|v| matches!(interp.var_value(v), Ok(Value::Wasm(x)) if Rc::ptr_eq(&x, &m)))
        && c.call_vars
            .iter()
            .all(|v| env.var_value(v).is_some_and(|x| env.is_call_native(&x)))
        && c.const_vars.iter().all(|(v, x)| {
            matches!((env.var_value(v), x), (Some(Value::Long(a)), Value::Long(b)) if a == *b)
                || matches!((env.var_value(v), x), (Some(Value::Bool(a)), Value::Bool(b)) if a == *b)
        })
        && c.fn_vars.iter().all(|(v, f)| {
            matches!((env.var_value(v), f), (Some(Value::Fn(a)), Value::Fn(b)) if Rc::ptr_eq(&a, b))
        })
}

/// Translates, compiles and instantiates `chunk` for the module its vars hold.
fn prepare(interp: &Interp, chunk: &Chunk, translations: u32) -> Result<Compiled, String> {
    let env = RuntimeEnv(interp);
    let plan: Plan = translate::translate(chunk, 1, &env)?;
    let module = plan.module.clone();
    if module.has_wasi || module.module.imports().next().is_some() {
        return Err("the module has imports".into());
    }
    // Refuels also restart a `:timeout-ms` deadline, per guest call as in the interpreter;
    // an unmetered module without one needs none.
    let wat = if module.fuel != 0 || module.timeout.is_some() {
        plan.wat.clone()
    } else {
        plan.wat.replace(translate::REFUEL, "")
    };
    let tier_module =
        super::compile_cached(&engine(), wat.as_bytes()).map_err(|e| format!("{e:#}\n{wat}"))?;
    let mut linker: Linker<HostState> = Linker::new(&engine());
    let fuel = module.call_fuel(plan.slack);
    let timeout = module.timeout;
    linker
        .func_wrap(
            "kiln",
            "refuel",
            move |mut caller: Caller<'_, HostState>| {
                if let Some(t) = timeout {
                    caller.data_mut().deadline = Some(std::time::Instant::now() + t);
                }
                caller.set_fuel(fuel)
            },
        )
        .map_err(|e| e.to_string())?;
    let mut store = module.store.try_borrow_mut().map_err(|_| "module busy")?;
    for (i, c) in plan.calls.iter().enumerate() {
        linker
            .define(&*store, "m", &format!("f{i}"), c.func)
            .map_err(|e| e.to_string())?;
    }
    let instance = linker
        .instantiate(&mut *store, &tier_module)
        .map_err(|e| format!("{e:#}"))?;
    let run = instance
        .get_func(&mut *store, "run")
        .ok_or("no run export")?;
    drop(store);
    Ok(Compiled {
        module: Rc::downgrade(&module),
        module_vars: plan.module_vars,
        call_vars: plan.call_vars,
        fn_vars: plan.fn_vars,
        const_vars: plan.const_vars,
        run,
        instance,
        tier_module,
        exports: plan.calls.iter().map(|c| c.export.clone()).collect(),
        sites: plan.sites,
        params: chunk.params as usize,
        slack: plan.slack,
        translations,
    })
}

/// Runs the compiled function with `args` (all longs) in the module's store.
fn enter(
    module: &WasmModule,
    store: &mut wasmtime::Store<HostState>,
    c: &Compiled,
    args: &[Value],
) -> Result<Value, Throw> {
    RUNS.with(|r| r.set(r.get() + 1));
    let _ticking = module.begin_outermost(store, c.slack);
    let mut raw = [ValRaw::i64(0); 17];
    for (i, a) in args.iter().take(c.params).enumerate() {
        if let Value::Long(n) = a {
            raw[i] = ValRaw::i64(*n);
        }
    }
    // SAFETY: `run` is the tier function instantiated in this very store; its type is
    // `(param i64 × params) (result i64 i32)` by construction (`translate::assemble`), the
    // buffer holds `params` i64 values (at most 16, `translate::eligible`) and has room for
    // the two results.
    let r = unsafe { c.run.call_unchecked(&mut *store, &raw mut raw[..]) };
    store.data_mut().deadline = None;
    match r {
        Ok(()) => Ok(match raw[1].get_i32() {
            0 => Value::Nil,
            1 => Value::Long(raw[0].get_i64()),
            _ => Value::Bool(raw[0].get_i64() != 0),
        }),
        Err(e) => Err(error(module, store, c, &e)),
    }
}

/// The exception for a trap of the tier function: one of its own error exits, or a trap
/// of the guest (or an interrupt or timeout).
fn error(
    module: &WasmModule,
    store: &mut wasmtime::Store<HostState>,
    c: &Compiled,
    e: &wasmtime::Error,
) -> Throw {
    let global = |store: &mut wasmtime::Store<HostState>, name: &str| {
        c.instance
            .get_global(&mut *store, name)
            .map(|g| g.get(&mut *store))
    };
    let i32_of = |v: Option<wasmtime::Val>| v.and_then(|v| v.i32()).unwrap_or(0);
    let i64_of = |v: Option<wasmtime::Val>| v.and_then(|v| v.i64()).unwrap_or(0);
    let err = i32_of(global(store, "err"));
    let site = i32_of(global(store, "site")) as usize;
    let a = i64_of(global(store, "erra"));
    let b = i64_of(global(store, "errb"));
    let op = i32_of(global(store, "errop"));
    if err != 0
        && let Some(g) = c.instance.get_global(&mut *store, "err")
    {
        let _ = g.set(&mut *store, wasmtime::Val::I32(0));
    }
    let export = c
        .sites
        .get(site)
        .and_then(|i| c.exports.get(*i))
        .cloned()
        .unwrap_or_else(|| Rc::from("?"));
    match err {
        ERR_BIN => {
            let bin = [Bin::Add, Bin::Sub, Bin::Mul]
                .into_iter()
                .find(|b| *b as i32 == op)
                .unwrap_or(Bin::Add);
            crate::vm::binary_slow(bin, &Value::Long(a), &Value::Long(b))
                .err()
                .unwrap_or_else(|| Throw::arithmetic("long overflow"))
        }
        ERR_INC => crate::value::num::add_long(&Value::Long(a), b)
            .err()
            .unwrap_or_else(|| Throw::arithmetic("long overflow")),
        ERR_ARG => module.arg_error(&export, b as usize, &Value::Long(a), &ValType::I32),
        _ => {
            if super::was_interrupted(e, store.data()) {
                return Throw::Interrupted;
            }
            super::trap_error_skipping(
                &module.name,
                &export,
                e,
                module.timeout,
                Some(&c.tier_module),
            )
        }
    }
}
