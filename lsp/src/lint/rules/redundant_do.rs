//! A `do` with a single form (or none).
//!
//! What: `(do x)` and `(do)`.
//! Why: `do` exists to sequence several forms; with one it is noise.
//! Example:
//! ```clojure
//! (if ok? (do (save!)) (warn!))
//! ```
//! Fix: replace `(do x)` with `x`.
use super::{Level, Node, Rule, Walker};

pub const CODE: &str = "redundant-do";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("redundant_do.rs"),
};

pub(crate) fn check(w: &mut Walker, list: &Node, args: &[Node]) {
    if args.len() <= 1 && w.soft == 0 && w.depth > 0 {
        w.finding(CODE, list.range, "redundant do");
    }
}
