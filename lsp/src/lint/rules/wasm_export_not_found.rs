//! A Wasm call naming an export the module does not have.
//!
//! What: `(wasm/call m "name" …)`, `(wasm/fn m "name")` or `(wasm/call-string m "name" …)` where `m` was bound to a literal `wasm/load`, and the module exports no function of that name. The message lists the exports and suggests the closest one.
//! Why: the call fails at run time with a missing-export error.
//! Example:
//! ```clojure
//! (def m (wasm/load "fixtures/wasm/add.wat"))
//! (wasm/call m "ad" 1 2)     ; did you mean "add"?
//! ```
//! Fix: use an export the module has.
use super::{Level, Rule};

pub const CODE: &str = "wasm-export-not-found";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("wasm_export_not_found.rs"),
};
