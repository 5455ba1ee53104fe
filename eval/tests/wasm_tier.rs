//! The Wasm tier (`eval::wasm::tier`) against the interpreter: every program here runs once
//! with the tier off and once with it eager (fns translated on their first call), and
//! must print the same — values, and the exceptions' classes and messages. Each case also
//! states whether the tier must have run its fns, so a translation that silently falls back
//! to bytecode fails the test as much as a wrong result does.

mod common;
use common::fixture;

use std::sync::mpsc;
use std::time::Duration;

use eval::wasm::tier::{self, Mode};
use eval::{EvalError, Runtime};

/// Runs `src` (with `$add`, `$traps`, `$spin`, `$math` standing for fixture paths) in a
/// fresh runtime in `mode`: what it printed (each top-level form's value or exception,
/// one per line), and how many calls ran as Wasm.
fn run(mode: Mode, src: &str) -> (String, u64) {
    tier::set_mode(mode);
    let src = src
        .replace("$add", &format!("{:?}", fixture("add.wat")))
        .replace("$traps", &format!("{:?}", fixture("trap_unreachable.wat")))
        .replace("$spin", &format!("{:?}", fixture("trap_spin.wat")))
        .replace("$math", &format!("{:?}", fixture("math.wat")))
        .replace("$array", &format!("{:?}", fixture("array.wat")));
    let rt = Runtime::new().unwrap();
    let before = tier::runs();
    let wrapped = format!(
        "(do (def out (atom [])) \
          (defmacro show [form] \
            `(swap! out conj (try (pr-str ~form) \
                                  (catch Exception e# (str (type e#) \": \" (ex-message e#)))))) \
          {src} \
          (apply str (interpose \"\\n\" @out)))"
    );
    let out = match rt.eval_str(&wrapped, "<tier>") {
        Ok(eval::Value::Str(s)) => s.to_string(),
        Ok(v) => rt.pr_str(&v),
        Err(e) => format!("error: {e:?}"),
    };
    let runs = tier::runs() - before;
    tier::set_mode(Mode::Lazy);
    (out, runs)
}

/// `src` prints the same in both modes, and the tier ran (or not, per `tiered`).
fn check(src: &str, tiered: bool) -> String {
    let (plain, plain_runs) = run(Mode::Off, src);
    let (fast, fast_runs) = run(Mode::Eager, src);
    assert_eq!(plain_runs, 0, "the tier ran while off");
    assert_eq!(plain, fast, "interpreter and Wasm tier disagree on:\n{src}");
    assert_eq!(
        fast_runs > 0,
        tiered,
        "tier runs {fast_runs} (expected {}) for:\n{src}",
        if tiered { "some" } else { "none" }
    );
    fast
}

#[test]
fn loops_around_calls_give_the_interpreters_values() {
    let out = check(
        r#"(def m (wasm/load $add))
           (defn calls [n] (loop [i 0] (when (< i n) (wasm/call m "add" i i) (recur (inc i)))))
           (defn sum [n] (loop [i 0 acc 0] (if (< i n) (recur (inc i) (+ acc (wasm/call m "add" i 1))) acc)))
           (defn sum64 [n] (loop [i 0 acc 0] (if (<= i n) (recur (+ i 1) (- acc (wasm/call m "add64" i (* i 3)))) acc)))
           (defn parity [n] (let [x (wasm/call m "add" n 1)] (and (pos? x) (even? x))))
           (defn fl [n] (if (zero? (wasm/call m "add" n 0)) false (not (neg? n))))
           (defn sign [n] (let [x (wasm/call m "add" n 0)] (cond (neg? x) -1 (zero? x) 0 :else 1)))
           (show (calls 10)) (show (sum 1000)) (show (sum64 100)) (show (sum 0))
           (show [(parity 1) (parity 2) (parity -5)])
           (show [(fl 0) (fl 3) (fl -3)])
           (show (mapv sign [-7 0 7]))
           (show (wasm/call m "add" -1 1))
           (show (sum 3.5))"#,
        true,
    );
    assert_eq!(
        out,
        "nil\n500500\n-20200\n0\n[true false false]\n[false true false]\n[-1 0 1]\n0\n10"
    );
}

