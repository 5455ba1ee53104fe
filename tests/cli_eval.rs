//! `kiln eval`, `kiln run` and `kiln repl` as a user runs them.

use std::io::Write;
use std::process::{Command, Stdio};

use kiln_e2e::{kiln, kiln_bin, root, stdout};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn eval_prints_the_last_value_readably() {
    let out = kiln(&[
        "eval",
        "(def x 20) (println \"side\") {:sum (+ x 22) :s \"str\"}",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "side\n{:sum 42, :s \"str\"}\n");
}

#[test]
fn an_escaping_exception_exits_1_with_kind_message_and_location() {
    let out = kiln(&["eval", "(inc 1)\n(throw (ex-info \"boom\" {:k 1}))"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("clojure.lang.ExceptionInfo: boom\n"),
        "{err}"
    );
    assert!(err.contains("data: {:k 1}"), "{err}");
    assert!(err.contains("(<expr>:2:1)"), "{err}");
    assert!(
        err.contains("2 | (throw (ex-info \"boom\" {:k 1}))\n    | ^"),
        "{err}"
    );
}

#[test]
fn run_gets_command_line_args_and_loads_project_namespaces() {
    let dir = root().join("fixtures/projects/hello");
    let script = dir.join("main.clj");
    let out = Command::new(kiln_bin())
        .args(["run", script.to_str().unwrap(), "Ada"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "Hello, Ada!\n1764\ncba\n");
}

#[test]
fn run_reports_syntax_errors_with_position() {
    let dir = std::env::temp_dir().join(format!("kiln-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.clj");
    std::fs::write(&file, "(println 1)\n(println [1 2)\n").unwrap();
    let out = kiln(&["run", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("bad.clj:2:14: syntax error: mismatched delimiter"),
        "{err}"
    );
}

#[test]
fn repl_reads_multi_line_forms_and_survives_errors() {
    let mut child = Command::new(kiln_bin())
        .arg("repl")
        .env("HOME", std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"(def x\n  5)\n(/ 1 0)\n(* x 2)\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "#'user/x\n10\n");
    assert!(stderr(&out).contains("Divide by zero"));
}

#[test]
fn the_start_up_image_is_cached_on_disk_and_a_damaged_one_is_replaced() {
    let dir = std::env::temp_dir().join(format!("kiln-image-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let eval = |cache: &std::path::Path, extra: &[(&str, &str)]| {
        let out = Command::new(kiln_bin())
            .args(["eval", "(reduce + (map inc (range 10)))"])
            .env("KILN_CACHE_DIR", cache)
            .env("KILN_IMAGE_DEBUG", "1")
            .envs(extra.iter().copied())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(stdout(&out), "55\n");
        stderr(&out)
    };
    let images = |d: &std::path::Path| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(d)
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "img"))
                    .collect()
            })
            .unwrap_or_default()
    };
    // The first run boots from source and writes the image; the next reads it.
    assert_eq!(eval(&dir, &[]), "");
    let written = images(&dir);
    assert_eq!(written.len(), 1, "{written:?}");
    let good = std::fs::read(&written[0]).unwrap();
    assert!(good.starts_with(b"KILNIMG"));
    assert_eq!(eval(&dir, &[]), "");
    // A damaged image is ignored (the run still works) and replaced by a good one.
    std::fs::write(&written[0], &good[..good.len() / 2]).unwrap();
    assert_eq!(eval(&dir, &[]), "");
    assert_eq!(std::fs::read(&written[0]).unwrap(), good);
    // KILN_CORE_CACHE=off writes nothing.
    let off = dir.join("off");
    assert_eq!(eval(&off, &[("KILN_CORE_CACHE", "off")]), "");
    assert!(images(&off).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
