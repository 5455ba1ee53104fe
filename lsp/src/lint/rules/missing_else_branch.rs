//! An `if` without an else branch (off by default).
//!
//! What: `(if test then)`.
//! Why: some teams prefer `when` for one-armed conditionals, so that `if` always shows both
//! outcomes.
//! Example:
//! ```clojure
//! (if (seq xs) (process xs))
//! ```
//! Fix: use `(when (seq xs) (process xs))`, or add the else branch.
use super::{Level, Node, Rule, Walker};

pub const CODE: &str = "missing-else-branch";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Off,
    source: include_str!("missing_else_branch.rs"),
};

pub(crate) fn check(w: &mut Walker, list: &Node, args: &[Node]) {
    if args.len() == 2 && w.soft == 0 {
        w.finding(CODE, list.range, "Missing else branch.");
    }
}
