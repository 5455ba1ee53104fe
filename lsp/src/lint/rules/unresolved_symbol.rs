//! A symbol that names no local, var, special form, class or referred var.
//!
//! What: an unqualified symbol in an evaluated position that resolves to nothing in scope:
//! not a local, not defined in the namespace, not referred, not in clojure.core (after
//! `:refer-clojure :exclude`), and not host interop.
//! Why: Clojure fails to compile the form ("Unable to resolve symbol"). Usually a typo, a
//! missing `:refer`, or a binding used outside its scope.
//! Example:
//! ```clojure
//! (defn total [items] (reduce + (map :price itmes)))   ; itmes
//! ```
//! Fix: correct the name, bind it, or add it to the `ns` form's `:refer`. For symbols a macro
//! of a library kiln cannot see introduces, use `:lint-as` or
//! `{:linters {:unresolved-symbol {:exclude [my.lib/sym]}}}`.
use super::{Level, Rule};

pub const CODE: &str = "unresolved-symbol";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("unresolved_symbol.rs"),
};

/// The message for an unresolved `name` (raised by the link pass, which sees every file of
/// the namespace).
pub fn message(name: &str) -> String {
    format!("Unresolved symbol: {name}")
}
