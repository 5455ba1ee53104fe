//! A `let` whose whole body is another `let`.
//!
//! What: `(let [a 1] (let [b 2] …))` with nothing else in the outer body.
//! Why: one `let` with both bindings says the same, shallower.
//! Example:
//! ```clojure
//! (let [x (read)] (let [y (parse x)] (use y)))
//! ```
//! Fix: merge the binding vectors: `(let [x (read) y (parse x)] (use y))`.
use super::{Level, Node, Rule, Walker};

pub const CODE: &str = "redundant-let";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("redundant_let.rs"),
};

pub(crate) fn check(w: &mut Walker, _list: &Node, args: &[Node]) {
    if args.len() == 2
        && let Some(inner) = args[1].list()
        && inner.first().and_then(Node::simple_name) == Some("let")
        && !w.is_local("let")
        && w.soft == 0
    {
        w.finding(CODE, args[1].range, "redundant let expression");
    }
}
