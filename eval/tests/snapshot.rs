//! Start-up images (`eval::snapshot`): a runtime restored from an image behaves as the one
//! it was taken from — shared state stays shared, cycles survive, natives and macros work,
//! and definitions made after the restore extend what was restored — and no malformed image
//! can make restoring panic.

use eval::Runtime;
use eval::snapshot::SnapshotError;

fn pr(rt: &Runtime, src: &str) -> String {
    match rt.eval_str(src, "<test>") {
        Ok(v) => rt.pr_str(&v),
        Err(e) => format!("error: {e}"),
    }
}

/// A source-booted runtime after `setup`, and one restored from its image.
fn pair(setup: &str) -> (Runtime, Runtime) {
    let original = Runtime::from_source().unwrap();
    pr(&original, setup);
    let image = original.image().expect("image");
    (original, Runtime::from_image(&image).expect("restores"))
}

/// Each expression gives the same printed result in both runtimes (evaluated in order).
fn check_same(setup: &str, exprs: &[&str]) {
    let (a, b) = pair(setup);
    for e in exprs {
        assert_eq!(pr(&a, e), pr(&b, e), "{e}");
    }
}

#[test]
fn core_functions_macros_and_natives_work_after_a_restore() {
    check_same(
        "nil",
        &[
            "(+ 1 2)",
            "(map inc [1 2 3])",
            "(let [{:keys [a b] :or {b 2}} {:a 1}] [a b])",
            "(Math/abs -3)",
            "(into (sorted-map) {3 :c 1 :a})",
            "(re-find #\"\\d+\" \"ab12\")",
            "(str 1N 1/3 1.5M \\a :k/w 'sym)",
            "(:arglists (meta #'map))",
            "(:doc (meta #'reduce))",
            "(macroexpand-1 '(when x y))",
            "(do (defprotocol P (f [x])) (extend-protocol P Long (f [x] (inc x))) (f 41))",
            "(do (defmulti m :k) (defmethod m :a [_] 1) (defmethod m :default [_] 0) [(m {:k :a}) (m {})])",
            "(do (defrecord R [a]) (= (->R 1) (->R 1)))",
            "(derive ::child ::parent)",
            "(isa? ::child ::parent)",
            "(keys (cljw.eval/gc-stats))",
            "(ns-name *ns*)",
        ],
    );
}

#[test]
fn state_defined_before_the_image_is_restored_with_its_sharing_and_cycles() {
    let setup = "(do (def a (atom {:n 1}))
                     (def b a)
                     (def self (atom nil))
                     (reset! self (fn [] @self))
                     (def v (volatile! [1 2]))
                     (defprotocol Area (area [s]))
                     (defrecord Sq [n] Area (area [_] (* n n)))
                     (defmulti shape :kind)
                     (defmethod shape :sq [m] (area (->Sq (:n m))))
                     (def ^{:doc \"documented\"} documented 42)
                     (def big [1N 2/3 4.5M ##Inf \"s\" #{1 2} '(a b) {:x {:y [1]}}])
                     (def counter (let [c (atom 0)] (fn [] (swap! c inc))))
                     (counter))";
    let (_, rt) = pair(setup);
    assert_eq!(pr(&rt, "(swap! a update :n inc) @b"), "{:n 2}");
    assert_eq!(pr(&rt, "(identical? a b)"), "true");
    assert_eq!(pr(&rt, "(fn? (@self))"), "true");
    assert_eq!(pr(&rt, "(identical? @self ((@self)))"), "true");
    assert_eq!(pr(&rt, "(vswap! v conj 3)"), "[1 2 3]");
    assert_eq!(pr(&rt, "(shape {:kind :sq :n 3})"), "9");
    assert_eq!(pr(&rt, "(:doc (meta #'documented))"), "\"documented\"");
    assert_eq!(
        pr(&rt, "big"),
        "[1N 2/3 4.5M ##Inf \"s\" #{1 2} (a b) {:x {:y [1]}}]"
    );
    assert_eq!(pr(&rt, "(counter)"), "2");
    // Extending what was restored.
    assert_eq!(
        pr(
            &rt,
            "(defmethod shape :circle [m] 3) (extend-type String Area (area [s] (count s))) [(shape {:kind :circle}) (area \"four\")]"
        ),
        "[3 4]"
    );
}

#[test]
fn gensyms_continue_after_a_restore() {
    let (a, b) = pair("(gensym) (gensym)");
    assert_eq!(pr(&a, "(gensym)"), pr(&b, "(gensym)"));
}

#[test]
fn state_an_image_cannot_hold_is_reported_and_new_still_starts() {
    let rt = Runtime::from_source().unwrap();
    pr(&rt, "(def xs (map inc (range)))");
    match rt.image() {
        Err(SnapshotError::Unsupported(what)) => assert!(what.contains("lazy seq"), "{what}"),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("a pending lazy seq was imaged"),
    }
    let fresh = Runtime::new().unwrap();
    assert_eq!(pr(&fresh, "(reduce + (range 10))"), "45");
}

#[test]
fn malformed_images_are_errors_never_panics() {
    let image = Runtime::from_source().unwrap().image().unwrap();
    assert!(Runtime::from_image(&[]).is_err());
    assert!(Runtime::from_image(b"not an image at all").is_err());
    let step = image.len() / 97;
    for cut in (0..image.len()).step_by(step.max(1)) {
        assert!(Runtime::from_image(&image[..cut]).is_err(), "cut at {cut}");
    }
    // Flipped bytes may still decode to some image; restoring must not panic either way.
    for (n, at) in (0..image.len()).step_by(step.max(1)).enumerate() {
        let mut bad = image.clone();
        bad[at] ^= 1 << (n % 8);
        let _ = Runtime::from_image(&bad);
    }
}
