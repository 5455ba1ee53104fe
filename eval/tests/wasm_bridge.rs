//! The Wasm bridge, driven from dialect code: calls, signatures, traps, fuel, and — the
//! design property the runtime is built around — re-entrancy: dialect → Wasm → host
//! function → dialect → the same Wasm module again, several levels deep.

mod common;
use common::fixture;

use eval::{EvalError, Runtime};

fn eval(rt: &Runtime, src: &str) -> Result<String, EvalError> {
    rt.eval_str(src, "<test>").map(|v| rt.pr_str(&v))
}

#[test]
fn calls_exports_with_numbers() {
    let rt = Runtime::new().unwrap();
    let m = format!("(def m (wasm/load {:?}))", fixture("add.wat"));
    eval(&rt, &m).unwrap();
    assert_eq!(eval(&rt, "(wasm/call m \"add\" 2 3)").unwrap(), "5");
    assert_eq!(eval(&rt, "(wasm/call m \"divmod\" 17 5)").unwrap(), "[3 2]");
    assert_eq!(
        eval(&rt, "(wasm/call m \"add64\" 9007199254740993 1)").unwrap(),
        "9007199254740994"
    );
    assert_eq!(
        eval(&rt, "(wasm/call m \"add\" 2147483647 1)").unwrap(),
        "-2147483648"
    );
    let exports = eval(&rt, "(get (wasm/exports m) \"add\")").unwrap();
    assert_eq!(
        exports,
        "{:kind :func, :params [:i32 :i32], :results [:i32]}"
    );
    // The other spelling of the namespace is the same functions.
    assert_eq!(eval(&rt, "(cljw.wasm/call m \"add\" 1 1)").unwrap(), "2");
}

#[test]
fn the_last_export_cache_never_mixes_exports_up() {
    // `wasm/call` remembers the export it called last by the identity of the name string:
    // alternate names, equal names built at run time, two modules with one name string,
    // and a missing export in between must all still resolve by name.
    let rt = Runtime::new().unwrap();
    let src = format!(
        "(def m (wasm/load {:?})) (def n (wasm/load {:?}))",
        fixture("add.wat"),
        fixture("add.wat")
    );
    eval(&rt, &src).unwrap();
    assert_eq!(
        eval(
            &rt,
            "(mapv (fn [f] (wasm/call m f 17 5)) [\"add\" \"divmod\" \"add\" (str \"div\" \"mod\") (str \"a\" \"dd\")])"
        )
        .unwrap(),
        "[22 [3 2] 22 [3 2] 22]"
    );
    assert_eq!(
        eval(
            &rt,
            "(let [f \"add\"] [(wasm/call m f 1 2) (wasm/call n f 3 4) (wasm/call m f 5 6)])"
        )
        .unwrap(),
        "[3 7 11]"
    );
    assert_eq!(
        eval(
            &rt,
            "(let [f \"add\"] [(wasm/call m f 1 2) (try (wasm/call m \"nope\") (catch Exception e :missing)) (wasm/call m f 1 2) (wasm/call m \"divmod\" 9 2)])"
        )
        .unwrap(),
        "[3 :missing 3 [4 1]]"
    );
}

#[test]
fn errors_name_the_export_and_what_was_wrong() {
    let rt = Runtime::new().unwrap();
    eval(
        &rt,
        &format!("(def m (wasm/load {:?}))", fixture("add.wat")),
    )
    .unwrap();
    let err = |src: &str| match rt.eval_str(src, "<test>") {
        Err(EvalError::Exception { message, .. }) => message,
        other => panic!("{src}: expected an exception, got {other:?}"),
    };
    assert!(err("(wasm/call m \"nope\")").contains("no export \"nope\"; exports: add"));
    assert!(
        err("(wasm/call m \"add\" 1)").contains("takes 2 arguments ([i32 i32] -> [i32]), got 1")
    );
    assert!(err("(wasm/call m \"add\" 1 \"x\")").contains("argument 2 of"));
    assert!(err("(wasm/call m \"trap_div\" 0)").contains("integer divide by zero"));
    // Traps are ordinary exceptions to dialect code.
    assert_eq!(
        eval(
            &rt,
            "(try (wasm/call m \"trap_div\" 0) (catch Exception e :caught))"
        )
        .unwrap(),
        ":caught"
    );
    // Fuel bounds a guest that never returns.
    let spin = format!(
        "(wasm/call (wasm/load {:?} {{:fuel 100000}}) \"spin\")",
        fixture("add.wat")
    );
    assert!(err(&spin).contains("fuel exhausted"));
    // Missing imports are named.
    let missing = format!("(wasm/load {:?})", fixture("reentrant.wat"));
    assert!(err(&missing).contains("env.callback"));
}

#[test]
fn reentrant_calls_through_host_functions() {
    let rt = Runtime::new().unwrap();
    let src = format!(
        r#"
        (def m (atom nil))
        (def depth (atom 0))
        (defn callback [x]
          (swap! depth inc)
          (if (> x 100) x (wasm/call @m "run" (* 2 x))))
        (reset! m (wasm/load {:?} {{:imports {{"env" {{"callback" callback}}}}}}))
        [(wasm/call @m "run" 1) @depth (wasm/call @m "double" 21)]
        "#,
        fixture("reentrant.wat")
    );
    // run(1) → callback(1) → run(2) → … → callback(128) = 128, plus 1 per run level (8).
    assert_eq!(eval(&rt, &src).unwrap(), "[136 8 42]");
}

#[test]
fn a_dialect_exception_crosses_the_guest_unchanged() {
    let rt = Runtime::new().unwrap();
    let src = format!(
        r#"
        (def m (wasm/load {:?} {{:imports {{"env" {{"callback" (fn [x] (throw (ex-info "from host" {{:x x}})))}}}}}}))
        (try (wasm/call m "run" 7)
             (catch clojure.lang.ExceptionInfo e [(ex-message e) (ex-data e)]))
        "#,
        fixture("reentrant.wat")
    );
    assert_eq!(eval(&rt, &src).unwrap(), r#"["from host" {:x 7}]"#);
    // And the module is usable afterwards.
    assert!(eval(&rt, "(wasm/call m \"double\" 4)").unwrap() == "8");
}
