//! `cljw.eval/with-budget`: budgets for dialect code.
//!
//! `(with-budget {:max-steps N :deadline-ms N :max-heap-mb N} f)` calls `f` with those limits
//! (on top of any enclosing ones) and returns its value, or
//! `{:cljw.eval/exhausted :steps|:deadline|:heap}` when `f` runs out of one of them.

use std::time::{Duration, Instant};

use crate::value::{Keyword, Map, Value};
use crate::vm::{Budget, Interp, Limits, NativeImpl, Throw};

fn opt(m: &Map, k: &str) -> Result<Option<u64>, Throw> {
    match m.get(&Value::keyword(k)) {
        None | Some(Value::Nil) => Ok(None),
        Some(Value::Long(n)) if *n >= 0 => Ok(Some(*n as u64)),
        Some(x) => Err(Throw::illegal_argument(format!(
            "with-budget option :{k} must be a non-negative integer, got {}",
            x.type_name()
        ))),
    }
}

fn tighter<T: Ord>(outer: Option<T>, inner: Option<T>) -> Option<T> {
    match (outer, inner) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn with_budget(i: &Interp, a: &[Value]) -> Result<Value, Throw> {
    let [Value::Map(opts), f] = a else {
        return Err(Throw::illegal_argument(
            "with-budget expects an options map and a function",
        ));
    };
    let inner = Limits {
        max_steps: opt(opts, "max-steps")?.map(|n| i.steps.get().saturating_add(n)),
        deadline: opt(opts, "deadline-ms")?.map(|ms| Instant::now() + Duration::from_millis(ms)),
        max_heap_bytes: opt(opts, "max-heap-mb")?.map(|mb| {
            crate::alloc::stats()
                .live_bytes
                .saturating_add((mb as usize) << 20)
        }),
    };
    let outer = i.limits.borrow().clone();
    *i.limits.borrow_mut() = Limits {
        max_steps: tighter(outer.max_steps, inner.max_steps),
        deadline: tighter(outer.deadline, inner.deadline),
        max_heap_bytes: tighter(outer.max_heap_bytes, inner.max_heap_bytes),
    };
    let result = i.apply(f, &[]);
    *i.limits.borrow_mut() = outer.clone();
    match result {
        // Ours, unless the enclosing budget is spent as well.
        Err(Throw::Exhausted(b)) if !outer_spent(i, &outer, b) => {
            let name = match b {
                Budget::Steps => "steps",
                Budget::Deadline => "deadline",
                Budget::Heap => "heap",
            };
            Ok(Value::Map(std::rc::Rc::new(Map::from_pairs(vec![(
                Value::Keyword(Keyword::intern(Some("cljw.eval"), "exhausted")),
                Value::keyword(name),
            )]))))
        }
        r => r,
    }
}

fn outer_spent(i: &Interp, outer: &Limits, b: Budget) -> bool {
    match b {
        Budget::Steps => outer.max_steps.is_some_and(|m| i.steps.get() > m),
        Budget::Deadline => outer.deadline.is_some_and(|d| Instant::now() > d),
        Budget::Heap => outer
            .max_heap_bytes
            .is_some_and(|m| crate::alloc::stats().live_bytes > m),
    }
}

/// Natives of the `cljw.eval` namespace.
pub const NATIVES: &[(&str, NativeImpl)] = &[("with-budget", with_budget), ("gc-stats", gc_stats)];

/// `(cljw.eval/gc-stats)`: the cycle collector's statistics and the heap size.
fn gc_stats(i: &Interp, _: &[Value]) -> Result<Value, Throw> {
    let s = i.gc.borrow().stats.clone();
    let kw = Value::keyword;
    let n = |x: u64| Value::Long(x as i64);
    let heap = crate::alloc::stats();
    Ok(Value::Map(std::rc::Rc::new(crate::value::Map::from_pairs(
        vec![
            (kw("collections"), n(s.collections)),
            (kw("atoms-cleared"), n(s.atoms_cleared)),
            (kw("atoms-tracked"), n(s.atoms_tracked as u64)),
            (kw("last-pause-us"), n(s.last_pause_us)),
            (kw("total-pause-us"), n(s.total_pause_us)),
            (kw("heap-live-bytes"), n(heap.live_bytes as u64)),
        ],
    ))))
}
