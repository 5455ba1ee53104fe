//! The compiler: analyzes forms (special forms, locals, macroexpansion) and emits bytecode.
//!
//! Locals live in frame slots; closures capture the values they use by copy at creation
//! (Clojure's locals are immutable), except `letfn*` bindings, which are cells so the fns
//! can see each other. `recur` is only allowed in tail position, and never across `try`.

mod inline;
use inline::thread_jumps;
mod special;

use std::rc::Rc;

use crate::chunk::{Arg, Bin, Chunk, Op, Un};
use crate::runtime::{Namespace, Var};
use crate::value::{Symbol, Value, seq};
use crate::vm::{FnProto, Interp, Throw};

/// Where a captured value comes from in the enclosing function.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Local(u16),
    Capture(u16),
    SelfFn,
}

#[derive(Clone)]
struct Local {
    name: Rc<str>,
    slot: u16,
    /// A `letfn*` cell: reads go through `CellGet`.
    cell: bool,
}

#[derive(Clone, Copy)]
struct LoopTarget {
    first: u16,
    n: u16,
    target: u32,
}

/// One arity being compiled.
struct ArityState {
    chunk: Chunk,
    locals: Vec<Local>,
    next_slot: u16,
    loop_target: Option<LoopTarget>,
    /// The highest jump target handed out so far: instructions before it may not be fused
    /// (a jump could land between them).
    label_max: u32,
}

/// One `fn*` (or the top level) being compiled.
struct FnState {
    arity: ArityState,
    captures: Vec<(Rc<str>, Source, bool)>,
    self_name: Option<Rc<str>>,
}

pub struct Compiler<'a> {
    interp: &'a Interp,
    file: Rc<str>,
    fns: Vec<FnState>,
    pos: (u32, u32),
}

/// Compiles one top-level form into a chunk (to run with `Interp::run_chunk`).
pub fn compile_toplevel(interp: &Interp, form: &Value, file: &str) -> Result<Rc<Chunk>, Throw> {
    let mut c = Compiler {
        interp,
        file: Rc::from(file),
        fns: Vec::new(),
        pos: (0, 0),
    };
    let mut top = c.new_arity("toplevel", 0, false);
    // The top level is a function of no arguments, as in Clojure: `(recur)` loops there.
    top.loop_target = Some(LoopTarget {
        first: 0,
        n: 0,
        target: 0,
    });
    c.fns.push(FnState {
        arity: top,
        captures: Vec::new(),
        self_name: None,
    });
    c.compile(form, true)?;
    c.emit(Op::Return);
    let mut state = c.fns.pop().expect("top-level state");
    thread_jumps(&mut state.arity.chunk.code);
    Ok(Rc::new(state.arity.chunk))
}

fn form_position(form: &Value) -> Option<(u32, u32)> {
    let Some(Value::Map(m)) = form.meta() else {
        return None;
    };
    let line = match m.get(&Value::keyword("line")) {
        Some(Value::Long(l)) => *l as u32,
        _ => return None,
    };
    let col = match m.get(&Value::keyword("column")) {
        Some(Value::Long(c)) => *c as u32,
        _ => 0,
    };
    Some((line, col))
}

impl<'a> Compiler<'a> {
    fn new_arity(&self, name: &str, params: u16, variadic: bool) -> ArityState {
        ArityState {
            chunk: Chunk {
                name: name.to_string(),
                file: self.file.clone(),
                params,
                variadic,
                ..Chunk::default()
            },
            locals: Vec::new(),
            next_slot: 0,
            loop_target: None,
            label_max: 0,
        }
    }

    fn cur(&mut self) -> &mut ArityState {
        &mut self
            .fns
            .last_mut()
            .expect("a function being compiled")
            .arity
    }

    fn emit(&mut self, op: Op) -> usize {
        if let Some(at) = self.fuse(op) {
            return at;
        }
        let pos = self.pos;
        let chunk = &mut self.cur().chunk;
        chunk.code.push(op);
        chunk.positions.push(pos);
        chunk.code.len() - 1
    }

