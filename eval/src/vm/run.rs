//! The dispatch loop.
//!
//! One call of [`execute`] is an *activation*: it runs closure frames on its own value stack
//! without Rust recursion for dialect-to-dialect calls. Natives run inline; when a native
//! calls back into dialect code (`map`'s f, a lazy seq's thunk, a Wasm import), that is a
//! nested activation. Exceptions unwind to the innermost handler of the activation, adding
//! one trace frame per dialect frame they leave; budgets and the interrupt flag are checked
//! on every call and `recur`.

use std::rc::Rc;

use super::slow::{apply_data, binary, place_callee};
use super::{Closure, ExClass, Interp, MAX_DEPTH, Throw};
use crate::chunk::{Arg, Bin, Chunk, Op, Un};
use crate::value::num;
use crate::value::{List, Value, words};
use crate::vm::exception::TraceFrame;

/// A running function. Its callee — the closure, or nil for a top-level chunk — stays in
/// the stack slot just below `base` for the frame's whole life (calls leave it there and
/// only `Return` and unwinding remove it), so captures and the self reference are read
/// from that slot instead of holding another reference to the closure.
#[derive(Clone, Copy)]
pub(super) struct Frame {
    chunk: ChunkRef,
    pc: usize,
    base: usize,
}

/// A frame's chunk, borrowed without touching its reference count (a count increment and
/// decrement per call showed in the call path's profile).
///
/// Invariant: the chunk outlives the frame. A closure frame's chunk belongs to the
/// prototype of the closure in the frame's callee slot, which stays there for the frame's
/// whole life (see [`Frame`]); closures and prototypes are immutable, so the chunk cannot
/// be dropped while the slot holds the closure. A top-level frame's chunk is owned by
/// [`run_toplevel`], which outlives the activation. Frames never leave their activation.
#[derive(Clone, Copy)]
struct ChunkRef(std::ptr::NonNull<Chunk>);

impl ChunkRef {
    fn new(chunk: &Rc<Chunk>) -> ChunkRef {
        ChunkRef(std::ptr::NonNull::from(&**chunk))
    }
}

impl std::ops::Deref for ChunkRef {
    type Target = Chunk;

    #[inline(always)]
    fn deref(&self) -> &Chunk {
        // SAFETY: the pointer came from a live `Rc<Chunk>` that outlives the frame (see the
        // type's invariant), and chunks are never mutated once built.
        unsafe { self.0.as_ref() }
    }
}

struct Handler {
    frames: usize,
    stack: usize,
    target: u32,
}

/// Calls any `IFn` value.
pub(super) fn apply(interp: &Interp, f: &Value, args: &[Value]) -> Result<Value, Throw> {
    match f {
        Value::Fn(_) => {
            let mut stack = take_stack();
            stack.push(f.clone());
            stack.extend_from_slice(args);
            let frame = match enter_closure(&mut stack, args.len()) {
                Ok(frame) => frame,
                Err(e) => {
                    give_back(stack);
                    return Err(e);
                }
            };
            execute(interp, stack, frame)
        }
        Value::Native(n) => (n.f)(interp, args),
        Value::Var(v) => apply(interp, &interp.var_value(v)?, args),
        _ => apply_data(f, args),
    }
}

/// Sets up a frame for calling the closure whose callee slot and `argc` args are on top of
/// `stack`: picks the arity, packs variadic args and reserves local slots.
#[inline(always)]
pub(super) fn enter_closure(stack: &mut Vec<Value>, argc: usize) -> Result<Frame, Throw> {
    let base = stack.len() - argc;
    let chunk = match &stack[base - 1] {
        Value::Fn(c) => match c.proto.arity(argc) {
            Some(chunk) => ChunkRef::new(chunk),
            None => return Err(Throw::arity(argc, &c.qualified_name())),
        },
        _ => unreachable!("enter_closure is called with a closure in the callee slot"),
    };
    if chunk.variadic {
        let fixed = chunk.params as usize - 1;
        let rest: Vec<Value> = stack.drain(base + fixed..).collect();
        stack.push(if rest.is_empty() {
            Value::Nil
        } else {
            Value::List(Rc::new(List::from_vec(rest)))
        });
    }
    reserve_locals(stack, base + chunk.slots as usize);
    Ok(Frame { chunk, pc: 0, base })
}

