//! A local binding that is never used.
//!
//! What: names bound by `let`, `loop`, `fn` parameters, destructuring (`:keys`, `:as`, …),
//! `for`/`doseq`, `if-let`/`when-let`, `catch` and `letfn`, and never referred to. Names
//! starting with `_` are exempt, as are `this` and record fields in method bodies. A name used
//! only in another branch of a `.cljc` reader conditional counts as used.
//! Why: an unused binding is either dead code or, more often, a bug: the value was meant to
//! be used (a typo elsewhere, or a shadowed name).
//! Example:
//! ```clojure
//! (let [total (reduce + xs)
//!       n (count xs)]
//!   (/ total (count xs)))      ; n is unused
//! ```
//! Fix: use it, remove it, or prefix it with `_` to say it is deliberately ignored.
use super::{Level, Rule, Walker};
use crate::analysis::node::Inactive;

pub const CODE: &str = "unused-binding";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("unused_binding.rs"),
};

pub(crate) fn check(w: &mut Walker, inactive: &[Inactive]) {
    let mut found = Vec::new();
    for l in &w.out.locals {
        if l.used || l.synthetic || l.name.starts_with('_') || l.name.starts_with('&') {
            continue;
        }
        let used_elsewhere = inactive
            .iter()
            .any(|i| i.ns.is_none() && i.name == l.name && l.scope.contains_range(i.range));
        if !used_elsewhere {
            found.push((l.range, format!("unused binding {}", l.name)));
        }
    }
    for (range, msg) in found {
        w.finding(CODE, range, msg);
    }
}
