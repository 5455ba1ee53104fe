//! A string, keyword or other non-number literal passed to a numeric Wasm parameter.
//!
//! What: literal arguments of `wasm/call` checked against the export's parameter types (all core Wasm value types are numbers).
//! Why: the bridge cannot convert it and throws at run time; strings go through memory (`wasm/call-string`).
//! Example:
//! ```clojure
//! (wasm/call m "add" "1" 2)
//! ```
//! Fix: pass a number, or use `wasm/call-string` / `wasm/memory-write` for strings.
use super::{Level, Rule};

pub const CODE: &str = "wasm-arg-type";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("wasm_arg_type.rs"),
};