/// Sets up `frame` (made by [`enter_closure`] for a fixed-arity call, with the same base)
/// again for a new call of the same closure: reserves its local slots. Skips the arity
/// lookup of [`enter_closure`] for a caller that calls one closure many times.
#[inline(always)]
pub(super) fn reenter(stack: &mut Vec<Value>, frame: Frame) -> Frame {
    debug_assert!(!frame.chunk.variadic);
    reserve_locals(stack, frame.base + frame.chunk.slots as usize);
    frame
}

/// Grows the stack to `top` with nils (a frame's `let` locals), inline: a call reserves one
/// or two slots, which `Vec::resize` did out of line.
#[inline(always)]
fn reserve_locals(stack: &mut Vec<Value>, top: usize) {
    while stack.len() < top {
        stack.push(Value::Nil);
    }
}

/// Whether `frame` can be set up again by [`reenter`] (its arity is fixed).
pub(super) fn reenterable(frame: &Frame) -> bool {
    !frame.chunk.variadic
}

pub(super) fn run_toplevel(interp: &Interp, chunk: Rc<Chunk>) -> Result<Value, Throw> {
    let mut stack = Vec::with_capacity(64);
    stack.push(Value::Nil); // callee slot
    stack.resize(1 + chunk.slots as usize, Value::Nil);
    // `chunk` lives until the activation is over (the frame's `ChunkRef` borrows it).
    let frame = Frame {
        chunk: ChunkRef::new(&chunk),
        pc: 0,
        base: 1,
    };
    let result = execute(interp, stack, frame);
    drop(chunk);
    result
}

fn execute(interp: &Interp, mut stack: Vec<Value>, first: Frame) -> Result<Value, Throw> {
    let depth = interp.depth.get();
    if depth >= MAX_DEPTH {
        give_back(stack);
        return Err(Throw::new(ExClass::StackOverflow, "stack overflow"));
    }
    interp.depth.set(depth + 1);
    let mut frames = take_frames();
    frames.push(first);
    let result = execute_inner(interp, &mut stack, &mut frames)
        .map(|()| stack.pop().expect("the activation's value"));
    interp.depth.set(depth);
    give_back(stack);
    give_back_frames(frames);
    result
}

