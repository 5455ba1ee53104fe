//! Bytecode → WebAssembly text for the Wasm tier (see the parent module for when it runs).
//!
//! The VM's bytecode is a stack machine like Wasm's, so most instructions translate one to
//! one once every stack entry has a static type: a long (`i64` on the Wasm stack), a
//! boolean (`i32`), or something known at translation time that needs no Wasm value at all
//! (nil, a string literal, the module a var holds). Control flow is arbitrary jumps in
//! bytecode and structured in Wasm, so the function is a dispatch loop over basic blocks:
//! nested `block`s closed in instruction order, a `br_table` on a block index, and plain
//! fall-through between consecutive blocks. Values left on the stack across a block
//! boundary are spilled into locals named by their depth.
//!
//! Anything outside this subset (another type, another call, a closure, `try`) makes the
//! translation fail with a reason, and the function keeps running in the interpreter.
//! Errors the interpreter would throw — long overflow, an argument that does not fit an
//! `i32` parameter — set the `err` globals and trap; the caller rebuilds the same exception
//! from them.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;
use std::rc::Rc;

use wasmtime::ValType;

use crate::chunk::{Arg, Chunk, Op};
use crate::runtime::Var;
use crate::value::Value;
use crate::wasm::WasmModule;

mod emit;

/// The refuel before each guest call (and on back edges without one); the caller removes
/// every occurrence for a module that needs none (unmetered, no `:timeout-ms`).
pub const REFUEL: &str = "call $refuel\n";

/// Error codes in the `err` global.
pub const ERR_BIN: i32 = 1;
pub const ERR_INC: i32 = 2;
pub const ERR_ARG: i32 = 3;

/// A stack entry's static type.
#[derive(Clone, Debug, PartialEq)]
enum Ty {
    Long,
    Bool,
    Nil,
    /// A string constant (constant index).
    Str(u32),
    /// The module read from a var (constant index of the var).
    Module(u32),
    /// A keyword constant (`:else`): truthy, and only usable as a test or dropped.
    Kw(u32),
}

impl Ty {
    fn wasm(&self) -> Option<&'static str> {
        match self {
            Ty::Long => Some("i64"),
            Ty::Bool => Some("i32"),
            _ => None,
        }
    }
}

/// One export the function calls: its import index is its position in `Plan::calls`.
pub struct CallSite {
    pub export: Rc<str>,
    pub func: wasmtime::Func,
    pub params: Vec<ValType>,
    pub results: Vec<ValType>,
}

/// A translated function, ready to compile and link.
pub struct Plan {
    pub wat: String,
    /// The module every call goes to (all module vars must hold this one).
    pub module: Rc<WasmModule>,
    /// Vars read as the module, to check before each run.
    pub module_vars: Vec<Rc<Var>>,
    /// The `wasm/call` vars called, to check before each run.
    pub call_vars: Vec<Rc<Var>>,
    /// Vars holding `wasm/fn`s called, with those fns, to check before each run.
    pub fn_vars: Vec<(Rc<Var>, Value)>,
    /// Vars read as long or boolean constants, with their values, to check before each run.
    pub const_vars: Vec<(Rc<Var>, Value)>,
    /// Distinct exports called, by import index.
    pub calls: Vec<CallSite>,
    /// `err` site numbers → (import index, argument index) for argument errors and traps.
    pub sites: Vec<usize>,
    /// Fuel each guest call gets on top of the module's: a bound on what the function's own
    /// instructions burn between two refuels.
    pub slack: u64,
}

