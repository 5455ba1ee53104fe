//! The fused path behind `transduce` (and so `into` with a transducer): a pipeline composed
//! only of the stateless transducers `map`, `filter`, `remove` and `keep` (one stage each,
//! joined by `comp`) runs as one native loop that calls the stages' own functions and the
//! reducing function, instead of a closure per stage and element.
//!
//! The pipeline is recognized, not declared: `(map f)` returns a closure of one prototype
//! (the `(fn [rf] …)` inside `map`) capturing `f`, and `(comp f g)` one capturing `f` and
//! `g`. `clojure.core/-xf-samples` holds an instance of each, built from two marker fns, so
//! the prototypes and the capture slots holding the functions are found by identity — no
//! metadata on the transducers and no assumption about the compiler's capture order.
//!
//! The loop makes the same calls, with the same arguments, in the same order as the closure
//! chain: for each element, each stage's function, then the reducing function for what
//! gets through; a `reduced` result stops it; the completion arity is called at the end.
//! Anything not recognized (a stateful or user-written transducer anywhere in the
//! pipeline) makes `-xf-fold` answer the samples vector itself, and `transduce` takes the
//! general path.

use std::rc::Rc;

use crate::value::seq::SeqIter;
use crate::value::{Value, words};
use crate::vm::{Closure, FnProto, Interp, NativeImpl, Repeated, Throw, forwarded};

use super::chunks::unreduced;
use super::objects::arity;

type R = Result<Value, Throw>;

/// Pipelines longer than this take the general path (they do not occur in practice).
const MAX_STAGES: usize = 64;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Map,
    Filter,
    Remove,
    Keep,
}

/// A transducer prototype and the capture slot of its function.
struct Shape {
    proto: Rc<FnProto>,
    slot: usize,
    captures: usize,
}

/// What `-xf-samples` (`[a b (map a) (filter a) (remove a) (keep a) (comp a b)]`) tells.
struct Shapes {
    stages: Vec<(Kind, Shape)>,
    comp: Shape,
    /// The slot of `g` in `(comp f g)`'s captures.
    comp_second: usize,
}

fn closure(v: &Value) -> Option<&Rc<Closure>> {
    match v {
        Value::Fn(c) => Some(c),
        _ => None,
    }
}

fn slot_of(c: &Closure, marker: &Value) -> Option<usize> {
    let m = closure(marker)?;
    c.captures
        .iter()
        .position(|x| closure(x).is_some_and(|x| Rc::ptr_eq(x, m)))
}

fn shape(sample: &Value, marker: &Value) -> Option<Shape> {
    let c = closure(sample)?;
    Some(Shape {
        proto: c.proto.clone(),
        slot: slot_of(c, marker)?,
        captures: c.captures.len(),
    })
}

fn shapes(samples: &Value) -> Option<Shapes> {
    let Value::Vector(v) = samples else {
        return None;
    };
    let s: Vec<Value> = v.iter().cloned().collect();
    let [a, b, map, filter, remove, keep, comp] = s.as_slice() else {
        return None;
    };
    let stages = vec![
        (Kind::Map, shape(map, a)?),
        (Kind::Filter, shape(filter, a)?),
        (Kind::Remove, shape(remove, a)?),
        (Kind::Keep, shape(keep, a)?),
    ];
    let comp_second = slot_of(closure(comp)?, b)?;
    Some(Shapes {
        stages,
        comp: shape(comp, a)?,
        comp_second,
    })
}

fn matches(c: &Closure, s: &Shape) -> bool {
    Rc::ptr_eq(&c.proto, &s.proto) && c.captures.len() == s.captures
}