thread_local! {
    /// Value stacks of finished activations, reused by the next ones: natives call back into
    /// dialect code once per element (`map`'s function, lazy seq thunks), and a fresh
    /// allocation per call showed up in profiles.
    static STACKS: std::cell::RefCell<Vec<Vec<Value>>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Frame vectors of finished activations, likewise (a `reduce` over a closure allocated
    /// one per element before).
    static FRAMES: std::cell::RefCell<Vec<Vec<Frame>>> = const { std::cell::RefCell::new(Vec::new()) };
}

type Pool<T> = std::thread::LocalKey<std::cell::RefCell<Vec<Vec<T>>>>;

/// A vector from `pool`, or a new one of `capacity`.
fn take<T>(pool: &'static Pool<T>, capacity: usize) -> Vec<T> {
    pool.with(|p| p.borrow_mut().pop())
        .unwrap_or_else(|| Vec::with_capacity(capacity))
}

/// Clears `v` and keeps it in `pool` (at most 16, none larger than `max_capacity`).
fn keep<T>(pool: &'static Pool<T>, mut v: Vec<T>, max_capacity: usize) {
    v.clear();
    if v.capacity() <= max_capacity {
        pool.with(|p| {
            let mut p = p.borrow_mut();
            if p.len() < 16 {
                p.push(v);
            }
        });
    }
}

pub(super) fn take_stack() -> Vec<Value> {
    take(&STACKS, 64)
}

pub(super) fn give_back(stack: Vec<Value>) {
    keep(&STACKS, stack, 4096);
}

pub(super) fn take_frames() -> Vec<Frame> {
    take(&FRAMES, 16)
}

/// Frames are plain data (their chunks are borrowed, see [`ChunkRef`]): clearing drops
/// nothing, and a pooled vector holds no frame.
pub(super) fn give_back_frames(frames: Vec<Frame>) {
    keep(&FRAMES, frames, 1024);
}

/// Runs the activation whose frames are on `frames` (handling `try` within it); on `Ok`
/// its value is the top of `stack`, where its first callee slot was.
pub(super) fn execute_inner(
    interp: &Interp,
    stack: &mut Vec<Value>,
    frames: &mut Vec<Frame>,
) -> Result<(), Throw> {
    let mut handlers: Vec<Handler> = Vec::new();
    loop {
        match step(interp, stack, frames, &mut handlers) {
            Ok(()) => return Ok(()),
            Err(e) => {
                // Record the frames the exception leaves, then find a handler.
                let keep = match (&e, handlers.last()) {
                    (Throw::Exception(_), Some(h)) => h.frames,
                    _ => 0,
                };
                if let Throw::Exception(ex) = &e {
                    let mut trace = ex.trace.borrow_mut();
                    for f in frames[keep.saturating_sub(1)..].iter().rev() {
                        let (line, column) = f.chunk.position(f.pc.saturating_sub(1));
                        trace.push(TraceFrame {
                            name: f.chunk.name.clone(),
                            file: f.chunk.file.to_string(),
                            line,
                            column,
                        });
                    }
                }
                match (e, handlers.pop()) {
                    (Throw::Exception(ex), Some(h)) => {
                        frames.truncate(h.frames);
                        stack.truncate(h.stack);
                        stack.push(Value::Exception(ex));
                        if let Some(f) = frames.last_mut() {
                            f.pc = h.target as usize;
                        }
                    }
                    (e, _) => return Err(e),
                }
            }
        }
    }
}

/// Runs until the activation returns (`Ok`, its value on top of the stack, in the callee
/// slot of its first frame) or an error escapes an instruction.
fn step(
    interp: &Interp,
    stack: &mut Vec<Value>,
    frames: &mut Vec<Frame>,
    handlers: &mut Vec<Handler>,
) -> Result<(), Throw> {
    let mut frame = frames.pop().expect("a frame to run");
    // On an error the running frame goes back on the frame stack (for the trace and for
    // handlers), moved rather than cloned.
    macro_rules! tryop {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(err) => {
                    frames.push(frame);
                    return Err(err);
                }
            }
        };
    }
    // Calls the callee in slot `$at` with the arguments above it.
    macro_rules! call_at {
        ($at:expr) => {{
            let callee_at: usize = $at;
            match &stack[callee_at] {
                Value::Fn(_) => {
                    if frames.len() as u32 + interp.depth.get() >= MAX_DEPTH {
                        tryop!(Err(Throw::new(ExClass::StackOverflow, "stack overflow")));
                    }
                    let next = tryop!(enter_closure(stack, stack.len() - callee_at - 1));
                    frames.push(std::mem::replace(&mut frame, next));
                }
                Value::Native(n) => {
                    // The fn pointer is copied out: no count on the native per call (a
                    // native cannot reach this activation's stack, so the callee slot and
                    // the arguments stay put while it runs).
                    let f = n.f;
                    let r = f(interp, &stack[callee_at + 1..]);
                    truncate(stack, callee_at);
                    tryop!(words::push_result(stack, r));
                }
                callee => {
                    let callee = callee.clone();
                    let v = tryop!(apply(interp, &callee, &stack[callee_at + 1..]));
                    truncate(stack, callee_at);
                    words::push_owned(stack, v);
                }
            }
        }};
    }
    // `Forward`: calls the fn on top with this frame's own arguments, in this frame.
    macro_rules! forward {
        () => {{
            let argc = frame.chunk.params as usize;
            let base = frame.base;
            let target_at = stack.len() - 1;
            let takes_over = match &stack[target_at] {
                Value::Fn(c) => c.proto.arity(argc).is_some(),
                _ => false,
            };
            if takes_over {
                // The target replaces this frame's callee (and with it this frame: the
                // old closure, which owns `frame.chunk`, may be dropped here, and the
                // frame is rebuilt from the new callee before the chunk is read again).
                words::swap(stack, target_at, base - 1);
                truncate(stack, base + argc);
                frame = match enter_closure(stack, argc) {
                    Ok(f) => f,
                    Err(_) => unreachable!("the arity was checked above"),
                };
            } else {
                // Any other callee runs as a call (the target stays on top, above the
                // arguments, until it returns); the `Return` that follows returns its
                // value.
                let target = stack[target_at].clone();
                let v = tryop!(apply(interp, &target, &stack[base..base + argc]));
                truncate(stack, target_at);
                words::push_owned(stack, v);
            }
        }};
    }
    loop {
        let op = frame.chunk.code[frame.pc];
        frame.pc += 1;
        match op {
            Op::Const(k) => words::push_clone(stack, &frame.chunk.consts[k as usize]),
            Op::Nil => stack.push(Value::Nil),
            Op::True => stack.push(Value::Bool(true)),
            Op::False => stack.push(Value::Bool(false)),
            Op::Local(n) => words::push_slot(stack, frame.base + n as usize),
            Op::SetLocal(n) => {
                // Swap the value into its slot and drop the old one from the top, in place
                // (see `drop_top`).
                let top = stack.len() - 1;
                words::swap(stack, top, frame.base + n as usize);
                drop_top(stack);
            }
            Op::Capture(n) => {
                let v = match &stack[frame.base - 1] {
                    Value::Fn(c) => c.captures[n as usize].clone(),
                    _ => Value::Nil,
                };
                words::push_owned(stack, v);
            }
            Op::SelfFn => {
                let v = match &stack[frame.base - 1] {
                    Value::Fn(f) => Value::Fn(Rc::clone(f)),
                    _ => Value::Nil,
                };
                words::push_owned(stack, v);
            }
            Op::Var(k) => {
                let Value::Var(var) = &frame.chunk.consts[k as usize] else {
                    unreachable!("Var operand")
                };
                match var.static_root() {
                    Some(v) => words::push_owned(stack, v),
                    None => stack.push(tryop!(interp.var_value(var))),
                }
            }
            Op::Def(k) => {
                let var = frame.chunk.consts[k as usize].clone();
                if let Value::Var(v) = &var {
                    v.set_root(stack.pop().unwrap_or(Value::Nil));
                }
                stack.push(var);
            }
            Op::VarObj(k) => stack.push(frame.chunk.consts[k as usize].clone()),
            Op::Pop => drop_top(stack),
            Op::Dup => {
                let v = stack.last().cloned().unwrap_or(Value::Nil);
                stack.push(v);
            }
            Op::Jump(t) => frame.pc = t as usize,
            Op::JumpIfFalse(t) => {
                if !stack.last().is_some_and(Value::truthy) {
                    frame.pc = t as usize;
                }
                drop_top(stack);
            }
            Op::Call(argc) | Op::TailCall(argc) => {
                tryop!(interp.tick(1));
                let callee_at = stack.len() - argc as usize - 1;
                call_at!(callee_at);
            }
            Op::CallVar(k, argc) => {
                tryop!(interp.tick(1));
                let Value::Var(var) = &frame.chunk.consts[k as usize] else {
                    unreachable!("CallVar operand")
                };
                let args_at = stack.len() - argc as usize;
                // A native root is called in place: neither cloned onto the stack nor
                // borrowed while it runs (only its fn pointer is copied out, so it may
                // redefine its own var).
                let native = var
                    .with_static_root(|r| match r {
                        Some(Value::Native(n)) => Some(n.f),
                        _ => None,
                    })
                    .flatten();
                if let Some(f) = native {
                    let r = f(interp, &stack[args_at..]);
                    truncate(stack, args_at);
                    tryop!(words::push_result(stack, r));
                    continue;
                }
                tryop!(place_callee(interp, stack, var, args_at));
                call_at!(args_at);
            }
            Op::Forward => {
                tryop!(interp.tick(1));
                forward!();
            }
            Op::ProtoForward(n) => {
                tryop!(interp.tick(1));
                let f = match &stack[frame.base - 1] {
                    Value::Fn(c) => crate::core::proto_forward_target(
                        interp,
                        &c.proto,
                        &c.captures[n as usize],
                        &stack[frame.base],
                    ),
                    _ => unreachable!("ProtoForward runs in a closure"),
                };
                words::push_owned(stack, tryop!(f));
                forward!();
            }
            Op::Return if frames.is_empty() => {
                // The activation's last frame: the value moves into the callee slot, which
                // becomes the top of the stack, word by word (the caller reads it from
                // there the same way).
                let top = stack.len() - 1;
                words::swap(stack, top, frame.base - 1);
                truncate(stack, frame.base);
                return Ok(());
            }
            Op::Tier(ret) => {
                if let Some(tier) = &frame.chunk.tier {
                    let params = frame.chunk.params as usize;
                    let args = &stack[frame.base..frame.base + params];
                    if let Some(r) = tier.run(interp, &frame.chunk, args) {
                        let v = tryop!(r);
                        words::push_owned(stack, v);
                        frame.pc = ret as usize;
                    }
                }
            }
            Op::Return => {
                // The value moves down into the callee slot word by word (popping it moved
                // it with a 16-byte load, which missed store forwarding from the push that
                // had just written it); then the callee, arguments and locals are dropped.
                // `frame.chunk` is not read again: the frame is replaced below.
                let top = stack.len() - 1;
                words::swap(stack, top, frame.base - 1);
                truncate(stack, frame.base);
                // Handlers of the returning frame are gone with it.
                while handlers.last().is_some_and(|h| h.frames > frames.len()) {
                    handlers.pop();
                }
                match frames.pop() {
                    Some(f) => frame = f,
                    None => unreachable!("the last frame returns above"),
                }
            }
            Op::Closure(p, n) => {
                let proto = frame.chunk.protos[p as usize].clone();
                let at = stack.len() - n as usize;
                let captures: Rc<[Value]> = stack.drain(at..).collect();
                stack.push(Value::Fn(Rc::new(Closure {
                    proto,
                    captures,
                    meta: None,
                })));
            }
            Op::Recur { first, n, target } => {
                tryop!(interp.tick(1));
                let at = stack.len() - n as usize;
                for i in (0..n as usize).rev() {
                    words::pop_into(stack, frame.base + first as usize + i);
                }
                debug_assert_eq!(stack.len(), at);
                frame.pc = target as usize;
            }
            Op::PushHandler(t) => handlers.push(Handler {
                frames: frames.len() + 1,
                stack: stack.len(),
                target: t,
            }),
            Op::PopHandler => {
                handlers.pop();
            }
            Op::Throw => {
                let v = stack.pop().unwrap_or(Value::Nil);
                let err = match v {
                    Value::Exception(e) => Throw::Exception(e),
                    other => Throw::class_cast(format!(
                        "class {} cannot be cast to class java.lang.Throwable",
                        other.type_name()
                    )),
                };
                tryop!(Err(err));
            }
            Op::IsInstance(k) => {
                let is = match (stack.last(), &frame.chunk.consts[k as usize]) {
                    (Some(Value::Exception(e)), Value::Str(name)) => {
                        ExClass::from_name(name).is_some_and(|c| e.class.is_a(c))
                    }
                    _ => false,
                };
                stack.push(Value::Bool(is));
            }
            Op::CellNew => stack.push(Value::Atom(crate::gc::new_atom(Value::Nil))),
            Op::CellGet => {
                let v = match stack.pop() {
                    Some(Value::Atom(a)) => a.deref(),
                    _ => Value::Nil,
                };
                stack.push(v);
            }
            Op::CellSet => {
                let v = stack.pop().unwrap_or(Value::Nil);
                if let Some(Value::Atom(a)) = stack.pop() {
                    a.reset(v);
                }
            }
            Op::Collapse(n) => {
                let v = stack.pop().unwrap_or(Value::Nil);
                truncate(stack, frame.base + n as usize);
                stack.push(v);
            }
            Op::Bin(bin) => {
                let n = stack.len();
                // Two longs: the result is written word by word (see `words`), as the fused
                // `Binary` does; building it in a temporary and storing that with a 16-byte
                // copy missed store forwarding (a top hot spot of arithmetic loops).
                if let (Value::Long(x), Value::Long(y)) = (&stack[n - 2], &stack[n - 1])
                    && let Some(r) = long_result(bin, *x, *y)
                {
                    // Both operands are immediates: forgetting them is dropping them.
                    truncate(stack, n - 2);
                    match r {
                        Ok(v) => words::push_long(stack, v),
                        Err(holds) => {
                            if let Some(Op::JumpIfFalse(t)) = frame.chunk.code.get(frame.pc) {
                                frame.pc = if holds { frame.pc + 1 } else { *t as usize };
                            } else {
                                words::push_bool(stack, holds);
                            }
                        }
                    }
                    continue;
                }
                let r = {
                    let (a, b) = (&stack[n - 2], &stack[n - 1]);
                    tryop!(binary(bin, a, b))
                };
                drop_top(stack);
                // A comparison feeding a branch (the usual case) branches directly.
                if bin.is_comparison()
                    && let Some(Op::JumpIfFalse(t)) = frame.chunk.code.get(frame.pc)
                {
                    frame.pc = if r.truthy() {
                        frame.pc + 1
                    } else {
                        *t as usize
                    };
                    drop_top(stack);
                } else {
                    Value::store(&mut stack[n - 2], r);
                }
            }
            Op::Inc | Op::Dec => {
                let d = if op == Op::Inc { 1 } else { -1 };
                if let Some(Value::Long(x)) = stack.last_mut()
                    && let Some(r) = x.checked_add(d)
                {
                    *x = r;
                    continue;
                }
                let a = stack.pop().unwrap_or(Value::Nil);
                let r = match &a {
                    Value::Long(x) if x.checked_add(d).is_some() => Ok(Value::Long(x + d)),
                    _ => num::add_long(&a, d),
                };
                stack.push(tryop!(r));
            }
            Op::Unary(u) => {
                let Some(top) = stack.last_mut() else {
                    unreachable!("a unary instruction follows its argument")
                };
                let r = match (u, &*top) {
                    (Un::Zero, Value::Long(x)) => *x == 0,
                    (Un::Pos, Value::Long(x)) => *x > 0,
                    (Un::Neg, Value::Long(x)) => *x < 0,
                    (Un::Even, Value::Long(x)) => x % 2 == 0,
                    (Un::Odd, Value::Long(x)) => x % 2 != 0,
                    (Un::Not, v) => !v.truthy(),
                    (Un::Nil, v) => v.is_nil(),
                    (Un::Some, v) => !v.is_nil(),
                    (u, v) => tryop!(crate::core::unary_slow(u, v)),
                };
                *top = Value::Bool(r);
            }
            Op::Get | Op::Nth(_) => {
                let argc = match op {
                    Op::Nth(n) => n as usize,
                    _ => 2,
                };
                let at = stack.len() - argc;
                // The common cases in place: a map (records are maps) by key, a vector by
                // an index in range. Everything else (sorted collections, strings, errors,
                // not-found values) goes through the natives.
                let found: Option<Option<*const Value>> = match (op, &stack[at], &stack[at + 1]) {
                    (Op::Get, Value::Map(m), k) => Some(m.get(k).map(|v| v as *const Value)),
                    (Op::Nth(_), Value::Vector(v), Value::Long(i)) if *i >= 0 => {
                        v.get(*i as usize).map(|v| Some(v as *const Value))
                    }
                    // A transient vector (the sieve's `(nth flags i)`), read in place.
                    (Op::Nth(_), Value::Obj(o), Value::Long(i)) if *i >= 0 => match &**o {
                        crate::value::obj::Obj::Transient(cell) => match &*cell.borrow() {
                            Some(Value::Vector(v)) => {
                                v.get(*i as usize).map(|v| Some(v as *const Value))
                            }
                            _ => None,
                        },
                        _ => None,
                    },
                    _ => None,
                };
                if let Some(found) = found {
                    // SAFETY: the pointer is into the collection in slot `at` (for a
                    // transient, into the vector its cell owns: the cell's borrow has ended,
                    // but nothing runs that could edit the transient before the clone is
                    // taken), which stays on the stack (alive) until the clone is pushed.
                    replace_with_clone(stack, at, found.map(|p| unsafe { &*p }));
                    continue;
                }
                let r = tryop!(if op == Op::Get {
                    crate::core::native_get(interp, &stack[at..])
                } else {
                    crate::core::native_nth(interp, &stack[at..])
                });
                truncate(stack, at);
                words::push_owned(stack, r);
            }
            Op::KwGet(k) => {
                let at = stack.len() - 1;
                let kw = &frame.chunk.consts[k as usize];
                if let Value::Map(m) = &stack[at] {
                    let found = m.get(kw).map(|v| v as *const Value);
                    // SAFETY: into the map in slot `at`, alive until the clone is pushed.
                    replace_with_clone(stack, at, found.map(|p| unsafe { &*p }));
                    continue;
                }
                let r = crate::core::get(&stack[at], kw).unwrap_or(Value::Nil);
                drop_top(stack);
                words::push_owned(stack, r);
            }
            Op::KwGetLocal(n, k) => {
                let kw = &frame.chunk.consts[k as usize];
                let m = &stack[frame.base + n as usize];
                if let Value::Map(m) = m {
                    let found = m.get(kw).map(|v| v as *const Value);
                    // SAFETY: into the map in a local slot, which the push does not touch.
                    match found {
                        Some(p) => words::push_clone(stack, unsafe { &*p }),
                        None => stack.push(Value::Nil),
                    }
                    continue;
                }
                let r = crate::core::get(m, kw).unwrap_or(Value::Nil);
                words::push_owned(stack, r);
            }
            Op::KwGetLocalTo(n, k, d) => {
                let kw = &frame.chunk.consts[k as usize];
                let v = match &stack[frame.base + n as usize] {
                    Value::Map(m) => m.get(kw).cloned().unwrap_or(Value::Nil),
                    m => crate::core::get(m, kw).unwrap_or(Value::Nil),
                };
                stack[frame.base + d as usize] = v;
            }
            Op::KwGetVar(v, k) => {
                let Value::Var(var) = &frame.chunk.consts[v as usize] else {
                    unreachable!("KwGetVar operand")
                };
                let kw = &frame.chunk.consts[k as usize];
                // A plain map is read in place (a keyword lookup in it runs no dialect
                // code, so nothing can redefine the var meanwhile); anything else is cloned
                // out of the var first.
                // The clone is pushed from inside (word by word, see `words`).
                let pushed = var.map_root(|m| match m.get(kw) {
                    Some(v) => words::push_clone(stack, v),
                    None => stack.push(Value::Nil),
                });
                let r = match pushed {
                    Some(()) => continue,
                    None => {
                        let m = match var.static_root() {
                            Some(m) => m,
                            None => tryop!(interp.var_value(var)),
                        };
                        crate::core::get(&m, kw).unwrap_or(Value::Nil)
                    }
                };
                words::push_owned(stack, r);
            }
            Op::Binary(bin, a, b) => {
                // Two longs: the result goes straight into the new slot (see `words`).
                if let (Value::Long(x), Value::Long(y)) =
                    (arg(stack, &frame, a), arg(stack, &frame, b))
                {
                    match long_result(bin, *x, *y) {
                        Some(Ok(n)) => {
                            words::push_long(stack, n);
                            continue;
                        }
                        Some(Err(b)) => {
                            words::push_bool(stack, b);
                            continue;
                        }
                        None => {}
                    }
                }
                let r = {
                    let a = arg(stack, &frame, a);
                    let b = arg(stack, &frame, b);
                    tryop!(binary(bin, a, b))
                };
                stack.push(r);
            }
            Op::BranchUnless { cmp, a, b, target } => {
                let holds = {
                    let a = arg(stack, &frame, a);
                    let b = arg(stack, &frame, b);
                    match (a, b) {
                        (Value::Long(x), Value::Long(y)) => match cmp {
                            Bin::Lt => x < y,
                            Bin::Gt => x > y,
                            Bin::Le => x <= y,
                            Bin::Ge => x >= y,
                            _ => x == y,
                        },
                        _ => tryop!(binary(cmp, a, b)).truthy(),
                    }
                };
                if !holds {
                    frame.pc = target as usize;
                }
            }
        }
    }
}