    fn here(&mut self) -> u32 {
        let st = self.cur();
        let at = st.chunk.code.len() as u32;
        st.label_max = st.label_max.max(at);
        at
    }

    fn patch(&mut self, at: usize, target: u32) {
        let code = &mut self.cur().chunk.code;
        code[at] = match code[at] {
            Op::Jump(_) => Op::Jump(target),
            Op::JumpIfFalse(_) => Op::JumpIfFalse(target),
            Op::PushHandler(_) => Op::PushHandler(target),
            Op::BranchUnless { cmp, a, b, .. } => Op::BranchUnless { cmp, a, b, target },
            op => op,
        };
    }

    fn constant(&mut self, v: Value) -> u32 {
        let consts = &mut self.cur().chunk.consts;
        consts.push(v);
        (consts.len() - 1) as u32
    }

    fn error(&self, message: impl Into<String>) -> Throw {
        self.error_as(crate::vm::ExClass::RuntimeException, message)
    }

    /// A compile error whose cause has the given class (what JVM Clojure reports).
    fn error_as(&self, cause: crate::vm::ExClass, message: impl Into<String>) -> Throw {
        let (line, col) = self.pos;
        let message = message.into();
        if line > 0 {
            Throw::compiler(cause, format!("{message} ({}:{line}:{col})", self.file))
        } else {
            Throw::compiler(cause, message)
        }
    }

    /// Allocates a local slot in the current arity.
    fn alloc_slot(&mut self) -> u16 {
        let a = self.cur();
        let slot = a.next_slot;
        a.next_slot += 1;
        a.chunk.slots = a.chunk.slots.max(a.next_slot);
        slot
    }

    fn bind_local(&mut self, name: &str, slot: u16, cell: bool) {
        self.cur().locals.push(Local {
            name: Rc::from(name),
            slot,
            cell,
        });
    }

    /// Compiles `form`, leaving its value on the stack. `tail`: in tail position for `recur`.
    pub(crate) fn compile(&mut self, form: &Value, tail: bool) -> Result<(), Throw> {
        match form {
            Value::Symbol(s) => self.compile_symbol(s),
            // Macros build code with seq functions: a non-empty seq is a call like a list.
            Value::Seq(_) | Value::LazySeq(_) => {
                let items = seq::to_vec(form)?;
                if items.is_empty() {
                    let k = self.constant(Value::List(Rc::new(crate::value::List::default())));
                    self.emit(Op::Const(k));
                    return Ok(());
                }
                let list = Value::List(Rc::new(crate::value::List::from_vec(items)));
                let list = match form.meta() {
                    Some(m) => list.with_meta(Some(m.clone())).unwrap_or(list),
                    None => list,
                };
                self.compile(&list, tail)
            }
            Value::List(l) if !l.is_empty() => {
                let saved = self.pos;
                if let Some(p) = form_position(form) {
                    self.pos = p;
                }
                let r = self.compile_list(form, tail);
                self.pos = saved;
                r
            }
            Value::Vector(v) if v.iter().any(needs_eval) => {
                let items: Vec<Value> = v.iter().cloned().collect();
                self.compile_call_native("vector", &items)
            }
            Value::Map(m)
                if m.entries()
                    .iter()
                    .any(|(k, v)| needs_eval(k) || needs_eval(v)) =>
            {
                let items: Vec<Value> = m.entries().into_iter().flat_map(|(k, v)| [k, v]).collect();
                self.compile_call_native("array-map", &items)
            }
            Value::Set(s) if s.items().iter().any(needs_eval) => {
                self.compile_call_native("hash-set", &s.items())
            }
            Value::Nil => {
                self.emit(Op::Nil);
                Ok(())
            }
            Value::Bool(true) => {
                self.emit(Op::True);
                Ok(())
            }
            Value::Bool(false) => {
                self.emit(Op::False);
                Ok(())
            }
            v => {
                let k = self.constant(v.clone());
                self.emit(Op::Const(k));
                Ok(())
            }
        }
    }