/// Does the chunk look translatable: fixed arity, only instructions of the subset, at least
/// one call of `wasm/call` or of a var holding a `wasm/fn`? (The types are checked when it
/// is translated, with the vars' values then.)
pub fn eligible(chunk: &Chunk, env: &dyn Env) -> bool {
    if chunk.variadic || chunk.params > 16 {
        return false;
    }
    let mut calls = false;
    for op in &chunk.code {
        match op {
            Op::CallVar(k, _) => match chunk.consts.get(*k as usize) {
                Some(Value::Var(v))
                    if is_call_var(v)
                        || env
                            .var_value(v)
                            .is_some_and(|f| env.wasm_fn_target(&f).is_some()) =>
                {
                    calls = true
                }
                _ => return false,
            },
            Op::Const(_)
            | Op::Nil
            | Op::True
            | Op::False
            | Op::Local(_)
            | Op::SetLocal(_)
            | Op::Var(_)
            | Op::Pop
            | Op::Jump(_)
            | Op::JumpIfFalse(_)
            | Op::Return
            | Op::Recur { .. }
            | Op::Bin(_)
            | Op::Inc
            | Op::Dec
            | Op::Unary(_)
            | Op::Binary(..)
            | Op::BranchUnless { .. } => {}
            _ => return false,
        }
    }
    calls
}

fn is_call_var(v: &Var) -> bool {
    &*v.name == "call" && matches!(&*v.ns, "wasm" | "cljw.wasm")
}

/// What the translation reads from the running program: the current value of a var.
pub trait Env {
    fn var_value(&self, var: &Rc<Var>) -> Option<Value>;
    /// Is `v` the bridge's `wasm/call` native?
    fn is_call_native(&self, v: &Value) -> bool;
    /// The module and export of a fn made by `wasm/fn`.
    fn wasm_fn_target(&self, v: &Value) -> Option<(Rc<WasmModule>, Rc<str>)>;
}

struct Tx<'a> {
    chunk: &'a Chunk,
    /// Offset of the first translated instruction (the `Tier` instruction is skipped).
    start: usize,
    env: &'a dyn Env,
    module: Option<Rc<WasmModule>>,
    module_vars: Vec<Rc<Var>>,
    call_vars: Vec<Rc<Var>>,
    fn_vars: Vec<(Rc<Var>, Value)>,
    const_vars: Vec<(Rc<Var>, Value)>,
    calls: Vec<CallSite>,
    by_export: HashMap<Rc<str>, usize>,
    sites: Vec<usize>,
    slots: Vec<Option<Ty>>,
    /// Spill locals used: (depth, wasm type).
    spills: BTreeSet<(usize, &'static str)>,
    /// Widest `wasm/call` argument list (temporaries `$t0…`).
    temps: usize,
    ops: usize,
}

type R<T> = Result<T, String>;

/// A block's code and its successors, each with the stack types it is entered with.
type BlockOut = (String, Vec<(usize, Vec<Ty>)>);

/// Translates `chunk` (whose instruction `start - 1` is the `Tier` instruction, if any).
pub fn translate(chunk: &Chunk, start: usize, env: &dyn Env) -> R<Plan> {
    let mut tx = Tx {
        chunk,
        start,
        env,
        module: None,
        module_vars: Vec::new(),
        call_vars: Vec::new(),
        fn_vars: Vec::new(),
        const_vars: Vec::new(),
        calls: Vec::new(),
        by_export: HashMap::new(),
        sites: Vec::new(),
        slots: vec![None; chunk.slots.max(chunk.params) as usize],
        spills: BTreeSet::new(),
        temps: 0,
        ops: 0,
    };
    for s in 0..chunk.params as usize {
        tx.slots[s] = Some(Ty::Long);
    }
    tx.run()
}

