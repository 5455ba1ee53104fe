//! The same key twice in a map literal.
//!
//! What: two keys in one `{…}` literal that read as equal forms (`:a` and `:a`, `"x"` and
//! `"x"`, `1` and `1`, or the same symbol).
//! Why: the Clojure reader rejects the literal ("Duplicate key"), and even when a macro
//! builds the map, one entry silently wins.
//! Example:
//! ```clojure
//! {:name "a" :id 1 :name "b"}
//! ```
//! Fix: remove or rename one of the entries.
use super::{Level, Node, Rule, Walker};

pub const CODE: &str = "duplicate-map-key";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("duplicate_map_key.rs"),
};

pub(crate) fn check(w: &mut Walker, items: &[Node]) {
    let mut seen: Vec<String> = Vec::new();
    for pair in items.chunks(2) {
        let key = pair[0].canon();
        if seen.contains(&key) {
            w.finding(CODE, pair[0].range, format!("duplicate key {key}"));
        } else {
            seen.push(key);
        }
    }
}
