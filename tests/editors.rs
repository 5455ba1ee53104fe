//! Real editors driving `kiln lsp`: headless Neovim (its built-in LSP client) and Emacs with
//! eglot, each opening the editor fixture project and checking diagnostics, hover,
//! completion, go to definition, rename and `kiln/eval` (scripts in `tests/editors/`).
//! The editors must be installed (`scripts/test.sh` installs Debian's `neovim`, `emacs-nox`
//! and `elpa-eglot`); a missing editor fails the test rather than skipping it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use kiln_e2e::{fixture, kiln_bin, root};
use serde_json::Value;

/// A fresh copy of the editor fixture project (edits never touch the repository).
fn project_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kiln-editor-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixture("projects/editor"), &dir);
    std::fs::canonicalize(&dir).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn require_tool(tool: &str, package: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "{tool} is not installed: `apt-get install {package}` (scripts/test.sh does it)"
    );
}

/// Runs an editor with a time limit; returns the JSON report it wrote.
fn run_editor(mut cmd: Command, out: &Path) -> Value {
    let mut child = cmd.spawn().expect("editor starts");
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the editor did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let report = std::fs::read_to_string(out)
        .unwrap_or_else(|_| panic!("no report from the editor (status {status})"));
    let v: Value = serde_json::from_str(&report).expect("report is JSON");
    assert_eq!(v["ok"], true, "editor run failed: {report}");
    assert!(status.success(), "editor exited with {status}: {report}");
    v
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn neovim_lsp_client() {
    require_tool("nvim", "neovim");
    let project = project_copy("nvim");
    let home = project.join(".editor-home");
    let out = project.join("nvim-report.json");
    let mut cmd = Command::new("nvim");
    cmd.args(["--headless", "-u"])
        .arg(root().join("tests/editors/kiln-test.lua"))
        .env("KILN_BIN", kiln_bin())
        .env("PROJECT", &project)
        .env("OUT_FILE", &out)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .current_dir(&project);
    let r = run_editor(cmd, &out);
    assert_eq!(r["filetype"], "clojure");
    let codes: Vec<String> = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        codes.contains(&"invalid-arity".to_string())
            && codes.contains(&"unresolved-symbol".to_string()),
        "{r}"
    );
    assert!(
        r["hover"]
            .as_str()
            .unwrap()
            .contains("Returns a greeting for `name`."),
        "{r}"
    );
    assert!(strs(&r["completion"]).contains(&"u/add".to_string()), "{r}");
    assert!(
        r["definition"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/src/app/util.clj")
    );
    assert_eq!(r["definition"]["line"], 3);
    assert_eq!(r["eval"], "#'app.core/total");
    let renamed = strs(&r["renamed_lines"]);
    assert_eq!(
        renamed,
        ["(defn sum-all [xs]", "(def answer (sum-all [1 2 3]))"],
        "{r}"
    );
    std::fs::remove_dir_all(&project).ok();
}

#[test]
fn emacs_eglot_client() {
    require_tool("emacs", "emacs-nox elpa-eglot");
    assert!(
        Path::new("/usr/share/emacs/site-lisp/elpa").exists(),
        "eglot is not installed: `apt-get install elpa-eglot`"
    );
    let project = project_copy("emacs");
    let home = project.join(".editor-home");
    std::fs::create_dir_all(&home).unwrap();
    let out = project.join("emacs-report.json");
    let mut cmd = Command::new("emacs");
    cmd.args(["--batch", "-Q", "-l"])
        .arg(root().join("tests/editors/kiln-test.el"))
        .env("KILN_BIN", kiln_bin())
        .env("PROJECT", &project)
        .env("OUT_FILE", &out)
        .env("HOME", &home)
        .current_dir(&project);
    let r = run_editor(cmd, &out);
    assert_eq!(r["language_id"], "clojure");
    let diags = strs(&r["diagnostics"]);
    assert!(
        diags
            .iter()
            .any(|d| d.contains("app.util/add is called with 1 arg but expects 2")),
        "{r}"
    );
    assert!(
        r["hover"]
            .as_str()
            .unwrap()
            .contains("Returns a greeting for `name`."),
        "{r}"
    );
    assert!(strs(&r["completion"]).contains(&"u/add".to_string()), "{r}");
    assert!(
        r["definition"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/src/app/util.clj")
    );
    assert_eq!(r["definition"]["line"], 3);
    assert_eq!(r["eval"], "#'app.core/total");
    assert_eq!(r["renamed"], 2, "definition and use renamed: {r}");
    std::fs::remove_dir_all(&project).ok();
}