/// `Vec::truncate` with the drop of immediates inlined (most locals are numbers).
#[inline(always)]
fn truncate(stack: &mut Vec<Value>, len: usize) {
    while stack.len() > len {
        drop_top(stack);
    }
}

/// Pushes a clone of `found` (nil when `None`), which is borrowed from a collection in slot
/// `at` or below; then moves it into slot `at`, dropping what was there and above. Cloned
/// and moved word by word (see `words`): a lookup's result returned by value was copied
/// with a 16-byte load that missed store forwarding.
#[inline(always)]
fn replace_with_clone(stack: &mut Vec<Value>, at: usize, found: Option<&Value>) {
    match found {
        Some(v) => {
            let v: *const Value = v;
            // SAFETY: the caller's collection (in slot `at` or below) keeps `v` alive until
            // `push_clone` has cloned it; a reallocation of the stack buffer moves the
            // collection's reference, not the collection.
            words::push_clone(stack, unsafe { &*v })
        }
        None => stack.push(Value::Nil),
    }
    let top = stack.len() - 1;
    words::swap(stack, top, at);
    truncate(stack, at + 1);
}

/// Pops and drops the top of the stack. An immediate is dropped in place, without moving it
/// out first: the move reads the slot at a different width than the push wrote it, and the
/// failed store-to-load forwarding cost more than the rest of the loop in the profile.
#[inline(always)]
fn drop_top(stack: &mut Vec<Value>) {
    let Some(top) = stack.last() else { return };
    if top.is_immediate() {
        // SAFETY: shortening the length by one forgets the last element without running
        // its destructor; that element is an immediate (nil, a boolean, a long, a double or
        // a char), which owns nothing, so forgetting it is the same as dropping it, and the
        // new length is in bounds.
        unsafe { stack.set_len(stack.len() - 1) };
    } else {
        let last = stack.len() - 1;
        // SAFETY: the length is shortened first, so the vector no longer owns the last
        // element; it is then dropped exactly once, in place. Dropping in place reads the
        // tag and the reference as single words: `pop` moved the value out with a 16-byte
        // load, which missed store forwarding from a word-wise push (a hot spot in
        // profiles).
        unsafe {
            stack.set_len(last);
            std::ptr::drop_in_place(stack.as_mut_ptr().add(last));
        }
    }
}

