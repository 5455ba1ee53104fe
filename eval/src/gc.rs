//! The cycle collector.
//!
//! Values are reference counted, so almost all garbage is freed the moment it dies; what
//! reference counting cannot free are cycles, and in the dialect every cycle passes through
//! a mutable cell — an atom (which also backs `letfn` cells, refs and agents) — because
//! everything else is immutable and can only point at what existed before it. So the
//! collector traces from the roots, and every atom it does not reach is cleared (its value,
//! validator and watches dropped), which breaks each unreachable cycle and lets reference
//! counting free the rest.
//!
//! **When it runs.** Only at a *top-level boundary*: between two top-level forms evaluated
//! by the loader at depth 0 (`load::eval_source`), when no dialect code and no native is on
//! the stack, so no value lives in a Rust local the collector cannot see. It runs when
//! enough atoms were created since the last collection (at least [`MIN_THRESHOLD`], and as
//! many as survived the last one), or when `(System/gc)` asked for one.
//!
//! **Roots.** Every namespace (vars' roots and metadata), the dynamic binding stack, the
//! value of the form just evaluated, and — as a safety net — any atom some holder outside
//! the traced graph still points at: an unreached atom whose reference count exceeds the
//! references found inside the unreached part of the graph is treated as a root.
//! References are counted once per traced container; an element in a persistent-collection
//! node shared by two unreached collections may be counted twice, which matters only when an
//! embedder also holds that atom across evaluations (kiln's own embedders hold no values
//! between evaluations). Wasm modules are traced through the dialect functions backing their
//! imports.
//!
//! Statistics: `(cljw.eval/gc-stats)`.

use std::collections::{HashMap, HashSet};
use std::rc::{Rc, Weak};
use std::time::Instant;

use crate::runtime::Atom;
use crate::value::obj::Obj;
use crate::value::{Seq, Value};
use crate::vm::Interp;

/// Collections never start before this many atoms were created since the last one.
pub const MIN_THRESHOLD: usize = 100_000;

/// What the collector knows and has done.
#[derive(Default)]
pub struct Heap {
    /// Every atom created through [`Heap::track`] that may still be alive.
    atoms: Vec<Weak<Atom>>,
    created_since: usize,
    survivors: usize,
    pub requested: bool,
    pub stats: Stats,
}

/// Collector statistics.
#[derive(Default, Clone, Debug)]
pub struct Stats {
    pub collections: u64,
    pub atoms_cleared: u64,
    pub atoms_tracked: usize,
    pub last_pause_us: u64,
    pub total_pause_us: u64,
}

impl Heap {
    /// Registers a new atom with the collector.
    pub fn track(&mut self, a: &Rc<Atom>) {
        self.atoms.push(Rc::downgrade(a));
        self.created_since += 1;
    }

    fn due(&self) -> bool {
        self.requested || self.created_since >= threshold().max(self.survivors)
    }
}

/// [`MIN_THRESHOLD`], or `KILN_GC_THRESHOLD` from the environment (for stress testing).
fn threshold() -> usize {
    static T: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *T.get_or_init(|| {
        std::env::var("KILN_GC_THRESHOLD")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(MIN_THRESHOLD)
    })
}

/// A new atom, tracked by the running interpreter's collector when there is one.
pub fn new_atom(v: Value) -> Rc<Atom> {
    let a = Rc::new(Atom::new(v));
    let _ = crate::vm::current(|i| {
        i.gc.borrow_mut().track(&a);
        Ok(())
    });
    a
}

/// Collects if one is due; `extra` are values the caller holds (the last form's value).
pub fn maybe_collect(interp: &Interp, extra: &[Value]) {
    if interp.depth.get() == 0 && interp.gc.borrow().due() {
        collect(interp, extra);
    }
}

/// Traces the graph from the values on its stack, calling back for each atom reference;
/// `seen` holds the addresses of reference-counted objects already traced.
struct Tracer {
    seen: HashSet<usize>,
    stack: Vec<Value>,
}

/// The address of a reference-counted object (its identity while it lives).
pub(crate) fn addr<T: ?Sized>(rc: &Rc<T>) -> usize {
    Rc::as_ptr(rc) as *const u8 as usize
}

impl Tracer {
    fn new() -> Tracer {
        Tracer {
            seen: HashSet::new(),
            stack: Vec::new(),
        }
    }

    fn push(&mut self, v: &Value) {
        if !matches!(
            v,
            Value::Nil
                | Value::Bool(_)
                | Value::Long(_)
                | Value::Double(_)
                | Value::Char(_)
                | Value::Str(_)
                | Value::Keyword(_)
                | Value::BigInt(_)
                | Value::Ratio(_)
                | Value::BigDec(_)
                | Value::Regex(_)
                | Value::Native(_)
        ) {
            self.stack.push(v.clone());
        }
    }

