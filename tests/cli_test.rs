//! `kiln test`: finds test namespaces, runs them with clojure.test (fixtures, `are`,
//! `thrown?`, `thrown-with-msg?`, `testing` contexts), reports failures with expected and
//! actual values and `file:line`, ends with `N passed, N failed`, and exits non-zero on any
//! failure or error. Also runs the Wasm fixtures' dialect-level test suite.

use kiln_e2e::{kiln_in, stderr, stdout};

#[test]
fn a_project_with_failures_reports_them_and_exits_1() {
    let out = kiln_in("fixtures/projects/test-demo", &["test"], None);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}\n{}", stderr(&out));
    assert_eq!(text.lines().last(), Some("9 passed, 3 failed"), "{text}");
    for expected in [
        "Testing demo.failing-test",
        "Testing demo.math-test",
        "FAIL in (wrong-sum) (test/demo/failing_test.clj:6)\narithmetic\ntwo and two\nexpected: (= 5 (+ 2 2))\n  actual: (not (= 5 4))",
        "FAIL in (not-truthy) (test/demo/failing_test.clj:9)\nexpected: (seq [])\n  actual: (not (seq []))",
        "ERROR in (blows-up) (test/demo/failing_test.clj:12)",
        "actual: clojure.lang.ExceptionInfo: boom",
        "Ran 7 tests containing 12 assertions.\n2 failures, 1 errors.",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn a_passing_file_exits_0() {
    let out = kiln_in(
        "fixtures/projects/test-demo",
        &["test", "test/demo/math_test.clj"],
        None,
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    // Fixtures ran around each test (checked by the fixtures-ran test itself), `are` expanded
    // to three assertions, and thrown?/thrown-with-msg? passed.
    assert!(
        text.contains("Ran 4 tests containing 9 assertions."),
        "{text}"
    );
    assert_eq!(text.lines().last(), Some("9 passed, 0 failed"));
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let out = kiln_in("fixtures/projects/test-demo", &["test", "nope/"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope/: no such file or directory"));
}

#[test]
fn a_test_file_that_does_not_load_fails_the_run() {
    let dir = std::env::temp_dir().join(format!("kiln-test-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("broken_test.clj"),
        "(ns broken-test (:require [clojure.test :refer [deftest is]]))\n(deftest t (is (= 1 (undefined-fn))))\n",
    )
    .unwrap();
    let out = kiln_in(".", &["test", dir.to_str().unwrap()], None);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(stderr(&out).contains("Unable to resolve symbol: undefined-fn"));
    assert_eq!(text.lines().last(), Some("0 passed, 1 failed"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_wasm_fixtures_pass_their_dialect_tests() {
    // Every fixture module in fixtures/wasm has a clojure.test namespace covering its
    // success path and each of its error paths.
    let out = kiln_in(".", &["test", "fixtures/wasm/test"], None);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    let last = text.lines().last().unwrap_or_default();
    assert!(last.ends_with(" passed, 0 failed"), "{text}");
    let passed: usize = last.split(' ').next().unwrap().parse().unwrap();
    assert!(passed >= 50, "{text}");
}