    fn compile_call_native(&mut self, name: &str, args: &[Value]) -> Result<(), Throw> {
        let var = self.interp.ns("clojure.core").intern(name);
        let k = self.constant(Value::Var(var));
        self.emit(Op::Var(k));
        for a in args {
            self.compile(a, false)?;
        }
        self.emit(Op::Call(args.len() as u16));
        Ok(())
    }

    /// Finds a local by name in function `depth` (index into `fns`), capturing it from
    /// enclosing functions as needed. Returns how to load it there, and whether it is a cell.
    fn resolve_local(&mut self, depth: usize, name: &str) -> Option<(Source, bool)> {
        let f = &self.fns[depth];
        if let Some(l) = f.arity.locals.iter().rev().find(|l| &*l.name == name) {
            return Some((Source::Local(l.slot), l.cell));
        }
        if f.self_name.as_deref() == Some(name) {
            return Some((Source::SelfFn, false));
        }
        if let Some(i) = f.captures.iter().position(|(n, _, _)| &**n == name) {
            return Some((Source::Capture(i as u16), f.captures[i].2));
        }
        if depth == 0 {
            return None;
        }
        let (outer, cell) = self.resolve_local(depth - 1, name)?;
        let f = &mut self.fns[depth];
        f.captures.push((Rc::from(name), outer, cell));
        Some((Source::Capture((f.captures.len() - 1) as u16), cell))
    }

    fn emit_load(&mut self, source: Source) {
        match source {
            Source::Local(slot) => self.emit(Op::Local(slot)),
            Source::Capture(i) => self.emit(Op::Capture(i)),
            Source::SelfFn => self.emit(Op::SelfFn),
        };
    }

    fn compile_symbol(&mut self, s: &Symbol) -> Result<(), Throw> {
        if s.ns().is_none() {
            let depth = self.fns.len() - 1;
            if let Some((source, cell)) = self.resolve_local(depth, s.name()) {
                self.emit_load(source);
                if cell {
                    self.emit(Op::CellGet);
                }
                return Ok(());
            }
        }
        match self.resolve_var(s) {
            Some(var) => {
                self.check_public(&var)?;
                if var.macro_.get() {
                    return Err(self.error(format!(
                        "Can't take value of a macro: #'{}",
                        var.full_name()
                    )));
                }
                let k = self.constant(Value::Var(var));
                self.emit(Op::Var(k));
                Ok(())
            }
            None if s.ns().is_none()
                && self
                    .interp
                    .current_ns()
                    .imports
                    .borrow()
                    .contains_key(s.name()) =>
            {
                // An imported class (`(:import [java.net URI])`) is its full name.
                let full = self.interp.current_ns().imports.borrow()[s.name()].clone();
                let k = self.constant(Value::Symbol(Symbol::new(None, &full)));
                self.emit(Op::Const(k));
                Ok(())
            }
            None => match class_name(s) {
                // A class name evaluates to the symbol naming the class, which is what
                // `type`/`class` return, so `(instance? String x)` and `(= (type x) Long)`
                // work.
                Some(class) => {
                    let k = self.constant(Value::Symbol(Symbol::new(None, &class)));
                    self.emit(Op::Const(k));
                    Ok(())
                }
                // `Class/member` of a host class kiln does not have: an error when it runs,
                // not when it compiles, so a library that mentions such a member in one
                // code path still loads and the rest of it works.
                None if s.ns().is_some_and(looks_like_class) => self.compile_host_missing(
                    "java.lang.RuntimeException",
                    &format!(
                        "Unable to resolve symbol: {} in this context (kiln has no host class {})",
                        s.full_name(),
                        s.ns().unwrap_or_default()
                    ),
                ),
                None => Err(self.error(format!(
                    "Unable to resolve symbol: {} in this context",
                    s.full_name()
                ))),
            },
        }
    }