/// The operand of a fused instruction.
#[inline(always)]
fn arg<'a>(stack: &'a [Value], frame: &'a Frame, a: Arg) -> &'a Value {
    match a {
        Arg::Local(n) => &stack[frame.base + n as usize],
        Arg::Const(k) => &frame.chunk.consts[k as usize],
    }
}

/// A binary operator on two longs: `Ok` a long result, `Err` a comparison's outcome, `None`
/// when the general path must decide (overflow, a zero divisor).
#[inline(always)]
pub(super) fn long_result(bin: Bin, x: i64, y: i64) -> Option<Result<i64, bool>> {
    let cmp = |holds: bool| Some(Err(holds));
    match bin {
        Bin::Add => x.checked_add(y).map(Ok),
        Bin::Sub => x.checked_sub(y).map(Ok),
        Bin::Mul => x.checked_mul(y).map(Ok),
        Bin::Mod => long_mod(x, y).map(Ok),
        Bin::Rem => long_rem(x, y).map(Ok),
        Bin::Lt => cmp(x < y),
        Bin::Gt => cmp(x > y),
        Bin::Le => cmp(x <= y),
        Bin::Ge => cmp(x >= y),
        Bin::NumEq | Bin::Eq => cmp(x == y),
    }
}

/// `(rem x y)` on longs, as Java's `%` (`None` for a zero divisor: the general path throws).
#[inline(always)]
fn long_rem(x: i64, y: i64) -> Option<i64> {
    (y != 0).then(|| x.wrapping_rem(y))
}

/// `(mod x y)` on longs: the remainder with the divisor's sign, as Clojure's `mod`.
#[inline(always)]
fn long_mod(x: i64, y: i64) -> Option<i64> {
    let m = long_rem(x, y)?;
    Some(if m == 0 || (x > 0) == (y > 0) {
        m
    } else {
        m + y
    })
}
