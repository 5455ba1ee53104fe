//! Linear memory, `wasm/fn`, `wasm/imports` and `wasm/describe` from dialect code, on the
//! classic array module (`fixtures/wasm/array.wat`) and the add module: strings and bytes,
//! typed access, vectors, the length-prefixed array layout, growth and its cap, bounds
//! errors, and memory access from inside a host function (re-entrant).

mod common;
use common::fixture;

use eval::Runtime;

fn eval(rt: &Runtime, src: &str) -> String {
    match rt.eval_str(src, "<test>") {
        Ok(v) => rt.pr_str(&v),
        Err(e) => format!("error: {e}"),
    }
}

fn array_runtime() -> Runtime {
    let rt = Runtime::new().unwrap();
    let src = format!(
        "(def logged (atom []))
         (def m (wasm/load {:?} {{:imports {{\"env\" {{\"log\" (fn [x] (swap! logged conj x) nil)}}}}}}))
         (def arr (wasm/call m \"arr\"))",
        fixture("array.wat")
    );
    rt.eval_str(&src, "<setup>").unwrap();
    rt
}

#[test]
fn the_length_prefixed_array_layout() {
    let rt = array_runtime();
    assert_eq!(eval(&rt, "(wasm/write-i32-array m arr [5 6 7])"), "16");
    assert_eq!(
        eval(&rt, "[(wasm/call m \"len\") (wasm/call m \"get\" 1)]"),
        "[3 6]"
    );
    assert_eq!(eval(&rt, "(wasm/call m \"sum\")"), "18");
    assert_eq!(eval(&rt, "@logged"), "[18]");
    assert_eq!(eval(&rt, "(wasm/call m \"set\" 0 100)"), "nil");
    assert_eq!(eval(&rt, "(wasm/read-i32-array m arr)"), "[100 6 7]");
    assert_eq!(eval(&rt, "(wasm/read-i32s m (+ arr 4) 2)"), "[100 6]");
    assert_eq!(
        eval(
            &rt,
            "(wasm/write-i32s m (+ arr 4) [-1 2147483647]) (wasm/read-i32-array m arr)"
        ),
        "[-1 2147483647 7]"
    );
}

#[test]
fn strings_bytes_and_typed_access() {
    let rt = array_runtime();
    assert_eq!(eval(&rt, "(wasm/memory-write m 100 \"héllo\")"), "6");
    assert_eq!(eval(&rt, "(wasm/memory-read m 100 6)"), "\"héllo\"");
    assert_eq!(eval(&rt, "(wasm/memory-bytes m 100 3)"), "[104 195 169]");
    assert_eq!(
        eval(
            &rt,
            "(wasm/memory-write m 200 [1 2 255 -1]) (wasm/memory-bytes m 200 4)"
        ),
        "[1 2 255 255]"
    );
    assert_eq!(
        eval(
            &rt,
            "(wasm/write-i64 m 300 9007199254740993) (wasm/read-i64 m 300)"
        ),
        "9007199254740993"
    );
    assert_eq!(
        eval(&rt, "(wasm/write-f64 m 308 1.5) (wasm/read-f64 m 308)"),
        "1.5"
    );
    assert_eq!(
        eval(&rt, "(wasm/write-f32 m 316 0.25) (wasm/read-f32 m 316)"),
        "0.25"
    );
    assert_eq!(
        eval(&rt, "(wasm/write-i32 m 320 -7) (wasm/read-i32 m 320)"),
        "-7"
    );
    assert_eq!(
        eval(
            &rt,
            "(wasm/write-f64s m 400 [1 2.5]) (wasm/read-f64s m 400 2)"
        ),
        "[1.0 2.5]"
    );
    assert!(eval(&rt, "(wasm/write-i32 m 0 4294967296)").contains("does not fit in an i32"));
    assert!(eval(&rt, "(wasm/memory-write m 0 [256])").contains("numbers from -128 to 255"));
}

#[test]
fn size_growth_cap_and_bounds() {
    let rt = Runtime::new().unwrap();
    let src = format!(
        "(def m (wasm/load {:?} {{:imports {{\"env\" {{\"log\" (fn [x] nil)}}}} :max-memory-pages 2}}))",
        fixture("array.wat")
    );
    rt.eval_str(&src, "<setup>").unwrap();
    assert_eq!(eval(&rt, "(wasm/memory-size m)"), "1");
    assert_eq!(eval(&rt, "(wasm/memory-grow m 1)"), "1");
    assert_eq!(eval(&rt, "(wasm/memory-size m)"), "2");
    assert!(eval(&rt, "(wasm/memory-grow m 1)").contains("cannot grow the memory"));
    let e = eval(&rt, "(wasm/memory-read m 131070 4)");
    assert!(
        e.contains("IndexOutOfBoundsException")
            && e.contains("offset 131070, length 4, memory size 131072 bytes"),
        "{e}"
    );
    let e = eval(
        &rt,
        "(try (wasm/read-i32 m -1) (catch Exception e (ex-message e)))",
    );
    assert!(e.contains("non-negative"), "{e}");
}

#[test]
fn memory_from_inside_a_host_function() {
    // `log` runs while `sum` holds the store: its memory read goes through the caller.
    let rt = Runtime::new().unwrap();
    let src = format!(
        "(def seen (atom nil))
         (def m (atom nil))
         (reset! m (wasm/load {:?} {{:imports {{\"env\" {{\"log\" (fn [x] (reset! seen [x (wasm/read-i32-array @m 16)]) nil)}}}}}}))
         (wasm/write-i32-array @m 16 [1 2 3])
         (wasm/call @m \"sum\")
         @seen",
        fixture("array.wat")
    );
    assert_eq!(rt.pr_str(&rt.eval_str(&src, "<t>").unwrap()), "[6 [1 2 3]]");
}

#[test]
fn wasm_fn_imports_and_describe() {
    let rt = Runtime::new().unwrap();
    rt.eval_str(
        &format!("(def m (wasm/load {:?}))", fixture("add.wat")),
        "<setup>",
    )
    .unwrap();
    assert_eq!(eval(&rt, "(let [add (wasm/fn m \"add\")] (add 2 3))"), "5");
    assert_eq!(
        eval(
            &rt,
            "((wasm/fn m \"divmod\" {:params [:i32 :i32] :results [:i32 :i32]}) 17 5)"
        ),
        "[3 2]"
    );
    assert_eq!(
        eval(&rt, "(map (cljw.wasm/fn m \"add\") [1 2] [10 20])"),
        "(11 22)"
    );
    // Every arity of the fn reaches the export's own argument check.
    for (args, n) in [
        ("", 0),
        ("1", 1),
        ("1 2 3", 3),
        ("1 2 3 4", 4),
        ("1 2 3 4 5 6", 6),
    ] {
        let e = eval(&rt, &format!("((wasm/fn m \"add\") {args})"));
        assert!(
            e.contains(&format!("takes 2 arguments ([i32 i32] -> [i32]), got {n}")),
            "{n}: {e}"
        );
    }
    assert_eq!(eval(&rt, "((wasm/fn m \"trap_div\") -1)"), "-1");
    let e = eval(&rt, "((wasm/fn m \"trap_div\") 0)");
    assert!(e.contains("integer divide by zero"), "{e}");
    let e = eval(&rt, "(wasm/fn m \"add\" {:params [:i64 :i64]})");
    assert!(
        e.contains("has params [:i32 :i32], not the declared [:i64 :i64]"),
        "{e}"
    );
    let e = eval(&rt, "(wasm/fn m \"ad\")");
    assert!(
        e.contains("no export \"ad\"; exports: add, add64, divmod, trap_div, spin"),
        "{e}"
    );
    assert_eq!(eval(&rt, "(wasm/imports m)"), "[]");
    assert_eq!(eval(&rt, "(wasm/module? m)"), "true");
    let arr = Runtime::new().unwrap();
    arr.eval_str(
        &format!(
            "(def a (wasm/load {:?} {{:imports {{\"env\" {{\"log\" identity}}}}}}))",
            fixture("array.wat")
        ),
        "<setup>",
    )
    .unwrap();
    assert_eq!(
        eval(&arr, "(wasm/imports a)"),
        "[{:module \"env\", :name \"log\", :kind :func, :params [:i32], :results []}]"
    );
    let d = eval(&arr, "(wasm/describe a)");
    assert!(d.contains("imports:\\n  env.log: (i32) -> ()\\nexports:\\n  memory: memory, 1 pages\\n  len: () -> (i32)"), "{d}");
}
