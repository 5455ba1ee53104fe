//! The same element twice in a set literal.
//!
//! What: two elements of one `#{…}` literal that read as equal forms.
//! Why: the reader rejects the literal ("Duplicate key"); it is a typo or a copy-paste slip.
//! Example:
//! ```clojure
//! #{:red :green :red}
//! ```
//! Fix: remove the duplicate.
use super::{Level, Node, Rule, Walker};

pub const CODE: &str = "duplicate-set-key";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("duplicate_set_key.rs"),
};

pub(crate) fn check(w: &mut Walker, items: &[Node]) {
    let mut seen: Vec<String> = Vec::new();
    for x in items {
        let key = x.canon();
        if seen.contains(&key) {
            w.finding(CODE, x.range, format!("duplicate set element {key}"));
        } else {
            seen.push(key);
        }
    }
}
