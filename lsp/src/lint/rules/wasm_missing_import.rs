//! A `:imports` map that does not provide every function the module imports.
//!
//! What: `(wasm/load path {:imports {"env" {…}}})` with literal maps, checked against the module's import section: each imported function (module and field) must be present.
//! Why: instantiation fails at run time with a missing-import error.
//! Example:
//! ```clojure
//! (wasm/load "fixtures/wasm/array.wat" {:imports {"env" {}}})   ; env.log is missing
//! ```
//! Fix: add the host function under the module and field names the message gives.
use super::{Level, Rule};

pub const CODE: &str = "wasm-missing-import";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("wasm_missing_import.rs"),
};
