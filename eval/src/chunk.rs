//! Bytecode: the opcodes, a compiled function body (`Chunk`), and a disassembler.
//!
//! The VM is a stack machine. A frame's locals (parameters first) live in stack slots from
//! the frame's base; temporaries are pushed above them. Constants (literals, vars, function
//! prototypes) live in the chunk's constant table.

use std::fmt::Write;
use std::rc::Rc;

use crate::value::Value;
use crate::value::print::pr_str;

/// One instruction. Operands are indices into the constant table, local slots, or jump
/// targets (absolute instruction indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Op {
    /// Push constant `k`.
    Const(u32),
    Nil,
    True,
    False,
    /// Push local slot `n`.
    Local(u16),
    /// Pop into local slot `n`.
    SetLocal(u16),
    /// Push captured value `n` of the running closure.
    Capture(u16),
    /// Push the running closure itself (a named fn's self reference).
    SelfFn,
    /// Push the value of the var in constant `k` (its dynamic binding, if any).
    Var(u32),
    /// Pop a value into the root of the var in constant `k`; push the var.
    Def(u32),
    /// Push the var object in constant `k` (`(var x)`).
    VarObj(u32),
    Pop,
    Dup,
    Jump(u32),
    /// Pop; jump when falsy.
    JumpIfFalse(u32),
    /// Call the callee below `argc` arguments; the result replaces them.
    Call(u16),
    /// Call the var in constant `k` with the `argc` arguments on top (no callee slot below
    /// them: a native root is called in place, anything else is put below the arguments
    /// first). The var is read after the arguments are evaluated.
    CallVar(u32, u16),
    /// A call in tail position (same as `Call`; kept apart for traces and future reuse).
    TailCall(u16),
    Return,
    /// `(-forward f)` in the tail of a fixed-arity fn: pop `f` and call it with this frame's
    /// own arguments, in this frame (a closure takes the frame over: the call costs no
    /// frame of its own); a `Return` follows for the other callees.
    Forward,
    /// A protocol method's body, `(-forward (-proto-target ctx p0))` in one instruction:
    /// read the method's dispatch context from capture `n`, find the impl for the first
    /// argument (the method's inline cache), and forward to it as `Forward` does.
    ProtoForward(u16),
    /// Make a closure from prototype `p` of this chunk, popping `n` captured values.
    Closure(u32, u16),
    /// `recur`: pop `n` values into the slots starting at `first`, then jump to `target`.
    Recur {
        first: u16,
        n: u16,
        target: u32,
    },
    /// Install an exception handler whose code starts at the target.
    PushHandler(u32),
    PopHandler,
    /// Pop a value and throw it.
    Throw,
    /// Is the exception on top an instance of the class named by constant `k`? Pushes a bool.
    IsInstance(u32),
    /// Push a new mutable cell (for `letfn*` bindings).
    CellNew,
    /// Pop a cell, push its value.
    CellGet,
    /// Pop a value, pop a cell, store the value in the cell.
    CellSet,
    /// Drop locals: truncate the stack to the frame's base plus `n`, keeping the top value.
    Collapse(u16),
    // ---- inlined core functions (compiled when the symbol resolves to clojure.core) ----
    /// Pop `b`, pop `a`, push `a op b`.
    Bin(Bin),
    Inc,
    Dec,
    /// A one-argument core predicate (`zero? pos? neg? even? odd? not nil? some?`): pop the
    /// argument, push the boolean.
    Unary(Un),
    /// `(get m k)`: pop `k`, pop `m`, push the value (nil when absent).
    Get,
    /// `(nth coll i)` (`Nth(2)`) or `(nth coll i not-found)` (`Nth(3)`): pop the arguments,
    /// push the element.
    Nth(u8),
    /// `(:k m)` with the keyword in constant `k`: pop `m`, push its value for the keyword.
    KwGet(u32),
    /// `(:k x)` with `x` in local slot `n` and the keyword in constant `k` (fused
    /// `Local, KwGet`): pushes the value without pushing `x` first.
    KwGetLocal(u16, u32),
    /// `(let [x (:k m)] …)` with `m` in local slot `n` (fused `KwGetLocal, SetLocal`): stores
    /// the value for the keyword in constant `k` into local slot `dst`, pushing nothing.
    KwGetLocalTo(u16, u32, u16),
    /// `(:k v)` with `v` the var in constant `var` (fused `Var, KwGet`): reads a plain map
    /// in the var's root in place.
    KwGetVar(u32, u32),
    // ---- fused instructions (made by the compiler's peephole step, see `compiler::fuse`) ----
    /// `a op b` with operands read in place; pushes the result.
    Binary(Bin, Arg, Arg),
    /// Jump to `target` unless the comparison `a cmp b` holds (a comparison feeding `if`).
    BranchUnless {
        cmp: Bin,
        a: Arg,
        b: Arg,
        target: u32,
    },
    /// First instruction of a fn the Wasm tier may run (`crate::wasm::tier`): when the
    /// chunk's tier runs the call, its value is pushed and execution continues at the
    /// `Return` at this index; otherwise at the next instruction.
    Tier(u32),
}

