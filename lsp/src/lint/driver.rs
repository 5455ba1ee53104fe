//! The lint driver: finds the files to lint, analyses them as one project (in parallel),
//! applies levels and inline suppressions, and returns diagnostics sorted by file and place.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use syntax::LineIndex;

use super::config::LintConfig;
use super::registry::Level;
use super::suppress;
use crate::analysis::expand::Expander;
use crate::analysis::{Project, ProjectFile};
use crate::diagnostic::Diagnostic;

/// The extensions kiln lints.
pub const EXTENSIONS: &[&str] = &["clj", "cljc", "cljw"];

/// Build and reader configuration written as Clojure data, not code: Leiningen's
/// `project.clj` and `data_readers.clj(c)`. Linted only when named explicitly.
pub fn is_config_file(p: &Path) -> bool {
    matches!(
        p.file_name().and_then(|n| n.to_str()),
        Some("project.clj" | "data_readers.clj" | "data_readers.cljc")
    )
}

/// The result of a lint run.
pub struct LintReport {
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
    pub duration: Duration,
}

/// Every lintable file under `paths` (files are taken as given), sorted, minus exclusions.
pub fn collect_files(root: &Path, paths: &[PathBuf], config: &LintConfig) -> Vec<PathBuf> {
    let mut out = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            if p.is_dir() {
                walk(&p, out);
            } else if p
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| EXTENSIONS.contains(&x))
                && !is_config_file(&p)
            {
                out.push(p);
            }
        }
    }
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    out.retain(|p| {
        let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        let rel = abs
            .strip_prefix(root)
            .unwrap_or(&abs)
            .to_string_lossy()
            .replace('\\', "/");
        !config.is_excluded(&rel)
    });
    out
}

/// The path of `file` relative to the source root containing it.
pub fn rel_to_roots(file: &Path, roots: &[PathBuf]) -> Option<String> {
    roots
        .iter()
        .filter_map(|r| file.strip_prefix(r).ok())
        .min_by_key(|p| p.components().count())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
}

/// Lints source files (already read) as one project.
pub fn lint_files(
    files: Vec<ProjectFile>,
    root: Option<PathBuf>,
    config: &LintConfig,
    threads: usize,
    expander: Option<&(dyn Expander + Sync)>,
    progress: &(dyn Fn(usize) + Sync),
) -> LintReport {
    let start = Instant::now();
    let count = files.iter().filter(|f| f.report).count();
    let project = Project {
        root,
        config: config.analysis.clone(),
    };
    let analysed = project.analyze(files, threads, expander, progress);
    let mut diagnostics = Vec::new();
    for f in analysed.iter().filter(|f| f.file.report) {
        let index = LineIndex::new(&f.file.text);
        let sups = suppress::suppressions(&f.parse);
        for finding in &f.analysis.findings {
            let level = config.level(finding.code);
            if level == Level::Off || suppress::is_suppressed(&sups, finding.code, finding.range) {
                continue;
            }
            diagnostics.push(Diagnostic::new(
                &f.file.display,
                &index,
                finding.code,
                level,
                finding.message.clone(),
                finding.range,
            ));
        }
    }
    diagnostics
        .sort_by(|a, b| (&a.file, a.line, a.col, a.code).cmp(&(&b.file, b.line, b.col, b.code)));
    LintReport {
        diagnostics,
        files: count,
        duration: start.elapsed(),
    }
}
