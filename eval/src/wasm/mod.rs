//! The Wasm bridge on wasmtime: load a module (`.wat` or `.wasm`), call its exports with
//! dialect numbers, and give it dialect functions as imports.
//!
//! Re-entrancy: dialect code calls a Wasm export; the export calls an imported host
//! function; the host function calls a dialect fn; that fn may call back into the *same*
//! module. The outer call holds the module's `Store` mutably, so the nested call must go
//! through the `Caller` handed to the running host function instead. Each module keeps a
//! stack of the callers of its running host functions; a call made while one is active uses
//! the innermost. Host closures are `'static` and see only the store's data, which holds
//! weak references to the interpreter and the module, never a borrowed arena.

mod convert;
pub(crate) mod memory;
pub mod natives;
pub mod reader;
pub mod tier;
pub mod wasi;
pub mod wasi_fs;

mod clock;

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use wasmtime::{
    Caller, Engine, Extern, Instance, Linker, Module, Store, StoreLimits, StoreLimitsBuilder,
    UpdateDeadline, Val, ValRaw, ValType,
};

use crate::value::Value;
use crate::vm::{ExClass, Interp, Throw};

pub use convert::{raw_to_value, type_keyword, val_to_value, value_to_raw, value_to_val};

/// `wasm/fn`, written in the dialect (a closure over the module and export name), for the
/// `wasm` and `cljw.wasm` namespaces.
pub const WASM_CLJ: &str = "(in-ns 'wasm)
(def fn
  \"A Clojure function calling export `name` of module `m`; a declared signature
  {:params [...] :results [...]} is checked against the module.\"
  (clojure.core/fn
    ([m name] (wasm/fn m name nil))
    ([m name sig]
     (wasm/-fn-check m name sig)
     ;; Fixed arities up to four: no rest list and no apply per call.
     (clojure.core/fn
       ([] (wasm/call m name))
       ([a] (wasm/call m name a))
       ([a b] (wasm/call m name a b))
       ([a b c] (wasm/call m name a b c))
       ([a b c d] (wasm/call m name a b c d))
       ([a b c d & more] (clojure.core/apply wasm/call m name a b c d more))))))
