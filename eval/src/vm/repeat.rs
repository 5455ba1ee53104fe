//! Calling one function many times from native code.
//!
//! `reduce` (and so `transduce`, `into` with a transducer, `reduce-kv`) calls its function
//! once per element. Through [`Interp::apply`] every call takes a value stack and a frame
//! vector from the pool, copies the callee and the arguments in, runs, and hands both back.
//! A [`Repeated`] keeps one activation's stack and frames for its whole life and moves the
//! arguments in: the per-call set-up is a push of three values and a frame.

use super::run::{self, Frame};
use super::{ExClass, Interp, MAX_DEPTH, Throw};
use crate::value::Value;

/// A function about to be called many times with two arguments.
pub struct Repeated<'i> {
    interp: &'i Interp,
    f: Value,
    stack: Vec<Value>,
    frames: Vec<Frame>,
}

impl<'i> Repeated<'i> {
    pub fn new(interp: &'i Interp, f: &Value) -> Repeated<'i> {
        Repeated {
            interp,
            f: f.clone(),
            stack: run::take_stack(),
            frames: run::take_frames(),
        }
    }

    /// `(f a b)`.
    pub fn call2(&mut self, a: Value, b: Value) -> Result<Value, Throw> {
        if !matches!(self.f, Value::Fn(_)) {
            return self.interp.apply(&self.f, &[a, b]);
        }
        let depth = self.interp.depth.get();
        if depth >= MAX_DEPTH {
            return Err(Throw::new(ExClass::StackOverflow, "stack overflow"));
        }
        // The stack is empty between calls: every call ends with its outermost `Return`
        // (which removes the callee slot) or with the error path below.
        self.stack.push(self.f.clone());
        self.stack.push(a);
        self.stack.push(b);
        let result = match run::enter_closure(&mut self.stack, 2) {
            Ok(frame) => {
                self.frames.push(frame);
                self.interp.depth.set(depth + 1);
                let r = run::execute_inner(self.interp, &mut self.stack, &mut self.frames);
                self.interp.depth.set(depth);
                r
            }
            Err(e) => Err(e),
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
