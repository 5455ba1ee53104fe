//! What the linter knows about Clojure's own namespaces: every public var of `clojure.core`
//! and the standard namespaces, with its kind, real arities, arglists and doc.
//!
//! The table `eval/data/core-index.tsv` (shared with the runtime, which fills `:doc` and `:arglists` of its vars from it) is produced by JVM Clojure itself
//! (`scripts/regen-core-index.sh`): arities are read from the compiled functions, so they are
//! exact. The dialect-only namespaces (`wasm`, `cljw.wasm`, `cljw.eval`) are added from
//! kiln's own runtime tables.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::arity::Arity;

/// What a var is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarKind {
    Fn,
    Macro,
    Var,
    Dynamic,
}

/// One var of a core namespace.
#[derive(Debug, Clone)]
pub struct VarInfo {
    pub kind: VarKind,
    pub arity: Option<Arity>,
    pub arglists: String,
    pub doc: String,
}

/// The vars of one namespace.
#[derive(Debug, Default)]
pub struct NsInfo {
    pub vars: HashMap<String, VarInfo>,
}

/// Clojure's namespaces, special forms, and default class imports.
#[derive(Debug, Default)]
pub struct CoreIndex {
    pub namespaces: HashMap<String, NsInfo>,
    pub specials: HashSet<String>,
    pub classes: HashSet<String>,
}

use eval::core::docs::TABLE;

/// Functions of the dialect's own namespaces, present in every kiln runtime.
const DIALECT: &[(&str, &str, &str)] = &[
    ("wasm", "load", "1,2"),
    ("wasm", "load-wasi", "1,2"),
    ("wasm", "call", "2+"),
    ("wasm", "call-string", "3,4"),
    ("wasm", "fn", "2,3"),
    ("wasm", "exports", "1"),
    ("wasm", "imports", "1"),
    ("wasm", "describe", "1"),
    ("wasm", "run", "1,2"),
    ("wasm", "memory-read", "3"),
    ("wasm", "memory-write", "3"),
    ("wasm", "memory-bytes", "3"),
    ("wasm", "memory-size", "1"),
    ("wasm", "memory-grow", "2"),
    ("wasm", "read-i32", "2"),
    ("wasm", "write-i32", "3"),
    ("wasm", "read-i64", "2"),
    ("wasm", "write-i64", "3"),
    ("wasm", "read-f32", "2"),
    ("wasm", "write-f32", "3"),
    ("wasm", "read-f64", "2"),
    ("wasm", "write-f64", "3"),
    ("wasm", "read-i32s", "3"),
    ("wasm", "write-i32s", "3"),
    ("wasm", "read-i64s", "3"),
    ("wasm", "write-i64s", "3"),
    ("wasm", "read-f32s", "3"),
    ("wasm", "write-f32s", "3"),
    ("wasm", "read-f64s", "3"),
    ("wasm", "write-f64s", "3"),
    ("wasm", "read-i32-array", "2"),
    ("wasm", "write-i32-array", "3"),
    ("wasm", "module?", "1"),
    ("cljw.eval", "with-budget", "2"),
];

use eval::core::docs::unescape;

impl CoreIndex {
    fn load() -> CoreIndex {
        let mut index = CoreIndex::default();
        for line in TABLE.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            let [ns, name, kind, arity, arglists, doc] = cols[..] else {
                continue;
            };
            let kind = match kind {
                "special" => {
                    index.specials.insert(name.to_string());
                    continue;
                }
                "class" => {
                    index.classes.insert(name.to_string());
                    continue;
                }
                "fn" => VarKind::Fn,
                "macro" => VarKind::Macro,
                "dynamic" => VarKind::Dynamic,
                _ => VarKind::Var,
            };
            index
                .namespaces
                .entry(ns.to_string())
                .or_default()
                .vars
                .insert(
                    name.to_string(),
                    VarInfo {
                        kind,
                        arity: Arity::parse(arity),
                        arglists: unescape(arglists),
                        doc: unescape(doc),
                    },
                );
        }
        for (ns, name, arity) in DIALECT {
            let info = VarInfo {
                kind: VarKind::Fn,
                arity: Arity::parse(arity),
                arglists: String::new(),
                doc: String::new(),
            };
            index
                .namespaces
                .entry(ns.to_string())
                .or_default()
                .vars
                .insert(name.to_string(), info.clone());
            if *ns == "wasm" {
                index
                    .namespaces
                    .entry("cljw.wasm".into())
                    .or_default()
                    .vars
                    .insert(name.to_string(), info);
            }
        }
        index
    }

    /// The shared index.
    pub fn get() -> &'static CoreIndex {
        static INDEX: OnceLock<CoreIndex> = OnceLock::new();
        INDEX.get_or_init(CoreIndex::load)
    }

    pub fn var(&self, ns: &str, name: &str) -> Option<&VarInfo> {
        self.namespaces.get(ns)?.vars.get(name)
    }

    pub fn has_ns(&self, ns: &str) -> bool {
        self.namespaces.contains_key(ns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_core() {
        let idx = CoreIndex::get();
        let map = idx.var("clojure.core", "map").unwrap();
        assert_eq!(map.kind, VarKind::Fn);
        assert!(map.arity.as_ref().unwrap().accepts(5));
        assert!(!map.arity.as_ref().unwrap().accepts(0));
        assert_eq!(
            idx.var("clojure.core", "when").unwrap().kind,
            VarKind::Macro
        );
        assert!(idx.specials.contains("fn*") && idx.specials.contains("recur"));
        assert!(idx.classes.contains("String") && idx.classes.contains("Exception"));
        assert!(idx.var("clojure.string", "join").is_some());
        assert!(idx.var("cljw.wasm", "call").is_some());
        assert!(idx.var("clojure.core", "doc").is_none());
        assert!(idx.var("clojure.core", "map").unwrap().doc.contains('\n'));
    }
}