(def -load load)
(def -load-with)
(def -link-modules)
(def load
  \"Loads a module (path to .wasm/.wat): (wasm/load src) or (wasm/load src opts). Options:
  :imports, :fuel, :max-memory-pages, and :string-handler (a fn of a string returning a
  string, serving the guest's hostCallStringHandler/hostGetResultPtr/hostGetResultLen).\"
  (clojure.core/fn
    ([src] (wasm/-load src))
    ([src opts]
     (wasm/-load-with src (wasm/-link-modules opts)))))
(def -link-modules
  \"Replaces each module given as a value in :imports by its exported functions.\"
  (clojure.core/fn [opts]
    (clojure.core/reduce
      (clojure.core/fn [o [k v]]
        (if (wasm/module? v)
          (clojure.core/assoc-in o [:imports k]
            (clojure.core/into {}
              (clojure.core/for [[name desc] (wasm/exports v)
                                 :when (clojure.core/= :func (clojure.core/get desc :kind))]
                [name (wasm/fn v name)])))
          o))
      opts
      (clojure.core/get opts :imports))))
(def -load-with
  (clojure.core/fn
    ([src opts]
     (if (clojure.core/get opts :string-handler)
       (clojure.core/let [f (clojure.core/get opts :string-handler)
                          m (clojure.core/atom nil)
                          reply (clojure.core/atom [0 0])
                          handler (clojure.core/fn [ptr len]
                                    (clojure.core/let [s (wasm/memory-read (clojure.core/deref m) ptr len)
                                                       r (clojure.core/str (f s))
                                                       n (wasm/-utf8-len r)
                                                       p (wasm/-alloc (clojure.core/deref m) n nil)]
                                      (wasm/memory-write (clojure.core/deref m) p r)
                                      (clojure.core/reset! reply [p n])
                                      nil))
                          imports {\"hostCallStringHandler\" handler
                                   \"hostGetResultPtr\" (clojure.core/fn [] (clojure.core/first (clojure.core/deref reply)))
                                   \"hostGetResultLen\" (clojure.core/fn [] (clojure.core/second (clojure.core/deref reply)))}
                          env (clojure.core/merge (clojure.core/get-in opts [:imports \"env\"]) imports)]
         (clojure.core/reset! m (wasm/-load src (clojure.core/assoc-in opts [:imports \"env\"] env))))
       (wasm/-load src opts)))))
(def call-string
  \"Calls export `name` with a string through linear memory: writes its UTF-8 into memory
  from the guest's allocator (or opts :scratch-offset), calls name(ptr, len), and reads the
  reply from a returned (ptr, len) pair or from getResultPtr()/getResultLen() (names in
  opts :result-ptr/:result-len).\"
  (clojure.core/fn
    ([m name s] (wasm/call-string m name s nil))
    ([m name s opts]
     (clojure.core/let [s (clojure.core/str s)
                        n (wasm/-utf8-len s)
                        p (wasm/-alloc m n (clojure.core/get opts :scratch-offset))
                        _ (wasm/memory-write m p s)
                        r (wasm/call m name p n)]
       (if (clojure.core/vector? r)
         (wasm/memory-read m (clojure.core/nth r 0) (clojure.core/nth r 1))
         (wasm/memory-read m
                           (wasm/call m (clojure.core/get opts :result-ptr \"getResultPtr\"))
                           (wasm/call m (clojure.core/get opts :result-len \"getResultLen\"))))))))
(clojure.core/in-ns 'cljw.wasm)
(def fn wasm/fn)
(def load wasm/load)
(def call-string wasm/call-string)
(clojure.core/in-ns 'clojure.core)
";

/// Fuel a call may burn unless the module was loaded with another `:fuel`.
pub const DEFAULT_FUEL: u64 = 1_000_000_000;
/// Linear memory cap (64 KiB pages) unless `:max-memory-pages` says otherwise.
pub const DEFAULT_MAX_PAGES: u64 = 4096;

/// Data every store carries: what host functions need to reach back into the runtime.
pub struct HostState {
    interp: Weak<Interp>,
    module: Weak<WasmModule>,
    /// Dialect functions backing the module's function imports, by import index.
    imports: Vec<Value>,
    limits: StoreLimits,
    /// WASI state, for modules loaded with `:wasi`.
    pub wasi: Option<wasi::WasiState>,
    /// The runtime's interrupt flag: an interrupted evaluation stops a running guest too.
    interrupt: Arc<AtomicBool>,
    /// When the running outermost call must end (`:timeout-ms`).
    deadline: Option<Instant>,
}

/// The epoch callback: the guest stops when the runtime was interrupted or the call's
/// deadline passed; otherwise it runs on until the next epoch tick.
fn on_epoch(ctx: wasmtime::StoreContextMut<'_, HostState>) -> wasmtime::Result<UpdateDeadline> {
    let data = ctx.data();
    if data.interrupt.load(Ordering::Relaxed) || data.deadline.is_some_and(|d| Instant::now() >= d)
    {
        return Err(wasmtime::Trap::Interrupt.into());
    }
    Ok(UpdateDeadline::Continue(1))
}

/// An export looked up once: the function, its type, and its parameter and result types
/// (copied out of the type so a call clones no registered type).
struct ExportFn {
    func: wasmtime::Func,
    ty: wasmtime::FuncType,
    params: Box<[ValType]>,
    results: Box<[ValType]>,
}

/// What a call returned, before it is shaped for the dialect.
pub enum Results {
    None,
    One(Value),
    Many(Vec<Value>),
}

impl Results {
    /// The dialect's shape: nil for no result, the value for one, a vector for several.
    pub fn into_value(self) -> Value {
        match self {
            Results::None => Value::Nil,
            Results::One(v) => v,
            Results::Many(vs) => Value::Vector(Rc::new(crate::value::Vector::from_vec(vs))),
        }
    }

    /// Shaped by count.
    pub fn from_vec(mut vs: Vec<Value>) -> Results {
        match vs.len() {
            0 => Results::None,
            1 => Results::One(vs.pop().unwrap_or(Value::Nil)),
            _ => Results::Many(vs),
        }
    }

    /// The first result, if any.
    pub fn first(self) -> Option<Value> {
        match self {
            Results::None => None,
            Results::One(v) => Some(v),
            Results::Many(vs) => vs.into_iter().next(),
        }
    }
}

/// A loaded, instantiated module.
pub struct WasmModule {
    pub name: String,
    store: RefCell<Store<HostState>>,
    instance: Instance,
    module: Module,
    fuel: u64,
    /// Wall-clock limit of each outermost call (`:timeout-ms`).
    timeout: Option<Duration>,
    /// Callers of this module's host functions that are running, innermost last.
    ///
    /// SAFETY invariant: a pointer is pushed by a host function right before it calls into
    /// the dialect and popped right after, on the same thread; the `Caller` it points to
    /// outlives that window, and the host function does not touch it in between. So a
    /// pointer in this stack is valid and not otherwise borrowed while it is here.
    active: RefCell<Vec<*mut Caller<'static, HostState>>>,
    /// Exported functions already looked up, with their types (stable for the store's life).
    funcs: RefCell<rustc_hash::FxHashMap<Box<str>, Rc<ExportFn>>>,
    /// The export `wasm/call` called last, keyed by the identity of the name string it was
    /// given (a literal in a loop is the same string every time): a hit skips hashing and
    /// comparing the name. The key is held here, so while it is cached no other string
    /// can occupy its address and a pointer match means the very same string.
    last: RefCell<Option<(Rc<str>, Rc<ExportFn>)>>,
    /// The exported memory, once looked up (see `memory`).
    memory: std::cell::Cell<Option<wasmtime::Memory>>,
    /// Whether the module was loaded with WASI (only then is there output to flush).
    pub has_wasi: bool,
    /// The dialect exception a host function failed with, to rethrow as itself once the
    /// Wasm call unwinds.
    pending: RefCell<Option<Throw>>,
}

static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();

/// The process's engine: fuel metering, and epoch interruption for timeouts and interrupts.
fn engine() -> Engine {
    ENGINE
        .get_or_init(|| {
            let mut config = wasmtime::Config::new();
            config.consume_fuel(true);
            config.epoch_interruption(true);
            Engine::new(&config).expect("a wasmtime engine with the default configuration")
        })
        .clone()
}

/// Makes every running guest check its interrupt flag and deadline now (called when an
/// evaluation is interrupted). Does nothing before the first module is loaded.
pub fn kick() {
    if let Some(e) = ENGINE.get() {
        e.increment_epoch();
    }
}

/// Content hash → the (bytes, compiled module) pairs with that hash.
type CompileCache = std::collections::HashMap<u64, Vec<(Vec<u8>, Module)>>;

thread_local! {
    /// Compiled modules by a hash of their bytes (text or binary); entries keep the bytes,
    /// compared on a hit, so a collision can never hand back the wrong module.
    static COMPILED: RefCell<CompileCache> = RefCell::new(CompileCache::new());
}

/// Compiles `bytes`, or returns the module compiled from identical bytes before: loading
/// the same module again only instantiates it.
fn compile_cached(engine: &Engine, bytes: &[u8]) -> wasmtime::Result<Module> {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    });
    let hit = COMPILED.with(|c| {
        c.borrow()
            .get(&hash)
            .and_then(|v| v.iter().find(|(b, _)| b == bytes).map(|(_, m)| m.clone()))
    });
    if let Some(m) = hit {
        return Ok(m);
    }
    let m = Module::new(engine, bytes)?;
    COMPILED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 256 {
            c.clear();
        }
        c.entry(hash).or_default().push((bytes.to_vec(), m.clone()));
    });
    Ok(m)
}

/// Options of `wasm/load`.
#[derive(Default)]
pub struct LoadOptions {
    /// `(module, field) → dialect fn` for function imports.
    pub imports: Vec<(String, String, Value)>,
    pub fuel: Option<u64>,
    pub max_memory_pages: Option<u64>,
    /// Wall-clock limit of each call from the dialect (`:timeout-ms`).
    pub timeout: Option<Duration>,
    /// Grant WASI preview 1 (arguments, environment, stdin, captured stdout/stderr; no files).
    pub wasi: Option<wasi::WasiState>,
}

fn wasm_error(e: impl std::fmt::Display) -> Throw {
    Throw::runtime(format!("wasm: {e}"))
}

impl WasmModule {
    /// Compiles and instantiates `bytes` (Wasm binary or WAT text).
    pub fn load(
        interp: &Rc<Interp>,
        name: &str,
        bytes: &[u8],
        opts: LoadOptions,
    ) -> Result<Rc<WasmModule>, Throw> {
        if interp.sandboxed.get() {
            return Err(Throw::new(
                ExClass::IllegalState,
                "wasm/load is not allowed in the analysis sandbox",
            ));
        }
        let engine = engine();
        let module = compile_cached(&engine, bytes)
            .map_err(|e| wasm_error(format!("cannot compile {name}: {e:#}")))?;
        let pages = opts.max_memory_pages.unwrap_or(DEFAULT_MAX_PAGES);
        let limits = StoreLimitsBuilder::new()
            .memory_size((pages as usize).saturating_mul(65536))
            .build();
        let mut imports = Vec::new();
        let mut missing = Vec::new();
        let mut linker: Linker<HostState> = Linker::new(&engine);
        let with_wasi = opts.wasi.is_some();
        if with_wasi {
            wasi::add_to_linker(&mut linker, &module).map_err(wasm_error)?;
        }
        for import in module.imports() {
            if with_wasi && import.module() == "wasi_snapshot_preview1" {
                continue;
            }
            let found = opts
                .imports
                .iter()
                .find(|(m, f, _)| m == import.module() && f == import.name());
            match (import.ty(), found) {
                (wasmtime::ExternType::Func(ty), Some((_, _, f))) => {
                    let index = imports.len();
                    imports.push(f.clone());
                    let result_types: Vec<ValType> = ty.results().collect();
                    linker
                        .func_new(
                            import.module(),
                            import.name(),
                            ty.clone(),
                            move |caller, params, results| {
                                host_call(caller, index, &result_types, params, results)
                            },
                        )
                        .map_err(wasm_error)?;
                }
                _ => missing.push(format!("{}.{}", import.module(), import.name())),
            }
        }
        if !missing.is_empty() {
            return Err(Throw::illegal_argument(format!(
                "wasm: {name} needs imports that were not given: {}",
                missing.join(", ")
            )));
        }
        let fuel = opts.fuel.unwrap_or(DEFAULT_FUEL);
        let state = HostState {
            interp: Rc::downgrade(interp),
            module: Weak::new(),
            imports,
            limits,
            wasi: opts.wasi,
            interrupt: interp.interrupt.clone(),
            deadline: None,
        };
        let mut store = Store::new(&engine, state);
        store.limiter(|s| &mut s.limits);
        store.epoch_deadline_callback(on_epoch);
        store.set_epoch_deadline(1);
        store
            .set_fuel(if fuel == 0 { u64::MAX } else { fuel })
            .map_err(wasm_error)?;
        let instance = linker
            .instantiate(&mut store, &module)
            .map_err(|e| wasm_error(format!("cannot instantiate {name}: {e:#}")))?;
        let m = Rc::new(WasmModule {
            name: name.to_string(),
            store: RefCell::new(store),
            instance,
            module,
            fuel,
            timeout: opts.timeout,
            active: RefCell::new(Vec::new()),
            funcs: RefCell::new(rustc_hash::FxHashMap::default()),
            last: RefCell::new(None),
            has_wasi: with_wasi,
            memory: std::cell::Cell::new(None),
            pending: RefCell::new(None),
        });
        m.store.borrow_mut().data_mut().module = Rc::downgrade(&m);
        Ok(m)
    }

    /// The dialect functions backing this module's imports (for the cycle collector); empty
    /// while a call into the module is running.
    pub fn import_fns(&self) -> Vec<Value> {
        self.store
            .try_borrow()
            .map(|s| s.data().imports.clone())
            .unwrap_or_default()
    }

    /// Takes what a WASI guest wrote to stdout and stderr since the last call.
    pub fn take_output(&self) -> (Vec<u8>, Vec<u8>, bool) {
        self.with_store(|mut ctx| {
            Ok(match ctx.data_mut().wasi.as_mut() {
                Some(w) => (
                    std::mem::take(&mut w.stdout),
                    std::mem::take(&mut w.stderr),
                    w.truncated,
                ),
                None => (Vec::new(), Vec::new(), false),
            })
        })
        .unwrap_or_default()
    }

    /// The exit code a WASI guest gave with `proc_exit`.
    pub fn exit_code(&self) -> Option<i32> {
        self.with_store(|ctx| Ok(ctx.data().wasi.as_ref().and_then(|w| w.exit_code)))
            .unwrap_or(None)
    }

    /// Imports as (module, field, kind and signature).
    pub fn imports(&self) -> Vec<(String, String, wasmtime::ExternType)> {
        self.module
            .imports()
            .map(|i| (i.module().to_string(), i.name().to_string(), i.ty()))
            .collect()
    }

    /// Export names with their kinds and signatures.
    pub fn exports(&self) -> Vec<(String, wasmtime::ExternType)> {
        self.module
            .exports()
            .map(|e| (e.name().to_string(), e.ty()))
            .collect()
    }

    /// Calls export `name` with dialect arguments, converted by the export's signature.
    pub fn call(self: &Rc<Self>, name: &str, args: &[Value]) -> Result<Results, Throw> {
        self.call_keyed(name, None, args)
    }

    /// [`WasmModule::call`] with the name as a dialect string, which also keys the
    /// last-export cache (`last`).
    pub fn call_named(self: &Rc<Self>, name: &Rc<str>, args: &[Value]) -> Result<Results, Throw> {
        self.call_keyed(name, Some(name), args)
    }

    fn call_keyed(
        self: &Rc<Self>,
        name: &str,
        key: Option<&Rc<str>>,
        args: &[Value],
    ) -> Result<Results, Throw> {
        let active = self.active.borrow().last().copied();
        match active {
            Some(ptr) => {
                // SAFETY: see `active`: the pointer is live and unaliased while it is listed,
                // and this nested call ends before the host function that listed it resumes.
                let caller = unsafe { &mut *ptr };
                self.call_in(caller, name, key, args)
            }
            None => {
                let mut store = self
                    .store
                    .try_borrow_mut()
                    .map_err(|_| wasm_error("module is busy"))?;
                let _ticking = self.begin_outermost(&mut store, 0);
                let r = self.call_in(&mut *store, name, key, args);
                store.data_mut().deadline = None;
                r
            }
        }
    }

    /// The fuel one guest call gets (`extra` on top of the module's, for the Wasm tier's own
    /// instructions; unlimited when the module is unmetered).
    fn call_fuel(&self, extra: u64) -> u64 {
        if self.fuel == 0 {
            u64::MAX
        } else {
            self.fuel.saturating_add(extra)
        }
    }

    /// Sets the store up for an outermost call from the dialect: fresh fuel (plus `extra`),
    /// the epoch deadline, and the `:timeout-ms` deadline with its clock, which ticks until
    /// the returned guard drops.
    fn begin_outermost(&self, store: &mut Store<HostState>, extra: u64) -> Option<clock::Ticking> {
        let _ = store.set_fuel(self.call_fuel(extra));
        store.set_epoch_deadline(1);
        self.timeout.map(|t| {
            store.data_mut().deadline = Some(Instant::now() + t);
            clock::Ticking::start(engine())
        })
    }

    fn call_in(
        &self,
        mut ctx: impl wasmtime::AsContextMut<Data = HostState>,
        name: &str,
        key: Option<&Rc<str>>,
        args: &[Value],
    ) -> Result<Results, Throw> {
        let last = match (key, &*self.last.borrow()) {
            (Some(k), Some((n, e))) if Rc::ptr_eq(k, n) => Some(e.clone()),
            _ => None,
        };
        let export = match last {
            Some(entry) => entry,
            None => {
                let cached = self.funcs.borrow().get(name).cloned();
                let entry = match cached {
                    Some(entry) => entry,
                    None => {
                        let entry = Rc::new(self.lookup_func(&mut ctx, name)?);
                        self.funcs.borrow_mut().insert(name.into(), entry.clone());
                        entry
                    }
                };
                if let Some(k) = key {
                    *self.last.borrow_mut() = Some((k.clone(), entry.clone()));
                }
                entry
            }
        };
        let (params, results) = (&export.params, &export.results);
        if params.len() != args.len() {
            return Err(Throw::new(
                ExClass::Arity,
                format!(
                    "wasm: {}.{name} takes {} arguments ({}), got {}",
                    self.name,
                    params.len(),
                    signature(&export.ty),
                    args.len()
                ),
            ));
        }
        let mut raw = [ValRaw::i32(0); 16];
        let result = if params.len() <= raw.len() && results.len() <= raw.len() {
            for (i, (a, t)) in args.iter().zip(params.iter()).enumerate() {
                raw[i] = value_to_raw(a, t).ok_or_else(|| self.arg_error(name, i, a, t))?;
            }
            // SAFETY: `call_unchecked` needs a buffer holding the parameters, each of the
            // type the function declares, with room for the results: every parameter was
            // converted above by its declared type (`value_to_raw` yields only numbers of
            // that type, never references), both counts fit in `raw`, and `func` comes from
            // this module's instance, which lives in the store `ctx` belongs to.
            unsafe { export.func.call_unchecked(&mut ctx, &raw mut raw[..]) }.map(|()| {
                match &results[..] {
                    [] => Results::None,
                    [t] => Results::One(raw_to_value(raw[0], t)),
                    ts => Results::Many(
                        ts.iter()
                            .zip(raw)
                            .map(|(t, r)| raw_to_value(r, t))
                            .collect(),
                    ),
                }
            })
        } else {
            let mut vals = Vec::with_capacity(args.len());
            for (i, (a, t)) in args.iter().zip(params.iter()).enumerate() {
                vals.push(value_to_val(a, t).ok_or_else(|| self.arg_error(name, i, a, t))?);
            }
            let mut out = vec![Val::I32(0); results.len()];
            export
                .func
                .call(&mut ctx, &vals, &mut out)
                .map(|()| Results::from_vec(out.iter().map(val_to_value).collect()))
        };
        match result {
            Ok(values) => Ok(values),
            Err(e) => {
                if let Some(t) = self.pending.borrow_mut().take() {
                    return Err(t);
                }
                if let Some(wasi::Exit(code)) = e.downcast_ref::<wasi::Exit>() {
                    return if *code == 0 {
                        Ok(Results::None)
                    } else {
                        Err(Throw::runtime(format!(
                            "wasm: {}.{name} exited with status {code}",
                            self.name
                        )))
                    };
                }
                if was_interrupted(&e, ctx.as_context().data()) {
                    return Err(Throw::Interrupted);
                }
                Err(trap_error(&self.name, name, &e, self.timeout))
            }
        }
    }

    fn arg_error(&self, name: &str, i: usize, a: &Value, t: &ValType) -> Throw {
        Throw::illegal_argument(format!(
            "wasm: argument {} of {}.{name} must be {}, got {}",
            i + 1,
            self.name,
            type_keyword(t),
            a.type_name()
        ))
    }

    /// Export `name` as a function with its types (cached like `call_in`'s lookups); `None`
    /// when there is none or the module is busy.
    fn export_fn(&self, name: &str) -> Option<Rc<ExportFn>> {
        if let Some(e) = self.funcs.borrow().get(name) {
            return Some(e.clone());
        }
        let mut store = self.store.try_borrow_mut().ok()?;
        let entry = Rc::new(self.lookup_func(&mut *store, name).ok()?);
        self.funcs.borrow_mut().insert(name.into(), entry.clone());
        Some(entry)
    }

    /// An export as a function with its type (cached per name by `call_in`).
    fn lookup_func(
        &self,
        mut ctx: impl wasmtime::AsContextMut<Data = HostState>,
        name: &str,
    ) -> Result<ExportFn, Throw> {
        let func = match self.instance.get_export(&mut ctx, name) {
            Some(Extern::Func(f)) => f,
            Some(_) => {
                return Err(Throw::illegal_argument(format!(
                    "wasm: export \"{name}\" of {} is not a function",
                    self.name
                )));
            }
            None => {
                let names: Vec<String> = self.exports().into_iter().map(|(n, _)| n).collect();
                return Err(Throw::illegal_argument(format!(
                    "wasm: {} has no export \"{name}\"; exports: {}",
                    self.name,
                    names.join(", ")
                )));
            }
        };
        let ty = func.ty(&ctx);
        Ok(ExportFn {
            func,
            params: ty.params().collect(),
            results: ty.results().collect(),
            ty,
        })
    }
}

/// Did the call trap because the runtime was interrupted? (Clears the flag if so: the
/// interrupt has been delivered.)
fn was_interrupted(e: &wasmtime::Error, data: &HostState) -> bool {
    matches!(
        e.downcast_ref::<wasmtime::Trap>(),
        Some(wasmtime::Trap::Interrupt)
    ) && data.interrupt.swap(false, Ordering::Relaxed)
}

fn signature(ty: &wasmtime::FuncType) -> String {
    let p: Vec<&str> = ty.params().map(|t| type_keyword(&t)).collect();
    let r: Vec<&str> = ty.results().map(|t| type_keyword(&t)).collect();
    format!("[{}] -> [{}]", p.join(" "), r.join(" "))
}

fn trap_error(module: &str, export: &str, e: &wasmtime::Error, timeout: Option<Duration>) -> Throw {
    trap_error_skipping(module, export, e, timeout, None)
}

/// [`trap_error`], leaving the frames of module `skip` out of the guest backtrace (the
/// Wasm tier's own function, which calls the guest).
fn trap_error_skipping(
    module: &str,
    export: &str,
    e: &wasmtime::Error,
    timeout: Option<Duration>,
    skip: Option<&Module>,
) -> Throw {
    let kind = match e.downcast_ref::<wasmtime::Trap>() {
        Some(wasmtime::Trap::UnreachableCodeReached) => "unreachable".to_string(),
        Some(wasmtime::Trap::MemoryOutOfBounds) => "out-of-bounds memory access".to_string(),
        Some(wasmtime::Trap::IntegerDivisionByZero) => "integer divide by zero".to_string(),
        Some(wasmtime::Trap::IntegerOverflow) => "integer overflow".to_string(),
        Some(wasmtime::Trap::BadConversionToInteger) => "invalid conversion to integer".to_string(),
        Some(wasmtime::Trap::StackOverflow) => "stack overflow".to_string(),
        Some(wasmtime::Trap::OutOfFuel) => "fuel exhausted".to_string(),
        Some(wasmtime::Trap::Interrupt) => match timeout {
            Some(t) => format!("timeout after {} ms", t.as_millis()),
            None => "interrupted".to_string(),
        },
        Some(wasmtime::Trap::IndirectCallToNull) => "indirect call to null".to_string(),
        Some(wasmtime::Trap::BadSignature) => "indirect call type mismatch".to_string(),
        Some(wasmtime::Trap::TableOutOfBounds) => "out-of-bounds table access".to_string(),
        Some(other) => other.to_string(),
        None => format!("{e}"),
    };
    let mut message = format!("wasm trap in {module}.{export}: {kind}");
    if let Some(bt) = e.downcast_ref::<wasmtime::WasmBacktrace>() {
        let frames: Vec<&wasmtime::FrameInfo> = bt
            .frames()
            .iter()
            .filter(|f| !skip.is_some_and(|m| Module::same(f.module(), m)))
            .collect();
        if !frames.is_empty() {
            message.push_str("\nguest backtrace:");
            for (i, f) in frames.iter().enumerate() {
                let name = f
                    .func_name()
                    .map_or_else(|| format!("func[{}]", f.func_index()), str::to_string);
                message.push_str(&format!("\n  {i}: {name}"));
                if let Some(off) = f.module_offset() {
                    message.push_str(&format!(" @ 0x{off:x}"));
                }
            }
        }
    }
    Throw::runtime(message)
}

/// The body of every imported host function: convert arguments, call the dialect fn with
/// this caller registered for re-entrant calls, convert the result.
fn host_call(
    mut caller: Caller<'_, HostState>,
    index: usize,
    types: &[ValType],
    params: &[Val],
    results: &mut [Val],
) -> wasmtime::Result<()> {
    let (Some(interp), Some(module)) = (
        caller.data().interp.upgrade(),
        caller.data().module.upgrade(),
    ) else {
        return Err(wasmtime::Error::msg(
            "the runtime that loaded this module is gone",
        ));
    };
    let f = caller.data().imports[index].clone();
    let args: Vec<Value> = params.iter().map(val_to_value).collect();
    // The lifetime is erased here and restored by the `active` invariant.
    let ptr: *mut Caller<'static, HostState> = (&raw mut caller).cast();
    module.active.borrow_mut().push(ptr);
    let result = interp.apply(&f, &args);
    module.active.borrow_mut().pop();
    let v = match result {
        Ok(v) => v,
        Err(t) => {
            *module.pending.borrow_mut() = Some(t);
            return Err(wasmtime::Error::msg("dialect host function threw"));
        }
    };
    let wrong = |v: &Value, t: &ValType| {
        wasmtime::Error::msg(format!(
            "host function returned {}, expected {}",
            v.type_name(),
            type_keyword(t)
        ))
    };
    match (types.len(), &v) {
        (0, _) => Ok(()),
        (1, v) => {
            results[0] = value_to_val(v, &types[0]).ok_or_else(|| wrong(v, &types[0]))?;
            Ok(())
        }
        (n, Value::Vector(items)) if items.len() == n => {
            for (i, item) in items.iter().enumerate() {
                results[i] = value_to_val(item, &types[i]).ok_or_else(|| wrong(item, &types[i]))?;
            }
            Ok(())
        }
        (n, _) => Err(wasmtime::Error::msg(format!(
            "host function must return a vector of {n} values"
        ))),
    }
}

/// Reads a module file: `.wat` text or `.wasm` binary.
pub fn read_module_file(path: &str) -> Result<Vec<u8>, Throw> {
    std::fs::read(path).map_err(|e| {
        Throw::new(
            ExClass::IllegalArgument,
            format!("wasm: cannot read {path}: {e}"),
        )
    })
}
