//! Wasm calls in the editor: the module behind `(wasm/call m "export" …)` when `m` is bound
//! in the same file to `(wasm/load "literal/path.wat")`, read (never instantiated) with the
//! runtime's module reader. Completion lists its exports; hover shows an export's signature.

use std::path::Path;
use std::sync::Arc;

use syntax::{SyntaxKind, TextRange, TextSize};

use super::super::lookup;
use super::super::world::{Snapshot, World};
use eval::wasm::reader::{ModuleInfo, ReadError};

/// A string in export-name position of a Wasm call, and the module it names an export of.
pub struct ExportCall {
    pub module_path: String,
    pub info: Arc<ModuleInfo>,
    /// The export name as written (without quotes) and the string's range.
    pub name: String,
    pub range: TextRange,
}

const CALLS: &[&str] = &[
    "wasm/call",
    "wasm/fn",
    "wasm/call-string",
    "cljw.wasm/call",
    "cljw.wasm/fn",
    "cljw.wasm/call-string",
];

pub fn export_at(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    offset: TextSize,
) -> Option<ExportCall> {
    let tok = lookup::token_at(snap, offset)?;
    if tok.kind() != SyntaxKind::STRING {
        return None;
    }
    let list = tok.parent()?;
    let items: Vec<String> = list
        .children_with_tokens()
        .filter(|c| {
            !lookup::is_trivia(c.kind())
                && !matches!(c.kind(), SyntaxKind::L_PAREN | SyntaxKind::R_PAREN)
        })
        .map(|c| c.to_string())
        .collect();
    let head = items.first()?;
    if !CALLS.contains(&head.as_str()) || items.get(2).map(String::as_str) != Some(tok.text()) {
        return None;
    }
    let module_var = items.get(1)?;
    // `module_var (wasm/load "path"` in the file: a `def` or a `let` binding.
    let text = &snap.text;
    let mut module_path = None;
    for (i, _) in text.match_indices(module_var.as_str()) {
        let rest = text[i + module_var.len()..].trim_start();
        if let Some(rest) = rest
            .strip_prefix("(wasm/load")
            .or_else(|| rest.strip_prefix("(cljw.wasm/load"))
            && let Some(rest) = rest.trim_start().strip_prefix('"')
        {
            module_path = rest.split('"').next().map(str::to_string);
            break;
        }
    }
    let module_path = module_path?;
    let base = world
        .workspace_of(path)
        .map(|i| world.workspaces[i].root.clone())
        .or_else(|| path.parent().map(Path::to_path_buf))?;
    let read: Arc<Result<ModuleInfo, ReadError>> =
        eval::wasm::reader::read_module_file(&base.join(&module_path));
    let info = Arc::new(read.as_ref().as_ref().ok()?.clone());
    Some(ExportCall {
        module_path,
        info,
        name: tok.text().trim_matches('"').to_string(),
        range: tok.text_range(),
    })
}

/// Hover text for an export name: its signature, or the exports when it does not exist.
pub fn hover_markdown(call: &ExportCall) -> String {
    match call.info.export(&call.name) {
        Some(e) => format!(
            "**{}** — Wasm export of `{}`\n```\n{}\n```",
            e.name,
            call.module_path,
            e.kind.describe()
        ),
        None => {
            let names: Vec<&str> = call.info.exports.iter().map(|e| e.name.as_str()).collect();
            format!(
                "`{}` has no export `{}`; exports: {}",
                call.module_path,
                call.name,
                names.join(", ")
            )
        }
    }
}