#[test]
fn errors_are_the_interpreters_exceptions() {
    let out = check(
        r#"(def m (wasm/load $add))
           (defn big [n] (loop [i 0 acc 0] (if (< i n) (recur (inc i) (+ acc (wasm/call m "add" (+ i 4294967290) 1))) acc)))
           (defn low [n] (wasm/call m "add" 1 n))
           (defn ov+ [n] (+ n (wasm/call m "add" 1 1)))
           (defn ov- [n] (- n (wasm/call m "add" 1 1)))
           (defn ov* [n] (* n (wasm/call m "add" 1 1)))
           (defn ovinc [n] (wasm/call m "add" 1 1) (inc n))
           (defn ovdec [n] (wasm/call m "add" 1 1) (dec n))
           (defn div0 [n] (wasm/call m "trap_div" n))
           (show (big 10)) (show (low -2147483649)) (show (low 4294967295))
           (show (ov+ 9223372036854775807)) (show (ov- -9223372036854775807))
           (show (ov* 4611686018427387904)) (show (ov* -4611686018427387904))
           (show (ovinc 9223372036854775807)) (show (ovdec -9223372036854775808))
           (show (div0 0)) (show (div0 2))"#,
        true,
    );
    assert!(out.contains("argument 1 of"), "{out}");
    assert!(out.contains("long overflow"), "{out}");
    assert!(out.contains("integer divide by zero"), "{out}");
}

#[test]
fn guest_traps_keep_the_export_and_the_guests_backtrace() {
    let out = check(
        r#"(def t (wasm/load $traps))
           (defn each [n] (loop [i n] (when (>= i -1) (wasm/call t "run" i) (recur (dec i)))))
           (show (each 3))"#,
        true,
    );
    assert!(out.contains("unreachable"), "{out}");
    assert!(out.contains("guest backtrace"), "{out}");
    assert!(
        !out.contains("  2:"),
        "the tier's own frame is left out: {out}"
    );
}

#[test]
fn fuel_and_timeouts_stop_guests_per_call() {
    let out = check(
        r#"(def s (wasm/load $spin {:fuel 100000}))
           (defn counts [n] (loop [i 0 acc 0] (if (< i n) (recur (inc i) (+ acc (wasm/call s "count" 1000))) acc)))
           (defn spins [n] (loop [i 0] (when (< i n) (wasm/call s "count" 10) (wasm/call s "spin") (recur (inc i)))))
           (def u (wasm/load $spin {:fuel 0 :timeout-ms 100}))
           (defn spin-after [n] (loop [i 0] (when (< i n) (wasm/call u "count" 10) (recur (inc i)))) (wasm/call u "spin"))
           (show (counts 1000)) (show (spins 3)) (show (spin-after 100000))"#,
        true,
    );
    // Each call gets the module's fuel: 1000 calls of 1000 iterations each is far more
    // than 100000 in all, but every one of them fits.
    assert!(out.starts_with("1000000\n"), "{out}");
    assert!(out.contains("fuel exhausted"), "{out}");
    assert!(out.contains("timeout after 100 ms"), "{out}");
}

