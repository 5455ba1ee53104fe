//! `:doc` and `:arglists` for the vars of `clojure.core` and the bundled namespaces.
//!
//! Many core vars are natives (no docstring in any source), and others are dialect code
//! written without one. Their documentation comes from `eval/data/core-index.tsv`, the table
//! JVM Clojure itself produces (`scripts/regen-core-index.sh`), which the linter also reads
//! for hover and arity checks. A var's metadata is completed the first time `meta` reads it
//! (nothing is done at start-up); keys the var already has are kept.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::runtime::Var;
use crate::value::{Map, Value};
use crate::vm::Interp;

/// The table: namespace, name, kind, arities, arglists, doc (tab-separated, one var a line;
/// `\n` and `\t` escaped in the doc).
pub const TABLE: &str = include_str!("../../data/core-index.tsv");

/// Undoes the table's escapes (`\n`, `\t`, `\\`).
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// (namespace, name) → (arglists source, escaped doc), both possibly empty.
type Entries = HashMap<(&'static str, &'static str), (&'static str, &'static str)>;

fn entries() -> &'static Entries {
    static ENTRIES: OnceLock<Entries> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        TABLE
            .lines()
            .filter_map(|line| {
                let cols: Vec<&'static str> = line.split('\t').collect();
                let (ns, name) = (*cols.first()?, *cols.get(1)?);
                Some((
                    (ns, name),
                    (
                        cols.get(4).copied().unwrap_or(""),
                        cols.get(5).copied().unwrap_or(""),
                    ),
                ))
            })
            .collect()
    })
}

/// Is there an entry for this var (a var of Clojure's own namespaces)?
pub fn documented(ns: &str, name: &str) -> bool {
    entries().contains_key(&(ns, name))
}

/// Adds the table's `:doc` and `:arglists` to a var's metadata where it lacks them.
pub fn complete_var_meta(interp: &Interp, var: &Var) {
    let Some((arglists, doc)) = entries().get(&(&*var.ns, &*var.name)).copied() else {
        return;
    };
    let (doc_k, arglists_k) = (Value::keyword("doc"), Value::keyword("arglists"));
    let current = var.meta.borrow().clone();
    let has = |k: &Value| {
        current
            .as_ref()
            .and_then(|m| crate::core::get(m, k))
            .is_some_and(|v| !v.is_nil())
    };
    let (need_doc, need_arglists) = (
        !doc.is_empty() && !has(&doc_k),
        !arglists.is_empty() && !has(&arglists_k),
    );
    if !need_doc && !need_arglists {
        return;
    }
    let mut meta = match current {
        Some(Value::Map(m)) => (*m).clone(),
        _ => Map::default(),
    };
    if need_doc {
        meta = meta.assoc(doc_k, Value::str(&unescape(doc)));
    }
    if need_arglists
        && let Ok(forms) =
            crate::reader::read_all(arglists, &crate::runtime::load::ReaderEnv(interp))
        && let Some(form) = forms.into_iter().next()
    {
        meta = meta.assoc(arglists_k, form);
    }
    *var.meta.borrow_mut() = Some(Value::Map(std::rc::Rc::new(meta)));
}