    fn first_visit<T: ?Sized>(&mut self, rc: &Rc<T>) -> bool {
        self.seen.insert(addr(rc))
    }

    fn run(&mut self, visit_atom: &mut dyn FnMut(&Rc<Atom>) -> bool) {
        while let Some(v) = self.stack.pop() {
            self.children(&v, visit_atom);
        }
    }

    fn chunk(&mut self, c: &Rc<crate::chunk::Chunk>) {
        if !self.first_visit(c) {
            return;
        }
        for k in &c.consts {
            self.push(k);
        }
        for p in &c.protos {
            for a in p.arities() {
                self.chunk(a);
            }
        }
    }

    fn children(&mut self, v: &Value, visit_atom: &mut dyn FnMut(&Rc<Atom>) -> bool) {
        match v {
            Value::Symbol(s) => {
                if let Some(m) = s.meta() {
                    self.push(m);
                }
            }
            Value::List(l) if self.first_visit(l) => {
                for x in l.iter() {
                    self.push(x);
                }
                if let Some(m) = &l.meta {
                    self.push(m);
                }
            }
            Value::Vector(vec) if self.first_visit(vec) => {
                for x in vec.iter() {
                    self.push(x);
                }
                if let Some(m) = &vec.meta {
                    self.push(m);
                }
            }
            Value::Map(m) if self.first_visit(m) => {
                for (k, x) in m.entries() {
                    self.push(&k);
                    self.push(&x);
                }
                if let Some(md) = &m.meta {
                    self.push(md);
                }
            }
            Value::Set(s) if self.first_visit(s) => {
                for x in s.items() {
                    self.push(&x);
                }
                if let Some(m) = &s.meta {
                    self.push(m);
                }
            }
            Value::Seq(s) if self.first_visit(s) => match &**s {
                Seq::Cons { first, rest, meta } => {
                    self.push(first);
                    self.push(rest);
                    if let Some(m) = meta {
                        self.push(m);
                    }
                }
                Seq::Vector { vec, meta, .. } => {
                    self.push(&Value::Vector(vec.clone()));
                    if let Some(m) = meta {
                        self.push(m);
                    }
                }
                Seq::Array { items, meta, .. } => {
                    for x in items.iter() {
                        self.push(x);
                    }
                    if let Some(m) = meta {
                        self.push(m);
                    }
                }
                Seq::Chunk {
                    items, more, meta, ..
                } => {
                    for x in items.iter() {
                        self.push(x);
                    }
                    self.push(more);
                    if let Some(m) = meta {
                        self.push(m);
                    }
                }
                Seq::Iterate { f, x, next, meta } => {
                    self.push(f);
                    self.push(x);
                    if let Some(n) = next.borrow().as_ref() {
                        self.push(n);
                    }
                    if let Some(m) = meta {
                        self.push(m);
                    }
                }
                Seq::Repeat { x, meta, .. } => {
                    self.push(x);
                    if let Some(m) = meta {
                        self.push(m);
                    }
                }
                Seq::Range { meta, .. } => {
                    if let Some(m) = meta {
                        self.push(m);
                    }
                }
            },
            Value::LazySeq(l) if self.first_visit(l) => {
                let mut held = Vec::new();
                l.for_each_held(|v| held.push(v.clone()));
                for h in &held {
                    self.push(h);
                }
            }
            Value::Fn(f) if self.first_visit(f) => {
                for x in f.captures.iter() {
                    self.push(x);
                }
                if let Some(m) = &f.meta {
                    self.push(m);
                }
                for a in f.proto.arities() {
                    self.chunk(a);
                }
            }
            Value::Var(var) if self.first_visit(var) => {
                if let Some(r) = var.root() {
                    self.push(&r);
                }
                if let Some(m) = var.meta.borrow().as_ref() {
                    self.push(m);
                }
            }
            Value::Atom(a) if visit_atom(a) && self.first_visit(a) => {
                self.push(&a.deref());
                if let Some(f) = a.validator.borrow().as_ref() {
                    self.push(f);
                }
                for (k, f) in a.watches.borrow().iter() {
                    self.push(k);
                    self.push(f);
                }
                if let Some(m) = a.meta.borrow().as_ref() {
                    self.push(m);
                }
            }
            Value::Namespace(ns) if self.first_visit(ns) => {
                for var in ns.vars.borrow().values() {
                    self.push(&Value::Var(var.clone()));
                }
            }
            Value::Exception(e) if self.first_visit(e) => {
                if let Some(d) = &e.data {
                    self.push(d);
                }
                if let Some(c) = &e.cause {
                    self.push(c);
                }
            }
            Value::Wasm(m) if self.first_visit(m) => {
                for f in m.import_fns() {
                    self.push(&f);
                }
            }
            Value::Delay(d) if self.first_visit(d) => {
                if let Some(h) = d.held() {
                    self.push(&h);
                }
            }
            Value::Obj(o) if self.first_visit(o) => match &**o {
                Obj::Reduced(x) => self.push(x),
                Obj::Volatile(c) => self.push(&c.borrow().clone()),
                Obj::Transient(c) | Obj::Promise(c) => {
                    if let Some(x) = c.borrow().as_ref() {
                        self.push(x);
                    }
                }
                Obj::Instance { fields, .. } => self.push(fields),
                Obj::StringBuilder(_) => {}
                Obj::Sorted(s) => {
                    for (k, x) in s.entries.iter() {
                        self.push(k);
                        self.push(x);
                    }
                    if let Some(c) = &s.cmp {
                        self.push(c);
                    }
                    if let Some(m) = &s.meta {
                        self.push(m);
                    }
                }
            },
            _ => {}
        }
    }
}