#[test]
fn redefined_vars_and_other_shapes_fall_back_or_retranslate() {
    let out = check(
        r#"(def m (wasm/load $add))
           (defn sq [n] (wasm/call m "square" n))
           (defn twice [n] (wasm/call m "add" n n))
           (show (twice 21))
           (def m (wasm/load $math))
           (show (sq 7)) (show (twice 1))
           (def m (wasm/load $add))
           (show (twice 4))
           (defn dm [n] (wasm/call m "divmod" n 3))
           (show (dm 10))
           (def limit 100)
           (def on true)
           (defn upto [] (loop [i 0 acc 0] (if (and on (< i limit)) (recur (inc i) (+ acc (wasm/call m "add" i 0))) acc)))
           (show (upto))
           (def limit 10)
           (show (upto))
           (def on false)
           (show (upto))
           (def limit :many)
           (show (upto))
           (def m 42)
           (show (twice 1))"#,
        true,
    );
    assert_eq!(
        out,
        "42\n49\njava.lang.IllegalArgumentException: wasm: fixtures/wasm/math.wat has no export \"add\"; exports: square\n8\n[3 1]\n4950\n45\n0\n0\njava.lang.ClassCastException: expected a wasm module, got java.lang.Long"
            .replace("fixtures/wasm/math.wat", &fixture("math.wat")),
    );
}

#[test]
fn fns_made_by_wasm_fn_are_called_wasm_to_wasm() {
    let out = check(
        r#"(def m (wasm/load $add))
           (def add (wasm/fn m "add"))
           (def add64 (cljw.wasm/fn m "add64" {:params [:i64 :i64] :results [:i64]}))
           (defn sum [n] (loop [i 0 acc 0] (if (< i n) (recur (inc i) (+ acc (add i 1))) acc)))
           (defn both [n] (+ (add n 1) (add64 n 2) (wasm/call m "add" n 3)))
           (defn low [n] (add 1 n))
           (show (sum 1000)) (show (both 5)) (show (low -2147483649))
           (def add (wasm/fn (wasm/load $add) "add64"))
           (show (sum 10))
           (def add (fn [a b] (* a b)))
           (show (sum 4))
           (def other (let [m m n "add"] (fn [a b] (+ a b (count n)))))
           (defn via-other [n] (other n 1))
           (show (via-other 2))"#,
        true,
    );
    assert_eq!(
        out,
        format!(
            "500500\n21\n{}\n55\n6\n6",
            "java.lang.IllegalArgumentException: wasm: argument 2 of $add.add must be i32, got java.lang.Long"
                .replace("$add", &fixture("add.wat"))
        )
    );
}

#[test]
fn modules_with_imports_and_budgets_stay_in_the_interpreter() {
    check(
        r#"(def a (wasm/load $array {:imports {"env" {"log" (fn [x] nil)}}}))
           (defn len [n] (wasm/call a "get" n))
           (show (try (len 0) (catch Exception e :threw)))"#,
        false,
    );
    check(
        r#"(def m (wasm/load $add))
           (defn sum [n] (loop [i 0 acc 0] (if (< i n) (recur (inc i) (+ acc (wasm/call m "add" i 1))) acc)))
           (show (cljw.eval/with-budget {:max-steps 100} #(sum 1000)))
           (show (cljw.eval/with-budget {:max-steps 100000} #(sum 10)))"#,
        false,
    );
}

#[test]
fn interrupting_the_runtime_stops_a_tiered_loop() {
    let (handle_tx, handle_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel();
    let path = fixture("trap_spin.wat");
    let worker = std::thread::spawn(move || {
        tier::set_mode(Mode::Eager);
        let rt = Runtime::new().unwrap();
        handle_tx.send(rt.interrupt_handle()).unwrap();
        let r = rt.eval_str(
            &format!(
                "(def s (wasm/load {path:?} {{:fuel 0}}))
                 (defn forever [] (loop [] (wasm/call s \"count\" 10) (recur)))
                 (forever)"
            ),
            "<t>",
        );
        let interrupted = matches!(r, Err(EvalError::Interrupted));
        let after = rt.eval_str("(+ 1 2)", "<t>").map(|v| rt.pr_str(&v));
        done_tx
            .send((interrupted, after.ok(), tier::runs()))
            .unwrap();
    });
    let handle = handle_rx.recv().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    handle.interrupt();
    let (interrupted, after, runs) = done_rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the loop stopped");
    worker.join().unwrap();
    assert!(interrupted);
    assert_eq!(after.as_deref(), Some("3"));
    assert!(runs > 0, "the loop ran as Wasm");
}
