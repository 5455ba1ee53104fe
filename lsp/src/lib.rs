//! The `lsp` crate: analysis (semantic model and lint rules), diagnostics and their output
//! formats, and the language server (`server`), used by the `kiln` binary (`src/main.rs`).
//! Only `server` knows `lsp-types`; everything else speaks byte ranges.

pub mod analysis;
pub mod diagnostic;
pub mod format;
pub mod lint;
pub mod project_layout;
pub mod render;
pub mod server;
