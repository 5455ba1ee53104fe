//! A map literal with an odd number of forms: the last key has no value.
//!
//! What: `{…}` literals whose forms do not pair up.
//! Why: the reader rejects it ("Map literal must contain an even number of forms"); usually a
//! value was deleted or two entries were merged.
//! Example:
//! ```clojure
//! {:host "localhost" :port}
//! ```
//! Fix: add the missing value or remove the stray key.
use super::{Level, Node, Rule, Walker};

pub const CODE: &str = "missing-map-value";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("missing_map_value.rs"),
};

pub(crate) fn check(w: &mut Walker, map: &Node, items: &[Node]) {
    if items.len() % 2 == 1 {
        let last = &items[items.len() - 1];
        let _ = map;
        w.finding(
            CODE,
            last.range,
            format!("missing value for key {}", last.canon()),
        );
    }
}
