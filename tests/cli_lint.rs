//! `kiln lint` as CI and users run it: the output formats, exit codes, `--explain`, stdin,
//! configuration (kiln's and clj-kondo's), inline suppression, and users' macros expanded
//! versus not.

use expect_test::expect;
use kiln_e2e::{kiln, kiln_in, mask_number, root, stderr, stdout};

const DEMO: &str = "fixtures/projects/lint-demo";

fn demo(args: &[&str]) -> std::process::Output {
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    kiln_in(DEMO, &all, None)
}

fn text_without_timing(s: &str) -> String {
    mask_number(s, "linting took ")
}

#[test]
fn text_output_config_suppression_and_exit_code() {
    let out = demo(&[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    // .kiln/config.edn: redundant-do off, missing-else-branch at info, generated_*.clj
    // excluded; .clj-kondo/config.edn: unused-private-var raised to error, :lint-as my-let;
    // #_:kiln/ignore, #_{:kiln/ignore [...]} and #_:clj-kondo/ignore honoured.
    expect![[r#"
        src/demo/core.clj:3:13: warning: namespace clojure.set is required but never used [unused-namespace]
        src/demo/core.clj:6:8: error: Unused private var demo.core/helper [unused-private-var]
        src/demo/core.clj:9:9: warning: unused binding unused [unused-binding]
        src/demo/core.clj:14:22: error: demo.core/area is called with 1 arg but expects 2 [invalid-arity]
        src/demo/core.clj:14:37: error: Unresolved symbol: undefined-thing [unresolved-symbol]
        src/demo/core.clj:17:3: info: Missing else branch. [missing-else-branch]
        src/demo/core.clj:23:25: error: Unresolved symbol: still-reported [unresolved-symbol]
        src/demo/core.clj:29:18: error: Wasm export "ad" not found. Did you mean "add"? Exports: add, add64, divmod, trap_div, spin [wasm-export-not-found]
        linting took Nms, 3 files, errors: 5, warnings: 2, info: 1
    "#]]
    .assert_eq(&text_without_timing(&stdout(&out)));
}

#[test]
fn paths_are_shown_relative_to_where_kiln_runs() {
    let out = kiln(&["lint", "fixtures/projects/lint-demo/src/demo/clean.clj"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = kiln(&["lint", DEMO]);
    assert!(stdout(&out).starts_with("fixtures/projects/lint-demo/src/demo/core.clj:3:13:"));
    assert!(
        !stdout(&out).contains("generated_code"),
        "excluded file linted"
    );
}

#[test]
fn json_output_has_clj_kondos_shape() {
    let out = demo(&["--format", "json", "src/demo/core.clj"]);
    assert_eq!(out.status.code(), Some(3));
    let json = mask_number(&stdout(&out), "\"duration\":");
    assert!(json.starts_with("{\"findings\":[{\"type\":\"unused-namespace\",\"filename\":\"src/demo/core.clj\",\"row\":3,\"col\":13,\"end-row\":3,\"end-col\":34,\"level\":\"warning\",\"message\":\"namespace clojure.set is required but never used\"}"), "{json}");
    assert!(
        json.ends_with(
            "\"summary\":{\"error\":5,\"warning\":2,\"info\":1,\"files\":1,\"duration\":N}}\n"
        ),
        "{json}"
    );
    // It is valid JSON: every brace and bracket balances outside strings.
    let (mut depth, mut in_str, mut esc) = (0i32, false, false);
    for c in json.chars() {
        match (in_str, esc, c) {
            (true, true, _) => esc = false,
            (true, false, '\\') => esc = true,
            (true, false, '"') => in_str = false,
            (false, _, '"') => in_str = true,
            (false, _, '{' | '[') => depth += 1,
            (false, _, '}' | ']') => depth -= 1,
            _ => {}
        }
        assert!(depth >= 0);
    }
    assert_eq!(depth, 0);
}

#[test]
fn edn_and_github_formats() {
    let out = demo(&["--format", "edn", "src/demo/core.clj"]);
    let edn = mask_number(&stdout(&out), ":duration ");
    assert!(edn.starts_with("{:findings [{:type :unused-namespace, :filename \"src/demo/core.clj\", :row 3, :col 13, :end-row 3, :end-col 34, :level :warning, :message \"namespace clojure.set is required but never used\"}"), "{edn}");
    assert!(
        edn.ends_with(":summary {:error 5, :warning 2, :info 1, :files 1, :duration N}}\n"),
        "{edn}"
    );
    // The EDN output reads back with kiln's own parser, without errors.
    assert!(syntax::parse(&edn).errors().is_empty());
    let out = demo(&["--format", "github", "src/demo/core.clj"]);
    let gh = stdout(&out);
    expect![[r#"
        ::warning file=src/demo/core.clj,line=3,col=13,endLine=3,endColumn=34,title=kiln unused-namespace::namespace clojure.set is required but never used
        ::error file=src/demo/core.clj,line=6,col=8,endLine=6,endColumn=14,title=kiln unused-private-var::Unused private var demo.core/helper
        ::warning file=src/demo/core.clj,line=9,col=9,endLine=9,endColumn=15,title=kiln unused-binding::unused binding unused
        ::error file=src/demo/core.clj,line=14,col=22,endLine=14,endColumn=26,title=kiln invalid-arity::demo.core/area is called with 1 arg but expects 2
        ::error file=src/demo/core.clj,line=14,col=37,endLine=14,endColumn=52,title=kiln unresolved-symbol::Unresolved symbol: undefined-thing
        ::notice file=src/demo/core.clj,line=17,col=3,endLine=17,endColumn=21,title=kiln missing-else-branch::Missing else branch.
        ::error file=src/demo/core.clj,line=23,col=25,endLine=23,endColumn=39,title=kiln unresolved-symbol::Unresolved symbol: still-reported
        ::error file=src/demo/core.clj,line=29,col=18,endLine=29,endColumn=22,title=kiln wasm-export-not-found::Wasm export "ad" not found. Did you mean "add"? Exports: add, add64, divmod, trap_div, spin
    "#]]
    .assert_eq(&gh);
}

/// SARIF 2.1.0, checked against the constraints of the standard's schema that this output
/// exercises (required properties, enumerations, index and position ranges).
#[test]
fn sarif_output_satisfies_the_schema() {
    let out = demo(&["--format", "sarif", "src/demo/core.clj"]);
    let sarif = stdout(&out);
    let v = kiln_e2e::json::parse(&sarif).expect("SARIF must be JSON");
    assert_eq!(v.get("version").and_then(|x| x.as_str()), Some("2.1.0"));
    let runs = v
        .get("runs")
        .and_then(|r| r.as_array())
        .expect("runs array");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = run
        .get("tool")
        .and_then(|t| t.get("driver"))
        .expect("tool.driver");
    assert_eq!(driver.get("name").and_then(|n| n.as_str()), Some("kiln"));
    let rules = driver
        .get("rules")
        .and_then(|r| r.as_array())
        .expect("rules");
    for r in rules {
        assert!(r.get("id").and_then(|x| x.as_str()).is_some());
        assert!(
            r.get("shortDescription")
                .and_then(|d| d.get("text"))
                .is_some()
        );
    }
    let results = run
        .get("results")
        .and_then(|r| r.as_array())
        .expect("results");
    assert_eq!(results.len(), 8);
    for res in results {
        let text = res
            .get("message")
            .and_then(|m| m.get("text"))
            .and_then(|t| t.as_str());
        assert!(
            text.is_some_and(|t| !t.is_empty()),
            "result.message.text is required"
        );
        let level = res.get("level").and_then(|l| l.as_str()).unwrap();
        assert!(["none", "note", "warning", "error"].contains(&level));
        let idx = res.get("ruleIndex").and_then(|i| i.as_f64()).unwrap() as usize;
        assert_eq!(
            rules[idx].get("id").and_then(|x| x.as_str()),
            res.get("ruleId").and_then(|x| x.as_str())
        );
        let loc = &res.get("locations").and_then(|l| l.as_array()).unwrap()[0];
        let phys = loc.get("physicalLocation").unwrap();
        assert!(
            phys.get("artifactLocation")
                .and_then(|a| a.get("uri"))
                .and_then(|u| u.as_str())
                .is_some()
        );
        let region = phys.get("region").unwrap();
        let n = |k: &str| region.get(k).and_then(|x| x.as_f64()).unwrap();
        assert!(n("startLine") >= 1.0 && n("startColumn") >= 1.0);
        assert!(n("endLine") >= n("startLine"));
    }
}

#[test]
fn fail_level_and_clean_exit_codes() {
    assert_eq!(demo(&["src/demo/clean.clj"]).status.code(), Some(0));
    let dir = std::env::temp_dir().join(format!("kiln-lint-warn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("w.clj");
    std::fs::write(&file, "(ns w)\n(defn f [x] (let [y 1] x))\n").unwrap();
    let f = file.to_str().unwrap();
    assert_eq!(kiln(&["lint", f]).status.code(), Some(2), "warnings exit 2");
    assert_eq!(
        kiln(&["lint", "--fail-level", "error", f]).status.code(),
        Some(0)
    );
    assert_eq!(
        kiln(&["lint", "--fail-level", "info", f]).status.code(),
        Some(2)
    );
}

#[test]
fn explain_prints_the_rule_documentation() {
    let out = kiln(&["lint", "--explain", "unused-binding"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "unused-binding (default level: warning)\n\nA local binding that is never used."
        ),
        "{text}"
    );
    for part in ["Why:", "Example:", "Fix:"] {
        assert!(text.contains(part));
    }
    let out = kiln(&["lint", "--explain", "no-such-rule"]);
    assert_eq!(out.status.code(), Some(1), "usage errors exit 1");
    assert!(
        stderr(&out)
            .contains("unknown rule no-such-rule; the rules are: syntax, unresolved-symbol")
    );
}

#[test]
fn docs_rules_md_is_generated_from_the_registry() {
    let out = kiln(&["lint", "--rules-doc"]);
    let on_disk = std::fs::read_to_string(root().join("docs/rules.md")).unwrap();
    assert!(
        on_disk == stdout(&out),
        "docs/rules.md is stale: run `kiln lint --rules-doc > docs/rules.md`"
    );
}

#[test]
fn stdin_is_linted_under_the_given_name() {
    let out = kiln_in(
        ".",
        &["lint", "--lint", "-", "--filename", "scratch.clj"],
        Some("(ns scratch)\n(inc \"a\")\n(foo)\n"),
    );
    assert_eq!(out.status.code(), Some(3));
    expect![[r#"
        scratch.clj:2:6: error: Expected: number, received: string. [type-mismatch]
        scratch.clj:3:2: error: Unresolved symbol: foo [unresolved-symbol]
        linting took Nms, 1 files, errors: 2, warnings: 0, info: 0
    "#]]
    .assert_eq(&text_without_timing(&stdout(&out)));
}

#[test]
fn bad_config_is_a_clear_error_not_a_crash() {
    let dir = std::env::temp_dir().join(format!("kiln-lint-cfg-{}", std::process::id()));
    std::fs::create_dir_all(dir.join(".kiln")).unwrap();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/a.clj"), "(ns a)\n").unwrap();
    std::fs::write(
        dir.join(".kiln/config.edn"),
        "{:linters\n {:unused-binding {:level :loud}}}\n",
    )
    .unwrap();
    let out = std::process::Command::new(kiln_e2e::kiln_bin())
        .arg("lint")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "configuration errors exit 1");
    let err = stderr(&out);
    assert!(
        err.contains(
            ".kiln/config.edn:2:27: :linters :unused-binding :level: unknown level \"loud\""
        ),
        "{err}"
    );
    std::fs::write(
        dir.join(".kiln/config.edn"),
        "{:linters {:unused-bindin {:level :off}}}",
    )
    .unwrap();
    let out = std::process::Command::new(kiln_e2e::kiln_bin())
        .arg("lint")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("unknown linter :unused-bindin"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn users_macros_are_expanded_and_that_avoids_false_alarms() {
    let dir = "fixtures/projects/macros";
    let out = kiln_in(dir, &["lint"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = kiln_in(dir, &["lint", "--no-expand"], None);
    assert_eq!(out.status.code(), Some(3));
    expect![[r#"
        src/acme/core.clj:4:11: error: Unresolved symbol: answer [unresolved-symbol]
        src/acme/core.clj:9:19: error: Unresolved symbol: conn [unresolved-symbol]
        src/acme/core.clj:9:25: error: Unresolved symbol: answer [unresolved-symbol]
        src/acme/core.clj:10:11: error: Unresolved symbol: get-name [unresolved-symbol]
        src/acme/core.clj:10:32: error: Unresolved symbol: get-email [unresolved-symbol]
        src/acme/core.clj:10:53: error: Unresolved symbol: conn [unresolved-symbol]
        linting took Nms, 2 files, errors: 6, warnings: 0, info: 0
    "#]]
    .assert_eq(&text_without_timing(&stdout(&out)));
}

#[test]
fn expansion_still_finds_real_mistakes_inside_macro_calls() {
    let src = "(ns acme.typo (:require [acme.macros :refer [with-resource]]))\n(with-resource [conn 1] (inc cnon))\n";
    let out = kiln_in(
        "fixtures/projects/macros",
        &["lint", "--lint", "-", "--filename", "typo.clj"],
        Some(src),
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stdout(&out)
            .starts_with("typo.clj:2:30: error: Unresolved symbol: cnon [unresolved-symbol]"),
        "{}",
        stdout(&out)
    );
}

/// The same output validated against the official SARIF 2.1.0 JSON schema with Python's
/// `jsonschema` (both fetched by `scripts/fetch-sarif-schema.sh`, which the test script runs).
#[test]
fn sarif_output_validates_against_the_official_schema() {
    let schema = root().join(".cache/sarif/sarif-2.1.0.json");
    assert!(
        schema.exists(),
        "{} is missing: run scripts/fetch-sarif-schema.sh",
        schema.display()
    );
    let out = demo(&["--format", "sarif", "src/demo/core.clj"]);
    let sarif = root().join("target/kiln-lint-demo.sarif");
    std::fs::write(&sarif, &out.stdout).unwrap();
    let check = std::process::Command::new("python3")
        .args([
            "-c",
            "import json, sys, jsonschema\n\
             schema = json.load(open(sys.argv[1]))\n\
             doc = json.load(open(sys.argv[2]))\n\
             jsonschema.Draft4Validator.check_schema(schema)\n\
             errors = list(jsonschema.Draft4Validator(schema).iter_errors(doc))\n\
             for e in errors: print(list(e.absolute_path), e.message)\n\
             sys.exit(1 if errors else 0)",
        ])
        .arg(&schema)
        .arg(&sarif)
        .output()
        .expect("python3 with jsonschema (scripts/fetch-sarif-schema.sh installs it)");
    assert!(
        check.status.success(),
        "SARIF output does not validate:\n{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}
