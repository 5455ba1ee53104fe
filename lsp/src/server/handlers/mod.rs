//! One module per request kind; each is a plain function over the world and a file's
//! snapshot, returning protocol types (the server wires them to tower-lsp).

pub mod code_actions;
pub mod code_lens;
pub mod completion;
pub mod diagnostics;
pub mod hierarchy;
pub mod hover;
pub mod inlay_hints;
pub mod navigation;
pub mod rename;
pub mod semantic_tokens;
pub mod signature;
pub mod special_forms;
pub mod structure;
pub mod symbols;
pub mod wasm;