/// Appends the stages of `xf` to `out`; false when some part is not a recognized stage.
fn pipeline(shapes: &Shapes, xf: &Value, out: &mut Vec<(Kind, Value)>) -> bool {
    let Some(c) = closure(xf) else {
        return false;
    };
    if out.len() >= MAX_STAGES {
        return false;
    }
    if matches(c, &shapes.comp) {
        // `((comp f g) rf)` is `(f (g rf))`: elements meet f's stages first.
        return pipeline(shapes, &c.captures[shapes.comp.slot], out)
            && pipeline(shapes, &c.captures[shapes.comp_second], out);
    }
    match shapes.stages.iter().find(|(_, s)| matches(c, s)) {
        Some((kind, s)) => {
            out.push((*kind, c.captures[s.slot].clone()));
            true
        }
        None => false,
    }
}

/// Calls `step` on each element of `coll` until it answers false: vectors and lists
/// directly, anything else through [`SeqIter`] (as `reduce` walks them). The element is
/// handed over in a slot, moved in word by word (see `value::words`).
fn each(
    coll: &Value,
    mut step: impl FnMut(&mut Value) -> Result<bool, Throw>,
) -> Result<(), Throw> {
    let mut slot = Value::Nil;
    match coll {
        Value::Vector(v) => {
            for x in v.iter() {
                words::clone_into(&mut slot, x);
                if !step(&mut slot)? {
                    break;
                }
            }
            Ok(())
        }
        Value::List(l) => {
            for x in l.iter() {
                words::clone_into(&mut slot, x);
                if !step(&mut slot)? {
                    break;
                }
            }
            Ok(())
        }
        _ => {
            let mut it = SeqIter::new(coll);
            while words::set_from_option(&mut slot, it.next()) {
                if !step(&mut slot)? {
                    return Ok(());
                }
            }
            match it.take_error() {
                Some(e) => Err(e),
                None => Ok(()),
            }
        }
    }
}

/// `(-xf-fold samples xform f init coll)`: `(transduce xform f init coll)` as one loop when
/// `xform` is a recognized pipeline, else `samples` itself (the caller's cue to take the
/// general path).
fn n_xf_fold(i: &Interp, a: &[Value]) -> R {
    arity(a, 5..=5, "-xf-fold")?;
    let Some(shapes) = shapes(&a[0]) else {
        return Ok(a[0].clone());
    };
    let mut found = Vec::new();
    if !pipeline(&shapes, &a[1], &mut found) {
        return Ok(a[0].clone());
    }
    let mut stages: Vec<(Kind, Repeated)> = found
        .iter()
        .map(|(k, f)| (*k, Repeated::new(i, &forwarded(f, 1))))
        .collect();
    let mut rf = Repeated::new(i, &forwarded(&a[2], 2));
    let mut acc = a[3].clone();
    each(&a[4], |v| {
        // Natives never tick: an all-native pipeline over an infinite seq must still stop
        // at the budget, the deadline or an interrupt.
        i.tick(1)?;
        for (kind, f) in stages.iter_mut() {
            match kind {
                Kind::Map => f.apply_in_place(v)?,
                Kind::Filter => {
                    if !f.test(v)? {
                        return Ok(true);
                    }
                }
                Kind::Remove => {
                    if f.test(v)? {
                        return Ok(true);
                    }
                }
                Kind::Keep => {
                    f.apply_in_place(v)?;
                    if v.is_nil() {
                        return Ok(true);
                    }
                }
            }
        }
        rf.step_in_place(&mut acc, v)?;
        if let Some(u) = unreduced(&acc) {
            acc = u;
            return Ok(false);
        }
        Ok(true)
    })?;
    // The completion arity (of the reducing function as given: `forwarded` picked the step
    // arity's target).
    drop(rf);
    Repeated::new(i, &forwarded(&a[2], 1)).apply_in_place(&mut acc)?;
    Ok(acc)
}

