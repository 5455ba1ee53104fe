//! Parser throughput against tree-sitter's Clojure grammar, in the same run, on the same
//! bytes: `clojure/core.clj` and the whole Debian corpus (`scripts/fetch-corpus.sh`), plus the
//! incremental re-parse after a one-character edit inside core.clj.
//!
//! Run with `scripts/bench-syntax.sh`, which prints the MB/s table and the ratios.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The same allocator as the `kiln` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use syntax::{Document, TextEdit, TextRange, TextSize};

fn corpus_dir() -> PathBuf {
    std::env::var_os("KILN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .unwrap()
                .join(".corpus")
        })
}

/// Every distinct corpus file's text.
fn corpus() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p
                .extension()
                .is_some_and(|e| matches!(e.to_str(), Some("clj" | "cljc" | "cljs" | "edn")))
            {
                out.push(p);
            }
        }
    }
    let dir = corpus_dir();
    assert!(
        dir.exists(),
        "no corpus at {}: run scripts/fetch-corpus.sh",
        dir.display()
    );
    let mut files = Vec::new();
    walk(&dir, &mut files);
    files.sort();
    let mut seen = HashSet::new();
    files
        .into_iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

fn tree_sitter_parser() -> tree_sitter::Parser {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_clojure::LANGUAGE.into())
        .unwrap();
    parser
}

fn benches(c: &mut Criterion) {
    let core = std::fs::read_to_string(corpus_dir().join("libclojure-java/clojure/core.clj"))
        .expect("clojure/core.clj: run scripts/fetch-corpus.sh");
    let files = corpus();
    let total: usize = files.iter().map(String::len).sum();
    let mut ts = tree_sitter_parser();
    let ts_errors = files
        .iter()
        .filter(|f| ts.parse(f, None).unwrap().root_node().has_error())
        .count();
    let kiln_errors = files
        .iter()
        .filter(|f| !syntax::parse(f).errors().is_empty())
        .count();
    eprintln!(
        "corpus: {} distinct files, {total} bytes; files with errors: kiln {kiln_errors}, tree-sitter {ts_errors}",
        files.len()
    );

    let mut g = c.benchmark_group("core.clj");
    g.throughput(Throughput::Bytes(core.len() as u64));
    g.bench_function("kiln", |b| b.iter(|| syntax::parse(&core)));
    g.bench_function("tree-sitter", |b| b.iter(|| ts.parse(&core, None).unwrap()));
    g.finish();

    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(total as u64));
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(8));
    g.bench_function("kiln", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| syntax::parse(f).errors().len())
                .sum::<usize>()
        })
    });
    g.bench_function("tree-sitter", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| ts.parse(f, None).unwrap().root_node().child_count())
                .sum::<usize>()
        })
    });
    g.finish();

    // One character typed inside a form in the middle of core.clj.
    let doc = Document::new(&core);
    let at = core.find("(defn reduce\n").expect("reduce in core.clj") + 5;
    let edit = TextEdit::new(TextRange::empty(TextSize::from(at as u32)), "x");
    let mut g = c.benchmark_group("incremental");
    g.bench_function("kiln one-char edit in core.clj", |b| {
        b.iter_batched(
            || doc.clone(),
            |mut d| d.apply(&edit),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("kiln full re-parse of core.clj", |b| {
        let edited = edit.apply(&core);
        b.iter(|| syntax::parse(&edited))
    });
    g.finish();
}

criterion_group!(parse, benches);
criterion_main!(parse);
