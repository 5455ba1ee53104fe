//! `textDocument/codeLens`: a reference count above every top-level definition (counted
//! across the workspace in one pass over the references).

use std::collections::HashMap;
use std::path::Path;

use syntax::PositionEncoding;
use tower_lsp::lsp_types::{CodeLens, Command};

use super::super::convert;
use super::super::world::{Snapshot, World};
use crate::analysis::Target;

pub fn code_lens(
    world: &World,
    path: &Path,
    snap: &Snapshot,
    enc: PositionEncoding,
) -> Vec<CodeLens> {
    let ns = &snap.analysis.ns;
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut count_in = |s: &Snapshot| {
        for r in &s.analysis.refs {
            if let Target::Var { ns: n, name } = &r.target
                && n == ns
            {
                *counts.entry(name.clone()).or_default() += 1;
            }
        }
    };
    count_in(snap);
    for (p, f) in &world.files {
        if p != path
            && let Some(s) = &f.snap
        {
            count_in(s);
        }
    }
    snap.analysis
        .defs
        .iter()
        .filter(|d| d.top_level && d.ns == *ns)
        .map(|d| {
            let n = counts.get(&d.name).copied().unwrap_or(0);
            let range = convert::range(&snap.index, enc, d.name_range);
            CodeLens {
                range,
                command: Some(Command {
                    title: format!("{n} reference{}", if n == 1 { "" } else { "s" }),
                    command: "kiln.showReferences".into(),
                    arguments: Some(vec![
                        serde_json::json!(convert::uri(path)),
                        serde_json::json!(range.start),
                    ]),
                }),
                data: None,
            }
        })
        .collect()
}
