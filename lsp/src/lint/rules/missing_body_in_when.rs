//! A `when` (or `when-not`) with a test but no body.
//!
//! What: `(when test)`.
//! Why: it always returns nil; the body was lost, or `when` was meant to be something else.
//! Example:
//! ```clojure
//! (when (valid? x))
//! ```
//! Fix: add the body, or remove the form.
use super::{Level, Node, Rule, Walker};

pub const CODE: &str = "missing-body-in-when";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("missing_body_in_when.rs"),
};

pub(crate) fn check(w: &mut Walker, list: &Node, name: &str, args: &[Node]) {
    if args.len() == 1 && w.soft == 0 {
        w.finding(CODE, list.range, format!("missing body in {name}"));
    }
}
