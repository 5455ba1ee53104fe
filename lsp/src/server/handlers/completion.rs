//! `textDocument/completion` and `completionItem/resolve`: locals in scope, the file's own
//! vars, referred vars, aliases (`str/` then the alias's vars), core vars, namespaces inside
//! `(:require …)`, keywords seen in the project, and Wasm export names inside
//! `(wasm/call m "…")` when `m` comes from a literal `wasm/load`. Documentation is filled
//! in by resolve, so the list itself stays small.

use std::collections::HashSet;
use std::path::Path;

use serde_json::json;
use syntax::{SyntaxKind, SyntaxNode, TextRange, TextSize};
use tower_lsp::lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, TextEdit,
};

use super::super::convert;
use super::super::lookup;
use super::super::world::{Snapshot, World};
use crate::analysis::DefKind;
use crate::analysis::core_index::{CoreIndex, VarKind};

/// The most items returned for one request (the client filters further as the user types).
const LIMIT: usize = 500;

/// The prefix being typed at `offset` and its range.
fn prefix(snap: &Snapshot, offset: TextSize) -> (String, TextRange) {
    let text = &snap.text;
    let end = usize::from(offset).min(text.len());
    let start = text[..end]
        .char_indices()
        .rev()
        .take_while(|(_, c)| !c.is_whitespace() && !"()[]{}\"',`~@^;#".contains(*c))
        .last()
        .map_or(end, |(i, _)| i);
    (
        text[start..end].to_string(),
        TextRange::new((start as u32).into(), (end as u32).into()),
    )
}

fn item(
    label: String,
    kind: CompletionItemKind,
    detail: Option<String>,
    data: Option<serde_json::Value>,
) -> CompletionItem {
    CompletionItem {
        label,
        kind: Some(kind),
        detail,
        data,
        ..CompletionItem::default()
    }
}

fn def_kind(k: DefKind) -> CompletionItemKind {
    match k {
        DefKind::Fn | DefKind::Multi | DefKind::ProtocolMethod => CompletionItemKind::FUNCTION,
        DefKind::Macro => CompletionItemKind::KEYWORD,
        DefKind::Protocol => CompletionItemKind::INTERFACE,
        DefKind::Record | DefKind::Type => CompletionItemKind::STRUCT,
        _ => CompletionItemKind::VARIABLE,
    }
}

fn core_kind(k: VarKind) -> CompletionItemKind {
    match k {
        VarKind::Fn => CompletionItemKind::FUNCTION,
        VarKind::Macro => CompletionItemKind::KEYWORD,
        _ => CompletionItemKind::VARIABLE,
    }
}

/// Is the cursor inside a `(:require …)` clause or a `(require …)` call?
fn in_require(node: Option<SyntaxNode>) -> bool {
    let mut node = node;
    while let Some(n) = node {
        if n.kind() == SyntaxKind::LIST {
            let head = n
                .children_with_tokens()
                .find(|c| !lookup::is_trivia(c.kind()) && c.kind() != SyntaxKind::L_PAREN);
            if let Some(h) = head {
                let t = h.to_string();
                if matches!(
                    t.as_str(),
                    ":require" | ":use" | "require" | "use" | ":require-macros"
                ) {
                    return true;
                }
            }
        }
        node = n.parent();
    }
    false
}

/// The vars of a namespace visible from outside: project defs (public) or core vars.
fn ns_vars(
    world: &World,
    ns: &str,
    out: &mut Vec<CompletionItem>,
    qualifier: &str,
    seen: &mut HashSet<String>,
) {
    for f in world.files.values() {
        let Some(s) = &f.snap else { continue };
        for d in s.analysis.defs.iter().filter(|d| d.ns == ns && !d.private) {
            let label = format!("{qualifier}{}", d.name);
            if seen.insert(label.clone()) {
                out.push(item(
                    label,
                    def_kind(d.kind),
                    Some(ns.to_string()),
                    Some(json!({"ns": ns, "name": d.name})),
                ));
            }
        }
    }
    if let Some(info) = CoreIndex::get().namespaces.get(ns) {
        for (name, v) in &info.vars {
            let label = format!("{qualifier}{name}");
            if seen.insert(label.clone()) {
                out.push(item(
                    label,
                    core_kind(v.kind),
                    Some(ns.to_string()),
                    Some(json!({"ns": ns, "name": name})),
                ));
            }
        }
    }
}

/// Wasm export names for a string inside `(wasm/call m "…")`.
fn wasm_exports(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    offset: TextSize,
) -> Option<Vec<CompletionItem>> {
    let call = super::wasm::export_at(world, path, snap, offset)?;
    Some(
        call.info
            .exports
            .iter()
            .filter(|e| matches!(e.kind, eval::wasm::reader::ItemKind::Func { .. }))
            .map(|e| {
                let mut it = item(
                    e.name.clone(),
                    CompletionItemKind::FUNCTION,
                    Some(e.kind.describe()),
                    None,
                );
                it.documentation = Some(Documentation::String(format!(
                    "export of {}: {}",
                    call.module_path,
                    e.kind.describe()
                )));
                it
            })
            .collect(),
    )
}

