//! One fixture per trap kind (`fixtures/wasm/trap_*.wat`): each module works on good input,
//! and each trap reaches dialect code as a catchable exception naming the kind, the module
//! and export, with the guest backtrace. Budgets: fuel, `:timeout-ms`, and the runtime's
//! interrupt handle stop a guest that never returns.

mod common;
use common::fixture;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use eval::{EvalError, Runtime};

fn eval(rt: &Runtime, src: &str) -> String {
    match rt.eval_str(src, "<test>") {
        Ok(v) => rt.pr_str(&v),
        Err(e) => panic!("{src}: {e:?}"),
    }
}

/// The message of the exception `src` throws, checked to be catchable as `Exception`.
fn trap(rt: &Runtime, src: &str) -> String {
    let caught = eval(
        rt,
        &format!("(try {src} :no-exception (catch Exception e (ex-message e)))"),
    );
    assert_ne!(caught, ":no-exception", "{src} should trap");
    caught
}

fn load(rt: &Runtime, var: &str, file: &str, opts: &str) {
    eval(
        rt,
        &format!("(def {var} (wasm/load {:?} {opts}))", fixture(file)),
    );
}

#[test]
fn unreachable_names_the_export_and_the_guest_frames() {
    let rt = Runtime::new().unwrap();
    load(&rt, "m", "trap_unreachable.wat", "{}");
    assert_eq!(eval(&rt, "(wasm/call m \"run\" 21)"), "42");
    let msg = trap(&rt, "(wasm/call m \"run\" -1)");
    assert!(
        msg.contains("trap_unreachable.wat.run: unreachable"),
        "{msg}"
    );
    // The backtrace lists the guest's frames innermost first, by their names.
    let check = msg.find("0: check").expect("frame 0 is $check");
    let outer = msg.find("1: ").expect("a second frame");
    assert!(msg.contains("guest backtrace:") && check < outer, "{msg}");
}

#[test]
fn out_of_bounds_memory() {
    let rt = Runtime::new().unwrap();
    load(&rt, "m", "trap_memory.wat", "{}");
    assert_eq!(eval(&rt, "(wasm/call m \"load\" 0)"), "42");
    assert_eq!(eval(&rt, "(wasm/call m \"load\" 65532)"), "0");
    let msg = trap(&rt, "(wasm/call m \"load\" 65533)");
    assert!(msg.contains("load: out-of-bounds memory access"), "{msg}");
    assert!(msg.contains("0: load"), "{msg}");
}

#[test]
fn division_and_conversion_traps() {
    let rt = Runtime::new().unwrap();
    load(&rt, "m", "trap_divide.wat", "{}");
    assert_eq!(eval(&rt, "(wasm/call m \"div\" -7 2)"), "-3");
    assert_eq!(eval(&rt, "(wasm/call m \"trunc\" 2.9)"), "2");
    let msg = trap(&rt, "(wasm/call m \"div\" 1 0)");
    assert!(msg.contains("div: integer divide by zero"), "{msg}");
    let msg = trap(&rt, "(wasm/call m \"div\" -2147483648 -1)");
    assert!(msg.contains("div: integer overflow"), "{msg}");
    let msg = trap(&rt, "(wasm/call m \"trunc\" ##NaN)");
    assert!(
        msg.contains("trunc: invalid conversion to integer"),
        "{msg}"
    );
    // Out of i32's range is an overflow, as the spec words it.
    let msg = trap(&rt, "(wasm/call m \"trunc\" 1e10)");
    assert!(msg.contains("trunc: integer overflow"), "{msg}");
}

#[test]
fn guest_stack_overflow() {
    let rt = Runtime::new().unwrap();
    load(&rt, "m", "trap_stack.wat", "{}");
    assert_eq!(eval(&rt, "(wasm/call m \"depth\" 1000)"), "1000");
    let msg = trap(&rt, "(wasm/call m \"forever\" 0)");
    assert!(msg.contains("forever: stack overflow"), "{msg}");
    // The module is still usable after the overflow.
    assert_eq!(eval(&rt, "(wasm/call m \"depth\" 10)"), "10");
}

#[test]
fn fuel_and_timeout_end_a_guest_that_never_returns() {
    let rt = Runtime::new().unwrap();
    load(&rt, "f", "trap_spin.wat", "{:fuel 100000}");
    assert_eq!(eval(&rt, "(wasm/call f \"count\" 1000)"), "1000");
    let msg = trap(&rt, "(wasm/call f \"spin\")");
    assert!(msg.contains("spin: fuel exhausted"), "{msg}");
    // Fuel is per call: the next call has the full amount again.
    assert_eq!(eval(&rt, "(wasm/call f \"count\" 1000)"), "1000");

    load(&rt, "t", "trap_spin.wat", "{:fuel 0 :timeout-ms 50}");
    let start = Instant::now();
    let msg = trap(&rt, "(wasm/call t \"spin\")");
    assert!(msg.contains("spin: timeout after 50 ms"), "{msg}");
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(eval(&rt, "(wasm/call t \"count\" 5)"), "5");
}

#[test]
fn interrupting_the_runtime_stops_a_running_guest() {
    let (handle_tx, handle_rx) = mpsc::channel();
    let (done_tx, done_rx) = mpsc::channel();
    let path = fixture("trap_spin.wat");
    let worker = std::thread::spawn(move || {
        let rt = Runtime::new().unwrap();
        handle_tx.send(rt.interrupt_handle()).unwrap();
        let r = rt.eval_str(
            &format!("(wasm/call (wasm/load {path:?} {{:fuel 0}}) \"spin\")"),
            "<t>",
        );
        let interrupted = matches!(r, Err(EvalError::Interrupted));
        // The runtime works afterwards, and the flag does not linger.
        let after = rt.eval_str("(+ 1 2)", "<t>").map(|v| rt.pr_str(&v));
        done_tx.send((interrupted, after.ok())).unwrap();
    });
    let handle = handle_rx.recv().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    handle.interrupt();
    let (interrupted, after) = done_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the guest stopped");
    assert!(interrupted);
    assert_eq!(after.as_deref(), Some("3"));
    worker.join().unwrap();
}

#[test]
fn wasm_run_caps_wall_time() {
    let rt = Runtime::new().unwrap();
    // A command that never exits: the :timeout-ms cap ends it with an exception.
    let src = format!(
        "(wasm/run {:?} {{:fuel 0 :timeout-ms 40}})",
        fixture("wasi_spin.wat")
    );
    let msg = trap(&rt, &src);
    assert!(msg.contains("_start: timeout after 40 ms"), "{msg}");
}
