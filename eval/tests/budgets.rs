//! Budgets, interrupts and the sandbox: no evaluation can hang the host, run away with its
//! memory, or reach outside when sandboxed.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use eval::vm::Budget;
use eval::{EvalError, EvalLimits, Runtime};

#[global_allocator]
static GLOBAL: eval::alloc::CountingAlloc<std::alloc::System> =
    eval::alloc::CountingAlloc(std::alloc::System);

const SPIN: &str = "(loop [i 0] (recur (inc i)))";

/// The heap counters are process-wide: tests that measure them must not overlap.
static HEAP_TESTS: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn step_budget_stops_an_infinite_loop() {
    let rt = Runtime::new().unwrap();
    let limits = EvalLimits {
        max_steps: Some(100_000),
        ..Default::default()
    };
    assert!(matches!(
        rt.eval_limited(SPIN, "<t>", &limits),
        Err(EvalError::Exhausted(Budget::Steps))
    ));
    // The runtime is usable afterwards, without the limit.
    assert_eq!(rt.pr_str(&rt.eval_str("(+ 1 2)", "<t>").unwrap()), "3");
}

#[test]
fn deadline_stops_an_infinite_loop() {
    let rt = Runtime::new().unwrap();
    let limits = EvalLimits {
        timeout: Some(Duration::from_millis(50)),
        ..Default::default()
    };
    let start = Instant::now();
    let r = rt.eval_limited(SPIN, "<t>", &limits);
    assert!(
        matches!(r, Err(EvalError::Exhausted(Budget::Deadline))),
        "{r:?}"
    );
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn native_loops_over_infinite_seqs_stop_at_the_deadline() {
    // reduce and transduce over natives only never enter the VM, which is where steps are
    // counted: they count their elements themselves. Some of these grow the heap for the
    // 50 ms they run, so they do not share the process with the heap budget tests.
    let _serial = HEAP_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    let rt = Runtime::new().unwrap();
    for src in [
        "(reduce + (range))",
        "(transduce (map inc) + (range))",
        "(transduce (comp (filter even?) (map inc)) + 0 (range))",
        // Other natives walking a seq count its elements as they go (`SeqIter`).
        "(count (range))",
        "(count (map inc (range)))",
        "(count (filter even? (iterate inc 0)))",
        "(last (range))",
        "(dorun (repeat 1))",
        "(vec (range))",
        "(into [] (range))",
        "(into #{} (map inc) (range))",
        "(nth (cycle [1 2 3]) Long/MAX_VALUE)",
        "(apply + (range))",
    ] {
        let limits = EvalLimits {
            timeout: Some(Duration::from_millis(50)),
            ..Default::default()
        };
        let start = Instant::now();
        let r = rt.eval_limited(src, "<t>", &limits);
        assert!(
            matches!(r, Err(EvalError::Exhausted(Budget::Deadline))),
            "{src}: {r:?}"
        );
        assert!(start.elapsed() < Duration::from_secs(5), "{src}");
    }
}

#[test]
fn heap_budget_stops_unbounded_growth() {
    let _serial = HEAP_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    let rt = Runtime::new().unwrap();
    let limits = EvalLimits {
        max_heap_bytes: Some(16 << 20),
        ..Default::default()
    };
    let grow = "(loop [acc []] (recur (conj acc (vec (range 64)))))";
    assert!(matches!(
        rt.eval_limited(grow, "<t>", &limits),
        Err(EvalError::Exhausted(Budget::Heap))
    ));
}

#[test]
fn short_lived_maps_keep_the_heap_flat() {
    let _serial = HEAP_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    let rt = Runtime::new().unwrap();
    rt.eval_str("(defn churn [n] (loop [i 0 last nil] (if (< i n) (recur (inc i) (assoc {:a i} :b i :c [i])) last)))", "<t>")
        .unwrap();
    // Warm up, then allow only a small net growth for ten million maps.
    rt.eval_str("(churn 1000)", "<t>").unwrap();
    let limits = EvalLimits {
        max_heap_bytes: Some(8 << 20),
        ..Default::default()
    };
    let v = rt.eval_limited("(churn 10000000)", "<t>", &limits).unwrap();
    assert_eq!(rt.pr_str(&v), "{:a 9999999, :b 9999999, :c [9999999]}");
    assert!(eval::alloc::stats().counting);
}

#[test]
fn interrupt_from_another_thread() {
    let (handle_tx, handle_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let rt = Runtime::new().unwrap();
        handle_tx.send(rt.interrupt_handle()).unwrap();
        let r = rt.eval_str(SPIN, "<t>");
        done_tx
            .send((Instant::now(), matches!(r, Err(EvalError::Interrupted))))
            .unwrap();
    });
    let handle = handle_rx.recv().unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let sent = Instant::now();
    handle.interrupt();
    let (stopped, interrupted) = done_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the loop stopped");
    assert!(interrupted);
    eprintln!(
        "interrupt latency: {:?}",
        stopped.saturating_duration_since(sent)
    );
    worker.join().unwrap();
}

