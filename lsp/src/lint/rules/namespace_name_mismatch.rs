//! A namespace whose name does not match its file's path.
//!
//! What: `(ns app.user-db)` in a file other than `<source root>/app/user_db.clj(c)`.
//! Why: `require` finds namespaces by path (dots → `/`, `-` → `_`); a mismatch means nobody
//! can require it, or a stale copy is loaded instead.
//! Example:
//! ```clojure
//! ;; src/app/users.clj
//! (ns app.user)
//! ```
//! Fix: rename the namespace or move the file.
use super::{Level, Rule};
use crate::analysis::Finding;

pub const CODE: &str = "namespace-name-mismatch";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("namespace_name_mismatch.rs"),
};

/// `rel` is the file's path relative to its source root, with `/` separators.
pub fn check(ns: &str, range: syntax::TextRange, rel: &str) -> Option<Finding> {
    let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
    let expected = ns.replace('.', "/").replace('-', "_");
    (stem != expected).then(|| Finding {
        code: CODE,
        range,
        message: format!(
            "Namespace name {ns} does not match file path {rel} (expected {expected}.clj)"
        ),
    })
}
