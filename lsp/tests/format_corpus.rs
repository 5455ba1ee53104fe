//! The formatter on real code: every file of the Debian corpus formats without a panic,
//! the result differs from the input only in whitespace (the same tokens otherwise, in the
//! same order), and formatting it again changes nothing (idempotence).
//!
//! A missing corpus fails the test; `KILN_SKIP_CORPUS=1` skips it on purpose.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "clj" || x == "cljc" || x == "cljs" || x == "edn")
        {
            out.push(p);
        }
    }
}

fn tokens(text: &str) -> Vec<String> {
    syntax::parse(text)
        .syntax()
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| t.kind() != syntax::SyntaxKind::WHITESPACE)
        .map(|t| match t.kind() {
            syntax::SyntaxKind::COMMENT => t.text().trim_end().to_string(),
            _ => t.text().to_string(),
        })
        .collect()
}

#[test]
fn formatting_the_corpus_changes_only_whitespace_and_is_idempotent() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.corpus");
    if !dir.join("libclojure-java/clojure/core.clj").exists() {
        if std::env::var_os("KILN_SKIP_CORPUS").is_some() {
            return;
        }
        panic!("corpus not found: run scripts/fetch-corpus.sh (or set KILN_SKIP_CORPUS=1)");
    }
    let mut all = Vec::new();
    files(&dir, &mut all);
    all.sort();
    let (mut formatted, mut unchanged, mut refused) = (0, 0, 0);
    for p in &all {
        let text = String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
        let Some(out) = lsp::format::format(&text) else {
            refused += 1;
            continue;
        };
        formatted += 1;
        if out == text {
            unchanged += 1;
        }
        assert_eq!(
            tokens(&out),
            tokens(&text),
            "{}: formatting changed more than whitespace",
            p.display()
        );
        assert_eq!(
            lsp::format::format(&out).as_deref(),
            Some(out.as_str()),
            "{}: not idempotent",
            p.display()
        );
    }
    eprintln!(
        "{formatted} files formatted ({unchanged} already formatted), {refused} with syntax errors left alone"
    );
    assert!(formatted > 700, "{formatted}");
}
