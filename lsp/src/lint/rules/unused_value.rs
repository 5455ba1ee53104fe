//! A value computed and thrown away.
//!
//! What: a non-last form of a body (`do`, `let`, `fn`, `when`, …) that is a literal, a bare
//! symbol, or a call to a pure core function (`assoc`, `conj`, `map`, `update`, `str`, …).
//! Why: the result is discarded, so the form does nothing. Usually the author expected
//! mutation (`(assoc m :a 1)` does not change `m`) or forgot to return it.
//! Example:
//! ```clojure
//! (defn add-user [db u]
//!   (assoc db :users (conj (:users db) u))
//!   db)
//! ```
//! Fix: use the value (thread it, bind it, return it), or remove the form.
use super::{Level, Node, NodeKind, Rule, Walker};

pub const CODE: &str = "unused-value";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("unused_value.rs"),
};

const PURE: &[&str] = &[
    "assoc",
    "assoc-in",
    "dissoc",
    "conj",
    "disj",
    "merge",
    "merge-with",
    "update",
    "update-in",
    "select-keys",
    "map",
    "filter",
    "remove",
    "mapv",
    "filterv",
    "reduce",
    "into",
    "get",
    "get-in",
    "str",
    "vector",
    "hash-map",
    "list",
    "keys",
    "vals",
    "first",
    "rest",
    "next",
    "count",
    "inc",
    "dec",
    "+",
    "-",
    "*",
    "/",
    "=",
    "not=",
    "concat",
    "cons",
    "seq",
    "vec",
    "set",
    "sort",
    "sort-by",
    "reverse",
    "take",
    "drop",
    "subs",
    "keyword",
    "symbol",
    "name",
    "namespace",
    "range",
    "zipmap",
    "frequencies",
    "group-by",
    "partition",
    "interleave",
    "interpose",
    "distinct",
    "flatten",
];

pub(crate) fn check(w: &mut Walker, n: &Node) {
    if w.soft > 0 {
        return;
    }
    let unused = match &n.kind {
        NodeKind::Lit(l) => !matches!(l, crate::analysis::node::Lit::Str(_)),
        NodeKind::Keyword(_) => true,
        NodeKind::Symbol(s) => s.ns.is_none() && w.is_local(&s.name),
        NodeKind::List(items) => match items.first().map(|h| &h.kind) {
            Some(NodeKind::Symbol(s))
                if s.ns.is_none() && !w.is_local(&s.name) && !w.file_defs.contains_key(&s.name) =>
            {
                PURE.contains(&s.name.as_str())
                    && w.core.var("clojure.core", &s.name).is_some()
                    && !w.ns.core_excluded.contains(&s.name)
                    && !w.ns.refers.contains_key(&s.name)
            }
            _ => false,
        },
        _ => false,
    };
    if unused {
        w.finding(CODE, n.range, "Unused value");
    }
}
