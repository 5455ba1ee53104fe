//! Compiler unit tests: the peephole fusion of inlined core ops, checked on the bytecode it
//! emits and on the values programs compute (including every slow path the fused
//! instructions fall back to).

use crate::runtime::Runtime;
use crate::runtime::load::ReaderEnv;

/// The disassembly of the first top-level form of `src`.
fn disassemble(src: &str) -> String {
    let rt = Runtime::new().expect("runtime");
    let interp = rt.interp();
    let forms = crate::reader::read_all(src, &ReaderEnv(interp)).expect("read");
    let chunk = super::compile_toplevel(interp, &forms[0], "test.clj").expect("compile");
    chunk.disassemble()
}

fn eval(src: &str) -> String {
    let rt = Runtime::new().expect("runtime");
    match rt.eval_str(src, "test.clj") {
        Ok(v) => rt.pr_str(&v),
        Err(e) => format!("error: {e}"),
    }
}

#[test]
fn loop_compiles_to_fused_instructions() {
    let code = disassemble("(loop [i 0 acc 0] (if (< i 10) (recur (inc i) (+ acc i)) acc))");
    assert!(
        code.contains("BranchUnless { cmp: Lt, a: Local(0), b: Const("),
        "{code}"
    );
    assert!(code.contains("Binary(Add, Local(0), Const("), "{code}");
    assert!(code.contains("Binary(Add, Local(1), Local(0))"), "{code}");
    assert!(!code.contains("JumpIfFalse"), "{code}");
}

#[test]
fn no_fusion_across_a_jump_target() {
    // The `then` branch jumps to the instruction that loads `x`: `Const 2, Local x, Lt` must
    // not become one instruction.
    let code = disassemble("(let [c true x 5] (< (if c 1 2) x))");
    assert!(code.contains("Lt"), "{code}");
    assert!(!code.contains("Binary(Lt"), "{code}");
    assert_eq!(eval("(let [c true x 5] (< (if c 1 2) x))"), "true");
    assert_eq!(eval("(let [c false x 2] (< (if c 1 2) x))"), "false");
    assert_eq!(eval("(let [c true] (inc (if c 1 2)))"), "2");
}

#[test]
fn fused_instructions_keep_clojure_semantics() {
    let cases = [
        ("(let [a 1 b 2.5] (+ a b))", "3.5"),
        ("(let [a 1/3] (< a 1))", "true"),
        ("(let [a 1.0] (== a 1))", "true"),
        ("(let [a 1.0] (= a 1))", "false"),
        ("(let [a \"x\"] (= a \"x\"))", "true"),
        ("(let [a [1 2]] (if (= a [1 2]) :yes :no))", ":yes"),
        ("(let [a ##NaN] (if (< a 1) :lt :not))", ":not"),
        (
            "(let [a 9223372036854775807] (inc a))",
            "error: java.lang.ArithmeticException: long overflow",
        ),
        (
            "(let [a -9223372036854775808] (dec a))",
            "error: java.lang.ArithmeticException: long overflow",
        ),
        (
            "(let [a 9223372036854775807] (+ a 1))",
            "error: java.lang.ArithmeticException: long overflow",
        ),
        (
            "(let [a 4611686018427387904] (* a 2))",
            "error: java.lang.ArithmeticException: long overflow",
        ),
        ("(let [a 4N] (* a 2))", "8N"),
        ("(loop [i 0] (if (>= i 3) i (recur (inc i))))", "3"),
        (
            "(loop [i 10 n 0] (if (> i 0) (recur (dec i) (inc n)) n))",
            "10",
        ),
        ("(let [a 2] (if (<= a 2) (- a 5) 0))", "-3"),
    ];
    for (src, want) in cases {
        let got = eval(src);
        assert!(got.starts_with(want), "{src}: got {got}, want {want}");
    }
    assert!(eval("(let [a nil] (< a 1))").starts_with("error:"));
    assert!(eval("(let [a :k] (+ a 1))").starts_with("error:"));
}

