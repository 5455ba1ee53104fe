//! `callHierarchy/*` (who calls a project function, what it calls) and
//! `textDocument/implementation` (a multimethod's `defmethod`s; a protocol's or a protocol
//! method's implementations in `extend-type`, `extend-protocol`, `defrecord`, `deftype`,
//! `reify`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::json;
use syntax::{PositionEncoding, SyntaxKind, SyntaxNode, TextRange, TextSize};
use tower_lsp::lsp_types::{
    CallHierarchyIncomingCall, CallHierarchyItem, CallHierarchyOutgoingCall, Location, SymbolKind,
};

use super::super::convert;
use super::super::lookup::{self, Subject};
use super::super::world::{Snapshot, World};
use super::navigation::locations;
use crate::analysis::{Def, DefKind, Target};

fn item(path: &Path, s: &Snapshot, d: &Def, enc: PositionEncoding) -> CallHierarchyItem {
    CallHierarchyItem {
        name: d.name.clone(),
        kind: if d.kind == DefKind::Macro {
            SymbolKind::OPERATOR
        } else {
            SymbolKind::FUNCTION
        },
        tags: None,
        detail: Some(d.ns.clone()),
        uri: convert::uri(path),
        range: convert::range(&s.index, enc, d.range),
        selection_range: convert::range(&s.index, enc, d.name_range),
        data: Some(json!({"ns": d.ns, "name": d.name})),
    }
}

/// `callHierarchy/prepare`: the project definition at the cursor.
pub fn prepare(
    world: &World,
    snap: &Snapshot,
    offset: TextSize,
    enc: PositionEncoding,
) -> Vec<CallHierarchyItem> {
    let Some((Subject::Var { ns, name }, _)) = lookup::subject_at(snap, offset) else {
        return Vec::new();
    };
    lookup::var_defs(world, &ns, &name)
        .into_iter()
        .filter(|(_, d)| d.kind != DefKind::Declare)
        .filter_map(|(p, d)| {
            let s = world.files.get(&p)?.snap.clone()?;
            Some(item(&p, &s, &d, enc))
        })
        .collect()
}

fn var_of(item: &CallHierarchyItem) -> Option<(String, String)> {
    let d = item.data.as_ref()?;
    Some((
        d.get("ns")?.as_str()?.to_string(),
        d.get("name")?.as_str()?.to_string(),
    ))
}

/// Callers: every reference to the item's var, grouped by the top-level definition around it.
pub fn incoming(
    world: &World,
    target: &CallHierarchyItem,
    enc: PositionEncoding,
) -> Vec<CallHierarchyIncomingCall> {
    let Some((ns, name)) = var_of(target) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (p, f) in &world.files {
        let Some(s) = &f.snap else { continue };
        let mut by_def: BTreeMap<usize, Vec<TextRange>> = BTreeMap::new();
        for r in &s.analysis.refs {
            if matches!(&r.target, Target::Var { ns: n, name: m } if *n == ns && *m == name)
                && let Some(i) = s.analysis.defs.iter().position(|d| {
                    d.top_level
                        && d.range.contains_range(r.range)
                        && !(d.ns == ns && d.name == name && d.name_range == r.range)
                })
            {
                by_def.entry(i).or_default().push(r.range);
            }
        }
        for (i, ranges) in by_def {
            out.push(CallHierarchyIncomingCall {
                from: item(p, s, &s.analysis.defs[i], enc),
                from_ranges: ranges
                    .into_iter()
                    .map(|r| convert::range(&s.index, enc, r))
                    .collect(),
            });
        }
    }
    out.sort_by(|a, b| {
        (a.from.uri.as_str(), a.from.range.start.line)
            .cmp(&(b.from.uri.as_str(), b.from.range.start.line))
    });
    out
}

