//! `textDocument/inlayHint`: parameter names before the arguments of calls to project
//! functions (`(area w: 3 h: 4)`), off by default (`inlayHints.parameterNames`). No hint
//! when the argument is already a symbol of the same name.

use syntax::{PositionEncoding, SyntaxKind, TextRange};
use tower_lsp::lsp_types::{InlayHint, InlayHintKind, InlayHintLabel};

use super::super::convert;
use super::super::lookup;
use super::super::world::{Snapshot, World};
use super::signature::arglists;
use crate::analysis::Target;

fn param_names(arglist: &str) -> Vec<String> {
    let inner = arglist.trim().trim_start_matches('[').trim_end_matches(']');
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in inner.chars() {
        match c {
            '[' | '{' | '(' => depth += 1,
            ']' | '}' | ')' => depth -= 1,
            _ => {}
        }
        if depth == 0 && (c.is_whitespace() || c == ',') {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

pub fn inlay_hints(
    world: &World,
    snap: &Snapshot,
    enc: PositionEncoding,
    within: TextRange,
) -> Vec<InlayHint> {
    let mut out = Vec::new();
    for r in &snap.analysis.refs {
        let (Some(n), Target::Var { ns, name }) = (r.call_args, &r.target) else {
            continue;
        };
        if !within.contains_range(r.range) || !world.scans.contains_key(ns) {
            continue;
        }
        let lists = arglists(world, ns, name);
        let Some(params) = lists
            .iter()
            .map(|a| param_names(a))
            .find(|ps| ps.len() == n && !ps.iter().any(|p| p == "&"))
        else {
            continue;
        };
        let Some(head) = lookup::token_at(snap, r.range.start() + syntax::TextSize::from(1)) else {
            continue;
        };
        let Some(list) = head.parent() else { continue };
        if list.kind() != SyntaxKind::LIST {
            continue;
        }
        let args: Vec<_> = list
            .children_with_tokens()
            .filter(|c| {
                !lookup::is_trivia(c.kind())
                    && !matches!(c.kind(), SyntaxKind::L_PAREN | SyntaxKind::R_PAREN)
            })
            .skip(1)
            .collect();
        if args.len() != n {
            continue;
        }
        for (arg, p) in args.iter().zip(&params) {
            if !p.chars().next().is_some_and(|c| c.is_alphabetic()) || arg.to_string() == *p {
                continue;
            }
            out.push(InlayHint {
                position: convert::position(&snap.index, enc, arg.text_range().start()),
                label: InlayHintLabel::String(format!("{p}:")),
                kind: Some(InlayHintKind::PARAMETER),
                text_edits: None,
                tooltip: None,
                padding_left: None,
                padding_right: Some(true),
                data: None,
            });
        }
    }
    out
}
