//! A docstring written after the parameter vector.
//!
//! What: `(defn f [x] "doc" body)`: a string literal as the first of several body forms.
//! Why: there it is not documentation, just a string evaluated and thrown away; `(doc f)` and
//! kiln's hover show nothing.
//! Example:
//! ```clojure
//! (defn area [w h] "Area of a rectangle." (* w h))
//! ```
//! Fix: move the string before the parameters: `(defn area "Area of a rectangle." [w h] …)`.
use super::{Level, Node, Rule, Walker};

pub const CODE: &str = "misplaced-docstring";
pub const RULE: Rule = Rule {
    code: CODE,
    default_level: Level::Warning,
    source: include_str!("misplaced_docstring.rs"),
};

pub(crate) fn check(w: &mut Walker, rest: &[Node]) {
    if rest
        .first()
        .is_some_and(|p| p.strip_meta().vector().is_some())
        && rest.len() > 2
        && let Some(s) = rest.get(1).filter(|n| n.string().is_some())
    {
        w.finding(CODE, s.range, "Misplaced docstring.");
    }
}
