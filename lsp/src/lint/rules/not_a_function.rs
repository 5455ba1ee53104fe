//! Calling a literal that is not a function.
//!
//! What: a list whose operator is a number, string, character, boolean, nil or regex literal.
//! (Keywords, maps, sets, vectors and symbols are callable and never reported.)
//! Why: it throws `ClassCastException: … cannot be cast to clojure.lang.IFn`; typically a
//! missing operator or data written as a list: `(1 2 3)` instead of `[1 2 3]` or `'(1 2 3)`.
//! Example:
//! ```clojure
//! (def primes (2 3 5 7))
//! ```
//! Fix: quote the list, use a vector, or add the missing function.
use super::{Level, Node, Rule, Walker};

pub const CODE: &str = "not-a-function";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("not_a_function.rs"),
};

pub(crate) fn check(w: &mut Walker, head: &Node) {
    if w.soft > 0 {
        return;
    }
    if let Some(t) = head.literal_type()
        && matches!(
            t,
            "number" | "string" | "character" | "boolean" | "nil" | "regex"
        )
    {
        w.finding(
            CODE,
            head.range,
            format!("a {t} cannot be called as a function"),
        );
    }
}
