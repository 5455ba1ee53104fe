//! `kiln test [PATHS]`: finds the test namespaces under PATHS (default `test/`), loads
//! them with the project's source roots plus the test directories on the path, runs every
//! `deftest` with clojure.test (fixtures included), prints failures with expected and
//! actual values and `file:line`, and ends with `N passed, N failed`. Exits 1 when an
//! assertion failed, a test threw, or a test file did not load.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use eval::Value;

use super::eval::{on_eval_thread, project_runtime, report};

#[derive(clap::Args)]
pub struct TestArgs {
    /// Test files or directories (default: `test`).
    paths: Vec<String>,
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            collect(&e, out);
        }
    } else if path
        .extension()
        .is_some_and(|e| e == "clj" || e == "cljc" || e == "cljw")
    {
        out.push(path.to_path_buf());
    }
}

pub fn run(args: &TestArgs) -> anyhow::Result<ExitCode> {
    let paths: Vec<String> = if args.paths.is_empty() {
        vec!["test".to_string()]
    } else {
        args.paths.clone()
    };
    let mut files = Vec::new();
    for p in &paths {
        let path = Path::new(p);
        if !path.exists() {
            eprintln!("kiln test: {p}: no such file or directory");
            return Ok(ExitCode::from(2));
        }
        collect(path, &mut files);
    }
    on_eval_thread(move || run_files(&paths, &files))
}

fn run_files(paths: &[String], files: &[PathBuf]) -> ExitCode {
    let rt = match project_runtime() {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    // Test directories are source roots too, so test helpers can be required.
    let mut roots = rt.source_roots();
    for p in paths {
        let p = PathBuf::from(p);
        if p.is_dir() && !roots.contains(&p) {
            roots.push(p);
        }
    }
    rt.set_source_roots(roots);
    if let Err(e) = rt.eval_str("(require 'clojure.test)", "<kiln test>") {
        report(&e, None);
        return ExitCode::from(1);
    }
    let mut namespaces = Vec::new();
    let mut load_errors = 0;
    for file in files {
        let name = file.to_string_lossy().into_owned();
        let text = match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{name}: cannot read: {e}");
                load_errors += 1;
                continue;
            }
        };
        let _ = rt.eval_str("(in-ns 'user)", "<kiln test>");
        match rt.eval_str(&format!("{text}\n(ns-name *ns*)"), &name) {
            Ok(Value::Symbol(ns)) => {
                let ns = ns.name().to_string();
                if !namespaces.contains(&ns) {
                    namespaces.push(ns);
                }
            }
            Ok(_) => {}
            Err(e) => {
                eprintln!("\nERROR loading {name}");
                report(&e, Some((&name, &text)));
                load_errors += 1;
            }
        }
    }
    let list: String = namespaces.iter().map(|n| format!(" '{n}")).collect();
    let summary = rt.eval_str(
        &format!(
            "(let [s (clojure.test/run-tests{list})] [(:test s 0) (:pass s 0) (:fail s 0) (:error s 0)])"
        ),
        "<kiln test>",
    );
    let counts: Vec<i64> = match &summary {
        Ok(v) => rt
            .pr_str(v)
            .trim_matches(['[', ']'])
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect(),
        Err(e) => {
            report(e, None);
            return ExitCode::from(1);
        }
    };
    let [_, pass, fail, error] = counts[..] else {
        return ExitCode::from(1);
    };
    let failed = fail + error + load_errors;
    println!("{pass} passed, {failed} failed");
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