pub fn completion(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    offset: TextSize,
    enc: syntax::PositionEncoding,
) -> Vec<CompletionItem> {
    if let Some(items) = wasm_exports(world, path, snap, offset) {
        return items;
    }
    let (prefix, prefix_range) = prefix(snap, offset);
    let a = &snap.analysis;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    if let Some(kw) = prefix.strip_prefix(':') {
        let mut kws: Vec<&str> = world
            .files
            .values()
            .filter_map(|f| f.snap.as_ref())
            .flat_map(|s| s.analysis.keywords.iter().map(|k| k.text.as_str()))
            .chain(a.keywords.iter().map(|k| k.text.as_str()))
            .filter(|k| {
                k.trim_start_matches(':')
                    .starts_with(kw.trim_start_matches(':'))
            })
            .collect();
        kws.sort_unstable();
        kws.dedup();
        for k in kws.into_iter().take(LIMIT) {
            out.push(item(k.to_string(), CompletionItemKind::KEYWORD, None, None));
        }
        return with_edits(out, &snap.index, enc, prefix_range);
    }
    if let Some((qual, _)) = prefix.split_once('/') {
        // `alias/…` or `full.ns/…`
        let ns = a
            .requires
            .iter()
            .find(|r| r.alias.as_ref().is_some_and(|(al, _)| al == qual))
            .map(|r| r.ns.clone())
            .unwrap_or_else(|| qual.to_string());
        ns_vars(world, &ns, &mut out, &format!("{qual}/"), &mut seen);
        out.retain(|i| i.label.starts_with(&prefix));
        out.truncate(LIMIT);
        return with_edits(out, &snap.index, enc, prefix_range);
    }
    let tok_parent = lookup::token_at(snap, offset).and_then(|t| t.parent());
    if in_require(tok_parent) {
        let mut names: Vec<String> = world
            .scans
            .keys()
            .cloned()
            .chain(CoreIndex::get().namespaces.keys().cloned())
            .filter(|n| n.starts_with(&prefix) && n != &a.ns)
            .collect();
        names.sort();
        names.dedup();
        for n in names.into_iter().take(LIMIT) {
            out.push(item(n, CompletionItemKind::MODULE, None, None));
        }
        return with_edits(out, &snap.index, enc, prefix_range);
    }
    // Locals in scope at the cursor.
    for l in a.locals.iter().rev() {
        if !l.synthetic
            && l.scope.contains_inclusive(offset)
            && l.range.end() <= offset
            && l.name.starts_with(&prefix)
            && seen.insert(l.name.clone())
        {
            out.push(item(
                l.name.clone(),
                CompletionItemKind::VARIABLE,
                Some("local".into()),
                None,
            ));
        }
    }
    // The file's namespace (all files of it), then referred vars, aliases, core.
    for f in world.files.values() {
        let Some(s) = f.snap.as_ref() else { continue };
        let s = if s.analysis.ns == a.ns { s } else { continue };
        for d in &s.analysis.defs {
            if d.name.starts_with(&prefix) && seen.insert(d.name.clone()) {
                out.push(item(
                    d.name.clone(),
                    def_kind(d.kind),
                    Some(d.ns.clone()),
                    Some(json!({"ns": d.ns, "name": d.name})),
                ));
            }
        }
    }
    for d in &a.defs {
        if d.name.starts_with(&prefix) && seen.insert(d.name.clone()) {
            out.push(item(
                d.name.clone(),
                def_kind(d.kind),
                Some(d.ns.clone()),
                Some(json!({"ns": d.ns, "name": d.name})),
            ));
        }
    }
    for r in &a.requires {
        for refer in &r.refers {
            if refer.name.starts_with(&prefix) && seen.insert(refer.name.clone()) {
                out.push(item(
                    refer.name.clone(),
                    CompletionItemKind::FUNCTION,
                    Some(r.ns.clone()),
                    Some(json!({"ns": r.ns, "name": refer.name})),
                ));
            }
        }
        if let Some((alias, _)) = &r.alias
            && alias.starts_with(&prefix)
            && seen.insert(format!("{alias}/"))
        {
            let mut it = item(
                format!("{alias}/"),
                CompletionItemKind::MODULE,
                Some(r.ns.clone()),
                None,
            );
            it.filter_text = Some(alias.clone());
            out.push(it);
        }
    }
    if let Some(core) = CoreIndex::get().namespaces.get("clojure.core") {
        let mut names: Vec<(&String, &crate::analysis::core_index::VarInfo)> = core
            .vars
            .iter()
            .filter(|(n, _)| n.starts_with(&prefix))
            .collect();
        names.sort_by(|a, b| a.0.cmp(b.0));
        for (name, v) in names {
            if seen.insert(name.clone()) {
                out.push(item(
                    name.clone(),
                    core_kind(v.kind),
                    Some("clojure.core".into()),
                    Some(json!({"ns": "clojure.core", "name": name})),
                ));
            }
        }
    }
    for s in &CoreIndex::get().specials {
        if s.starts_with(&prefix) && seen.insert(s.clone()) {
            out.push(item(
                s.clone(),
                CompletionItemKind::KEYWORD,
                Some("special form".into()),
                None,
            ));
        }
    }
    out.truncate(LIMIT);
    with_edits(out, &snap.index, enc, prefix_range)
}

fn with_edits(
    items: Vec<CompletionItem>,
    index: &syntax::LineIndex,
    enc: syntax::PositionEncoding,
    range: TextRange,
) -> Vec<CompletionItem> {
    let r = convert::range(index, enc, range);
    items
        .into_iter()
        .enumerate()
        .map(|(i, mut it)| {
            it.text_edit = Some(CompletionTextEdit::Edit(TextEdit::new(r, it.label.clone())));
            it.sort_text = Some(format!("{i:05}"));
            it
        })
        .collect()
}

/// Fills in the documentation of an item from its `data`.
pub fn resolve(world: &World, mut item: CompletionItem) -> CompletionItem {
    let data = item.data.clone().unwrap_or_default();
    if let (Some(ns), Some(name)) = (
        data.get("ns").and_then(|v| v.as_str()),
        data.get("name").and_then(|v| v.as_str()),
    ) && let Some(md) = super::hover::var_markdown(world, Path::new(""), ns, name)
    {
        item.documentation = Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md,
        }));
    }
    item
}