    /// Code that throws `class` with `message` when it runs (see `looks_like_class`).
    pub(crate) fn compile_host_missing(&mut self, class: &str, message: &str) -> Result<(), Throw> {
        let ctor = Value::Symbol(Symbol::new(None, &format!("{class}.")));
        let list = |items: Vec<Value>| Value::List(Rc::new(crate::value::List::from_vec(items)));
        let form = list(vec![
            Value::Symbol(Symbol::new(None, "throw")),
            list(vec![ctor, Value::str(message)]),
        ]);
        self.compile(&form, false)
    }

    /// The var a global symbol names: in the current namespace, referred, or `ns/name` with
    /// `ns` a namespace name or an alias.
    pub(crate) fn resolve_var(&self, s: &Symbol) -> Option<Rc<Var>> {
        let current = self.interp.current_ns();
        match s.ns() {
            None => current.lookup(s.name()),
            Some(ns) => {
                let target: Rc<Namespace> =
                    current.alias(ns).or_else(|| self.interp.find_ns(ns))?;
                let var = target.vars.borrow().get(s.name()).cloned()?;
                Some(var)
            }
        }
    }

    /// Private vars are only visible from their own namespace.
    fn check_public(&self, var: &Rc<Var>) -> Result<(), Throw> {
        if var.private.get() && *var.ns != *self.interp.current_ns().name() {
            return Err(self.error_as(
                crate::vm::ExClass::IllegalState,
                format!("var: #'{} is not public", var.full_name()),
            ));
        }
        Ok(())
    }

    fn is_local(&mut self, name: &str) -> bool {
        let depth = self.fns.len() - 1;
        self.fns[depth]
            .arity
            .locals
            .iter()
            .any(|l| &*l.name == name)
            || self.fns.iter().any(|f| {
                f.arity.locals.iter().any(|l| &*l.name == name)
                    || f.self_name.as_deref() == Some(name)
            })
    }

    /// `(Name. args…)` for a `deftype`/`defrecord` (its positional factory `->Name`, found
    /// in the current namespace or in the namespace a qualified name's package names),
    /// `(clojure.lang.MapEntry. k v)` (a map entry, which is a 2-vector here) and `(Object.)`
    /// (a fresh object, e.g. a lock). `None` when `class` is none of these.
    fn compile_host_ctor(
        &mut self,
        class: &str,
        args: &[Value],
        tail: bool,
    ) -> Option<Result<(), Throw>> {
        let call = |head: Value, args: &[Value]| {
            let mut items = vec![head];
            items.extend_from_slice(args);
            Value::List(Rc::new(crate::value::List::from_vec(items)))
        };
        let form = match class {
            "java.util.Date" | "Date" if args.is_empty() => call(
                Value::Symbol(Symbol::new(Some("java.util.Date"), "-now")),
                &[],
            ),
            "clojure.lang.MapEntry" | "MapEntry" => call(
                Value::Symbol(Symbol::new(Some("clojure.core"), "vector")),
                args,
            ),
            "Object" | "java.lang.Object" if args.is_empty() => call(
                Value::Symbol(Symbol::new(Some("clojure.core"), "-instance")),
                &[
                    Value::List(Rc::new(crate::value::List::from_vec(vec![
                        Value::Symbol(Symbol::new(None, "quote")),
                        Value::Symbol(Symbol::new(None, "java.lang.Object")),
                    ]))),
                    Value::Map(Rc::new(crate::value::Map::from_pairs(Vec::new()))),
                ],
            ),
            _ => {
                let (package, short) = match class.rsplit_once('.') {
                    Some((p, s)) => (Some(p.replace('_', "-")), s),
                    None => (None, class),
                };
                let factory = format!("->{short}");
                let found = match &package {
                    None => self.interp.current_ns().lookup(&factory).is_some(),
                    Some(p) => self
                        .interp
                        .find_ns(p)
                        .is_some_and(|ns| ns.vars.borrow().contains_key(factory.as_str())),
                };
                if !found {
                    return None;
                }
                call(
                    Value::Symbol(Symbol::new(package.as_deref(), &factory)),
                    args,
                )
            }
        };
        Some(self.compile(&form, tail))
    }

