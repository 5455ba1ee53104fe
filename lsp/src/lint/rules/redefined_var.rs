//! A var defined twice at the top level of the same namespace.
//!
//! What: two `def`/`defn`/… of the same name in one file (`declare` does not count).
//! Why: the second silently replaces the first; it is almost always a copy-paste slip, and
//! the first definition is dead code.
//! Example:
//! ```clojure
//! (defn parse [s] …)
//! (defn parse [s opts] …)   ; replaces the one above
//! ```
//! Fix: rename one of them, or merge them into one multi-arity `defn`.
use super::{Level, Rule, Walker};

pub const CODE: &str = "redefined-var";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("redefined_var.rs"),
};

pub(crate) fn report(w: &mut Walker, range: syntax::TextRange, name: &str, _detail: String) {
    w.finding(CODE, range, format!("Redefinition of {name}"));
}
