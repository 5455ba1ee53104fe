//! Linter hot paths: analysing clojure/core.clj alone (one file, the walker and rules), and
//! linting the whole Debian corpus as one project on 2 threads (scan, analysis with macro
//! expansion, link). `scripts/bench-lint.sh` runs this and the whole-process figures.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use lsp::analysis::ProjectFile;
use lsp::analysis::expand::RuntimeExpander;
use lsp::lint::config::LintConfig;
use lsp::lint::driver::{collect_files, lint_files};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.corpus")
}

fn read(paths: &[PathBuf]) -> Vec<ProjectFile> {
    paths
        .iter()
        .map(|p| ProjectFile {
            path: p.clone(),
            display: p.display().to_string(),
            rel: None,
            text: String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned(),
            report: true,
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let config = LintConfig::default();
    let core = corpus().join("libclojure-java/clojure/core.clj");
    let core_files = read(std::slice::from_ref(&core));
    let mut g = c.benchmark_group("lint");
    g.sample_size(20);
    g.bench_function("core.clj, no expansion", |b| {
        b.iter(|| lint_files(core_files.clone(), None, &config, 1, None, &|_| {}))
    });
    let all = collect_files(&corpus(), &[corpus()], &config);
    let files = read(&all);
    g.sample_size(10);
    g.bench_function(format!("corpus ({} files), 2 threads", files.len()), |b| {
        b.iter(|| {
            let expander = RuntimeExpander::new(Vec::new());
            lint_files(
                files.clone(),
                Some(corpus()),
                &config,
                2,
                Some(&expander),
                &|_| {},
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