    fn compile_list(&mut self, form: &Value, tail: bool) -> Result<(), Throw> {
        let items = seq::to_vec(form)?;
        let head = &items[0];
        if let Value::Symbol(s) = head {
            if s.ns().is_none() && !self.is_local(s.name()) {
                if let Some(r) = self.compile_special(s.name(), form, &items, tail) {
                    return r;
                }
                // `(.method target args…)` and `(. target method args…)`: host method calls.
                let name = s.name();
                if name.len() > 1 && name.starts_with('.') && name != ".." {
                    let mut args = vec![Value::str(&name[1..])];
                    args.extend_from_slice(&items[1..]);
                    if items.len() < 2 {
                        return Err(self.error(format!(
                            "Malformed member expression: {name} needs a target"
                        )));
                    }
                    return self.compile_call_native("-invoke", &args);
                }
                if name == "." {
                    let (Some(target), Some(member)) = (items.get(1), items.get(2)) else {
                        return Err(self.error(
                            "Malformed member expression, expecting (. target member ...)",
                        ));
                    };
                    let (method, rest): (String, Vec<Value>) = match member {
                        Value::Symbol(m) => (m.name().to_string(), items[3..].to_vec()),
                        Value::List(l) => match l.first() {
                            Some(Value::Symbol(m)) => {
                                (m.name().to_string(), l.iter().skip(1).cloned().collect())
                            }
                            _ => return Err(self.error("Malformed member expression")),
                        },
                        _ => return Err(self.error("Malformed member expression")),
                    };
                    let mut args = vec![Value::str(&method), target.clone()];
                    args.extend(rest);
                    return self.compile_call_native("-invoke", &args);
                }
                // `(Exception. "msg")` / `(new Exception "msg")`: host exception constructors.
                let ctor = match s.name() {
                    "new" => match items.get(1) {
                        Some(Value::Symbol(c)) => Some((c.full_name(), 2)),
                        _ => None,
                    },
                    name if name.len() > 1 && name.ends_with('.') && name != ".." => {
                        Some((name[..name.len() - 1].to_string(), 1))
                    }
                    _ => None,
                };
                if let Some((class, args_at)) = ctor {
                    if matches!(
                        class.as_str(),
                        "StringBuilder"
                            | "java.lang.StringBuilder"
                            | "StringWriter"
                            | "java.io.StringWriter"
                    ) {
                        return self.compile_call_native("-string-builder", &items[args_at..]);
                    }
                    if let Some(r) = self.compile_host_ctor(&class, &items[args_at..], tail) {
                        return r;
                    }
                    let Some(class) = crate::vm::ExClass::from_name(&class) else {
                        if looks_like_class(&class) {
                            return self.compile_host_missing(
                                "java.lang.IllegalArgumentException",
                                &format!("Unable to resolve classname: {class} (kiln has no such host class)"),
                            );
                        }
                        return Err(self.error(format!("Unable to resolve classname: {class}")));
                    };
                    let mut args = vec![Value::str(class.name())];
                    args.extend_from_slice(&items[args_at..]);
                    return self.compile_call_native("-exception", &args);
                }
            }
            if !(s.ns().is_none() && self.is_local(s.name()))
                && let Some(var) = self.resolve_var(s)
            {
                self.check_public(&var)?;
                // `(Class/FIELD)`: Clojure reads a static field in call position too.
                if items.len() == 1
                    && s.ns().is_some_and(|ns| {
                        class_name(&Symbol::new(None, ns)).is_some() || STATIC_CLASSES.contains(&ns)
                    })
                    && var
                        .root()
                        .is_some_and(|v| !matches!(v, Value::Fn(_) | Value::Native(_)))
                {
                    return self.compile(head, tail);
                }
                if var.macro_.get() {
                    let expanded = self.macroexpand_call(&var, form, &items)?;
                    return self.compile(&expanded, tail);
                }
                if &*var.ns == "clojure.core"
                    && self.compile_inline(var.name.as_ref(), &items[1..], tail)?
                {
                    return Ok(());
                }
            }
        }
        // `(:k m)`: a keyword lookup without a call.
        if let (Value::Keyword(_), [_, m]) = (head, items.as_slice()) {
            self.compile(m, false)?;
            let k = self.constant(head.clone());
            self.emit(Op::KwGet(k));
            return Ok(());
        }
        let argc = u16::try_from(items.len() - 1).map_err(|_| self.error("too many arguments"))?;
        // A call of a global fn: the var is read by the call instruction itself, after the
        // arguments. Clojure reads it before them, which only shows when evaluating an
        // argument can redefine the var: so only when every argument is side-effect free.
        if let Value::Symbol(s) = head
            && !(s.ns().is_none() && self.is_local(s.name()))
            && let Some(var) = self.resolve_var(s)
            && !var.macro_.get()
            && items[1..].iter().all(|a| self.pure_arg(a, 0))
        {
            self.check_public(&var)?;
            for arg in &items[1..] {
                self.compile(arg, false)?;
            }
            let k = self.constant(Value::Var(var));
            self.emit(Op::CallVar(k, argc));
            return Ok(());
        }
        self.compile(head, false)?;
        for arg in &items[1..] {
            self.compile(arg, false)?;
        }
        self.emit(if tail {
            Op::TailCall(argc)
        } else {
            Op::Call(argc)
        });
        Ok(())
    }

