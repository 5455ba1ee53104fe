//! The same test constant twice in a `case`.
//!
//! What: a constant that appears in two clauses of one `case` (grouped constants in a list
//! count individually).
//! Why: Clojure refuses to compile it ("Duplicate case test constant").
//! Example:
//! ```clojure
//! (case op :add (+ a b) :sub (- a b) :add 0)
//! ```
//! Fix: remove the duplicate clause or fix the constant.
use super::{Level, Node, NodeKind, Rule, Walker};

pub const CODE: &str = "case-duplicate-test";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("case_duplicate_test.rs"),
};

pub(crate) fn check(w: &mut Walker, test: &Node, seen: &mut Vec<String>) {
    let consts: Vec<&Node> = match &test.kind {
        NodeKind::List(xs) => xs.iter().collect(),
        _ => vec![test],
    };
    for c in consts {
        let key = c.canon();
        if seen.contains(&key) {
            w.finding(
                CODE,
                c.range,
                format!("duplicate case test constant: {key}"),
            );
        } else {
            seen.push(key);
        }
    }
}
