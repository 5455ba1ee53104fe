//! Inlined core functions (`+`, `get`, `(:k m)`, `-forward`, …) and the peephole step that
//! fuses instructions, plus the jump threading run on a finished chunk: the parts of the
//! compiler that choose instructions for speed. Semantics stay Clojure's (see each item).

use super::*;

/// Jump threading on a finished body: a jump to a `Return` becomes a `Return` (the `else`
/// of an `if` in tail position otherwise costs a dispatch per call), and a jump (or branch)
/// to an unconditional jump goes straight to that jump's target.
pub(super) fn thread_jumps(code: &mut [Op]) {
    let last = |code: &[Op], mut t: u32| {
        for _ in 0..8 {
            match code.get(t as usize) {
                Some(Op::Jump(u)) if *u != t => t = *u,
                _ => break,
            }
        }
        t
    };
    for i in 0..code.len() {
        code[i] = match code[i] {
            Op::Jump(t) => {
                let t = last(code, t);
                match code.get(t as usize) {
                    Some(Op::Return) => Op::Return,
                    _ => Op::Jump(t),
                }
            }
            Op::JumpIfFalse(t) => Op::JumpIfFalse(last(code, t)),
            Op::BranchUnless { cmp, a, b, target } => Op::BranchUnless {
                cmp,
                a,
                b,
                target: last(code, target),
            },
            op => op,
        };
    }
}

/// The one-instruction op of a core arithmetic fn, comparison or predicate called with `argc`
/// arguments (`+` and `*` with two or more, folded pairwise).
pub(super) fn arith_op(name: &str, argc: usize) -> Option<Op> {
    Some(match (name, argc) {
        ("+", n) if n >= 2 => Op::Bin(Bin::Add),
        ("-", 2) => Op::Bin(Bin::Sub),
        ("*", n) if n >= 2 => Op::Bin(Bin::Mul),
        ("mod", 2) => Op::Bin(Bin::Mod),
        ("rem", 2) => Op::Bin(Bin::Rem),
        ("<", 2) => Op::Bin(Bin::Lt),
        (">", 2) => Op::Bin(Bin::Gt),
        ("<=", 2) => Op::Bin(Bin::Le),
        (">=", 2) => Op::Bin(Bin::Ge),
        ("==", 2) => Op::Bin(Bin::NumEq),
        ("=", 2) => Op::Bin(Bin::Eq),
        ("inc", 1) => Op::Inc,
        ("dec", 1) => Op::Dec,
        ("zero?", 1) => Op::Unary(Un::Zero),
        ("pos?", 1) => Op::Unary(Un::Pos),
        ("neg?", 1) => Op::Unary(Un::Neg),
        ("even?", 1) => Op::Unary(Un::Even),
        ("odd?", 1) => Op::Unary(Un::Odd),
        ("not", 1) => Op::Unary(Un::Not),
        ("nil?", 1) => Op::Unary(Un::Nil),
        ("some?", 1) => Op::Unary(Un::Some),
        _ => return None,
    })
}

