//! A `wasm/load` of a literal path that does not exist or is not a valid module.
//!
//! What: `(wasm/load "mods/add.wasm")` where no such file exists relative to the project root or the file's directory, or the file is not valid WebAssembly (binary or text).
//! Why: loading fails at run time; kiln reads the module while linting so the mistake shows up before the code runs, and so the other wasm rules can use the module's real signatures.
//! Example:
//! ```clojure
//! (def m (wasm/load "fixtures/wasm/ad.wat"))
//! ```
//! Fix: correct the path (relative to the project root), or fix the module.
use super::{Level, Rule};

pub const CODE: &str = "wasm-module-not-found";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("wasm_module_not_found.rs"),
};