pub const NATIVES: &[(&str, NativeImpl)] = &[("-xf-fold", n_xf_fold)];

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

    /// `(-xf-fold …)` on the pipeline: the value, or `:general` when it is not recognized.
    fn fused(xf: &str, rest: &str) -> String {
        eval(&format!(
            "(let [r (-xf-fold @#'clojure.core/-xf-samples {xf} {rest})] \
               (if (identical? r @#'clojure.core/-xf-samples) :general r))"
        ))
    }

    #[test]
    fn stateless_pipelines_are_recognized() {
        assert_eq!(fused("(map inc)", "+ 0 (range 10)"), "55");
        assert_eq!(fused("(filter even?)", "conj [] (range 10)"), "[0 2 4 6 8]");
        assert_eq!(fused("(remove even?)", "conj [] (range 10)"), "[1 3 5 7 9]");
        assert_eq!(
            fused("(keep #(when (odd? %) (* % %)))", "conj [] [1 2 3]"),
            "[1 9]"
        );
        assert_eq!(
            fused(
                "(comp (map inc) (filter even?) (map #(* % %)) (remove #(zero? (mod % 3))))",
                "conj [] (range 10)"
            ),
            "[4 16 64 100]"
        );
        // Nested comps, in either grouping, keep the order of the stages.
        assert_eq!(
            fused(
                "(comp (comp (map inc) (map #(* 2 %))) (comp (map dec)))",
                "conj [] [1 2]"
            ),
            "[3 5]"
        );
        assert_eq!(
            fused(
                "(comp (map inc) (comp (map #(* 2 %)) (map dec)))",
                "conj [] [1 2]"
            ),
            "[3 5]"
        );
    }

    #[test]
    fn anything_else_takes_the_general_path() {
        assert_eq!(fused("(take 2)", "conj [] (range 10)"), ":general");
        assert_eq!(
            fused("(comp (map inc) (take 2))", "conj [] (range 10)"),
            ":general"
        );
        assert_eq!(fused("(fn [rf] rf)", "conj [] (range 10)"), ":general");
        assert_eq!(fused("identity", "conj [] (range 10)"), ":general");
    }

    #[test]
    fn the_same_calls_in_the_same_order() {
        let log = "(let [log (atom [])
                        t (fn [tag f] (fn [x] (swap! log conj [tag x]) (f x)))
                        rf (fn ([acc] (swap! log conj [:done acc]) acc)
                               ([acc x] (swap! log conj [:rf x]) (+ acc x)))]
                    [(transduce XF rf 0 [1 2 3]) @log])";
        let xf = "(comp (map (t :m inc)) (filter (t :f even?)) (keep (t :k #(when (< % 4) %))))";
        let fused = eval(&log.replace("XF", xf));
        // The same pipeline behind a user transducer takes the closure chain.
        let general = eval(&log.replace("XF", &format!("(comp (fn [rf] rf) {xf})")));
        assert_eq!(fused, general);
        assert_eq!(
            fused,
            "[2 [[:m 1] [:f 2] [:k 2] [:rf 2] [:m 2] [:f 3] [:m 3] [:f 4] [:k 4] [:done 2]]]"
        );
    }

    #[test]
    fn reduced_errors_and_completion() {
        assert_eq!(
            eval(
                "(transduce (map inc) (fn ([a] [:done a]) ([a x] (if (> x 3) (reduced a) (+ a x)))) 0 (range))"
            ),
            "[:done 6]"
        );
        assert_eq!(
            eval("(into [] (comp (map inc) (filter odd?)) (range 6))"),
            "[1 3 5]"
        );
        assert_eq!(eval("(transduce (map inc) + (range 4))"), "10");
        let e = eval("(transduce (map #(/ 1 %)) + 0 [1 0])");
        assert!(e.contains("Divide by zero"), "{e}");
        assert_eq!(
            eval(
                "(try (transduce (map #(/ 1 %)) + 0 [1 0]) (catch ArithmeticException _ :caught))"
            ),
            ":caught"
        );
        assert_eq!(
            eval("(transduce (filter :a) conj [] [{:a 1} {} {:a 2}])"),
            "[{:a 1} {:a 2}]"
        );
    }
}