    /// Calls a macro: `(macro-fn &form &env args…)`; the expansion inherits the call's
    /// position when it has none.
    fn macroexpand_call(
        &mut self,
        var: &Rc<Var>,
        form: &Value,
        items: &[Value],
    ) -> Result<Value, Throw> {
        let f = self.interp.var_value(var)?;
        let mut args = vec![form.clone(), Value::Nil];
        args.extend_from_slice(&items[1..]);
        let expanded = self.interp.apply(&f, &args).map_err(|e| match e {
            Throw::Exception(ex) if ex.class != crate::vm::ExClass::Compiler => {
                self.error(format!(
                    "Unexpected error macroexpanding {}: {}",
                    var.full_name(),
                    ex.message.as_deref().unwrap_or("")
                ))
            }
            e => e,
        })?;
        let expanded = normalize(&expanded)?;
        Ok(match (&expanded, form.meta()) {
            (Value::List(_), Some(m)) if expanded.meta().is_none() => {
                expanded.with_meta(Some(m.clone())).unwrap_or(expanded)
            }
            _ => expanded,
        })
    }

    /// Compiles a `fn*` form into a prototype and emits the closure creation.
    fn compile_fn(&mut self, form: &Value, items: &[Value]) -> Result<(), Throw> {
        let mut rest = &items[1..];
        let name = match rest.first() {
            Some(Value::Symbol(s)) => {
                rest = &rest[1..];
                Some(s.name().to_string())
            }
            _ => None,
        };
        let arities: Vec<Value> = match rest.first() {
            Some(Value::Vector(_)) => vec![Value::List(Rc::new(crate::value::List::from_vec(
                rest.to_vec(),
            )))],
            _ => rest.to_vec(),
        };
        if arities.is_empty() {
            return Err(self.error("fn* needs a parameter vector"));
        }
        let display = name.clone().unwrap_or_else(|| "fn".to_string());
        self.fns.push(FnState {
            arity: self.new_arity(&display, 0, false),
            captures: Vec::new(),
            self_name: name.as_deref().map(Rc::from),
        });
        let mut chunks = Vec::new();
        for arity in &arities {
            let r = self.compile_arity(&display, arity);
            match r {
                Ok(chunk) => chunks.push(Rc::new(chunk)),
                Err(e) => {
                    self.fns.pop();
                    return Err(e);
                }
            }
        }
        let state = self.fns.pop().expect("fn state");
        let mut fixed = std::collections::HashSet::new();
        let variadic = chunks.iter().filter(|c| c.variadic).count();
        if variadic > 1 {
            return Err(self.error("Can't have more than 1 variadic overload"));
        }
        for c in chunks.iter().filter(|c| !c.variadic) {
            if !fixed.insert(c.params) {
                return Err(self.error("Can't have 2 overloads with same arity"));
            }
        }
        chunks.sort_by_key(|c| c.variadic);
        let ns: Rc<str> = Rc::from(self.interp.current_ns().name());
        let proto = Rc::new(FnProto::new(name, ns, chunks));
        for (_, source, _) in &state.captures {
            self.emit_load(*source);
        }
        let protos = &mut self.cur().chunk.protos;
        protos.push(proto);
        let p = (protos.len() - 1) as u32;
        self.emit(Op::Closure(p, state.captures.len() as u16));
        let _ = form;
        Ok(())
    }

