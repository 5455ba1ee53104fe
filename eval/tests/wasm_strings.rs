//! Strings through linear memory: `wasm/call-string` (the ptr/len protocol, with the reply
//! read from getResultPtr/getResultLen or from a returned pair) and the host string handler
//! (`:string-handler`: guest → Clojure → guest), in both the `wasm` and `cljw.wasm` spellings.

mod common;
use common::fixture;

use eval::Runtime;

fn eval(rt: &Runtime, src: &str) -> String {
    match rt.eval_str(src, "<test>") {
        Ok(v) => rt.pr_str(&v),
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn call_string_with_result_getters_and_pairs() {
    let rt = Runtime::new().unwrap();
    rt.eval_str(
        &format!("(def m (wasm/load {:?}))", fixture("hello.wat")),
        "<setup>",
    )
    .unwrap();
    assert_eq!(
        eval(&rt, "(wasm/call-string m \"hello\" \"Bob\")"),
        "\"Hello, Bob!\""
    );
    assert_eq!(
        eval(&rt, "(wasm/call-string m \"hello_pair\" \"Zoë\")"),
        "\"Hello, Zoë!\""
    );
    assert_eq!(
        eval(&rt, "(wasm/call-string m \"hello\" \"\")"),
        "\"Hello, !\""
    );
    // The v0 spelling, through require.
    assert_eq!(
        eval(
            &rt,
            "(require '[cljw.wasm :as w]) (w/call-string m \"hello\" \"again\")"
        ),
        "\"Hello, again!\""
    );
    // Result getters named in the options.
    assert_eq!(
        eval(
            &rt,
            "(wasm/call-string m \"hello\" \"opts\" {:result-ptr \"getResultPtr\" :result-len \"getResultLen\"})"
        ),
        "\"Hello, opts!\""
    );
    let e = eval(
        &rt,
        "(wasm/call-string m \"hello\" \"x\" {:result-ptr \"nope\"})",
    );
    assert!(e.contains("no export \"nope\""), "{e}");
}

#[test]
fn a_guest_without_an_allocator_needs_a_scratch_offset() {
    let rt = Runtime::new().unwrap();
    rt.eval_str(
        &format!("(def m (wasm/load {:?}))", fixture("add.wat")),
        "<setup>",
    )
    .unwrap();
    let e = eval(&rt, "(wasm/call-string m \"add\" \"x\")");
    assert!(
        e.contains("exports no allocator (alloc, malloc or cabi_realloc); pass :scratch-offset"),
        "{e}"
    );
}

#[test]
fn host_string_handler_round_trip() {
    let rt = Runtime::new().unwrap();
    let src = format!(
        "(require '[clojure.string :as str])
         (def calls (atom []))
         (def g (wasm/load {:?} {{:string-handler (fn [s] (swap! calls conj s) (str \"HOST:\" (str/upper-case s)))}}))",
        fixture("string_handler.wat")
    );
    rt.eval_str(&src, "<setup>").unwrap();
    assert_eq!(
        eval(&rt, "(wasm/call-string g \"ask\" \"hi there\")"),
        "\"guest got: HOST:HI THERE\""
    );
    assert_eq!(
        eval(&rt, "(wasm/call-string g \"ask\" \"é\")"),
        "\"guest got: HOST:É\""
    );
    assert_eq!(eval(&rt, "@calls"), "[\"hi there\" \"é\"]");
    // A dialect exception in the handler crosses the guest unchanged.
    let rt2 = Runtime::new().unwrap();
    rt2.eval_str(
        &format!("(def g (wasm/load {:?} {{:string-handler (fn [s] (throw (ex-info \"refused\" {{:s s}})))}}))", fixture("string_handler.wat")),
        "<setup>",
    )
    .unwrap();
    assert_eq!(
        eval(
            &rt2,
            "(try (wasm/call-string g \"ask\" \"x\") (catch clojure.lang.ExceptionInfo e [(ex-message e) (ex-data e)]))"
        ),
        "[\"refused\" {:s \"x\"}]"
    );
}

#[test]
fn modules_link_through_imports() {
    let rt = Runtime::new().unwrap();
    let src = format!(
        "(def math (wasm/load {:?}))
         (def l (wasm/load {:?} {{:imports {{\"math\" math}}}}))",
        fixture("math.wat"),
        fixture("linked.wat")
    );
    rt.eval_str(&src, "<setup>").unwrap();
    assert_eq!(eval(&rt, "(wasm/call l \"sum_of_squares\" 3 4)"), "25");
    let e = eval(&rt, &format!("(wasm/load {:?})", fixture("linked.wat")));
    assert!(
        e.contains("needs imports that were not given: math.square"),
        "{e}"
    );
}