#[test]
fn with_budget_from_dialect_code() {
    let rt = Runtime::new().unwrap();
    let eval = |src: &str| rt.pr_str(&rt.eval_str(src, "<t>").unwrap());
    assert_eq!(
        eval("(cljw.eval/with-budget {:max-steps 1000} (fn [] (+ 1 2)))"),
        "3"
    );
    assert_eq!(
        eval(&format!(
            "(cljw.eval/with-budget {{:max-steps 1000}} (fn [] {SPIN}))"
        )),
        "{:cljw.eval/exhausted :steps}"
    );
    assert_eq!(
        eval(&format!(
            "(cljw.eval/with-budget {{:deadline-ms 20}} (fn [] {SPIN}))"
        )),
        "{:cljw.eval/exhausted :deadline}"
    );
    // An exhausted inner budget leaves the outer evaluation running normally.
    assert_eq!(
        eval(&format!(
            "[(cljw.eval/with-budget {{:max-steps 10}} (fn [] {SPIN})) :after]"
        )),
        "[{:cljw.eval/exhausted :steps} :after]"
    );
}

#[test]
fn with_budget_heap_limit_from_dialect_code() {
    let _serial = HEAP_TESTS.lock().unwrap_or_else(|e| e.into_inner());
    let rt = Runtime::new().unwrap();
    let eval = |src: &str| rt.pr_str(&rt.eval_str(src, "<t>").unwrap());
    assert_eq!(
        eval(
            "(cljw.eval/with-budget {:max-heap-mb 4} (fn [] (loop [v [] i 0] (if (< i 100000000) (recur (conj v i) (inc i)) (count v)))))"
        ),
        "{:cljw.eval/exhausted :heap}"
    );
    assert_eq!(
        eval("(cljw.eval/with-budget {:max-heap-mb 256} (fn [] (count (vec (range 1000)))))"),
        "1000"
    );
}

#[test]
fn the_sandbox_refuses_wasm_and_keeps_output_in() {
    let rt = Runtime::new().unwrap();
    rt.set_sandboxed(true);
    match rt.eval_str("(wasm/load \"fixtures/wasm/add.wat\")", "<t>") {
        Err(EvalError::Exception { message, .. }) => {
            assert!(message.contains("not allowed in the analysis sandbox"))
        }
        other => panic!("{other:?}"),
    }
    // Files (read, write, load-file) and the environment are refused with a clear error;
    // nothing is written. (The runtime has no process or network natives at all.)
    let target = std::env::temp_dir().join(format!("kiln-sandbox-{}", std::process::id()));
    let path = target.to_string_lossy().replace('\\', "/");
    for src in [
        "(slurp \"Cargo.toml\")".to_string(),
        "(load-file \"Cargo.toml\")".to_string(),
        format!("(spit \"{path}\" \"x\")"),
        "(System/getenv \"HOME\")".to_string(),
    ] {
        match rt.eval_str(&src, "<t>") {
            Err(EvalError::Exception { message, .. }) => {
                assert!(
                    message.contains("not allowed in the analysis sandbox"),
                    "{src}: {message}"
                )
            }
            other => panic!("{src}: {other:?}"),
        }
    }
    assert!(!target.exists());
    let out = rt.eval_capture("(println \"inside\") :ok", "<t>");
    assert_eq!(out.out, "inside\n");
}
