//! Leaf closures: calling a small arithmetic function without a frame.
//!
//! `#(* % %)`, `#(zero? (mod % 3))`, `(fn [acc x] (mod (+ acc x) m))`: the functions handed
//! to `map`, `filter` and `reduce` are often a few inlined core operations on their
//! arguments, with no call in them. When [`Repeated`](super::Repeated) calls such a
//! function a million times, entering the VM for each call (a frame, the callee slot, the
//! dispatch loop's entry and exit) costs more than the body. A [`Leaf`] runs the body's
//! instructions directly on immediates (longs, booleans, nil) in a fixed-size array.
//!
//! It is a fast path, not a second semantics: it handles exactly the cases where every
//! instruction takes the VM's own long fast path (`long_result`, the same predicates), and
//! answers `None` on anything else — an argument or constant that is not an immediate, an
//! overflow, a zero divisor, a non-long operand. The body has no calls and no effects (only
//! the instructions listed in [`supported`]), so the caller then makes the ordinary call,
//! which computes the same value or throws the same exception with the same trace. Jumps go
//! forward only, so a leaf always finishes.

use std::rc::Rc;

use super::run::long_result;
use crate::chunk::{Arg, Chunk, Op, Un};
use crate::value::Value;

/// Locals and temporaries a leaf may use (a larger body takes the ordinary call).
const SLOTS: usize = 16;

/// A value a leaf computes with.
#[derive(Clone, Copy)]
enum Imm {
    Nil,
    Bool(bool),
    Long(i64),
}

impl Imm {
    fn of(v: &Value) -> Option<Imm> {
        match v {
            Value::Nil => Some(Imm::Nil),
            Value::Bool(b) => Some(Imm::Bool(*b)),
            Value::Long(n) => Some(Imm::Long(*n)),
            _ => None,
        }
    }

    fn value(self) -> Value {
        match self {
            Imm::Nil => Value::Nil,
            Imm::Bool(b) => Value::Bool(b),
            Imm::Long(n) => Value::Long(n),
        }
    }

    fn truthy(self) -> bool {
        !matches!(self, Imm::Nil | Imm::Bool(false))
    }
}

/// A leaf's locals and temporaries: kinds and payloads in separate arrays, so every write
/// and read of a slot is one byte or one word (a 16-byte copy of a slot written as two
/// stores would miss store forwarding, as `value::words` explains).
struct Slots {
    kind: [u8; SLOTS],
    word: [i64; SLOTS],
}

impl Default for Slots {
    fn default() -> Slots {
        Slots {
            kind: [NIL; SLOTS],
            word: [0; SLOTS],
        }
    }
}

const NIL: u8 = 0;
const BOOL: u8 = 1;
const LONG: u8 = 2;

impl Slots {
    #[inline(always)]
    fn get(&self, i: usize) -> Option<Imm> {
        let w = *self.word.get(i)?;
        Some(match *self.kind.get(i)? {
            BOOL => Imm::Bool(w != 0),
            LONG => Imm::Long(w),
            _ => Imm::Nil,
        })
    }

    #[inline(always)]
    fn set(&mut self, i: usize, v: Imm) -> Option<()> {
        let (k, w) = match v {
            Imm::Nil => (NIL, 0),
            Imm::Bool(b) => (BOOL, b as i64),
            Imm::Long(n) => (LONG, n),
        };
        *self.kind.get_mut(i)? = k;
        *self.word.get_mut(i)? = w;
        Some(())
    }
}

/// The body of one fixed arity of a closure that qualifies (see the module doc).
pub struct Leaf {
    chunk: Rc<Chunk>,
}

/// Is `op` (at `pc`) one a leaf runs? Jumps must go forward.
fn supported(op: &Op, pc: usize) -> bool {
    let forward = |t: u32| t as usize > pc;
    match op {
        Op::Const(_) | Op::Nil | Op::True | Op::False | Op::Local(_) | Op::SetLocal(_) => true,
        Op::Binary(..) | Op::Bin(_) | Op::Inc | Op::Dec | Op::Unary(_) | Op::Return => true,
        Op::Jump(t) | Op::JumpIfFalse(t) => forward(*t),
        Op::BranchUnless { target, .. } => forward(*target),
        _ => false,
    }
}

impl Leaf {
    /// The leaf body of `f` for `argc` arguments, when `f` is a closure whose arity for
    /// `argc` is fixed, small, and made only of [`supported`] instructions.
    pub fn of(f: &Value, argc: usize) -> Option<Leaf> {
        let Value::Fn(c) = f else { return None };
        let chunk = c.proto.arity(argc)?;
        let fits = !chunk.variadic
            && chunk.params as usize == argc
            && (chunk.slots as usize) < SLOTS
            && chunk.code.len() <= 64;
        let ok = fits
            && chunk
                .code
                .iter()
                .enumerate()
                .all(|(pc, op)| supported(op, pc));
        ok.then(|| Leaf {
            chunk: chunk.clone(),
        })
    }

