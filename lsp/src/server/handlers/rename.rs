//! `textDocument/prepareRename` and `textDocument/rename`: locals within their file, project
//! vars across every file (definitions, references, `:refer` entries; `alias/name` keeps
//! its qualifier). Core vars, namespaces and keywords are refused with a reason.

use std::collections::HashMap;
use std::path::Path;

use syntax::{PositionEncoding, TextRange, TextSize};
use tower_lsp::lsp_types::{PrepareRenameResponse, TextEdit, Url, WorkspaceEdit};

use super::super::convert;
use super::super::lookup::{self, Subject};
use super::super::world::{Snapshot, World};

/// What can be renamed at `offset`, or why not.
pub fn prepare(
    world: &World,
    snap: &Snapshot,
    offset: TextSize,
    enc: PositionEncoding,
) -> Result<PrepareRenameResponse, String> {
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
