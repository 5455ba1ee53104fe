//! `recur` that is not in tail position.
//!
//! What: a `recur` whose value would be used by something else in its `loop` or `fn`: an
//! argument of a call, the test of an `if`, a non-last form of a body, inside `try`.
//! Why: Clojure refuses to compile it ("Can only recur from tail position").
//! Example:
//! ```clojure
//! (loop [i 0] (when (< i 3) (println i) (inc (recur (inc i)))))
//! ```
//! Fix: make `recur` the last thing evaluated, or use real recursion.
use super::{Level, Rule, Walker};

pub const CODE: &str = "unexpected-recur";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("unexpected_recur.rs"),
};

pub(crate) fn report(w: &mut Walker, range: syntax::TextRange) {
    w.finding(CODE, range, "recur can only be used in tail position");
}
