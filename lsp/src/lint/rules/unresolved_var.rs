//! A qualified reference to a var the target namespace does not define.
//!
//! What: `(clojure.string/joinn …)`, `(:require [app.util :refer [helpr]])`, or `u/missing`
//! where `u` aliases a project namespace that has no `missing`.
//! Why: Clojure fails to compile it ("No such var"). Often a typo or a function that was renamed.
//! Example:
//! ```clojure
//! (require '[clojure.string :as str])
//! (str/trimm " x ")
//! ```
//! Fix: use the right name (`str/trim`), or define the var in the target namespace.
use super::{Level, Rule};

pub const CODE: &str = "unresolved-var";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Error,
    source: include_str!("unresolved_var.rs"),
};