#[test]
fn keyword_lookups_on_locals_and_vars_are_fused_and_keep_every_slow_path() {
    let code = disassemble("(fn [m] (:a m))");
    assert!(code.contains("KwGetLocal(0, "), "{code}");
    let code = disassemble("(do (def m {:a 1}) (:a m))");
    assert!(code.contains("KwGetVar("), "{code}");
    // `(get x :k)` is the same lookup.
    let code = disassemble("(fn [m] (get m :a))");
    assert!(code.contains("KwGetLocal(0, "), "{code}");
    assert_eq!(
        eval(
            "(defrecord R [a]) (def s (sorted-map :a 4))
             (let [t (transient {:a 5})]
               [(get {:a 1} :a) (get {:b 1} :a) (get nil :a) (get [1] :a) (get \"s\" :a)
                (get (->R 3) :a) (get s :a) (get t :a) (get #{:a} :a) (get {:a nil} :a)])"
        ),
        "[1 nil nil nil nil 3 4 5 :a nil]"
    );
    // Plain maps (array and hash), records, sorted maps, nil, non-maps, a dynamic var bound
    // to a map, and a var redefined between calls.
    assert_eq!(
        eval(
            "(def m {:a 1}) (def h (into {} (map (fn [i] [(keyword (str \"k\" i)) i]) (range 20))))
             (defrecord R [a]) (def r (->R 3)) (def s (sorted-map :a 4)) (def n nil) (def v [1])
             (def ^:dynamic *d* {:a 0})
             (defn f [] [(:a m) (:k7 h) (:a r) (:a s) (:a n) (:a v) (:a *d*) (:zz m)])
             [(f) (binding [*d* {:a 5}] (f)) (do (def m {:a 6}) (f))
              ((fn [x] [(:a x) (:b x)]) {:a 1 :b 2})]"
        ),
        "[[1 7 3 4 nil nil 0 nil] [1 7 3 4 nil nil 5 nil] [6 7 3 4 nil nil 0 nil] [1 2]]"
    );
}

#[test]
fn forward_takes_over_the_frame_in_tail_position_and_calls_elsewhere() {
    let code = disassemble("(fn [a b] (-forward (if a + -)))");
    assert!(code.contains("Forward"), "{code}");
    // Not in tail position, or in a variadic fn: a plain call with the parameters.
    let code = disassemble("(fn [a b] (inc (-forward +)))");
    assert!(!code.contains("Forward"), "{code}");
    let code = disassemble("(fn [a & more] (-forward vector))");
    assert!(!code.contains("Forward"), "{code}");
    let cases = [
        // A closure (fixed and variadic), a native, a keyword, a map, a vector.
        ("((fn [a b] (-forward (fn [x y] (- x y)))) 10 3)", "7"),
        ("((fn [a b] (-forward (fn [& xs] xs))) 1 2)", "(1 2)"),
        ("((fn [a b] (-forward (fn [x & r] [x r]))) 1 2)", "[1 (2)]"),
        ("((fn [a b] (-forward +)) 1 2)", "3"),
        ("((fn [m] (-forward :k)) {:k 5})", "5"),
        ("((fn [k] (-forward {:a 1})) :a)", "1"),
        ("((fn [i] (-forward [7 8])) 1)", "8"),
        ("((fn [a b] (inc (-forward +))) 1 2)", "4"),
        ("((fn [a & more] (-forward vector)) 1 2 3)", "[1 (2 3)]"),
        // Locals above the parameters are dropped; the parameters are the current ones.
        (
            "((fn [a b] (let [c 100] (-forward (fn [x y] [x y])))) 1 2)",
            "[1 2]",
        ),
        // The forwarded-to fn's exceptions reach the caller's handler.
        (
            "(defn g [x] (-forward (fn [y] (throw (ex-info \"boom\" {:y y})))))
             [(try (g 1) (catch Exception e (ex-data e))) (try (g 2) (catch Exception e (:y (ex-data e))))]",
            "[{:y 1} 2]",
        ),
        // A target that cannot take these arguments fails as a call would.
        (
            "((fn [a b] (-forward (fn [x] x))) 1 2)",
            "error: clojure.lang.ArityException: Wrong number of args (2) passed to",
        ),
        (
            "((fn [a] (-forward 42)) 1)",
            "error: java.lang.ClassCastException",
        ),
        // Deep forwarding chains run in one frame each, not one per hop.
        (
            "(defn hop [n] (if (zero? n) :done (-forward (fn [m] (hop (dec m)))))) (hop 5)",
            ":done",
        ),
    ];
    for (src, want) in cases {
        let got = eval(src);
        assert!(got.starts_with(want), "{src}: got {got}, want {want}");
    }
    assert!(eval("(-forward +)").starts_with("error:"));
}

#[test]
fn calls_of_global_fns_read_the_var_in_the_call_when_arguments_are_pure() {
    let code = disassemble("(fn [n] (str (- n 1) :k \"s\" clojure.core/*ns*))");
    assert!(code.contains("CallVar("), "{code}");
    assert!(!code.contains(" Call("), "{code}");
    // An argument that may run dialect code keeps Clojure's order: the var first.
    let code = disassemble("(fn [n] (str (identity n)))");
    assert!(code.contains("Call(1)"), "{code}");
    // Constants of any kind and one-instruction arithmetic count as side-effect free; `=`
    // (which walks collections) and core fns that are not inlined do not.
    let code = disassemble("(fn [n] (str #\"re\" (* n 2 3) (inc n) (zero? n)))");
    assert!(
        code.contains("CallVar(") && !code.contains(" Call("),
        "{code}"
    );
    let code = disassemble("(fn [a b] (str (= a b)))");
    assert!(code.contains("Call(1)"), "{code}");
    let cases = [
        // Redefining the var while evaluating the arguments: the old fn is called.
        (
            "(defn f [x] [:old x]) (f (do (defn f [x] [:new x]) 1))",
            "[:old 1]",
        ),
        // Natives, closures, keywords and maps in vars; dynamic vars; unbound vars.
        (
            "(def k :a) (def m {1 :one}) [(k {:a 1}) (m 1) (count [1 2]) (inc 1)]",
            "[1 :one 2 2]",
        ),
        (
            "(def ^:dynamic *h* inc) [(*h* 1) (binding [*h* dec] (*h* 1))]",
            "[2 0]",
        ),
        (
            "(declare g) (g 1)",
            "error: java.lang.IllegalStateException: Attempting to call unbound fn: #'user/g",
        ),
        ("(defn h [a b] (- a b)) (h 10 3)", "7"),
        ("(defn v [& xs] xs) (v 1 2 3)", "(1 2 3)"),
        (
            "(defn one [x] x) (one 1 2)",
            "error: clojure.lang.ArityException: Wrong number of args (2) passed to",
        ),
    ];
    for (src, want) in cases {
        let got = eval(src);
        assert!(got.starts_with(want), "{src}: got {got}, want {want}");
    }
}

#[test]
fn protocol_methods_dispatch_in_one_instruction_and_keep_their_semantics() {
    let code = disassemble(
        "(let [ctx [nil (atom {}) :m (volatile! nil)]] (fn [x y] (-forward (-proto-target ctx x))))",
    );
    assert!(code.contains("ProtoForward(0)"), "{code}");
    // Dispatching on a parameter other than the first, or from a local: the general path.
    let code = disassemble(
        "(let [ctx [nil (atom {}) :m (volatile! nil)]] (fn [x y] (-forward (-proto-target ctx y))))",
    );
    assert!(!code.contains("ProtoForward"), "{code}");
    let code = disassemble(
        "(fn [x] (let [ctx [nil (atom {}) :m (volatile! nil)]] (-forward (-proto-target ctx x))))",
    );
    assert!(!code.contains("ProtoForward"), "{code}");
    let cases = [
        // Records, built-in classes, nil, Object, reify; several classes through one call
        // site (the inline cache), over and over.
        (
            "(defprotocol P (f [x] [x y])) (defrecord A [a] P (f [_] [:a a]) (f [_ y] [:a a y]))
             (defrecord B [b] P (f [_] [:b b]) (f [_ y] [:b y]))
             (extend-protocol P nil (f ([_] :nil) ([_ y] [:nil y])) Long (f ([x] [:long x]) ([x y] y))
               Object (f ([_] :obj) ([_ y] :obj)))
             (def r (reify P (f [_] :reified) (f [_ y] [:reified y])))
             (vec (for [i (range 3) x [(->A 1) (->B 2) nil 5 \"s\" r]] [(f x) (f x i)]))",
            "[[[:a 1] [:a 1 0]] [[:b 2] [:b 0]] [:nil [:nil 0]] [[:long 5] 0] [:obj :obj] [:reified [:reified 0]]",
        ),
        // Extending after the cache was filled is seen by the next call.
        (
            "(defprotocol Q (g [x])) (extend-protocol Q Object (g [_] :old))
             (def before (g 1)) (extend-protocol Q Long (g [_] :new)) [before (g 1) (g :k)]",
            "[:old :new :old]",
        ),
        // No implementation: Clojure's message.
        (
            "(defprotocol R1 (h [x])) (h 1)",
            "error: java.lang.IllegalArgumentException: No implementation of method: :h of protocol: #'user/R1 found for class: java.lang.Long",
        ),
        // An impl that throws, caught around the protocol call.
        (
            "(defprotocol S (k [x])) (extend-protocol S Long (k [x] (throw (ex-info \"no\" {:x x}))))
             (try (k 3) (catch Exception e (ex-data e)))",
            "{:x 3}",
        ),
    ];
    for (src, want) in cases {
        let got = eval(src);
        assert!(got.starts_with(want), "{src}: got {got}, want {want}");
    }
}

#[test]
fn keyword_lookups_bound_by_let_are_stored_in_place() {
    let code = disassemble("(fn [m] (let [a (:a m) b (get m :b)] [a b]))");
    assert!(code.contains("KwGetLocalTo(0, "), "{code}");
    assert!(!code.contains("SetLocal"), "{code}");
    assert_eq!(
        eval(
            "(defrecord R [a b]) (defn f [m] (let [a (:a m) b (get m :b)] [a b]))
             [(f {:a 1 :b 2}) (f (->R 3 4)) (f nil) (f (sorted-map :b 5)) (f [1]) (f {:a nil})
              (let [m {:a 1}] (let [m (:a m)] m))]"
        ),
        "[[1 2] [3 4] [nil nil] [nil 5] [nil nil] [nil nil] 1]"
    );
}

#[test]
fn wrappers_that_only_forward_are_called_through_to_their_target() {
    let cases = [
        // `completing`: the step arity reaches f, the completion arity cf.
        (
            "(transduce (map inc) (completing (fn [a x] (+ a x)) str) 0 (range 3))",
            "\"6\"",
        ),
        (
            "(reduce (completing (fn [a x] (conj a x))) [] (range 3))",
            "[0 1 2]",
        ),
        // `(completing inc)` called with one argument is the completion: identity.
        (
            "(transduce (comp (filter odd?) (map (completing inc))) + 0 (range 5))",
            "4",
        ),
        // A forwarder to a native and to a wrong arity.
        ("(reduce (completing +) 0 [1 2 3])", "6"),
        (
            "(reduce (completing (fn [x] x)) 0 [1 2])",
            "error: clojure.lang.ArityException: Wrong number of args (2)",
        ),
    ];
    for (src, want) in cases {
        let got = eval(src);
        assert!(got.starts_with(want), "{src}: got {got}, want {want}");
    }
}

#[test]
fn a_protocol_methods_own_cache_follows_every_change() {
    // More classes than the cache holds, records of one type made every way, `extend`
    // after the cache was filled, one prototype's fns over different protocols (the cache
    // lives on the prototype and is keyed by the method context), deftype and reify.
    let src = "(defprotocol P (f [x]))
        (defrecord R0 [a] P (f [_] 0)) (defrecord R1 [a] P (f [_] 1)) (defrecord R2 [a] P (f [_] 2))
        (defrecord R3 [a] P (f [_] 3)) (defrecord R4 [a] P (f [_] 4)) (defrecord R5 [a] P (f [_] 5))
        (defrecord R6 [a] P (f [_] 6)) (defrecord R7 [a] P (f [_] 7)) (defrecord R8 [a] P (f [_] 8))
        (defrecord R9 [a] P (f [_] 9))
        (extend-protocol P String (f [_] :s) Long (f [_] :l))
        (def xs [(->R0 1) (->R1 1) (->R2 1) (->R3 1) (->R4 1) (->R5 1) (->R6 1) (->R7 1) (->R8 1)
                 (->R9 1) \"a\" 1])
        (def many (vec (for [_ (range 3) x xs] (f x))))
        (def made [(f (map->R3 {:a 2})) (f (assoc (->R3 1) :b 2)) (f (->R3 9))])
        (extend-type R3 P (f [_] :changed))
        (def after [(f (->R3 1)) (f (->R2 1)) (f \"x\")])
        (extend-protocol P String (f [_] :s2))
        (def after2 [(f \"x\") (f (->R3 1))])
        (defprotocol P1 (g [x])) (defprotocol P2 (g2 [x]))
        (extend-protocol P1 Long (g [_] :p1))
        (extend-protocol P2 Long (g2 [_] :p2))
        (defn mk [p k] (let [ctx (-proto-ctx p k)] (fn [x] (-forward (-proto-target ctx x)))))
        (def m1 (mk P1 :g)) (def m2 (mk P2 :g2))
        (deftype T [v] P (f [_] [:t v]))
        [many made after after2 [(m1 1) (m2 1) (m1 2) (m2 2)]
         [(f (->T 1)) (f (->T 2)) (f (reify P (f [_] :r)))]]";
    assert_eq!(
        eval(src),
        "[[0 1 2 3 4 5 6 7 8 9 :s :l 0 1 2 3 4 5 6 7 8 9 :s :l 0 1 2 3 4 5 6 7 8 9 :s :l] \
         [3 3 3] [:changed 2 :s] [:s2 :changed] [:p1 :p2 :p1 :p2] [[:t 1] [:t 2] :r]]"
    );
}
