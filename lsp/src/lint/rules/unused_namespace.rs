//! A required namespace that is never used.
//!
//! What: a `:require` entry with `:as` or `:refer` whose alias, referred vars and full name
//! are never used in the file (inside syntax-quote templates and other `.cljc` branches counts
//! as used). A bare `(:require a.b)` loads code for its side effects and is never reported.
//! Why: dead requires slow loading, create false dependencies and hide what a namespace
//! really uses.
//! Example:
//! ```clojure
//! (ns app.core
//!   (:require [clojure.set :as set]))   ; set/… never appears
//! ```
//! Fix: remove the entry (the LSP offers it as a quick fix).
use super::{Level, Rule, Walker};
use crate::analysis::node::Inactive;

pub const CODE: &str = "unused-namespace";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("unused_namespace.rs"),
};

pub(crate) fn check(w: &mut Walker, inactive: &[Inactive]) {
    let mut found = Vec::new();
    for r in &w.out.requires {
        if r.used || r.bare || r.refer_all {
            continue;
        }
        let alias = r.alias.as_ref().map(|(a, _)| a.as_str());
        let elsewhere = inactive.iter().any(|i| {
            i.ns.as_deref()
                .is_some_and(|q| Some(q) == alias || q == r.ns)
                || (i.ns.is_none() && r.refers.iter().any(|f| f.name == i.name))
        });
        if !elsewhere {
            found.push((
                r.range,
                format!("namespace {} is required but never used", r.ns),
            ));
        }
    }
    for (range, msg) in found {
        w.finding(CODE, range, msg);
    }
}
