//! A `def` (or `defn`, …) nested inside a function or `let`.
//!
//! What: defining forms that are not at the top level (top-level `do` and `comment` are fine).
//! Why: `def` always creates a global var; nested, it redefines that global each time the
//! enclosing code runs, which is rarely what the author meant (a `let` was).
//! Example:
//! ```clojure
//! (defn setup [] (def config (load-config)))
//! ```
//! Fix: use `let` for a local, or move the `def` to the top level.
use super::{Level, Rule, Walker};

pub const CODE: &str = "inline-def";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("inline_def.rs"),
};

pub(crate) fn report(w: &mut Walker, range: syntax::TextRange) {
    w.strict_finding(CODE, range, "inline def".into());
}
