//! Calling one function many times from native code.
//!
//! `reduce` (and so `transduce`, `into` with a transducer, `reduce-kv`) calls its function
//! once per element. Through [`Interp::apply`] every call takes a value stack and a frame
//! vector from the pool, copies the callee and the arguments in, runs, and hands both back.
//! A [`Repeated`] keeps one activation's stack and frames for its whole life and moves the
//! arguments in: the per-call set-up is a push of three values and a frame.

use super::leaf::Leaf;
use super::run::{self, Frame};
use super::{ExClass, Interp, MAX_DEPTH, Throw};
use crate::chunk::Op;
use crate::value::{Value, words};

/// A function about to be called many times with two arguments.
pub struct Repeated<'i> {
    interp: &'i Interp,
    f: Value,
    stack: Vec<Value>,
    frames: Vec<Frame>,
    /// The frame of the last closure call and its argument count, when its arity is fixed:
    /// every call starts from the same empty stack, so the same frame serves the next call
    /// with that many arguments.
    entry: Option<(usize, Frame)>,
    /// `f`'s body for one and for two arguments, when it is a leaf (see `leaf`).
    leaves: [Option<Leaf>; 2],
}

/// What calling `f` with `argc` arguments comes down to: `f` itself, or — when `f`'s body
/// for that arity is only `(-forward g)` with `g` captured (`completing`'s step and
/// completion arities, a protocol method's impl held in a wrapper) — `g`, followed through
/// a few such wrappers. The call `Forward` makes is `g` with the same arguments, so calling
/// `g` directly gives the same result with one frame less per call.
pub fn forwarded(f: &Value, argc: usize) -> Value {
    let mut f = f.clone();
    for _ in 0..4 {
        let Value::Fn(c) = &f else { break };
        let Some(chunk) = c.proto.arity(argc) else {
            break;
        };
        let g = match chunk.code.as_slice() {
            [Op::Capture(n), Op::Forward, ..] if !chunk.variadic => c.captures[*n as usize].clone(),
            _ => break,
        };
        f = g;
    }
    f
}

impl<'i> Repeated<'i> {
    pub fn new(interp: &'i Interp, f: &Value) -> Repeated<'i> {
        Repeated {
            interp,
            f: f.clone(),
            stack: run::take_stack(),
            frames: run::take_frames(),
            entry: None,
            leaves: [Leaf::of(f, 1), Leaf::of(f, 2)],
        }
    }

    /// `(f x)`, stored in `x`: the argument is moved in and the result written back, word
    /// by word (no store-forwarding stall on either move).
    pub fn apply_in_place(&mut self, x: &mut Value) -> Result<(), Throw> {
        if let Some(leaf) = &self.leaves[0] {
            let arg = x.clone();
            if leaf.call_into(&[&arg], x) {
                return Ok(());
            }
        }
        if let Value::Native(n) = &self.f {
            // A native reads its argument where it is; its result is moved in word by word.
            let r = (n.f)(self.interp, std::slice::from_ref(x));
            return words::set_from_result(x, r);
        }
        self.push_callee();
        words::push_take(&mut self.stack, x);
        self.invoke(1)?;
        words::pop_to(&mut self.stack, x);
        Ok(())
    }

    /// The truthiness of `(f x)`, read where the call left its value.
    pub fn test(&mut self, x: &Value) -> Result<bool, Throw> {
        if let Some(leaf) = &self.leaves[0]
            && let Some(t) = leaf.call_truthy(&[x])
        {
            return Ok(t);
        }
        if let Value::Native(n) = &self.f {
            // Truthiness is read where the native wrote its result (no copy of it).
            let r = (n.f)(self.interp, std::slice::from_ref(x));
            return match &r {
                Ok(v) => Ok(v.truthy()),
                Err(_) => r.map(|_| false),
            };
        }
        self.push_callee();
        words::push_clone(&mut self.stack, x);
        self.invoke(1)?;
        let t = self.stack.last().is_some_and(Value::truthy);
        self.stack.clear();
        Ok(t)
    }

    /// `(f acc x)`, stored in `acc`; `x` is moved in (left nil). The accumulator is moved,
    /// not copied, so the function sees it with a reference count of one.
    pub fn step_in_place(&mut self, acc: &mut Value, x: &mut Value) -> Result<(), Throw> {
        if let Some(leaf) = &self.leaves[1] {
            let a = acc.clone();
            if leaf.call_into(&[&a, x], acc) {
                return Ok(());
            }
        }
        self.push_callee();
        words::push_take(&mut self.stack, acc);
        words::push_take(&mut self.stack, x);
        self.invoke(2)?;
        words::pop_to(&mut self.stack, acc);
        Ok(())
    }

    /// The callee slot: the closure itself (its frame reads its captures from there), nil
    /// for anything else (no reference count to raise and drop again per call).
    #[inline(always)]
    fn push_callee(&mut self) {
        match &self.f {
            Value::Fn(_) => self.stack.push(self.f.clone()),
            _ => self.stack.push(Value::Nil),
        }
    }

    /// Calls `f` with the `argc` arguments pushed after its callee slot; on `Ok` the kept
    /// stack holds just the value.
    #[inline(always)]
    fn invoke(&mut self, argc: usize) -> Result<(), Throw> {
        match &self.f {
            Value::Fn(_) => self.run(argc),
            f => {
                let base = self.stack.len() - argc;
                let r = match f {
                    Value::Native(n) => (n.f)(self.interp, &self.stack[base..]),
                    f => self.interp.apply(f, &self.stack[base..]),
                };
                self.stack.clear();
                words::push_result(&mut self.stack, r)
            }
        }
    }

    /// Runs the closure whose callee slot and `argc` arguments were just pushed; on `Ok`
    /// its value has taken the callee slot's place.
    #[inline(always)]
    fn run(&mut self, argc: usize) -> Result<(), Throw> {
        let depth = self.interp.depth.get();
        // The stack is empty between calls: every call ends with its outermost `Return`
        // (which leaves only the value, taken by the caller) or with the error path below.
        let result = if depth >= MAX_DEPTH {
            Err(Throw::new(ExClass::StackOverflow, "stack overflow"))
        } else {
            let frame = match self.entry {
                Some((n, frame)) if n == argc => Ok(run::reenter(&mut self.stack, frame)),
                _ => run::enter_closure(&mut self.stack, argc).inspect(|frame| {
                    if run::reenterable(frame) {
                        self.entry = Some((argc, *frame));
                    }
                }),
            };
            match frame {
                Ok(frame) => {
                    self.frames.push(frame);
                    self.interp.depth.set(depth + 1);
                    let r = run::execute_inner(self.interp, &mut self.stack, &mut self.frames);
                    self.interp.depth.set(depth);
                    r
                }
                Err(e) => Err(e),
            }
        };
        if result.is_err() {
            self.stack.clear();
            self.frames.clear();
        }
        result
    }
}

impl Drop for Repeated<'_> {
    fn drop(&mut self) {
        run::give_back(std::mem::take(&mut self.stack));
        run::give_back_frames(std::mem::take(&mut self.frames));
    }
}

