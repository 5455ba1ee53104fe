//! The cycle collector: an atom holding a closure over itself is reclaimed once nothing
//! reaches it, reachable atoms keep their values, an atom the embedder still holds is not
//! cleared, cycles made in a loop are collected at the next top-level boundary with memory
//! back where it was, and the statistics are visible from the dialect.

use std::rc::Rc;

use eval::{Runtime, Value};

#[global_allocator]
static GLOBAL: eval::alloc::CountingAlloc<std::alloc::System> =
    eval::alloc::CountingAlloc(std::alloc::System);

fn eval(rt: &Runtime, src: &str) -> Value {
    rt.eval_str(src, "<gc-test>").unwrap()
}

#[test]
fn an_unreachable_self_referencing_atom_is_reclaimed() {
    let rt = Runtime::new().unwrap();
    let v = eval(&rt, "(let [a (atom nil)] (reset! a (fn [] @a)) a)");
    let Value::Atom(a) = v else {
        panic!("expected an atom")
    };
    let weak = Rc::downgrade(&a);
    drop(a);
    // The cycle keeps it alive under reference counting alone.
    assert!(weak.upgrade().is_some());
    let stats = rt.collect_garbage();
    assert!(weak.upgrade().is_none(), "the cycle was not reclaimed");
    assert!(stats.atoms_cleared >= 1);
    assert!(stats.collections >= 1);
}

#[test]
fn reachable_atoms_keep_their_values() {
    let rt = Runtime::new().unwrap();
    eval(
        &rt,
        "(def a (atom nil)) (reset! a (fn [] @a))
         (def counter (let [n (atom 0)] (fn [] (swap! n inc))))
         (letfn [(ev? [n] (if (zero? n) true (od? (dec n)))) (od? [n] (if (zero? n) false (ev? (dec n))))]
           (def ev-fn ev?))
         (def memo (memoize (fn [x] (* x x))))",
    );
    rt.collect_garbage();
    assert_eq!(rt.pr_str(&eval(&rt, "(fn? (@a))")), "true");
    assert_eq!(rt.pr_str(&eval(&rt, "[(counter) (counter)]")), "[1 2]");
    assert_eq!(rt.pr_str(&eval(&rt, "(ev-fn 10)")), "true");
    assert_eq!(rt.pr_str(&eval(&rt, "[(memo 3) (memo 3)]")), "[9 9]");
}

#[test]
fn an_atom_the_embedder_holds_is_not_cleared() {
    let rt = Runtime::new().unwrap();
    let v = eval(&rt, "(let [a (atom nil)] (reset! a [:self (fn [] @a)]) a)");
    rt.collect_garbage();
    let Value::Atom(a) = &v else {
        panic!("expected an atom")
    };
    assert!(rt.pr_str(&a.deref()).starts_with("[:self"));
}

#[test]
fn cycles_made_in_a_loop_are_collected_and_memory_returns() {
    let rt = Runtime::new().unwrap();
    eval(
        &rt,
        "(defn churn [n] (dotimes [_ n] (let [a (atom nil)] (reset! a (fn [] @a)))))",
    );
    rt.collect_garbage();
    let before = eval::alloc::stats().live_bytes;
    // Each top-level form is a boundary; the collector runs once enough atoms were made.
    for _ in 0..3 {
        eval(&rt, "(churn 20000)");
    }
    let grown = eval::alloc::stats().live_bytes;
    eval(&rt, "(System/gc)");
    eval(&rt, "nil");
    let after = eval::alloc::stats().live_bytes;
    let stats = rt.pr_str(&eval(&rt, "(cljw.eval/gc-stats)"));
    assert!(stats.contains(":collections"), "{stats}");
    let cleared: u64 = stats
        .split(":atoms-cleared ")
        .nth(1)
        .and_then(|s| s.split([',', '}']).next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!(cleared >= 60_000, "{stats}");
    // 60,000 uncollected cycles would hold megabytes; after collecting, the heap is back
    // near where it started (other threads' tests allocate too, so allow some slack).
    assert!(
        after < before + (4 << 20),
        "before {before}, grown {grown}, after {after}: {stats}"
    );
}
