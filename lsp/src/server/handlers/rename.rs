//! `textDocument/prepareRename` and `textDocument/rename`: locals within their file, project
//! vars across every file (definitions, references, `:refer` entries; `alias/name` keeps
//! its qualifier), aliases within their file (`str/join`, `::str/k`). Core vars,
//! namespaces and keywords are refused with a reason.

use std::collections::HashMap;
use std::path::Path;

use syntax::{PositionEncoding, TextRange, TextSize};
use tower_lsp::lsp_types::{PrepareRenameResponse, TextEdit, Url, WorkspaceEdit};

use super::super::convert;
use super::super::lookup::{self, Subject};
use super::super::world::{Snapshot, World};

/// The alias under the cursor: on its definition in a require, or on the qualifier of
/// `alias/name`. Returns the alias and the range of the text naming it.
fn alias_at(snap: &Snapshot, offset: TextSize) -> Option<(String, TextRange)> {
    for r in &snap.analysis.requires {
        if let Some((alias, range)) = &r.alias
            && range.contains_inclusive(offset)
        {
            return Some((alias.clone(), *range));
        }
    }
    let tok = super::super::lookup::token_at(snap, offset)?;
    if !matches!(
        tok.kind(),
        syntax::SyntaxKind::SYMBOL | syntax::SyntaxKind::KEYWORD
    ) {
        return None;
    }
    let text = tok.text();
    let start = tok.text_range().start();
    let body = text.trim_start_matches(':');
    let lead = (text.len() - body.len()) as u32;
    let (qual, _) = body.split_once('/')?;
    let q = TextRange::at(
        start + TextSize::from(lead),
        TextSize::from(qual.len() as u32),
    );
    let known = snap
        .analysis
        .requires
        .iter()
        .any(|r| r.alias.as_ref().is_some_and(|(a, _)| a == qual));
    (known && q.contains_inclusive(offset) && (lead == 0 || lead == 2))
        .then(|| (qual.to_string(), q))
}

/// Every place the file names an alias: its definition, `alias/x` symbols, `::alias/k`.
fn alias_occurrences(snap: &Snapshot, alias: &str) -> Vec<TextRange> {
    let mut out = Vec::new();
    for r in &snap.analysis.requires {
        if let Some((a, range)) = &r.alias
            && a == alias
        {
            out.push(*range);
        }
    }
    for t in snap
        .parse
        .syntax()
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
    {
        let lead = match t.kind() {
            syntax::SyntaxKind::SYMBOL if !t.text().starts_with(':') => 0,
            syntax::SyntaxKind::KEYWORD if t.text().starts_with("::") => 2,
            _ => continue,
        };
        let body = &t.text()[lead..];
        if body
            .split_once('/')
            .is_some_and(|(q, n)| q == alias && !n.is_empty())
        {
            out.push(TextRange::at(
                t.text_range().start() + TextSize::from(lead as u32),
                TextSize::from(alias.len() as u32),
            ));
        }
    }
    out.sort_by_key(|r| r.start());
    out.dedup();
    out
}

/// What can be renamed at `offset`, or why not.
pub fn prepare(
    world: &World,
    snap: &Snapshot,
    offset: TextSize,
    enc: PositionEncoding,
) -> Result<PrepareRenameResponse, String> {
    if let Some((_, range)) = alias_at(snap, offset) {
        return Ok(PrepareRenameResponse::Range(convert::range(
            &snap.index,
            enc,
            range,
        )));
    }
    let (subject, range) = lookup::subject_at(snap, offset).ok_or("nothing to rename here")?;
    match &subject {
        Subject::Local(_) => {}
        Subject::Var { ns, name } => {
            if lookup::var_defs(world, ns, name).is_empty() {
                return Err(format!("{ns}/{name} is not defined in this project"));
            }
        }
        Subject::Namespace(_) => return Err("renaming namespaces is not supported yet".into()),
        Subject::Keyword(_) => return Err("keywords cannot be renamed".into()),
        Subject::Special(s) => return Err(format!("`{s}` is a special form")),
    }
    let name_range = name_part(&snap.text, range);
    Ok(PrepareRenameResponse::Range(convert::range(
        &snap.index,
        enc,
        name_range,
    )))
}

/// The part of `alias/name` after the qualifier.
fn name_part(text: &str, range: TextRange) -> TextRange {
    let s = &text[range];
    match s.rfind('/') {
        Some(i) if i > 0 && i + 1 < s.len() => {
            TextRange::new(range.start() + TextSize::from(i as u32 + 1), range.end())
        }
        _ => range,
    }
}

pub fn rename(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    offset: TextSize,
    enc: PositionEncoding,
    new_name: &str,
) -> Result<WorkspaceEdit, String> {
    if !syntax::valid_symbol(new_name.as_bytes()) || new_name.contains('/') {
        return Err(format!("`{new_name}` is not a valid symbol name"));
    }
    prepare(world, snap, offset, enc)?;
    if let Some((alias, _)) = alias_at(snap, offset) {
        let edits = alias_occurrences(snap, &alias)
            .into_iter()
            .map(|r| TextEdit::new(convert::range(&snap.index, enc, r), new_name.to_string()))
            .collect();
        let mut changes = HashMap::new();
        changes.insert(convert::uri(path), edits);
        return Ok(WorkspaceEdit::new(changes));
    }
    let (subject, _) = lookup::subject_at(snap, offset).ok_or("nothing to rename here")?;
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    for (p, r, _) in lookup::occurrences(world, path, snap, &subject) {
        let (text, index) = if p == path {
            (snap.text.clone(), None)
        } else {
            let Some(s) = world.files.get(&p).and_then(|f| f.snap.clone()) else {
                continue;
            };
            (s.text.clone(), Some(s))
        };
        let r = name_part(&text, r);
        let idx = index.as_ref().map_or(&snap.index, |s| &s.index);
        changes
            .entry(convert::uri(&p))
            .or_default()
            .push(TextEdit::new(
                convert::range(idx, enc, r),
                new_name.to_string(),
            ));
    }
    Ok(WorkspaceEdit::new(changes))
}