/// Callees: the project vars referenced inside the item's definition.
pub fn outgoing(
    world: &World,
    source: &CallHierarchyItem,
    enc: PositionEncoding,
) -> Vec<CallHierarchyOutgoingCall> {
    let Some((ns, name)) = var_of(source) else {
        return Vec::new();
    };
    let Some((path, def)) = lookup::var_defs(world, &ns, &name)
        .into_iter()
        .find(|(_, d)| d.kind != DefKind::Declare)
    else {
        return Vec::new();
    };
    let Some(s) = world.files.get(&path).and_then(|f| f.snap.clone()) else {
        return Vec::new();
    };
    let mut by_target: BTreeMap<(String, String), Vec<TextRange>> = BTreeMap::new();
    for r in &s.analysis.refs {
        if let Target::Var { ns: n, name: m } = &r.target
            && def.range.contains_range(r.range)
            && r.range != def.name_range
            && r.call_args.is_some()
        {
            by_target
                .entry((n.clone(), m.clone()))
                .or_default()
                .push(r.range);
        }
    }
    let mut out = Vec::new();
    for ((n, m), ranges) in by_target {
        let Some((p, d)) = lookup::var_defs(world, &n, &m)
            .into_iter()
            .find(|(_, d)| d.kind != DefKind::Declare)
        else {
            continue;
        };
        let Some(ts) = world.files.get(&p).and_then(|f| f.snap.clone()) else {
            continue;
        };
        out.push(CallHierarchyOutgoingCall {
            to: item(&p, &ts, &d, enc),
            from_ranges: ranges
                .into_iter()
                .map(|r| convert::range(&s.index, enc, r))
                .collect(),
        });
    }
    out
}

fn head(list: &SyntaxNode) -> Option<String> {
    list.children_with_tokens()
        .find(|c| !lookup::is_trivia(c.kind()) && c.kind() != SyntaxKind::L_PAREN)
        .map(|c| c.to_string())
}

fn last_segment(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

/// Implementations of a multimethod, a protocol, or a protocol method.
pub fn implementation(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    offset: TextSize,
    enc: PositionEncoding,
) -> Vec<Location> {
    let Some((Subject::Var { ns, name }, _)) = lookup::subject_at(snap, offset) else {
        return Vec::new();
    };
    let defs = lookup::var_defs(world, &ns, &name);
    let kind = defs
        .iter()
        .map(|(_, d)| d.kind)
        .find(|k| *k != DefKind::Declare);
    // A protocol's methods, when asked about the protocol itself.
    let methods: Vec<String> = match kind {
        Some(DefKind::Protocol) => world
            .files
            .values()
            .filter_map(|f| f.snap.as_ref())
            .flat_map(|s| s.analysis.defs.iter())
            .filter(|d| {
                d.ns == ns
                    && d.kind == DefKind::ProtocolMethod
                    && defs.iter().any(|(_, p)| p.range.contains_range(d.range))
            })
            .map(|d| d.name.clone())
            .collect(),
        _ => vec![name.clone()],
    };
    let mut hits: Vec<(PathBuf, TextRange)> = Vec::new();
    for (p, f) in &world.files {
        let Some(s) = (if p == path {
            Some(snap)
        } else {
            f.snap.as_deref()
        }) else {
            continue;
        };
        for list in s
            .parse
            .syntax()
            .descendants()
            .filter(|n| n.kind() == SyntaxKind::LIST)
        {
            let Some(h) = head(&list) else { continue };
            match last_segment(&h) {
                "defmethod" if kind == Some(DefKind::Multi) => {
                    let target = list
                        .children_with_tokens()
                        .filter(|c| !lookup::is_trivia(c.kind()) && c.kind() != SyntaxKind::L_PAREN)
                        .nth(1);
                    if target.is_some_and(|t| last_segment(&t.to_string()) == name) {
                        hits.push((p.clone(), list.text_range()));
                    }
                }
                "extend-type" | "extend-protocol" | "defrecord" | "deftype" | "reify"
                | "extend"
                    if matches!(kind, Some(DefKind::Protocol | DefKind::ProtocolMethod)) =>
                {
                    for m in list.children().filter(|n| n.kind() == SyntaxKind::LIST) {
                        if head(&m).is_some_and(|h| methods.iter().any(|x| *x == last_segment(&h)))
                        {
                            hits.push((p.clone(), m.text_range()));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    hits.sort_by(|a, b| (&a.0, a.1.start()).cmp(&(&b.0, b.1.start())));
    locations(world, path, snap, enc, &hits)
}
