//! A local binding that shadows a var (off by default).
//!
//! What: a `let`, parameter or other local named like a var in scope: a clojure.core
//! function (`name`, `count`, `str`, `key`) or one of the namespace's own vars.
//! Why: inside the scope the var is unreachable by its short name; calling it then calls the
//! local (often a string or number) and fails far from the cause.
//! Example:
//! ```clojure
//! (defn label [name] (str (name :x) name))   ; (name :x) calls the string
//! ```
//! Fix: rename the local (`nm`, `person-name`).
use super::{Level, Rule, Walker};

pub const CODE: &str = "shadowed-var";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Off,
    source: include_str!("shadowed_var.rs"),
};

pub(crate) fn check(w: &mut Walker, name: &str, range: syntax::TextRange) {
    if w.soft > 0 || name.starts_with('_') {
        return;
    }
    let shadows = if w.file_defs.contains_key(name) {
        Some(format!("{}/{name}", w.ns.name))
    } else if w.core.var("clojure.core", name).is_some() && !w.ns.core_excluded.contains(name) {
        Some(format!("clojure.core/{name}"))
    } else {
        None
    };
    if let Some(var) = shadows {
        w.finding(CODE, range, format!("Shadowed var: {var}"));
    }
}
