//! `:doc` and `:arglists` on every public var of `clojure.core` and the bundled namespaces:
//! from the var's own docstring, or from the JVM-generated table (`eval/data/core-index.tsv`)
//! for natives. A var may lack `:doc` only where JVM Clojure's var has none either.

use eval::Runtime;
use eval::core::docs::TABLE;

const NAMESPACES: &str = "[clojure.core clojure.string clojure.set clojure.walk clojure.zip \
     clojure.edn clojure.test clojure.math clojure.data clojure.pprint clojure.template]";

/// The table's rows for one namespace with an empty doc (JVM Clojure has no docstring).
fn undocumented_in_jvm() -> Vec<String> {
    TABLE
        .lines()
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c.len() >= 2 && c.get(5).is_none_or(|d| d.is_empty()))
                .then(|| format!("{}/{}", c[0], c[1]))
        })
        .collect()
}

/// A runtime with every bundled namespace loaded.
fn runtime_with_namespaces() -> Runtime {
    let rt = Runtime::new().unwrap();
    rt.eval_str(&format!("(doseq [n '{NAMESPACES}] (require n))"), "<docs>")
        .unwrap();
    rt
}

/// Runs `expr` (which yields a seq of "ns/name" strings) and returns the names.
fn names(rt: &Runtime, expr: &str) -> Vec<String> {
    let v = rt
        .eval_str(expr, "<docs>")
        .unwrap_or_else(|e| panic!("{expr}: {e}"));
    let printed = eval::value::print::pr_str(&v);
    printed
        .trim_matches(|c| c == '(' || c == ')')
        .split_whitespace()
        .map(|s| s.trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn every_public_var_has_a_doc_unless_jvm_clojure_has_none() {
    let rt = runtime_with_namespaces();
    let missing = names(
        &rt,
        &format!(
            "(for [n '{NAMESPACES} [s v] (ns-publics n)
                   :when (and (not (.startsWith (name s) \"-\")) (nil? (:doc (meta v))))]
               (str n \"/\" s))"
        ),
    );
    let allowed = undocumented_in_jvm();
    let unexpected: Vec<_> = missing.iter().filter(|n| !allowed.contains(n)).collect();
    assert!(unexpected.is_empty(), "vars without :doc: {unexpected:?}");
    // The table's docs reach natives: `reduce`, `map` (dialect) and `+` (native) all carry one.
    let sample = rt
        .eval_str(
            "(mapv (fn [v] [(some? (:doc (meta v))) (some? (:arglists (meta v)))]) [#'reduce #'map #'+ #'iterate #'clojure.string/join])",
            "<docs>",
        )
        .unwrap();
    assert_eq!(
        eval::value::print::pr_str(&sample),
        "[[true true] [true true] [true true] [true true] [true true]]"
    );
}

#[test]
fn every_public_fn_has_arglists() {
    let rt = runtime_with_namespaces();
    let missing = names(
        &rt,
        &format!(
            "(for [n '{NAMESPACES} [s v] (ns-publics n)
                   :when (and (not (.startsWith (name s) \"-\")) (fn? @v)
                              (not (:macro (meta v))) (nil? (:arglists (meta v))))]
               (str n \"/\" s))"
        ),
    );
    // Multimethods have no arglists in JVM Clojure either.
    let unexpected: Vec<_> = missing
        .iter()
        .filter(|n| !["clojure.core/print-method", "clojure.core/print-dup"].contains(&n.as_str()))
        .collect();
    assert!(
        unexpected.is_empty(),
        "fns without :arglists: {unexpected:?}"
    );
}
