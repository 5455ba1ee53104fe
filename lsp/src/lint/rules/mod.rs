//! The lint rules, one file each. A rule's file holds its code, default level and
//! documentation (the `//!` comment: what, why, example, fix), and the check the analysis
//! walker calls at the right place.

pub mod case_duplicate_test;
pub mod cond_else;
pub mod duplicate_map_key;
pub mod duplicate_require;
pub mod duplicate_set_key;
pub mod format;
pub mod inline_def;
pub mod invalid_arity;
pub mod loop_without_recur;
pub mod macro_expansion;
pub mod misplaced_docstring;
pub mod missing_body_in_when;
pub mod missing_else_branch;
pub mod missing_map_value;
pub mod namespace_name_mismatch;
pub mod not_a_function;
pub mod private_call;
pub mod read_eval;
pub mod redefined_var;
pub mod redundant_do;
pub mod redundant_let;
pub mod shadowed_var;
pub mod syntax_error;
pub mod type_mismatch;
pub mod unexpected_recur;
pub mod unresolved_namespace;
pub mod unresolved_symbol;
pub mod unresolved_var;
pub mod unused_binding;
pub mod unused_namespace;
pub mod unused_private_var;
pub mod unused_referred_var;
pub mod unused_value;
pub mod wasm_arg_type;
pub mod wasm_arity_mismatch;
pub mod wasm_export_not_found;
pub mod wasm_missing_import;
pub mod wasm_module_not_found;

pub(crate) use super::registry::{Level, Rule};
pub(crate) use crate::analysis::node::{Node, NodeKind};
pub(crate) use crate::analysis::walker::Walker;

/// Rules that look at a call to a known var, after its arguments were analysed.
pub(crate) fn call_rules(w: &mut Walker, list: &Node, ns: &str, name: &str, args: &[Node]) {
    match (ns, name) {
        ("clojure.core", "format" | "printf") => format::check(w, args),
        ("clojure.core", "when" | "when-not") => missing_body_in_when::check(w, list, name, args),
        ("clojure.core", "cond") => cond_else::check(w, args),
        ("wasm" | "cljw.wasm", _) => crate::analysis::wasm_calls::check(w, list, name, args),
        _ => {}
    }
    type_mismatch::check(w, ns, name, args);
}