/// Runs a collection now (at a top-level boundary; see the module doc).
pub fn collect(interp: &Interp, extra: &[Value]) {
    let start = Instant::now();
    let candidates: Vec<Rc<Atom>> = {
        let mut heap = interp.gc.borrow_mut();
        heap.atoms.retain(|w| w.strong_count() > 0);
        heap.atoms.iter().filter_map(Weak::upgrade).collect()
    };
    // 1. Mark from the roots.
    let mut tracer = Tracer::new();
    for ns in interp.namespaces.borrow().values() {
        tracer.push(&Value::Namespace(ns.clone()));
    }
    for frame in interp.bindings.borrow().iter() {
        for (var, v) in frame {
            tracer.push(&Value::Var(var.clone()));
            tracer.push(v);
        }
    }
    for v in extra {
        tracer.push(v);
    }
    let mut marked: HashSet<usize> = HashSet::new();
    tracer.run(&mut |a| {
        marked.insert(addr(a));
        true
    });
    // 2. Safety net: an unreached atom referenced more often than the unreached graph
    //    accounts for has a holder outside it; it is a root after all.
    loop {
        let unreached: Vec<&Rc<Atom>> = candidates
            .iter()
            .filter(|a| !marked.contains(&addr(a)))
            .collect();
        if unreached.is_empty() {
            break;
        }
        let ids: HashSet<usize> = unreached.iter().map(|a| addr(a)).collect();
        let mut inner_refs: HashMap<usize, usize> = HashMap::new();
        let mut counter = Tracer::new();
        counter.seen.clone_from(&tracer.seen);
        for a in &unreached {
            counter.stack.push(a.deref());
            if let Some(f) = a.validator.borrow().as_ref() {
                counter.stack.push(f.clone());
            }
            for (k, f) in a.watches.borrow().iter() {
                counter.stack.push(k.clone());
                counter.stack.push(f.clone());
            }
            if let Some(m) = a.meta.borrow().as_ref() {
                counter.stack.push(m.clone());
            }
        }
        // Each reference to an unreached atom found while tracing the unreached part of the
        // graph: traversal visits every reference-counted container once (see the module
        // doc for the one case this can count twice).
        counter.run(&mut |a| {
            if ids.contains(&addr(a)) {
                *inner_refs.entry(addr(a)).or_default() += 1;
            }
            false
        });
        // `candidates` holds one strong reference of its own.
        let rescued: Vec<&Rc<Atom>> = unreached
            .into_iter()
            .filter(|a| Rc::strong_count(a) - 1 > inner_refs.get(&addr(a)).copied().unwrap_or(0))
            .collect();
        if rescued.is_empty() {
            break;
        }
        for a in rescued {
            tracer.push(&Value::Atom((*a).clone()));
        }
        tracer.run(&mut |a| {
            marked.insert(addr(a));
            true
        });
    }
    // 3. Clear what is left: that breaks every cycle through it.
    let mut cleared = 0u64;
    for a in &candidates {
        if !marked.contains(&addr(a)) {
            let old = a.reset(Value::Nil);
            let validator = a.validator.borrow_mut().take();
            let watches = std::mem::take(&mut *a.watches.borrow_mut());
            let meta = a.meta.borrow_mut().take();
            drop((old, validator, watches, meta));
            cleared += 1;
        }
    }
    drop(tracer);
    drop(candidates);
    let mut heap = interp.gc.borrow_mut();
    heap.atoms.retain(|w| w.strong_count() > 0);
    heap.survivors = heap.atoms.len();
    heap.created_since = 0;
    heap.requested = false;
    let pause = start.elapsed().as_micros() as u64;
    heap.stats.collections += 1;
    heap.stats.atoms_cleared += cleared;
    heap.stats.atoms_tracked = heap.atoms.len();
    heap.stats.last_pause_us = pause;
    heap.stats.total_pause_us += pause;
}
