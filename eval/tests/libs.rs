//! Real libraries: pure-Clojure libraries from Debian's `lib*-clojure` packages, loaded from
//! their own sources and exercised through their public functions. Each
//! `fixtures/libs/NAME.clj` names the packages it needs (`;; packages: …`, unpacked into
//! `.corpus/` by `scripts/fetch-corpus.sh`) and holds one expression per line; `NAME.tsv` is
//! what JVM Clojure printed for each (`scripts/regen-lib-goldens.sh`). kiln must agree on
//! every line not listed, with its reason, in `fixtures/libs/known-divergences.tsv`.
//!
//! The corpus is required (CI fetches it first); set `KILN_SKIP_CORPUS=1` to skip locally.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use eval::Runtime;

mod differential;
use differential::{kiln_result, opaque};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("KILN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".corpus"));
    if dir.join("libclojure-java/clojure/core.clj").exists() {
        return Some(dir);
    }
    if std::env::var_os("KILN_SKIP_CORPUS").is_some() {
        eprintln!("KILN_SKIP_CORPUS set: library tests skipped");
        return None;
    }
    panic!(
        "corpus not found in {}: run scripts/fetch-corpus.sh (or set KILN_SKIP_CORPUS=1)",
        dir.display()
    );
}

/// The result of one library's case file: (agreeing, total, unexpected divergences).
struct LibRun {
    name: String,
    agree: usize,
    total: usize,
    unexpected: Vec<String>,
    fixed: Vec<String>,
}

fn run_lib(cases: &Path, corpus: &Path, known: &BTreeMap<String, String>) -> LibRun {
    let name = cases.file_stem().unwrap().to_string_lossy().into_owned();
    let source = std::fs::read_to_string(cases).unwrap();
    let packages: Vec<&str> = source
        .lines()
        .find_map(|l| l.strip_prefix(";; packages: "))
        .unwrap_or_else(|| panic!("{}: no `;; packages:` line", cases.display()))
        .split_whitespace()
        .collect();
    let rt = Runtime::new().expect("runtime starts");
    rt.set_source_roots(packages.iter().map(|p| corpus.join(p)).collect());
    let golden = std::fs::read_to_string(cases.with_extension("tsv")).unwrap();
    let mut run = LibRun {
        name,
        agree: 0,
        total: 0,
        unexpected: Vec::new(),
        fixed: Vec::new(),
    };
    for line in golden.lines() {
        let Some((expr, jvm)) = line.split_once('\t') else {
            continue;
        };
        run.total += 1;
        let kiln = kiln_result(&rt, expr);
        let key = format!("{}: {expr}", run.name);
        if opaque(&kiln) == opaque(jvm) {
            run.agree += 1;
            if known.contains_key(&key) {
                run.fixed.push(key);
            }
        } else if !known.contains_key(&key) {
            run.unexpected
                .push(format!("{key}\n    jvm:  {jvm}\n    kiln: {kiln}"));
        }
    }
    run
}

#[test]
fn real_libraries_agree_with_jvm_clojure() {
    let Some(corpus) = corpus() else { return };
    let dir = root().join("fixtures/libs");
    let known: BTreeMap<String, String> =
        std::fs::read_to_string(dir.join("known-divergences.tsv"))
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(e, r)| (e.to_string(), r.to_string()))
            .collect();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "clj"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "at least 8 libraries are exercised");
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for file in &files {
        let run = run_lib(file, &corpus, &known);
        eprintln!(
            "{:<20} {}/{} agree with JVM Clojure",
            run.name, run.agree, run.total
        );
        // The library must have loaded: its first line (the `require`) agrees.
        assert!(run.total > 1, "{}: no cases", run.name);
        unexpected.extend(run.unexpected);
        fixed.extend(run.fixed);
    }
    assert!(
        unexpected.is_empty(),
        "{} unlisted divergences:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "listed as divergent but now agree (remove them): {fixed:?}"
    );
}
