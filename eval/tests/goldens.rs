//! Differential tests against JVM Clojure: every `fixtures/eval/*.tsv` line is an expression
//! and what JVM Clojure printed for it (`=> value` or `throws Class`), produced by
//! `scripts/regen-eval-goldens.sh`. kiln evaluates the same lines in order in one runtime.
//! Every disagreement must be listed in `fixtures/eval/known-divergences.tsv` with its
//! reason, a listed case that now agrees must be taken off the list, and at least 98% must
//! agree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use eval::Runtime;

mod differential;
use differential::{kiln_result, opaque};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/eval")
}

/// Booted from the bundled sources.
#[test]
fn kiln_agrees_with_jvm_clojure() {
    check_goldens(|| Runtime::from_source().expect("runtime starts"));
}

/// Restored from a start-up image of a runtime booted from source: the image must carry
/// everything the goldens touch (protocols, multimethods, hierarchies, records, docs).
#[test]
fn a_runtime_restored_from_its_image_agrees_too() {
    let image = Runtime::from_source().unwrap().image().expect("image");
    check_goldens(|| Runtime::from_image(&image).expect("image restores"));
}

fn check_goldens(make: impl Fn() -> Runtime) {
    let known: BTreeMap<String, String> =
        std::fs::read_to_string(fixtures().join("known-divergences.tsv"))
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(e, r)| (e.to_string(), r.to_string()))
            .collect();
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "tsv") && !p.ends_with("known-divergences.tsv")
        })
        .collect();
    files.sort();
    let (mut total, mut agree) = (0, 0);
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for file in files {
        let rt = make();
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            let Some((expr, jvm)) = line.split_once('\t') else {
                continue;
            };
            total += 1;
            let kiln = kiln_result(&rt, expr);
            // Collect cycles after every expression: every atom the rest of the file still
            // needs (defs, memoize caches, protocol and multimethod tables) must survive.
            rt.collect_garbage();
            if opaque(&kiln) == opaque(jvm) {
                agree += 1;
                if known.contains_key(expr) {
                    fixed.push(expr.to_string());
                }
            } else if !known.contains_key(expr) {
                unexpected.push(format!("{expr}\n    jvm:  {jvm}\n    kiln: {kiln}"));
            }
        }
    }
    eprintln!("{agree}/{total} agree with JVM Clojure");
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
    assert!(agree * 100 >= total * 98, "only {agree}/{total} agree");
}
