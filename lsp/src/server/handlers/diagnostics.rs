//! Diagnostics for a file (pushed with `publishDiagnostics` or pulled with
//! `textDocument/diagnostic`): the linter's findings with the project's configuration,
//! suppressions and the link pass, as protocol diagnostics.

use std::path::Path;

use syntax::PositionEncoding;
use tower_lsp::lsp_types::{Diagnostic, DiagnosticTag, NumberOrString};

use super::super::convert;
use super::super::world::{Snapshot, World};

/// Rules whose findings mark code as unnecessary (editors grey it out).
const UNNECESSARY: &[&str] = &[
    "unused-binding",
    "unused-namespace",
    "unused-referred-var",
    "unused-private-var",
    "redundant-do",
    "redundant-let",
];

pub fn diagnostics(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    enc: PositionEncoding,
) -> Vec<Diagnostic> {
    world
        .findings(path, snap)
        .into_iter()
        .map(|(f, level)| Diagnostic {
            range: convert::range(&snap.index, enc, f.range),
            severity: Some(convert::severity(level)),
            code: Some(NumberOrString::String(f.code.to_string())),
            source: Some("kiln".into()),
            message: f.message,
            tags: UNNECESSARY
                .contains(&f.code)
                .then(|| vec![DiagnosticTag::UNNECESSARY]),
            ..Diagnostic::default()
        })
        .collect()
}
