//! Every lint rule against its fixture in `lsp/test_data/lint/`: a `.clj` file (or a
//! directory of files, which is then the source root) named after the rule's code.
//!
//! In a fixture, a line ending in `;; <-` must get a finding of the rule on that line; a line
//! ending in `;; ok` must get none, and neither may any unmarked line; each fixture needs
//! both markers. The whole rendered output (all rules) is a snapshot next to it
//! (`<code>.txt`; `UPDATE_EXPECT=1` rewrites).

use std::path::{Path, PathBuf};

use lsp::analysis::ProjectFile;
use lsp::analysis::expand::RuntimeExpander;
use lsp::lint::config::LintConfig;
use lsp::lint::driver::{LintReport, lint_files, rel_to_roots};
use lsp::lint::{Level, registry};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/lint")
}

fn walk(d: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(d).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out)
        } else if p.extension().is_some_and(|x| x == "clj" || x == "cljc") {
            out.push(p)
        }
    }
}

fn files_of(path: &Path) -> (Vec<ProjectFile>, PathBuf) {
    let base = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().unwrap().to_path_buf()
    };
    let mut paths = Vec::new();
    if path.is_dir() {
        walk(path, &mut paths);
        paths.sort();
    } else {
        paths.push(path.to_path_buf());
    }
    let roots = if path.is_dir() {
        vec![base.clone()]
    } else {
        Vec::new()
    };
    let files = paths
        .iter()
        .map(|p| ProjectFile {
            path: p.clone(),
            display: p.strip_prefix(fixture_dir()).unwrap().display().to_string(),
            rel: rel_to_roots(p, &roots),
            text: std::fs::read_to_string(p).unwrap(),
            report: true,
        })
        .collect();
    (files, base)
}

/// Lints a fixture with `code` enabled (at least as a warning).
fn lint(code: &str, path: &Path) -> LintReport {
    let mut config = LintConfig::default();
    if config.level(code) == Level::Off {
        config.levels.insert(code.to_string(), Level::Warning);
    }
    let (files, base) = files_of(path);
    let expander = RuntimeExpander::new(vec![base]);
    lint_files(
        files,
        Some(repo_root()),
        &config,
        1,
        Some(&expander),
        &|_| {},
    )
}

fn check(code: &str) {
    let dir = fixture_dir();
    let path = if dir.join(code).is_dir() {
        dir.join(code)
    } else {
        dir.join(format!("{code}.clj"))
    };
    assert!(
        path.exists(),
        "rule {code} has no fixture at {}",
        path.display()
    );
    let report = lint(code, &path);
    let (files, _) = files_of(&path);
    let (mut flagged, mut ok) = (0, 0);
    for f in &files {
        for (i, line) in f.text.lines().enumerate() {
            let line_no = i as u32 + 1;
            let hits = report
                .diagnostics
                .iter()
                .filter(|d| d.file == f.display && d.line == line_no && d.code == code)
                .count();
            if line.trim_end().ends_with(";; <-") {
                flagged += 1;
                assert!(
                    hits > 0,
                    "{code}: expected a finding at {}:{line_no}: {line}",
                    f.display
                );
            } else if line.trim_end().ends_with(";; ok") {
                ok += 1;
                assert!(
                    hits == 0,
                    "{code}: unexpected finding at {}:{line_no}: {line}",
                    f.display
                );
            } else {
                assert!(
                    hits == 0,
                    "{code}: finding on an unmarked line {}:{line_no}: {line}",
                    f.display
                );
            }
        }
    }
    assert!(
        flagged > 0 && ok > 0,
        "{code}: the fixture needs `;; <-` and `;; ok` lines"
    );
    let mut rendered = String::new();
    for d in &report.diagnostics {
        rendered.push_str(&format!(
            "{}:{}:{}: {}: {} [{}]\n",
            d.file, d.line, d.col, d.level, d.message, d.code
        ));
    }
    expect_test::expect_file![dir.join(format!("{code}.txt"))].assert_eq(&rendered);
}

#[test]
fn every_rule_against_its_fixture() {
    let mut failures = Vec::new();
    for rule in registry::ALL {
        if let Err(e) = std::panic::catch_unwind(|| check(rule.code)) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{}: {msg}", rule.code));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rules failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
