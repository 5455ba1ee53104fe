//! A call to a project macro that kiln could not expand (info).
//!
//! What: kiln expands calls to the project's own macros with its embedded runtime, in a
//! sandbox with step, memory and time limits, and analyses the expansion. When expansion
//! fails (the macro throws, needs I/O, or exhausts its budget), kiln says so here and does
//! not report unresolved symbols inside that call.
//! Why: you should know when kiln is guessing; otherwise a silent fallback could hide real
//! problems in those calls.
//! Example:
//! ```clojure
//! (defmacro defthing [n] (slurp "x") `(def ~n 1))   ; file access is refused at lint time
//! (defthing a)
//! ```
//! Fix: keep macros pure functions of their arguments, or configure `:lint-as` for them.
use super::{Level, Rule};

pub const CODE: &str = "macro-expansion";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Info,
    source: include_str!("macro_expansion.rs"),
};
