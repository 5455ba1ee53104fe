//! Analysis: the semantic model of a project, independent of the LSP protocol.
//!
//! A file is lowered to [`node::Node`]s, then one [`walker`] pass resolves every symbol to a
//! local, a var, a special form, host interop or nothing; records definitions, references,
//! locals and requires; and raises findings. A project adds two cheap passes around it: a
//! scan of every file's namespace and macros first (so a call to a macro defined in another
//! file is known as one), and a link pass after (references into other project namespaces:
//! missing vars, arities, private calls). Analysis reads source files and nothing else;
//! users' macros are expanded by the runtime in its sandbox (see [`expand`]).

pub mod arity;
pub mod core_index;
mod defs;
pub mod expand;
pub(crate) mod forms;
pub mod node;
mod ns_form;
pub mod project;
pub(crate) mod walker;
pub(crate) mod wasm_calls;

use std::collections::{HashMap, HashSet};

use syntax::TextRange;

pub use arity::Arity;
pub use core_index::CoreIndex;
pub use project::{Project, ProjectFile};

/// What a definition defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefKind {
    Fn,
    Macro,
    Var,
    Multi,
    Protocol,
    ProtocolMethod,
    Record,
    Type,
    Declare,
    /// Defined by a macro kiln could not expand: maybe a macro itself.
    Unknown,
}

/// A var defined in a file.
#[derive(Debug, Clone)]
pub struct Def {
    pub ns: String,
    pub name: String,
    pub kind: DefKind,
    /// The whole defining form.
    pub range: TextRange,
    pub name_range: TextRange,
    pub arity: Option<Arity>,
    pub private: bool,
    pub doc: Option<String>,
    /// Parameter vectors as written, for hover and signature help.
    pub arglists: Vec<String>,
    /// Defined at the top level (not inside a fn or let).
    pub top_level: bool,
}

/// What a symbol refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Local(usize),
    Var {
        ns: String,
        name: String,
    },
    Special,
    Host,
    /// A namespace alias or name used as a prefix only (in keywords).
    Namespace(String),
    Unresolved,
}

/// One resolved occurrence of a symbol.
#[derive(Debug, Clone)]
pub struct Reference {
    pub range: TextRange,
    pub target: Target,
    /// The reference is the operator of a call with this many arguments.
    pub call_args: Option<usize>,
}

/// A local binding.
#[derive(Debug, Clone)]
pub struct Local {
    pub name: String,
    pub range: TextRange,
    /// Where the binding is visible (for rename and for uses in inactive branches).
    pub scope: TextRange,
    pub used: bool,
    /// Written by a macro expansion rather than by the user.
    pub synthetic: bool,
}

/// A referred var in a require.
#[derive(Debug, Clone)]
pub struct Refer {
    pub name: String,
    pub range: TextRange,
    pub used: bool,
}

/// One required namespace.
#[derive(Debug, Clone)]
pub struct Require {
    pub ns: String,
    pub range: TextRange,
    pub alias: Option<(String, TextRange)>,
    pub refers: Vec<Refer>,
    pub refer_all: bool,
    /// Any use of the namespace: through its alias, a refer, or its full name.
    pub used: bool,
    /// Loaded for side effects only (`(:require [a.b])` without `:as`/`:refer`), or
    /// `:as-alias`: never reported unused.
    pub bare: bool,
}

/// A finding before levels and suppressions apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub range: TextRange,
    pub message: String,
}

/// A reference into another project namespace, checked by the link pass.
#[derive(Debug, Clone)]
pub struct ExtRef {
    /// The namespaces that may define it (several for `:refer :all`).
    pub candidates: Vec<String>,
    pub name: String,
    pub range: TextRange,
    pub call_args: Option<usize>,
    /// The finding to raise when no candidate defines it.
    pub missing: Missing,
    /// Written as `#'ns/var`, which may name a private var.
    pub var_quote: bool,
}

/// What an [`ExtRef`] that resolves to nothing means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// `alias/x`: unresolved-var.
    Var,
    /// An unqualified symbol only `:refer :all` could explain: unresolved-symbol.
    Symbol,
    /// Nothing to report (another unknown namespace might define it).
    Silent,
}

/// A keyword occurrence (for completion and references).
#[derive(Debug, Clone)]
pub struct KeywordUse {
    pub text: String,
    pub range: TextRange,
}

/// Everything analysis learned about one file.
#[derive(Debug, Clone, Default)]
pub struct FileAnalysis {
    pub ns: String,
    /// The `ns` form's name symbol.
    pub ns_range: Option<TextRange>,
    /// The name the `ns` form declares.
    pub ns_decl: Option<String>,
    pub defs: Vec<Def>,
    pub refs: Vec<Reference>,
    pub locals: Vec<Local>,
    pub requires: Vec<Require>,
    pub findings: Vec<Finding>,
    pub ext_refs: Vec<ExtRef>,
    pub keywords: Vec<KeywordUse>,
    /// Macro calls analysed through their expansion, with the expansion's text.
    pub expansions: Vec<(TextRange, String)>,
    /// A top-level macro call could not be expanded, so some definitions may be unseen.
    pub opaque: bool,
    /// Private vars no reference in this file uses (name ranges); the link pass reports
    /// those no other file of the namespace uses either.
    pub unused_private: Vec<TextRange>,
}

/// Settings that change what analysis concludes.
#[derive(Debug, Clone, Default)]
pub struct AnalysisConfig {
    /// `:lint-as {my/deftest clojure.test/deftest}`: analyse calls to the key as the value.
    pub lint_as: HashMap<String, String>,
    /// Symbols never reported as unresolved (`:unresolved-symbol {:exclude [...]}`).
    pub unresolved_exclude: HashSet<String>,
    /// Expand project macros with the runtime (on by default; `--no-expand` turns it off).
    pub expand_macros: bool,
}

/// What a scan of a file found before the full analysis: its namespace and the macros it
/// defines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileScan {
    pub ns: String,
    pub macros: HashSet<String>,
    /// Names defined by forms whose meaning is known (`defn`, `def`, `defprotocol`, …).
    pub plain: HashSet<String>,
    /// Some top-level form may define vars kiln cannot see (an unknown `def…` macro,
    /// `import-vars`, `intern`): missing names of this namespace are not reported.
    pub opaque: bool,
    /// Heads of top-level `def…` forms kiln does not know (`defthing`, `defservice`): if
    /// one is not a project macro kiln can expand, the namespace is opaque.
    pub def_heads: HashSet<String>,
}
