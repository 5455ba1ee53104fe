//! The `lsp` crate: analysis (semantic model and lint rules), diagnostics and their output
//! formats, used by the `kiln` binary (`src/main.rs`) and the language server. Only the
//! server module will know `lsp-types`; everything here speaks byte ranges.

pub mod analysis;
pub mod diagnostic;
pub mod lint;
pub mod project_layout;
pub mod render;
