//! A call to (or reference of) another namespace's private var.
//!
//! What: `other/helper` or a referred `helper` where `helper` is `defn-` or `^:private` in
//! the project namespace `other`.
//! Why: Clojure refuses it at compile time ("var: #'other/helper is not public"); privacy is
//! the other namespace's way of saying the function may change.
//! Example:
//! ```clojure
//! (ns app.a) (defn- secret [] 42)
//! (ns app.b (:require [app.a :as a])) (a/secret)
//! ```
//! Fix: make the var public, or use the public API; `#'app.a/secret` still works on purpose.
use super::{Level, Rule};

pub const CODE: &str = "private-call";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("private_call.rs"),
};
