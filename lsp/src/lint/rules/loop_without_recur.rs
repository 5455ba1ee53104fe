//! A `loop` whose body never calls `recur`.
//!
//! What: `loop` forms with no `recur` targeting them.
//! Why: without `recur` the loop runs once; it is a `let` in disguise, or the `recur` was lost.
//! Example:
//! ```clojure
//! (loop [xs coll acc 0] (if (seq xs) (+ acc (first xs)) acc))
//! ```
//! Fix: add the `recur`, or write `let`.
use super::{Level, Node, Rule, Walker};

pub const CODE: &str = "loop-without-recur";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("loop_without_recur.rs"),
};

pub(crate) fn report(w: &mut Walker, list: &Node) {
    let range = list
        .list()
        .and_then(|xs| xs.first())
        .map_or(list.range, |h| h.range);
    w.finding(CODE, range, "loop without recur");
}
