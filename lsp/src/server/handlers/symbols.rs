//! `textDocument/documentSymbol` (the namespace with its definitions, hierarchical) and
//! `workspace/symbol` (fuzzy search over every project definition).

use syntax::PositionEncoding;
use tower_lsp::lsp_types::{DocumentSymbol, Location, SymbolInformation, SymbolKind};

use super::super::convert;
use super::super::world::{Snapshot, World};
use crate::analysis::DefKind;

fn kind(k: DefKind) -> SymbolKind {
    match k {
        DefKind::Fn | DefKind::Multi => SymbolKind::FUNCTION,
        DefKind::Macro => SymbolKind::OPERATOR,
        DefKind::ProtocolMethod => SymbolKind::METHOD,
        DefKind::Protocol => SymbolKind::INTERFACE,
        DefKind::Record | DefKind::Type => SymbolKind::STRUCT,
        DefKind::Var | DefKind::Declare | DefKind::Unknown => SymbolKind::VARIABLE,
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
pub fn document_symbols(snap: &Snapshot, enc: PositionEncoding) -> Vec<DocumentSymbol> {
    let a = &snap.analysis;
    let defs: Vec<DocumentSymbol> = a
        .defs
        .iter()
        .filter(|d| d.top_level && d.range.contains_range(d.name_range))
        .map(|d| DocumentSymbol {
            name: d.name.clone(),
            detail: (!d.arglists.is_empty()).then(|| d.arglists.join(" ")),
            kind: kind(d.kind),
            tags: None,
            deprecated: None,
            range: convert::range(&snap.index, enc, d.range),
            selection_range: convert::range(&snap.index, enc, d.name_range),
            children: None,
        })
        .collect();
    match a.ns_range {
        Some(ns_range) => {
            let whole = crate::analysis::project::file_range(&snap.text);
            vec![DocumentSymbol {
                name: a.ns.clone(),
                detail: None,
                kind: SymbolKind::NAMESPACE,
                tags: None,
                deprecated: None,
                range: convert::range(&snap.index, enc, whole),
                selection_range: convert::range(&snap.index, enc, ns_range),
                children: Some(defs),
            }]
        }
        None => defs,
    }
}

/// A fuzzy match score (lower is better): the query's characters in order in the name,
/// case-insensitively; `None` when they are not.
pub fn fuzzy(query: &str, name: &str) -> Option<usize> {
    if query.is_empty() {
        return Some(name.len());
    }
    let name_l = name.to_lowercase();
    if let Some(i) = name_l.find(&query.to_lowercase()) {
        return Some(i + name.len() - query.len());
    }
    let mut gaps = 0;
    let mut chars = name_l.chars();
    for q in query.to_lowercase().chars() {
        let mut skipped = 0;
        loop {
            match chars.next() {
                Some(c) if c == q => break,
                Some(_) => skipped += 1,
                None => return None,
            }
        }
        gaps += skipped;
    }
    Some(1000 + gaps * 10 + name.len())
}

#[allow(deprecated)]
pub fn workspace_symbols(
    world: &World,
    query: &str,
    enc: PositionEncoding,
) -> Vec<SymbolInformation> {
    let mut hits: Vec<(usize, SymbolInformation)> = Vec::new();
    for (p, f) in &world.files {
        let Some(s) = &f.snap else { continue };
        for d in &s.analysis.defs {
            let Some(score) = fuzzy(query, &d.name) else {
                continue;
            };
            hits.push((
                score,
                SymbolInformation {
                    name: d.name.clone(),
                    kind: kind(d.kind),
                    tags: None,
                    deprecated: None,
                    location: Location::new(
                        convert::uri(p),
                        convert::range(&s.index, enc, d.name_range),
                    ),
                    container_name: Some(d.ns.clone()),
                },
            ));
        }
    }
    hits.sort_by(|a, b| (a.0, &a.1.name).cmp(&(b.0, &b.1.name)));
    hits.truncate(200);
    hits.into_iter().map(|(_, s)| s).collect()
}