/// An operand of a fused instruction, read without pushing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Arg {
    Local(u16),
    Const(u16),
}

/// The operators of inlined core functions (`+ - * mod rem < > <= >= == =`), on the stack
/// (`Op::Bin`) or fused with their operands (`Op::Binary`, `Op::BranchUnless`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Bin {
    Add,
    Sub,
    Mul,
    Mod,
    Rem,
    Lt,
    Gt,
    Le,
    Ge,
    NumEq,
    Eq,
}

impl Bin {
    /// Does the operator yield a boolean (so it can feed a branch)?
    pub fn is_comparison(self) -> bool {
        !matches!(self, Bin::Add | Bin::Sub | Bin::Mul | Bin::Mod | Bin::Rem)
    }
}

/// The inlined one-argument core predicates (`Op::Unary`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Un {
    Zero,
    Pos,
    Neg,
    Even,
    Odd,
    Not,
    Nil,
    Some,
}

/// A compiled function body (one arity) or a top-level form.
#[derive(Default)]
pub struct Chunk {
    pub name: String,
    pub code: Vec<Op>,
    pub consts: Vec<Value>,
    /// Function prototypes for `Op::Closure`.
    pub protos: Vec<Rc<crate::vm::FnProto>>,
    /// Source position (line, column) of each instruction, 0 when unknown.
    pub positions: Vec<(u32, u32)>,
    pub file: Rc<str>,
    /// Number of declared parameters (the rest parameter counts as one).
    pub params: u16,
    pub variadic: bool,
    /// Local slots the frame needs (parameters included).
    pub slots: u16,
    /// The Wasm tier's state, for a chunk that starts with `Op::Tier`.
    pub tier: Option<Box<crate::wasm::tier::Tier>>,
}

impl Chunk {
    /// The source position of instruction `pc`.
    pub fn position(&self, pc: usize) -> (u32, u32) {
        self.positions.get(pc).copied().unwrap_or((0, 0))
    }

    /// A human-readable listing, one instruction per line, for `kiln` debugging commands and
    /// compiler tests.
    pub fn disassemble(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} (params {}{}, slots {})",
            self.name,
            self.params,
            if self.variadic { " variadic" } else { "" },
            self.slots
        );
        for (pc, op) in self.code.iter().enumerate() {
            let _ = write!(out, "{pc:4} ");
            match op {
                Op::Const(k) | Op::Var(k) | Op::Def(k) | Op::VarObj(k) | Op::IsInstance(k) => {
                    let _ = writeln!(out, "{op:?} ; {}", pr_str(&self.consts[*k as usize]));
                }
                Op::KwGetLocal(n, k) | Op::KwGetLocalTo(n, k, _) => {
                    let kw = pr_str(&self.consts[*k as usize]);
                    let _ = writeln!(out, "{op:?} ; local {n}, {kw}");
                }
                Op::KwGetVar(v, k) => {
                    let var = pr_str(&self.consts[*v as usize]);
                    let _ = writeln!(out, "{op:?} ; {var}, {}", pr_str(&self.consts[*k as usize]));
                }
                Op::Binary(_, a, b) | Op::BranchUnless { a, b, .. } => {
                    let show = |a: &Arg| match a {
                        Arg::Local(n) => format!("local {n}"),
                        Arg::Const(k) => pr_str(&self.consts[*k as usize]),
                    };
                    let _ = writeln!(out, "{op:?} ; {}, {}", show(a), show(b));
                }
                Op::Closure(p, n) => {
                    let name = self.protos[*p as usize].name.as_deref().unwrap_or("fn");
                    let _ = writeln!(out, "Closure({p}, {n}) ; {name}");
                }
                _ => {
                    let _ = writeln!(out, "{op:?}");
                }
            }
        }
        for proto in &self.protos {
            for arity in proto.arities().iter() {
                out.push('\n');
                out.push_str(&arity.disassemble());
            }
        }
        out
    }
}
