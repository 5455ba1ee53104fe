//! Wasm calls checked against the real module: `wasm/load` of a literal path is read with
//! the bridge's module reader (no instantiation, cached by path and mtime), the name it is
//! bound to (`def` or a local) is remembered, and later `wasm/call`, `wasm/fn` and
//! `wasm/call-string` through that name are checked against the module's exports.

use std::path::PathBuf;

use eval::wasm::reader::{ItemKind, ModuleInfo, read_module_file};

use super::node::{Node, NodeKind};
use super::walker::Walker;
use crate::lint::rules::{
    wasm_arg_type, wasm_arity_mismatch, wasm_export_not_found, wasm_missing_import,
    wasm_module_not_found,
};

fn is_wasm_fn(w: &mut Walker, head: &Node, want: &[&str]) -> bool {
    let Some(s) = head.symbol() else { return false };
    let ns_ok = match &s.ns {
        Some(q) => {
            q == "wasm"
                || w.ns
                    .aliases
                    .get(q)
                    .is_some_and(|(ns, _)| ns == "cljw.wasm" || ns == "wasm")
        }
        None => false,
    };
    ns_ok && want.contains(&s.name.as_str())
}

/// Where a literal module path points: relative to the project root, else to the file.
fn locate(w: &Walker, lit: &str) -> Option<PathBuf> {
    let p = PathBuf::from(lit);
    if p.is_absolute() {
        return p.exists().then_some(p);
    }
    let mut bases = Vec::new();
    if let Some(root) = &w.env.root {
        bases.push(root.clone());
    }
    if let Some(dir) = w.file_path.as_ref().and_then(|f| f.parent()) {
        bases.push(dir.to_path_buf());
    }
    bases.into_iter().map(|b| b.join(&p)).find(|c| c.exists())
}

/// If `init` is `(wasm/load "literal" …)`, the module's path (checked and read).
pub fn load_path(w: &mut Walker, init: &Node) -> Option<PathBuf> {
    let items = init.list()?;
    if !is_wasm_fn(w, items.first()?, &["load", "load-wasi"]) {
        return None;
    }
    let lit = items.get(1)?.string()?;
    locate(w, lit)
}

fn module(path: &std::path::Path) -> Option<ModuleInfo> {
    match &*read_module_file(path) {
        Ok(info) => Some(info.clone()),
        Err(_) => None,
    }
}

/// Checks a call to a `wasm` function.
pub fn check(w: &mut Walker, _list: &Node, name: &str, args: &[Node]) {
    if w.soft > 0 {
        return;
    }
    match name {
        "load" | "load-wasi" => check_load(w, args),
        "call" | "fn" | "call-string" => check_call(w, name, args),
        _ => {}
    }
}

fn check_load(w: &mut Walker, args: &[Node]) {
    let Some(path_node) = args.first() else {
        return;
    };
    let Some(lit) = path_node.string() else {
        return;
    };
    let Some(path) = locate(w, lit) else {
        w.finding(
            wasm_module_not_found::CODE,
            path_node.range,
            format!("Wasm module not found: {lit}"),
        );
        return;
    };
    let info = match &*read_module_file(&path) {
        Ok(info) => info.clone(),
        Err(e) => {
            w.finding(
                wasm_module_not_found::CODE,
                path_node.range,
                format!("{lit} is not a valid Wasm module: {e}"),
            );
            return;
        }
    };
    // {:imports {"env" {"log" f}}}
    let Some(NodeKind::Map(opts)) = args.get(1).map(|n| &n.kind) else {
        return;
    };
    let Some(imports) = opts
        .chunks(2)
        .find(|p| p[0].keyword().is_some_and(|k| k.name == "imports"))
        .and_then(|p| p.get(1))
    else {
        return;
    };
    let NodeKind::Map(mods) = &imports.kind else {
        return;
    };
    for imp in &info.imports {
        if !matches!(imp.kind, ItemKind::Func { .. }) {
            continue;
        }
        let module_map = mods
            .chunks(2)
            .find(|p| p[0].string() == Some(imp.module.as_str()))
            .and_then(|p| p.get(1));
        let provided = match module_map.map(|m| &m.kind) {
            Some(NodeKind::Map(fields)) => fields
                .chunks(2)
                .any(|p| p[0].string() == Some(imp.name.as_str())),
            // A module value or a computed map: cannot tell.
            Some(_) => true,
            None => false,
        };
        if !provided {
            w.finding(
                wasm_missing_import::CODE,
                imports.range,
                format!(
                    "missing Wasm import {}.{} {}",
                    imp.module,
                    imp.name,
                    imp.kind.describe()
                ),
            );
        }
    }
}

fn check_call(w: &mut Walker, which: &str, args: &[Node]) {
    let Some(m) = args.first().and_then(Node::simple_name) else {
        return;
    };
    let Some(path) = w.wasm_modules.get(m).cloned() else {
        return;
    };
    let Some(info) = module(&path) else { return };
    let Some(export_node) = args.get(1) else {
        return;
    };
    let Some(export) = export_node.string() else {
        return;
    };
    let funcs: Vec<&str> = info
        .exports
        .iter()
        .filter(|e| matches!(e.kind, ItemKind::Func { .. }))
        .map(|e| e.name.as_str())
        .collect();
    let Some(ItemKind::Func { params, .. }) = info.export(export).map(|e| &e.kind) else {
        let suggestion = funcs
            .iter()
            .min_by_key(|f| edit_distance(f, export))
            .filter(|f| edit_distance(f, export) <= 3);
        let hint = suggestion
            .map(|s| format!(" Did you mean \"{s}\"?"))
            .unwrap_or_default();
        w.finding(
            wasm_export_not_found::CODE,
            export_node.range,
            format!(
                "Wasm export \"{export}\" not found.{hint} Exports: {}",
                funcs.join(", ")
            ),
        );
        return;
    };
    if which != "call" {
        return;
    }
    let call_args = &args[2..];
    if call_args.len() != params.len() {
        w.finding(
            wasm_arity_mismatch::CODE,
            export_node.range,
            format!(
                "Wasm export \"{export}\" takes {} arguments ({}) but is called with {}",
                params.len(),
                params.join(", "),
                call_args.len()
            ),
        );
        return;
    }
    for (a, ty) in call_args.iter().zip(params) {
        if let Some(t) = a.literal_type()
            && t != "number"
        {
            w.finding(
                wasm_arg_type::CODE,
                a.range,
                format!("Wasm parameter of type {ty} given a {t}"),
            );
        }
    }
}

/// Levenshtein distance, for suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