    fn compile_arity(&mut self, name: &str, arity: &Value) -> Result<Chunk, Throw> {
        let items = seq::to_vec(arity)?;
        let Some(Value::Vector(params)) = items.first() else {
            return Err(self.error("fn* arity must start with a parameter vector"));
        };
        let params: Vec<Value> = params.iter().cloned().collect();
        let mut names = Vec::new();
        let mut variadic = false;
        let mut i = 0;
        while i < params.len() {
            match &params[i] {
                Value::Symbol(s) if s.is_simple("&") => {
                    variadic = true;
                    match params.get(i + 1) {
                        Some(Value::Symbol(r)) if params.len() == i + 2 => {
                            names.push(r.name().to_string())
                        }
                        _ => return Err(self.error("expected one symbol after & in parameters")),
                    }
                    i += 2;
                }
                Value::Symbol(s) if s.ns().is_none() => {
                    names.push(s.name().to_string());
                    i += 1;
                }
                p => return Err(self.error(format!("Unsupported binding form: {p:?}"))),
            }
        }
        let mut state = self.new_arity(name, names.len() as u16, variadic);
        state.next_slot = names.len() as u16;
        state.chunk.slots = names.len() as u16;
        for (slot, n) in names.iter().enumerate() {
            state.locals.push(Local {
                name: Rc::from(n.as_str()),
                slot: slot as u16,
                cell: false,
            });
        }
        state.loop_target = Some(LoopTarget {
            first: 0,
            n: names.len() as u16,
            target: 0,
        });
        let saved = std::mem::replace(&mut self.fns.last_mut().expect("fn").arity, state);
        let body = &items[1..];
        let r = self.compile_body(body, true);
        if r.is_ok() {
            self.emit(Op::Return);
        }
        let mut state = std::mem::replace(&mut self.fns.last_mut().expect("fn").arity, saved);
        thread_jumps(&mut state.chunk.code);
        crate::wasm::tier::attach(self.interp, &mut state.chunk);
        r.map(|()| state.chunk)
    }

    /// `do`-style body: all but the last value dropped.
    fn compile_body(&mut self, body: &[Value], tail: bool) -> Result<(), Throw> {
        if body.is_empty() {
            self.emit(Op::Nil);
            return Ok(());
        }
        for (i, f) in body.iter().enumerate() {
            let last = i + 1 == body.len();
            self.compile(f, tail && last)?;
            if !last {
                self.emit(Op::Pop);
            }
        }
        Ok(())
    }
}

/// Does a literal element need evaluation (as opposed to being a constant)?
fn needs_eval(v: &Value) -> bool {
    match v {
        Value::Symbol(_) | Value::Seq(_) | Value::LazySeq(_) => true,
        Value::List(l) => !l.is_empty(),
        Value::Vector(x) => x.iter().any(needs_eval),
        Value::Map(m) => m
            .entries()
            .iter()
            .any(|(k, v)| needs_eval(k) || needs_eval(v)),
        Value::Set(s) => s.items().iter().any(needs_eval),
        _ => false,
    }
}

