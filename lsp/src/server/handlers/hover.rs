//! `textDocument/hover`: a var's namespace-qualified name, kind, arglists, docstring and
//! where it is defined; a local's binding; a namespace's file; on the head of a macro call
//! kiln expanded, the expansion.

use std::path::Path;

use syntax::TextSize;
use tower_lsp::lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::super::convert;
use super::super::lookup::{self, Subject};
use super::super::world::{Snapshot, World};
use crate::analysis::core_index::{CoreIndex, VarKind};
use crate::analysis::{Def, DefKind};

pub fn hover(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    offset: TextSize,
    enc: syntax::PositionEncoding,
) -> Option<Hover> {
    if let Some(call) = super::wasm::export_at(world, path, snap, offset) {
        return Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: super::wasm::hover_markdown(&call),
            }),
            range: Some(convert::range(&snap.index, enc, call.range)),
        });
    }
    let (subject, range) = lookup::subject_at(snap, offset)?;
    let mut md = match &subject {
        Subject::Local(i) => {
            let l = snap.analysis.locals.get(*i)?;
            let line = snap
                .index
                .position(syntax::PositionEncoding::Utf32, l.range.start())
                .line
                + 1;
            format!("local `{}`, bound on line {line}", l.name)
        }
        Subject::Var { ns, name } => var_markdown(world, path, ns, name)?,
        Subject::Namespace(ns) => {
            let decls = lookup::ns_decls(world, ns);
            match decls.first() {
                Some((p, _)) => format!("namespace `{ns}`\n\n{}", relative(world, p)),
                None if CoreIndex::get().has_ns(ns) => format!("namespace `{ns}` (bundled)"),
                None => format!("namespace `{ns}` (not in the project)"),
            }
        }
        Subject::Keyword(k) => format!("keyword `{k}`"),
        Subject::Special(name) => super::special_forms::markdown(name)?,
    };
    if let Some((_, text)) = snap
        .analysis
        .expansions
        .iter()
        .find(|(call, _)| call.start() + TextSize::from(1) == range.start())
    {
        md.push_str(&format!(
            "\n\n---\nexpands to:\n```clojure\n{}\n```",
            super::super::ext::format_form(text, 80)
        ));
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: md,
        }),
        range: Some(convert::range(&snap.index, enc, range)),
    })
}

fn kind_word(k: DefKind) -> &'static str {
    match k {
        DefKind::Fn => "function",
        DefKind::Macro => "macro",
        DefKind::Var | DefKind::Declare | DefKind::Unknown => "var",
        DefKind::Multi => "multimethod",
        DefKind::Protocol => "protocol",
        DefKind::ProtocolMethod => "protocol method",
        DefKind::Record => "record",
        DefKind::Type => "type",
    }
}

fn relative(world: &World, p: &Path) -> String {
    world
        .workspace_of(p)
        .and_then(|i| p.strip_prefix(&world.workspaces[i].root).ok())
        .unwrap_or(p)
        .display()
        .to_string()
}

/// Markdown documentation of a var (project or core), shared with completion.
pub fn var_markdown(world: &World, _from: &Path, ns: &str, name: &str) -> Option<String> {
    let defs = lookup::var_defs(world, ns, name);
    if let Some((p, d)) = defs
        .iter()
        .find(|(_, d)| d.kind != DefKind::Declare)
        .or(defs.first())
    {
        return Some(def_markdown(world, p, d));
    }
    let v = CoreIndex::get().var(ns, name)?;
    let kind = match v.kind {
        VarKind::Fn => "function",
        VarKind::Macro => "macro",
        VarKind::Var => "var",
        VarKind::Dynamic => "dynamic var",
    };
    let mut md = format!("**{ns}/{name}** — {kind}");
    if !v.arglists.is_empty() {
        md.push_str(&format!("\n```clojure\n{}\n```", v.arglists));
    }
    if !v.doc.is_empty() {
        md.push_str(&format!("\n\n{}", v.doc));
    }
    Some(md)
}

fn def_markdown(world: &World, p: &Path, d: &Def) -> String {
    let private = if d.private { "private " } else { "" };
    let mut md = format!("**{}/{}** — {private}{}", d.ns, d.name, kind_word(d.kind));
    if !d.arglists.is_empty() {
        md.push_str(&format!("\n```clojure\n({})\n```", d.arglists.join(" ")));
    }
    if let Some(doc) = &d.doc {
        md.push_str(&format!("\n\n{doc}"));
    }
    let line = world
        .files
        .get(p)
        .and_then(|f| f.snap.as_ref())
        .map(|s| {
            s.index
                .position(syntax::PositionEncoding::Utf32, d.name_range.start())
                .line
                + 1
        })
        .unwrap_or(0);
    md.push_str(&format!("\n\n*defined at* `{}:{line}`", relative(world, p)));
    md
}
