//! The same namespace required twice in one file.
//!
//! What: a namespace that appears in two libspecs of the `ns` form (or of `require` calls).
//! Why: the second entry is redundant at best; with different aliases or refers it makes the
//! namespace's real dependencies hard to read.
//! Example:
//! ```clojure
//! (ns app.core
//!   (:require [clojure.string :as str]
//!             [clojure.string :refer [join]]))
//! ```
//! Fix: merge the two entries into one.
use super::{Level, Rule, Walker};

pub const CODE: &str = "duplicate-require";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("duplicate_require.rs"),
};

pub(crate) fn report(w: &mut Walker, range: syntax::TextRange, ns: &str) {
    w.finding(CODE, range, format!("duplicate require of {ns}"));
}
