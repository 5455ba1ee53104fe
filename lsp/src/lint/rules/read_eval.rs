//! Read-time evaluation: `#=(…)`.
//!
//! What: every `#=` form.
//! Why: it runs code while *reading*, which is a security hole when reading untrusted data
//! and is refused when `*read-eval*` is false; no ordinary code needs it.
//! Example:
//! ```clojure
//! (def start #=(System/currentTimeMillis))
//! ```
//! Fix: evaluate normally (drop the `#=`), or compute the value in a `def`.
use super::{Level, Rule, Walker};

pub const CODE: &str = "read-eval";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("read_eval.rs"),
};

pub(crate) fn report(w: &mut Walker, range: syntax::TextRange) {
    w.finding(
        CODE,
        range,
        "read-time evaluation (#=) runs code while reading",
    );
}
