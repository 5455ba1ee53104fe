//! Linting: the rule registry, the per-rule checks, configuration, suppression, and the
//! driver that lints a set of files in parallel and produces [`crate::diagnostic`]s.

pub mod config;
pub mod driver;
pub mod registry;
pub mod rules;
pub mod suppress;

pub use registry::{Level, Rule};
