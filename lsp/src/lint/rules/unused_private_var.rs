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
    if !w.out.defs.iter().any(|d| d.private && d.ns == ns) {
        return;
    }
    // Where each var of this namespace is referenced (one pass over the references).
    let mut uses: std::collections::HashMap<&str, Vec<syntax::TextRange>> = Default::default();
    for r in &w.out.refs {
        if let Target::Var { ns: n, name } = &r.target
            && *n == ns
        {
            uses.entry(name.as_str()).or_default().push(r.range);
        }
    }
    let inactive: std::collections::HashSet<&str> =
        inactive.iter().map(|i| i.name.as_str()).collect();
    let mut found = Vec::new();
    for d in &w.out.defs {
        if !d.private || d.ns != ns {
            continue;
        }
        // A use inside the definition itself (recursion) does not count.
        let used = uses
            .get(d.name.as_str())
            .is_some_and(|rs| rs.iter().any(|r| !d.range.contains_range(*r)))
            || inactive.contains(d.name.as_str());
        if !used {
            found.push(d.name_range);
        }
    }
    // Another file of the namespace (`load`) may use it: the link pass decides.
    w.out.unused_private.extend(found);
}
