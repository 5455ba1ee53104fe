//! A qualified symbol or keyword whose namespace part is neither an alias nor a known namespace.
//!
//! What: `str/join` when no `:as str` exists, `::foo/bar` with no alias `foo`.
//! Why: Clojure fails with "No such namespace"; usually the `:require` is missing.
//! Example:
//! ```clojure
//! (ns app.core)
//! (str/upper-case "x")      ; no (:require [clojure.string :as str])
//! ```
//! Fix: add the require with the alias. (Class names such as `Math/abs` and fully
//! qualified `java.util.UUID/randomUUID` are host interop and never reported.)
use super::{Level, Rule};

pub const CODE: &str = "unresolved-namespace";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("unresolved_namespace.rs"),
};