    /// The function's value for `args`, or `None` when the ordinary call must decide.
    #[cfg(test)]
    pub fn call(&self, args: &[&Value]) -> Option<Value> {
        self.run(args).map(Imm::value)
    }

    /// Stores the function's value for `args` in `*dst` and answers true, or answers false
    /// (leaving `*dst` alone) when the ordinary call must decide. The value is written in
    /// place, tag and payload as separate words (no 16-byte copy of a fresh temporary, which
    /// would miss store forwarding; see `value::words`).
    #[inline]
    pub fn call_into(&self, args: &[&Value], dst: &mut Value) -> bool {
        match self.run(args) {
            Some(v) => {
                *dst = v.value();
                true
            }
            None => false,
        }
    }

    /// The truthiness of the function's value for `args` (`None`: the ordinary call must
    /// decide).
    #[inline]
    pub fn call_truthy(&self, args: &[&Value]) -> Option<bool> {
        self.run(args).map(Imm::truthy)
    }

    fn run(&self, args: &[&Value]) -> Option<Imm> {
        let chunk = &*self.chunk;
        let mut slots = Slots::default();
        for (i, a) in args.iter().enumerate() {
            slots.set(i, Imm::of(a)?)?;
        }
        // Temporaries live above the locals.
        let mut sp = chunk.slots as usize;
        let konst = |k: usize| Imm::of(chunk.consts.get(k)?);
        let arg = |slots: &Slots, a: Arg| match a {
            Arg::Local(n) => slots.get(n as usize),
            Arg::Const(k) => konst(k as usize),
        };
        let long = |v: Option<Imm>| match v {
            Some(Imm::Long(n)) => Some(n),
            _ => None,
        };
        let mut pc = 0;
        loop {
            let op = *chunk.code.get(pc)?;
            pc += 1;
            let push = match op {
                Op::Const(k) => konst(k as usize)?,
                Op::Nil => Imm::Nil,
                Op::True => Imm::Bool(true),
                Op::False => Imm::Bool(false),
                Op::Local(n) => slots.get(n as usize)?,
                Op::SetLocal(n) => {
                    sp = sp.checked_sub(1)?;
                    slots.set(n as usize, slots.get(sp)?)?;
                    continue;
                }
                Op::Binary(bin, a, b) => {
                    match long_result(bin, long(arg(&slots, a))?, long(arg(&slots, b))?)? {
                        Ok(n) => Imm::Long(n),
                        Err(holds) => Imm::Bool(holds),
                    }
                }
                Op::Bin(bin) => {
                    sp = sp.checked_sub(2)?;
                    let (x, y) = (long(slots.get(sp))?, long(slots.get(sp + 1))?);
                    match long_result(bin, x, y)? {
                        Ok(n) => Imm::Long(n),
                        Err(holds) => Imm::Bool(holds),
                    }
                }
                Op::Inc | Op::Dec => {
                    sp = sp.checked_sub(1)?;
                    let d = if op == Op::Inc { 1 } else { -1 };
                    Imm::Long(long(slots.get(sp))?.checked_add(d)?)
                }
                Op::Unary(u) => {
                    sp = sp.checked_sub(1)?;
                    let x = slots.get(sp)?;
                    Imm::Bool(match (u, x) {
                        (Un::Zero, Imm::Long(n)) => n == 0,
                        (Un::Pos, Imm::Long(n)) => n > 0,
                        (Un::Neg, Imm::Long(n)) => n < 0,
                        (Un::Even, Imm::Long(n)) => n % 2 == 0,
                        (Un::Odd, Imm::Long(n)) => n % 2 != 0,
                        (Un::Not, x) => !x.truthy(),
                        (Un::Nil, x) => matches!(x, Imm::Nil),
                        (Un::Some, x) => !matches!(x, Imm::Nil),
                        _ => return None,
                    })
                }
                Op::Jump(t) => {
                    pc = t as usize;
                    continue;
                }
                Op::JumpIfFalse(t) => {
                    sp = sp.checked_sub(1)?;
                    if !slots.get(sp)?.truthy() {
                        pc = t as usize;
                    }
                    continue;
                }
                Op::BranchUnless { cmp, a, b, target } => {
                    let x = long(arg(&slots, a))?;
                    let Err(holds) = long_result(cmp, x, long(arg(&slots, b))?)? else {
                        return None;
                    };
                    if !holds {
                        pc = target as usize;
                    }
                    continue;
                }
                Op::Return => return slots.get(sp.checked_sub(1)?),
                _ => return None,
            };
            slots.set(sp, push)?;
            sp += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Leaf;
    use crate::Runtime;
    use crate::value::Value;

    fn eval(rt: &Runtime, src: &str) -> String {
        match rt.eval_str(src, "<test>") {
            Ok(v) => rt.pr_str(&v),
            Err(e) => format!("error: {e}"),
        }
    }

    /// The leaf of `(def f …)`'s value for `argc`, called with `args` (`None`: not a leaf).
    fn leaf_call(f: &str, argc: usize, args: &[Value]) -> Option<Option<String>> {
        let rt = Runtime::new().unwrap();
        let v = rt.eval_str(f, "<test>").unwrap();
        let leaf = Leaf::of(&v, argc)?;
        let args: Vec<&Value> = args.iter().collect();
        Some(leaf.call(&args).map(|v| rt.pr_str(&v)))
    }

    #[test]
    fn small_arithmetic_bodies_are_leaves_and_others_are_not() {
        let l = |n| Value::Long(n);
        assert_eq!(leaf_call("#(* % %)", 1, &[l(7)]), Some(Some("49".into())));
        assert_eq!(
            leaf_call("#(zero? (mod % 3))", 1, &[l(9)]),
            Some(Some("true".into()))
        );
        assert_eq!(
            leaf_call("(fn [a x] (if (< x 5) (+ a x) a))", 2, &[l(1), l(7)]),
            Some(Some("1".into()))
        );
        assert_eq!(
            leaf_call("(fn [x] (let [y (* x 2)] (+ y 1)))", 1, &[l(4)]),
            Some(Some("9".into()))
        );
        assert_eq!(
            leaf_call("#(if (even? %) (inc %) (nil? %))", 1, &[l(3)]),
            Some(Some("false".into()))
        );
        // Not leaves: calls, captures, loops (a backward jump), variadic fns, other arities.
        assert!(leaf_call("#(str %)", 1, &[l(1)]).is_none());
        assert!(leaf_call("(let [k 3] #(* % k))", 1, &[l(1)]).is_none());
        assert!(
            leaf_call(
                "(fn [n] (loop [i n] (if (pos? i) (recur (dec i)) i)))",
                1,
                &[l(3)]
            )
            .is_none()
        );
        assert!(leaf_call("(fn [& xs] 1)", 1, &[l(1)]).is_none());
        assert!(leaf_call("#(* % %)", 2, &[l(1), l(2)]).is_none());
        assert!(leaf_call("+", 2, &[l(1), l(2)]).is_none());
    }

    #[test]
    fn anything_off_the_long_fast_path_is_left_to_the_ordinary_call() {
        let l = |n| Value::Long(n);
        // An overflow, a zero divisor, a double, a string, nil in arithmetic.
        assert_eq!(leaf_call("#(* % %)", 1, &[l(i64::MAX)]), Some(None));
        assert_eq!(leaf_call("#(mod 1 %)", 1, &[l(0)]), Some(None));
        assert_eq!(leaf_call("#(* % %)", 1, &[Value::Double(1.5)]), Some(None));
        assert_eq!(leaf_call("#(* % %)", 1, &[Value::str("a")]), Some(None));
        assert_eq!(leaf_call("#(inc %)", 1, &[Value::Nil]), Some(None));
        assert_eq!(leaf_call("#(* % 1.5)", 1, &[l(2)]), Some(None));
    }

    #[test]
    fn reduce_and_transduce_give_what_the_ordinary_call_gives() {
        let rt = Runtime::new().unwrap();
        let cases = [
            ("(transduce (map #(* % %)) + 0 (range 10))", "285"),
            ("(reduce (fn [a x] (+ a x)) 0 [1 2 3])", "6"),
            // Promotion and exceptions come from the ordinary call, mid-reduction.
            (
                "(reduce (fn [a x] (*' a x)) 1 (range 1 25))",
                "620448401733239439360000N",
            ),
            ("(reduce (fn [a x] (* a x)) 1.5 [2 3])", "9.0"),
            (
                "(into [] (map #(* % %)) [2 2.5 nil])",
                "error: java.lang.NullPointerException",
            ),
            (
                "(reduce (fn [a x] (* a x)) 1 (range 1 30))",
                "error: java.lang.ArithmeticException: long overflow",
            ),
            (
                "(into [] (filter #(zero? (mod 6 %))) [1 2 0 3])",
                "error: java.lang.ArithmeticException: Divide by zero",
            ),
            ("(into [] (remove #(< % 2)) [1 2 3])", "[2 3]"),
            (
                "(into [] (keep #(if (odd? %) nil (* 10 %))) [1 2 3 4])",
                "[20 40]",
            ),
        ];
        for (src, want) in cases {
            let got = eval(&rt, src);
            assert!(got.starts_with(want), "{src}: got {got}, want {want}");
        }
    }
}