impl Compiler<'_> {
    /// Peephole fusion of the instruction about to be emitted with the ones before it:
    /// `Local/Const, Local/Const, <binary op>` → `Binary`, `Local, Inc/Dec` → `Binary`,
    /// `Binary(comparison), JumpIfFalse` → `BranchUnless`, and `Local/Var, KwGet` →
    /// `KwGetLocal`/`KwGetVar`, `KwGetLocal, SetLocal` → `KwGetLocalTo`. Only instructions
    /// after the last jump target are fused. Returns the index of the fused instruction.
    pub(super) fn fuse(&mut self, op: Op) -> Option<usize> {
        let one = match op {
            Op::Inc | Op::Dec => Some(self.constant(Value::Long(1))),
            _ => None,
        };
        let pos = self.pos;
        let st = self.cur();
        let code = &st.chunk.code;
        let n = code.len();
        let free = |from: usize| n >= from && st.label_max as usize <= n - from;
        let arg = |op: Op| match op {
            Op::Local(l) => Some(Arg::Local(l)),
            Op::Const(k) => u16::try_from(k).ok().map(Arg::Const),
            _ => None,
        };
        let (drop, fused) = match op {
            Op::Inc | Op::Dec if free(1) => {
                let a = arg(code[n - 1]).filter(|a| matches!(a, Arg::Local(_)))?;
                let k = u16::try_from(one?).ok()?;
                let bin = if op == Op::Inc { Bin::Add } else { Bin::Sub };
                (1, Op::Binary(bin, a, Arg::Const(k)))
            }
            Op::JumpIfFalse(target) if free(1) => match code[n - 1] {
                Op::Binary(cmp, a, b) if cmp.is_comparison() => {
                    (1, Op::BranchUnless { cmp, a, b, target })
                }
                _ => return None,
            },
            Op::Bin(bin) if free(2) => (2, Op::Binary(bin, arg(code[n - 2])?, arg(code[n - 1])?)),
            Op::KwGet(k) if free(1) => match code[n - 1] {
                Op::Local(l) => (1, Op::KwGetLocal(l, k)),
                Op::Var(v) => (1, Op::KwGetVar(v, k)),
                _ => return None,
            },
            Op::SetLocal(d) if free(1) => match code[n - 1] {
                Op::KwGetLocal(l, k) => (1, Op::KwGetLocalTo(l, k, d)),
                _ => return None,
            },
            _ => return None,
        };
        let chunk = &mut st.chunk;
        chunk.code.truncate(n - drop);
        chunk.positions.truncate(n - drop);
        chunk.code.push(fused);
        chunk.positions.push(pos);
        Some(chunk.code.len() - 1)
    }

    /// Whether evaluating `form` certainly runs no dialect code and defines nothing: a
    /// literal, a symbol (a local or a var read), a collection literal of such, or an
    /// arithmetic or comparison core op over such (what a call's arguments usually are:
    /// `(f (- n 1))`, `(assoc! v i false)`).
    pub(super) fn pure_arg(&mut self, form: &Value, depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        // A constant (a literal that needs no evaluation) cannot run anything.
        if !needs_eval(form) {
            return true;
        }
        match form {
            Value::Symbol(_) => true,
            Value::Vector(v) => v.iter().all(|x| self.pure_arg(x, depth + 1)),
            Value::List(l) => {
                let items: Vec<Value> = l.iter().cloned().collect();
                let Some(Value::Symbol(h)) = items.first() else {
                    return false;
                };
                if h.ns().is_none() && self.is_local(h.name()) {
                    return false;
                }
                // Arithmetic, comparisons and predicates that compile to one instruction
                // (not `=`, whose equality walks collections).
                let core_op = self.resolve_var(h).is_some_and(|v| {
                    &*v.ns == "clojure.core"
                        && arith_op(&v.name, items.len() - 1)
                            .is_some_and(|op| op != Op::Bin(Bin::Eq))
                });
                core_op && items[1..].iter().all(|x| self.pure_arg(x, depth + 1))
            }
            _ => false,
        }
    }

    /// Emits a dedicated opcode for common core functions called with a fixed arity.
    pub(super) fn compile_inline(
        &mut self,
        name: &str,
        args: &[Value],
        tail: bool,
    ) -> Result<bool, Throw> {
        if let Some(op) = arith_op(name, args.len()) {
            self.compile(&args[0], false)?;
            for a in &args[1..] {
                self.compile(a, false)?;
                self.emit(op);
            }
            if args.len() == 1 {
                self.emit(op);
            }
            return Ok(true);
        }
        match (name, args.len()) {
            ("-forward", 1) => self.compile_forward(&args[0], tail)?,
            // `(get x :k)` is `(:k x)` (both are `RT.get`): one instruction, fused with a
            // local or var operand (record fields in protocol methods read this way).
            ("get", 2) if matches!(args[1], Value::Keyword(_)) => {
                self.compile(&args[0], false)?;
                let k = self.constant(args[1].clone());
                self.emit(Op::KwGet(k));
            }
            ("get", 2) | ("nth", 2 | 3) => {
                for a in args {
                    self.compile(a, false)?;
                }
                self.emit(match args.len() {
                    2 if name == "get" => Op::Get,
                    n => Op::Nth(n as u8),
                });
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `(-forward f)`: calls `f` with the enclosing fn's own arguments. In the tail of a
    /// fixed-arity fn that is `Op::Forward` (the callee takes over the frame: multimethods
    /// and protocol methods forward to the method they find); elsewhere a plain call with
    /// the parameters pushed again.
    fn compile_forward(&mut self, target: &Value, tail: bool) -> Result<(), Throw> {
        let chunk = &self.fns.last().expect("fn state").arity.chunk;
        let (params, variadic) = (chunk.params, chunk.variadic);
        if self.fns.len() < 2 {
            return Err(self.error("-forward is only valid inside a fn"));
        }
        if tail
            && !variadic
            && params > 0
            && let Some(c) = self.proto_target_capture(target)
        {
            self.emit(Op::ProtoForward(c));
            return Ok(());
        }
        self.compile(target, false)?;
        if tail && !variadic {
            self.emit(Op::Forward);
        } else {
            for i in 0..params {
                self.emit(Op::Local(i));
            }
            self.emit(Op::Call(params));
        }
        Ok(())
    }

    /// When `form` is `(-proto-target ctx p0)`, with `-proto-target` the core one, `ctx` a
    /// value captured from the enclosing scope (the method's dispatch context) and `p0` this
    /// fn's first parameter: the capture index of `ctx`.
    fn proto_target_capture(&mut self, form: &Value) -> Option<u16> {
        let Value::List(l) = form else { return None };
        let items: Vec<Value> = l.iter().cloned().collect();
        let [Value::Symbol(h), Value::Symbol(ctx), Value::Symbol(x)] = &items[..] else {
            return None;
        };
        let first_param = self.fns.last().and_then(|f| {
            let l = f.arity.locals.iter().rev().find(|l| &*l.name == x.name())?;
            Some(l.slot == 0 && !l.cell)
        });
        if x.ns().is_some() || ctx.ns().is_some() || first_param != Some(true) {
            return None;
        }
        if self.is_local(h.name()) {
            return None;
        }
        let core = self
            .resolve_var(h)
            .is_some_and(|v| &*v.ns == "clojure.core" && &*v.name == "-proto-target");
        let depth = self.fns.len() - 1;
        match self.resolve_local(depth, ctx.name()) {
            Some((Source::Capture(c), false)) if core => Some(c),
            _ => None,
        }
    }
}
