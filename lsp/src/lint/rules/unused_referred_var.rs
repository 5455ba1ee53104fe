//! A var named in `:refer [...]` that the file never uses.
//!
//! What: each referred name that appears nowhere in the file (other reader-conditional
//! branches and syntax-quote templates count as uses).
//! Why: stale refers pollute the namespace and mislead readers about dependencies.
//! Example:
//! ```clojure
//! (ns app.core (:require [clojure.string :refer [join split]]))
//! (join "," [1 2])          ; split is never used
//! ```
//! Fix: remove the name from `:refer`.
use super::{Level, Rule, Walker};
use crate::analysis::node::Inactive;

pub const CODE: &str = "unused-referred-var";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("unused_referred_var.rs"),
};

pub(crate) fn check(w: &mut Walker, inactive: &[Inactive]) {
    let mut found = Vec::new();
    for r in &w.out.requires {
        for f in &r.refers {
            if f.used || inactive.iter().any(|i| i.ns.is_none() && i.name == f.name) {
                continue;
            }
            found.push((
                f.range,
                format!("#'{}/{} is referred but never used", r.ns, f.name),
            ));
        }
    }
    for (range, msg) in found {
        w.finding(CODE, range, msg);
    }
}
