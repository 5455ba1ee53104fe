//! A Wasm call with a different number of arguments than the export's parameters.
//!
//! What: `(wasm/call m "add" 1)` when `add` takes `(i32, i32)`.
//! Why: the bridge checks arguments against the signature and throws at run time.
//! Example:
//! ```clojure
//! (wasm/call m "add" 1)        ; add takes (i32, i32) -> i32
//! ```
//! Fix: pass one argument per parameter.
use super::{Level, Rule};

pub const CODE: &str = "wasm-arity-mismatch";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("wasm_arity_mismatch.rs"),
};
