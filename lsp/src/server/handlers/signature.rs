//! `textDocument/signatureHelp`: inside a call, the callee's arglists with the parameter
//! the cursor is on.

use std::path::Path;

use syntax::{SyntaxKind, SyntaxNode, TextSize};
use tower_lsp::lsp_types::{
    ParameterInformation, ParameterLabel, SignatureHelp, SignatureInformation,
};

use super::super::lookup::{self, Subject};
use super::super::world::{Snapshot, World};
use crate::analysis::core_index::CoreIndex;

/// The innermost list around `offset` (strictly inside its delimiters).
pub fn enclosing_list(snap: &Snapshot, offset: TextSize) -> Option<SyntaxNode> {
    let tok = lookup::token_at(snap, offset)?;
    let mut node = tok.parent();
    while let Some(n) = node {
        let r = n.text_range();
        if n.kind() == SyntaxKind::LIST
            && r.start() < offset
            && (offset < r.end() || !n.text().to_string().ends_with(')'))
        {
            return Some(n);
        }
        node = n.parent();
    }
    None
}

/// The arglists of a var, one string per arity (`[x y & more]`).
pub fn arglists(world: &World, ns: &str, name: &str) -> Vec<String> {
    let defs = lookup::var_defs(world, ns, name);
    if let Some((_, d)) = defs.iter().find(|(_, d)| !d.arglists.is_empty()) {
        return d.arglists.clone();
    }
    let Some(v) = CoreIndex::get().var(ns, name) else {
        return Vec::new();
    };
    // `([x] [x y] [x y & more])`
    let s = v.arglists.trim();
    let inner = s
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(s);
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in inner.chars() {
        match c {
            '[' | '{' | '(' => depth += 1,
            ']' | '}' | ')' => depth -= 1,
            _ => {}
        }
        if depth == 0 && c == ']' {
            cur.push(c);
            out.push(cur.trim().to_string());
            cur.clear();
            continue;
        }
        if depth > 0 || !c.is_whitespace() {
            cur.push(c);
        }
    }
    out
}

/// Splits `[a {:keys [b]} & more]` into parameter labels.
fn params(arglist: &str) -> Vec<String> {
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

pub fn signature_help(
    world: &World,
    _path: &Path,
    snap: &Snapshot,
    offset: TextSize,
) -> Option<SignatureHelp> {
    let list = enclosing_list(snap, offset)?;
    let mut forms = list.children_with_tokens().filter(|c| {
        !lookup::is_trivia(c.kind())
            && !matches!(c.kind(), SyntaxKind::L_PAREN | SyntaxKind::R_PAREN)
    });
    let head = forms.next()?;
    if head.kind() != SyntaxKind::SYMBOL {
        return None;
    }
    let (Subject::Var { ns, name }, _) = lookup::subject_at(snap, head.text_range().start())?
    else {
        return None;
    };
    // The argument index: the arguments that end before the cursor (one being typed and
    // ending at the cursor is the current one).
    let arg = forms.filter(|c| c.text_range().end() < offset).count();
    let lists = arglists(world, &ns, &name);
    if lists.is_empty() {
        return None;
    }
    // The arity that takes as many arguments as the call has, else the first that can
    // take the one under the cursor.
    let total = list
        .children_with_tokens()
        .filter(|c| {
            !lookup::is_trivia(c.kind())
                && !matches!(c.kind(), SyntaxKind::L_PAREN | SyntaxKind::R_PAREN)
        })
        .count()
        .saturating_sub(1)
        .max(arg + 1);
    let active_sig = lists
        .iter()
        .position(|al| accepts(al, total, true))
        .or_else(|| lists.iter().position(|al| accepts(al, arg + 1, false)))
        .unwrap_or(0);
    let signatures: Vec<SignatureInformation> = lists
        .iter()
        .map(|al| {
            let ps = params(al);
            let variadic = ps.iter().position(|p| p == "&");
            let active = match variadic {
                Some(v) if arg >= v => Some((v + 1) as u32),
                _ => Some(arg as u32),
            };
            SignatureInformation {
                label: format!(
                    "({ns}/{name} {})",
                    al.trim_start_matches('[').trim_end_matches(']')
                ),
                documentation: None,
                parameters: Some(
                    ps.iter()
                        .map(|p| ParameterInformation {
                            label: ParameterLabel::Simple(p.clone()),
                            documentation: None,
                        })
                        .collect(),
                ),
                active_parameter: active,
            }
        })
        .collect();
    let active_parameter = signatures[active_sig].active_parameter;
    Some(SignatureHelp {
        signatures,
        active_signature: Some(active_sig as u32),
        active_parameter,
    })
}

/// Does an arglist take `n` arguments (exactly, or at least when `!exact`)?
fn accepts(arglist: &str, n: usize, exact: bool) -> bool {
    let ps = params(arglist);
    match ps.iter().position(|p| p == "&") {
        Some(v) => n >= v,
        None if exact => n == ps.len(),
        None => n <= ps.len(),
    }
}
