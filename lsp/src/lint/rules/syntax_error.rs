//! Code that cannot be read: unbalanced delimiters, invalid tokens, bad escapes.
//!
//! What: every error the parser recovers from (an unclosed `(`, a stray `]`, `1.2.3`, `\bogus`,
//! `"\q"`, a map literal that the reader rejects) is reported at its exact place.
//! Why: nothing else in the file can be trusted until it reads; Clojure itself would refuse it.
//! Example:
//! ```clojure
//! (defn f [x]
//!   (+ x 1)        ; <- the closing paren of defn is missing
//! ```
//! Fix: balance the delimiters or correct the token; kiln's message says which.
use super::{Level, Rule};

pub const CODE: &str = "syntax";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("syntax_error.rs"),
};
