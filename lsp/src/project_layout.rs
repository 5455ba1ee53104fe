//! Where a project is and what its source roots are: the nearest directory with a
//! `deps.edn` (or `.kiln/`, `.clj-kondo/`, `project.clj`), and the `:paths` (plus aliases'
//! `:extra-paths`) of its `deps.edn`, defaulting to `src` and `test`.

use std::path::{Path, PathBuf};

use crate::analysis::node::{Lowerer, NodeKind};

const MARKERS: &[&str] = &["deps.edn", ".kiln", ".clj-kondo", "project.clj", "bb.edn"];

/// The project root containing `start` (a file or directory), or `start` itself.
pub fn find_root(start: &Path) -> PathBuf {
    let start = if start.is_file() {
        start.parent().unwrap_or(start)
    } else {
        start
    };
    let abs = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = Some(abs.as_path());
    while let Some(d) = dir {
        if MARKERS.iter().any(|m| d.join(m).exists()) {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    abs
}

/// Whether some directory enclosing `path` is a project root (has a marker file).
pub fn has_marker(path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .any(|d| MARKERS.iter().any(|m| d.join(m).exists()))
}

/// The source roots of the project at `root` (only those that exist).
pub fn source_roots(root: &Path) -> Vec<PathBuf> {
    let mut names: Vec<String> = Vec::new();
    if let Ok(text) = std::fs::read_to_string(root.join("deps.edn")) {
        let parse = syntax::parse(&text);
        let mut inactive = Vec::new();
        let mut nodes = Vec::new();
        let mut l = Lowerer {
            inactive: &mut inactive,
        };
        for f in parse.root().forms() {
            l.lower_into(f, &mut nodes);
        }
        if let Some(NodeKind::Map(entries)) = nodes.first().map(|n| &n.kind) {
            collect_paths(entries, &mut names);
        }
    }
    if names.is_empty() {
        names = vec!["src".into(), "test".into()];
    }
    let mut out: Vec<PathBuf> = names
        .iter()
        .map(|n| root.join(n))
        .filter(|p| p.is_dir())
        .collect();
    out.dedup();
    out
}

fn collect_paths(entries: &[crate::analysis::node::Node], out: &mut Vec<String>) {
    for pair in entries.chunks(2) {
        let Some(k) = pair[0].keyword() else { continue };
        let Some(v) = pair.get(1) else { continue };
        match (k.name.as_str(), &v.kind) {
            ("paths" | "extra-paths", NodeKind::Vector(xs)) => {
                out.extend(xs.iter().filter_map(|x| x.string().map(str::to_string)));
            }
            ("aliases", NodeKind::Map(aliases)) => {
                for a in aliases.chunks(2) {
                    if let Some(NodeKind::Map(inner)) = a.get(1).map(|n| &n.kind) {
                        collect_paths(inner, out);
                    }
                }
            }
            _ => {}
        }
    }
}
