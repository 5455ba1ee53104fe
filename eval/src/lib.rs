//! `eval`: the embedded runtime of the ClojureWasm dialect.
//!
//! Pipeline: `syntax` tree → [`reader`] (forms with `:line`/`:column`) → [`compiler`]
//! (special forms, locals, macroexpansion) → [`chunk`] (bytecode) → [`vm`] (the dispatch
//! loop). Values are in [`value`]; the natives and `core.clj` in [`core`]; the embedding API
//! in [`runtime`].

pub mod alloc;
pub mod chunk;
pub mod compiler;
pub mod core;
pub mod gc;
pub mod reader;
pub mod runtime;
pub mod snapshot;
pub mod value;
pub mod vm;
pub mod wasm;

pub use runtime::{EvalError, EvalLimits, InterruptHandle, Outcome, Runtime};
pub use value::Value;
