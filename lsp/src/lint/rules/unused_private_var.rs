//! A private var (`defn-`, `^:private`) that nothing in its namespace uses.
//!
//! What: private definitions never referenced in their file (uses inside syntax-quote,
//! `#'var` and other reader-conditional branches count).
//! Why: a private var can only be used from its own namespace; if that never happens it is
//! dead code.
//! Example:
//! ```clojure
//! (defn- old-helper [x] (* 2 x))    ; no caller left
//! ```
//! Fix: delete it, or use it.
use super::{Level, Rule, Walker};
use crate::analysis::Target;
use crate::analysis::node::Inactive;

pub const CODE: &str = "unused-private-var";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("unused_private_var.rs"),
};

pub(crate) fn check(w: &mut Walker, inactive: &[Inactive]) {
    let ns = w.ns.name.clone();
    let mut found = Vec::new();
    for d in &w.out.defs {
        if !d.private || d.ns != ns {
            continue;
        }
        let used = w.out.refs.iter().any(|r| {
            matches!(&r.target, Target::Var { ns: n, name } if *n == ns && *name == d.name)
                && !d.range.contains_range(r.range)
        }) || inactive.iter().any(|i| i.name == d.name);
        if !used {
            found.push((d.name_range, d.name.clone()));
        }
    }
    // Another file of the namespace (`load`) may use it: the link pass decides.
    w.out
        .unused_private
        .extend(found.into_iter().map(|(range, _)| range));
}
