//! Start-up images: the state of a freshly booted runtime (every namespace, var, compiled
//! function and constant the bundled `.clj` sources define), saved once and restored
//! instead of re-reading and re-compiling those sources on every start.
//!
//! Booting from source parses, macroexpands and compiles about 2,000 lines of dialect code
//! (some 20 ms); restoring an image is a few milliseconds. An image is a table of nodes
//! ([`image::Node`]) in which shared objects appear once and are referred to by index, so
//! identity survives (two vars holding the same atom still share it) and cycles through
//! mutable cells (atoms, vars, volatiles) are fine. Natives are saved by their index in the
//! runtime's table of natives, never by address.
//!
//! Images live in memory for the rest of the process and on disk in the user's cache
//! directory (see [`cache`]), keyed by the bundled sources and the running executable, so a
//! rebuilt binary never reads an image written by another. Anything unexpected — a missing,
//! truncated or stale file, a value kind images do not cover — falls back to booting from
//! source; it never fails start-up.

pub mod cache;
mod image;
mod read;
mod write;

use std::rc::Rc;

use crate::vm::Interp;

/// Why an image could not be made or restored.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("a start-up image cannot hold {0}")]
    Unsupported(String),
    #[error("the start-up image is malformed: {0}")]
    Malformed(String),
    #[error("the start-up image does not decode: {0}")]
    Decode(#[from] postcard::Error),
}

/// The runtime's state as an image's bytes (without the cache header).
pub fn capture(interp: &Interp) -> Result<Vec<u8>, SnapshotError> {
    let image = write::capture(interp)?;
    Ok(postcard::to_allocvec(&image)?)
}

/// Restores an image made by [`capture`] into a blank interpreter (one without namespaces
/// other than an empty `clojure.core`). The interpreter must be active on this thread
/// ([`crate::vm::enter`]) so restored atoms join the cycle collector's registry.
pub fn restore(interp: &Rc<Interp>, bytes: &[u8]) -> Result<(), SnapshotError> {
    let image: image::Image = postcard::from_bytes(bytes)?;
    read::restore(interp, &image)
}
