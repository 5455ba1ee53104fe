//! Namespaces: `ns` with `:require` (`:as`, `:refer`, `:refer :all`, prefix lists),
//! `:refer-clojure :exclude`, loading from source roots, privacy, `*ns*`.

use std::path::{Path, PathBuf};

use eval::{EvalError, Runtime};

fn project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/projects/hello")
}

fn runtime() -> Runtime {
    let rt = Runtime::new().unwrap();
    rt.set_source_roots(Runtime::project_source_roots(&project()).unwrap());
    rt
}

fn eval(rt: &Runtime, src: &str) -> Result<String, EvalError> {
    rt.eval_str(src, "<test>").map(|v| rt.pr_str(&v))
}

#[test]
fn deps_edn_paths_are_the_source_roots() {
    let roots = Runtime::project_source_roots(&project()).unwrap();
    assert_eq!(
        roots,
        vec![project().join("src"), project().join("resources")]
    );
    let roots = Runtime::project_source_roots(Path::new("/nonexistent")).unwrap();
    assert_eq!(roots, vec![Path::new("/nonexistent/src").to_path_buf()]);
}

#[test]
fn require_loads_namespaces_with_aliases_refers_and_prefix_lists() {
    let rt = runtime();
    let out = rt.eval_capture(
        "(require 'hello.core) (hello.core/-main \"kiln\")",
        "<test>",
    );
    assert!(out.value.is_ok(), "{:?}", out.value);
    assert_eq!(out.out, "Hello, kiln!\n1764\ncba\n");
    // Loading restores the namespace we were in.
    assert_eq!(eval(&rt, "(str *ns*)").unwrap(), "\"user\"");
    assert_eq!(
        eval(&rt, "(require '[hello.util :as u]) (u/greet \"x\")").unwrap(),
        "\"Hello, x!\""
    );
    assert_eq!(
        eval(&rt, "(ns t1 (:require [hello.util :refer :all])) answer").unwrap(),
        "42"
    );
    assert_eq!(
        eval(&rt, "(ns t2 (:require [hello.math :as-alias hm])) ::hm/k").unwrap(),
        ":hello.math/k"
    );
}

#[test]
fn refer_clojure_exclude_lets_a_namespace_redefine_core_names() {
    let rt = runtime();
    let v = eval(
        &rt,
        "(ns t3 (:refer-clojure :exclude [inc])) (defn inc [x] (- x 1)) (inc 10)",
    );
    assert_eq!(v.unwrap(), "9");
    assert_eq!(eval(&rt, "(ns t4) (inc 10)").unwrap(), "11");
}

#[test]
fn errors_are_clear() {
    let rt = runtime();
    let message = |src: &str| match rt.eval_str(src, "<test>") {
        Err(EvalError::Exception { message, .. }) => message,
        other => panic!("{src}: {other:?}"),
    };
    assert!(message("(require 'nope.missing)").contains("Could not locate nope/missing.cljw"));
    assert!(
        message("(require '[hello.util :as u]) (u/secret)")
            .contains("#'hello.util/secret is not public")
    );
    assert!(
        message("(require '[hello.util :refer [nothing]])")
            .contains("nothing does not exist in namespace hello.util")
    );
    assert_eq!(
        message("(hello.util/greet 1 2)"),
        "Wrong number of args (2) passed to: hello.util/greet"
    );
}
