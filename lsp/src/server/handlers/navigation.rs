//! `textDocument/definition`, `declaration`, `references` and `documentHighlight`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use syntax::{LineIndex, PositionEncoding, TextRange, TextSize};
use tower_lsp::lsp_types::{DocumentHighlight, DocumentHighlightKind, Location};

use super::super::convert;
use super::super::lookup::{self, Subject};
use super::super::world::{Snapshot, World};

/// Converts `(file, range)` pairs into locations, each file's line index looked up once.
pub fn locations(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    enc: PositionEncoding,
    hits: &[(PathBuf, TextRange)],
) -> Vec<Location> {
    let mut indexes: HashMap<&Path, Arc<LineIndexRef>> = HashMap::new();
    let mut out = Vec::new();
    for (p, r) in hits {
        let idx = indexes.entry(p.as_path()).or_insert_with(|| {
            Arc::new(if p == path {
                LineIndexRef::Own
            } else {
                match world.files.get(p).and_then(|f| f.snap.clone()) {
                    Some(s) => LineIndexRef::Other(s),
                    None => LineIndexRef::Missing,
                }
            })
        });
        let index: &LineIndex = match &**idx {
            LineIndexRef::Own => &snap.index,
            LineIndexRef::Other(s) => &s.index,
            LineIndexRef::Missing => continue,
        };
        out.push(Location::new(
            convert::uri(p),
            convert::range(index, enc, *r),
        ));
    }
    out
}

enum LineIndexRef {
    Own,
    Other(Arc<Snapshot>),
    Missing,
}

pub fn definition(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    offset: TextSize,
    enc: PositionEncoding,
) -> Vec<Location> {
    let Some((subject, _)) = lookup::subject_at(snap, offset) else {
        return Vec::new();
    };
    let hits: Vec<(PathBuf, TextRange)> = match &subject {
        Subject::Local(i) => snap
            .analysis
            .locals
            .get(*i)
            .map(|l| vec![(path.to_path_buf(), l.range)])
            .unwrap_or_default(),
        Subject::Var { ns, name } => {
            let defs = lookup::var_defs(world, ns, name);
            // Prefer real definitions over `declare`.
            let real: Vec<_> = defs
                .iter()
                .filter(|(_, d)| d.kind != crate::analysis::DefKind::Declare)
                .map(|(p, d)| (p.clone(), d.name_range))
                .collect();
            if real.is_empty() {
                defs.iter()
                    .map(|(p, d)| (p.clone(), d.name_range))
                    .collect()
            } else {
                real
            }
        }
        Subject::Namespace(ns) => lookup::ns_decls(world, ns),
        Subject::Keyword(_) | Subject::Special(_) => Vec::new(),
    };
    if hits.is_empty()
        && let Subject::Var { ns, name } = &subject
        && ns == "clojure.core"
        && let Some(core) = super::super::core_sources::get()
        && let Some(r) = core.defs.get(name)
    {
        // Not defined in the project: kiln's own core source (a read-only cache file).
        return vec![Location::new(
            convert::uri(&core.path),
            convert::range(&core.index, enc, *r),
        )];
    }
    locations(world, path, snap, enc, &hits)
}

pub fn references(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    offset: TextSize,
    enc: PositionEncoding,
    include_declaration: bool,
) -> Vec<Location> {
    let Some((subject, _)) = lookup::subject_at(snap, offset) else {
        return Vec::new();
    };
    let hits: Vec<(PathBuf, TextRange)> = lookup::occurrences(world, path, snap, &subject)
        .into_iter()
        .filter(|(_, _, def)| include_declaration || !def)
        .map(|(p, r, _)| (p, r))
        .collect();
    locations(world, path, snap, enc, &hits)
}

pub fn highlight(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    offset: TextSize,
    enc: PositionEncoding,
) -> Vec<DocumentHighlight> {
    let Some((subject, _)) = lookup::subject_at(snap, offset) else {
        return Vec::new();
    };
    lookup::occurrences(world, path, snap, &subject)
        .into_iter()
        .filter(|(p, _, _)| p == path)
        .map(|(_, r, def)| DocumentHighlight {
            range: convert::range(&snap.index, enc, r),
            kind: Some(if def {
                DocumentHighlightKind::WRITE
            } else {
                DocumentHighlightKind::READ
            }),
        })
        .collect()
}