impl Tx<'_> {
    fn run(mut self) -> R<Plan> {
        let code = &self.chunk.code;
        let len = code.len();
        // Block leaders: the start, every jump target, every instruction after a jump.
        let mut leaders = BTreeSet::new();
        leaders.insert(self.start);
        for (pc, op) in code.iter().enumerate().skip(self.start) {
            let target = match op {
                Op::Jump(t) | Op::JumpIfFalse(t) => Some(*t as usize),
                Op::BranchUnless { target, .. } | Op::Recur { target, .. } => {
                    Some(*target as usize)
                }
                _ => None,
            };
            if let Some(t) = target {
                let backward = t <= pc;
                if t < self.start || t >= len || (backward && !matches!(op, Op::Recur { .. })) {
                    return Err(format!("jump from {pc} to {t}"));
                }
                leaders.insert(t);
            }
            if matches!(
                op,
                Op::Jump(_)
                    | Op::JumpIfFalse(_)
                    | Op::BranchUnless { .. }
                    | Op::Recur { .. }
                    | Op::Return
            ) && pc + 1 < len
            {
                leaders.insert(pc + 1);
            }
        }
        let starts: Vec<usize> = leaders.into_iter().collect();
        let index: HashMap<usize, usize> =
            starts.iter().enumerate().map(|(i, s)| (*s, i)).collect();
        let mut entry: Vec<Option<Vec<Ty>>> = vec![None; starts.len()];
        let mut bodies: Vec<Option<String>> = vec![None; starts.len()];
        entry[0] = Some(Vec::new());
        let mut work = vec![0usize];
        while let Some(b) = work.pop() {
            if bodies[b].is_some() {
                continue;
            }
            let end = starts.get(b + 1).copied().unwrap_or(len);
            let stack = entry[b].clone().unwrap_or_default();
            let (body, succs) = self.block(b, starts[b], end, stack, &index)?;
            bodies[b] = Some(body);
            for (s, st) in succs {
                if s >= starts.len() {
                    return Err("falls off the end of the code".into());
                }
                match &entry[s] {
                    Some(e) if *e != st => {
                        return Err(format!(
                            "stack types differ where paths join at {}",
                            starts[s]
                        ));
                    }
                    Some(_) => {}
                    None => entry[s] = Some(st),
                }
                if bodies[s].is_none() {
                    work.push(s);
                }
            }
        }
        let module = self.module.clone().ok_or("no module")?;
        let wat = self.assemble(&bodies);
        Ok(Plan {
            wat,
            module,
            module_vars: self.module_vars,
            call_vars: self.call_vars,
            fn_vars: self.fn_vars,
            const_vars: self.const_vars,
            calls: self.calls,
            sites: self.sites,
            slack: (self.ops as u64) * 16 + 64,
        })
    }

    /// Translates block `b` (instructions `from..to`) entered with `stack`; returns its
    /// code and its successors with the stack types they are entered with.
    fn block(
        &mut self,
        b: usize,
        from: usize,
        to: usize,
        mut stack: Vec<Ty>,
        index: &HashMap<usize, usize>,
    ) -> R<BlockOut> {
        let mut w = String::new();
        // Reload values spilled by the predecessors.
        for (d, t) in stack.iter().enumerate() {
            if let Some(wt) = t.wasm() {
                let _ = writeln!(w, "local.get $s{d}{wt}");
            }
        }
        let mut succs = Vec::new();
        let target_block = |t: u32| -> R<usize> {
            index
                .get(&(t as usize))
                .copied()
                .ok_or_else(|| format!("no block at {t}"))
        };
        let mut pc = from;
        while pc < to {
            let op = self.chunk.code[pc];
            pc += 1;
            self.ops += 1;
            match op {
                Op::Const(k) => {
                    let t = self.konst(k, &mut w)?;
                    stack.push(t);
                }
                Op::Nil => stack.push(Ty::Nil),
                Op::True | Op::False => {
                    let _ = writeln!(w, "i32.const {}", i32::from(op == Op::True));
                    stack.push(Ty::Bool);
                }
                Op::Local(n) => {
                    let t = self.local(n, &mut w)?;
                    stack.push(t);
                }
                Op::SetLocal(n) => {
                    let t = stack.pop().ok_or("stack underflow")?;
                    self.set_local(n, t, &mut w)?;
                }
                Op::Var(k) => {
                    let t = self.var(k, &mut w)?;
                    stack.push(t);
                }
                Op::Pop => {
                    let t = stack.pop().ok_or("stack underflow")?;
                    if t.wasm().is_some() {
                        w.push_str("drop\n");
                    }
                }
                Op::Bin(bin) => {
                    let bt = stack.pop().ok_or("stack underflow")?;
                    let at = stack.pop().ok_or("stack underflow")?;
                    let t = self.bin(bin, at, bt, &mut w)?;
                    stack.push(t);
                }
                Op::Binary(bin, a, bb) => {
                    let at = self.arg(a, &mut w)?;
                    let bt = self.arg(bb, &mut w)?;
                    let t = self.bin(bin, at, bt, &mut w)?;
                    stack.push(t);
                }
                Op::Inc | Op::Dec => {
                    if stack.pop() != Some(Ty::Long) {
                        return Err("inc/dec of a non-long".into());
                    }
                    let (limit, delta) = if op == Op::Inc {
                        (i64::MAX, 1)
                    } else {
                        (i64::MIN, -1)
                    };
                    let _ = writeln!(
                        w,
                        "local.tee $ta\ni64.const {limit}\ni64.eq\n(if (then (global.set $erra (local.get $ta)) (global.set $errb (i64.const {delta})) (global.set $err (i32.const {ERR_INC})) unreachable))\nlocal.get $ta\ni64.const {delta}\ni64.add"
                    );
                    stack.push(Ty::Long);
                }
                Op::Unary(u) => {
                    let t = stack.pop().ok_or("stack underflow")?;
                    self.unary(u, t, &mut w)?;
                    stack.push(Ty::Bool);
                }
                Op::CallVar(k, argc) => {
                    let t = self.call(k, argc as usize, &mut stack, &mut w)?;
                    stack.push(t);
                }
                Op::Return => {
                    let t = stack.pop().ok_or("stack underflow")?;
                    match t {
                        Ty::Long => w.push_str("i32.const 1\nreturn\n"),
                        Ty::Bool => w.push_str("i64.extend_i32_u\ni32.const 2\nreturn\n"),
                        Ty::Nil => w.push_str("i64.const 0\ni32.const 0\nreturn\n"),
                        _ => return Err("returns a module, a string or a keyword".into()),
                    }
                    return Ok((w, succs));
                }
                Op::Jump(t) => {
                    let s = target_block(t)?;
                    self.goto(b, s, &stack, &mut w);
                    succs.push((s, stack));
                    return Ok((w, succs));
                }
                Op::JumpIfFalse(t) => {
                    let c = stack.pop().ok_or("stack underflow")?;
                    let s = target_block(t)?;
                    self.branch(s, c, &stack, &mut w);
                    succs.push((s, stack.clone()));
                    succs.push((b + 1, stack));
                    return Ok((w, succs));
                }
                Op::BranchUnless {
                    cmp,
                    a,
                    b: bb,
                    target,
                } => {
                    let at = self.arg(a, &mut w)?;
                    let bt = self.arg(bb, &mut w)?;
                    let c = self.bin(cmp, at, bt, &mut w)?;
                    let s = target_block(target)?;
                    self.branch(s, c, &stack, &mut w);
                    succs.push((s, stack.clone()));
                    succs.push((b + 1, stack));
                    return Ok((w, succs));
                }
                Op::Recur { first, n, target } => {
                    for i in (0..n).rev() {
                        let t = stack.pop().ok_or("stack underflow")?;
                        self.set_local(first + i, t, &mut w)?;
                    }
                    let s = target_block(target)?;
                    // A back edge refuels unless a guest call in this block just did, so
                    // fuel between two refuels only pays for straight-line code.
                    if !self.block_calls(from, pc) {
                        w.push_str(REFUEL);
                    }
                    self.goto(b, s, &stack, &mut w);
                    succs.push((s, stack));
                    return Ok((w, succs));
                }
                other => return Err(format!("instruction {other:?}")),
            }
        }
        // Falls into the next block.
        let next = b + 1;
        self.spill(&stack, &mut w);
        succs.push((next, stack));
        Ok((w, succs))
    }

    fn block_calls(&self, from: usize, to: usize) -> bool {
        self.chunk.code[from..to]
            .iter()
            .any(|op| matches!(op, Op::CallVar(..)))
    }

    fn spill(&mut self, stack: &[Ty], w: &mut String) {
        for (d, t) in stack.iter().enumerate().rev() {
            if let Some(wt) = t.wasm() {
                self.spills.insert((d, wt));
                let _ = writeln!(w, "local.set $s{d}{wt}");
            }
        }
    }

    /// Ends block `b` with a jump to block `s`.
    fn goto(&mut self, b: usize, s: usize, stack: &[Ty], w: &mut String) {
        self.spill(stack, w);
        if s != b + 1 {
            let _ = writeln!(w, "i32.const {s}\nlocal.set $pc\nbr $dispatch");
        }
    }

    /// Ends a block with a conditional jump to `s` when `c` (on the Wasm stack if a
    /// boolean) is falsy; the next block follows otherwise.
    fn branch(&mut self, s: usize, c: Ty, stack: &[Ty], w: &mut String) {
        let jump = format!("(i32.const {s}) (local.set $pc) (br $dispatch)");
        match c {
            Ty::Bool => {
                w.push_str("local.set $c\n");
                self.spill(stack, w);
                let _ = writeln!(w, "(if (i32.eqz (local.get $c)) (then {jump}))");
            }
            Ty::Nil => {
                self.spill(stack, w);
                let _ = writeln!(w, "{jump}");
            }
            // Anything else is truthy: never jumps.
            _ => self.spill(stack, w),
        }
    }

    fn konst(&mut self, k: u32, w: &mut String) -> R<Ty> {
        match self.chunk.consts.get(k as usize) {
            Some(Value::Long(n)) => {
                let _ = writeln!(w, "i64.const {n}");
                Ok(Ty::Long)
            }
            Some(Value::Bool(x)) => {
                let _ = writeln!(w, "i32.const {}", i32::from(*x));
                Ok(Ty::Bool)
            }
            Some(Value::Nil) => Ok(Ty::Nil),
            Some(Value::Str(_)) => Ok(Ty::Str(k)),
            Some(Value::Keyword(_)) => Ok(Ty::Kw(k)),
            Some(v) => Err(format!("constant of type {}", v.type_name())),
            None => Err("bad constant".into()),
        }
    }

    fn arg(&mut self, a: Arg, w: &mut String) -> R<Ty> {
        match a {
            Arg::Local(n) => self.local(n, w),
            Arg::Const(k) => self.konst(u32::from(k), w),
        }
    }

    fn local(&mut self, n: u16, w: &mut String) -> R<Ty> {
        match self.slots.get(n as usize) {
            Some(Some(t)) => {
                let _ = writeln!(w, "local.get $l{n}");
                Ok(t.clone())
            }
            _ => Err(format!("local {n} read before it is set")),
        }
    }

    fn set_local(&mut self, n: u16, t: Ty, w: &mut String) -> R<()> {
        if t.wasm().is_none() {
            return Err("a local holding nil, a string or a module".into());
        }
        let slot = self.slots.get_mut(n as usize).ok_or("bad slot")?;
        match slot {
            Some(old) if *old != t => return Err(format!("local {n} changes type")),
            _ => *slot = Some(t),
        }
        let _ = writeln!(w, "local.set $l{n}");
        Ok(())
    }

    /// A var read: the module it holds (known here, nothing on the Wasm stack), or its long
    /// or boolean value as a constant; either is checked again before each run.
    fn var(&mut self, k: u32, w: &mut String) -> R<Ty> {
        let Some(Value::Var(var)) = self.chunk.consts.get(k as usize) else {
            return Err("bad var".into());
        };
        let value = self.env.var_value(var);
        let t = match &value {
            Some(Value::Wasm(m)) => {
                match &self.module {
                    Some(cur) if !Rc::ptr_eq(cur, m) => return Err("calls two modules".into()),
                    _ => self.module = Some(m.clone()),
                }
                if !self.module_vars.iter().any(|v| Rc::ptr_eq(v, var)) {
                    self.module_vars.push(var.clone());
                }
                return Ok(Ty::Module(k));
            }
            Some(Value::Long(n)) => {
                let _ = writeln!(w, "i64.const {n}");
                Ty::Long
            }
            Some(Value::Bool(b)) => {
                let _ = writeln!(w, "i32.const {}", i32::from(*b));
                Ty::Bool
            }
            _ => {
                return Err(format!(
                    "#'{} holds neither a module, a long nor a boolean",
                    var.full_name()
                ));
            }
        };
        if let Some(v) = value
            && !self.const_vars.iter().any(|(x, _)| Rc::ptr_eq(x, var))
        {
            self.const_vars.push((var.clone(), v));
        }
        Ok(t)
    }
}
