//! A call with a number of arguments the function does not accept.
//!
//! What: calls to project functions (every arity of `defn`, `fn` bound by `def`, records'
//! `->R`), and to clojure.core and standard-library functions, whose arities kiln knows
//! exactly (read from JVM Clojure's compiled functions). Threading macros are understood:
//! `(-> x (assoc :a))` calls `assoc` with 2 arguments.
//! Why: an arity error is an `ArityException` at run time, on a path tests may not reach.
//! Example:
//! ```clojure
//! (defn area [w h] (* w h))
//! (area 3)            ; area is called with 1 arg but expects 2
//! ```
//! Fix: pass the arguments the function expects, or add the arity you meant.
use super::{Level, Rule, Walker};
use crate::analysis::Arity;

pub const CODE: &str = "invalid-arity";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("invalid_arity.rs"),
};

pub fn message(full: &str, arity: &Arity, n: usize) -> String {
    let plural = if n == 1 { "" } else { "s" };
    format!(
        "{full} is called with {n} arg{plural} but expects {}",
        arity.describe()
    )
}

pub(crate) fn check(w: &mut Walker, range: syntax::TextRange, full: &str, arity: &Arity, n: usize) {
    if !arity.accepts(n) && w.soft == 0 {
        w.finding(CODE, range, message(full, arity, n));
    }
}