/// Macro output built with seq functions (`concat`, `cons`, `map`) turns into plain lists
/// (recursively, through lists and vectors) so special forms can take it apart.
fn normalize(v: &Value) -> Result<Value, Throw> {
    Ok(match v {
        Value::List(_) | Value::Seq(_) | Value::LazySeq(_) => {
            let items = seq::to_vec(v)?
                .iter()
                .map(normalize)
                .collect::<Result<Vec<_>, _>>()?;
            let list = Value::List(Rc::new(crate::value::List::from_vec(items)));
            match v.meta() {
                Some(m) => list.with_meta(Some(m.clone())).unwrap_or(list),
                None => list,
            }
        }
        Value::Vector(vec)
            if vec.iter().any(|x| {
                matches!(
                    x,
                    Value::List(_) | Value::Seq(_) | Value::LazySeq(_) | Value::Vector(_)
                )
            }) =>
        {
            let items = vec.iter().map(normalize).collect::<Result<Vec<_>, _>>()?;
            let out = Value::Vector(Rc::new(crate::value::Vector::from_vec(items)));
            match v.meta() {
                Some(m) => out.with_meta(Some(m.clone())).unwrap_or(out),
                None => out,
            }
        }
        Value::Map(m) if m.entries().iter().any(|(k, x)| is_form(k) || is_form(x)) => {
            let mut pairs = Vec::with_capacity(m.len());
            for (k, x) in m.entries() {
                pairs.push((normalize(&k)?, normalize(&x)?));
            }
            let mut out = crate::value::Map::from_pairs(pairs);
            out.meta = m.meta.clone();
            out.tag = m.tag.clone();
            Value::Map(Rc::new(out))
        }
        Value::Set(st) if st.items().iter().any(is_form) => {
            let items = st
                .items()
                .iter()
                .map(normalize)
                .collect::<Result<Vec<_>, _>>()?;
            let out = Value::Set(Rc::new(crate::value::Set::from_vec(items)));
            match v.meta() {
                Some(m) => out.with_meta(Some(m.clone())).unwrap_or(out),
                None => out,
            }
        }
        _ => v.clone(),
    })
}

/// Whether `normalize` has work to do inside a map or set.
fn is_form(v: &Value) -> bool {
    matches!(
        v,
        Value::List(_) | Value::Seq(_) | Value::LazySeq(_) | Value::Vector(_) | Value::Map(_)
    )
}

/// `java.lang` classes that are referred to by their short names.
pub const JAVA_LANG: &[&str] = &[
    "Object",
    "String",
    "Number",
    "Long",
    "Integer",
    "Short",
    "Byte",
    "Double",
    "Float",
    "Boolean",
    "Character",
    "CharSequence",
    "Comparable",
    "Iterable",
    "Math",
    "System",
    "Throwable",
    "Exception",
    "RuntimeException",
    "Error",
    "ArithmeticException",
    "IllegalArgumentException",
    "IllegalStateException",
    "ClassCastException",
    "IndexOutOfBoundsException",
    "NullPointerException",
    "NumberFormatException",
    "UnsupportedOperationException",
    "StackOverflowError",
    "AssertionError",
    "Runnable",
    "StringBuilder",
    "Class",
    "Void",
    "Thread",
    "InterruptedException",
    "ClassNotFoundException",
];

/// Classes whose static members are vars in a namespace of the class's short name.
const STATIC_CLASSES: &[&str] = &[
    "Math",
    "System",
    "Thread",
    "Long",
    "Integer",
    "Double",
    "Boolean",
    "Character",
    "String",
];

/// Does `name` look like a host class (`Thread`, `java.net.URI`, `clojure.lang.MapEntry`):
/// its last dotted segment starts with an upper-case letter?
pub(crate) fn looks_like_class(name: &str) -> bool {
    name.rsplit('.')
        .next()
        .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// The class a symbol names when it is not a var: a `java.lang` short name, or a dotted
/// name whose last segment is capitalized (`clojure.lang.PersistentVector`).
pub fn class_name(s: &Symbol) -> Option<String> {
    if s.ns().is_some() {
        return None;
    }
    let name = s.name();
    if JAVA_LANG.contains(&name) {
        return Some(format!("java.lang.{name}"));
    }
    let last = name.rsplit('.').next()?;
    (name.contains('.') && last.starts_with(|c: char| c.is_ascii_uppercase()))
        .then(|| name.to_string())
}

#[cfg(test)]
mod tests;