#[cfg(test)]
mod tests {
    use crate::Runtime;

    fn eval(src: &str) -> String {
        let rt = Runtime::new().unwrap();
        match rt.eval_str(src, "<test>") {
            Ok(v) => rt.pr_str(&v),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn reduce_calls_closures_natives_and_data() {
        assert_eq!(eval("(reduce (fn [a x] (+ a x)) 0 (range 10))"), "45");
        assert_eq!(eval("(reduce + 0 (range 10))"), "45");
        assert_eq!(eval("(reduce conj [] (range 3))"), "[0 1 2]");
        assert_eq!(
            eval("(reduce (fn [a x] (if (= x 3) (reduced a) (+ a x))) 0 (range))"),
            "3"
        );
    }

    #[test]
    fn an_error_mid_reduce_leaves_a_usable_runtime() {
        let rt = Runtime::new().unwrap();
        let e = rt
            .eval_str("(reduce (fn [a x] (/ a x)) 1 [1 0 2])", "<test>")
            .unwrap_err();
        assert!(e.to_string().contains("Divide by zero"), "{e}");
        // Caught inside the reduce's fn: the activation goes on with the next element.
        let v = rt
            .eval_str(
                "(reduce (fn [a x] (try (+ a (/ 10 x)) (catch ArithmeticException _ (+ a 100)))) 0 [1 0 2])",
                "<test>",
            )
            .unwrap();
        assert_eq!(rt.pr_str(&v), "115");
        let v = rt
            .eval_str(
                "(try (reduce (fn [a x] (/ a x)) 1 [1 0]) (catch ArithmeticException _ :caught))",
                "<test>",
            )
            .unwrap();
        assert_eq!(rt.pr_str(&v), ":caught");
    }

    #[test]
    fn arity_errors_name_the_fn() {
        let e = eval("(defn one [x] x) (reduce one 0 [1 2])");
        assert!(
            e.contains("Wrong number of args (2)") && e.contains("one"),
            "{e}"
        );
    }

    #[test]
    fn deep_recursion_through_reduce_is_a_stack_overflow_not_a_crash() {
        // On a thread with the stack the binary gives its evaluator (`EVAL_STACK`).
        let e = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(|| {
                eval("(defn deep [n] (reduce (fn [a x] (+ a (deep (inc n)))) 0 [1])) (deep 0)")
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(
            e.contains("StackOverflow") || e.contains("stack overflow"),
            "{e}"
        );
    }
}
