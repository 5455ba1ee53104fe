//! The core library: natives written in Rust (this module and its siblings) and
//! `core.clj`, the macros and functions written in the dialect itself, embedded in the
//! binary and loaded at start-up.

mod budget;
mod natives;

use std::rc::Rc;

use crate::value::{Value, seq};
use crate::vm::{Interp, NativeFn, NativeImpl};

/// The dialect half of `clojure.core`.
pub const CORE_CLJ: &str = include_str!("core.clj");

/// `(get coll k)`.
pub fn get(coll: &Value, k: &Value) -> Option<Value> {
    match coll {
        Value::Map(m) => m.get(k).cloned(),
        Value::Set(s) => s.get(k).cloned(),
        Value::Vector(v) => match k {
            Value::Long(i) if *i >= 0 => v.get(*i as usize).cloned(),
            _ => None,
        },
        Value::Str(s) => match k {
            Value::Long(i) if *i >= 0 => s.chars().nth(*i as usize).map(Value::Char),
            _ => None,
        },
        Value::Var(var) => var.root().and_then(|v| get(&v, k)),
        _ => None,
    }
}

/// Registers every native in `clojure.core`.
pub fn install(interp: &Interp) {
    let core = interp.ns("clojure.core");
    for (name, f) in natives::NATIVES
        .iter()
        .chain(natives::MORE_NATIVES)
        .chain(crate::runtime::load::NATIVES)
    {
        let var = core.intern(name);
        var.set_root(Value::Native(Rc::new(NativeFn {
            name,
            f: *f as NativeImpl,
        })));
    }
    let eval_ns = interp.ns("cljw.eval");
    for (name, f) in budget::NATIVES {
        eval_ns
            .intern(name)
            .set_root(Value::Native(Rc::new(NativeFn {
                name,
                f: *f as NativeImpl,
            })));
    }
    for ns_name in ["wasm", "cljw.wasm"] {
        let ns = interp.ns(ns_name);
        for (name, f) in crate::wasm::natives::NATIVES {
            ns.intern(name).set_root(Value::Native(Rc::new(NativeFn {
                name,
                f: *f as NativeImpl,
            })));
        }
    }
    for name in [
        "*out*",
        "*err*",
        "*ns*",
        "*command-line-args*",
        "*warn-on-reflection*",
        "*unchecked-math*",
        "*assert*",
        "*print-length*",
        "*print-level*",
    ] {
        let var = core.intern(name);
        var.dynamic.set(true);
        if !var.is_bound() {
            var.set_root(match name {
                "*assert*" => Value::Bool(true),
                _ => Value::Nil,
            });
        }
    }
}

/// A seq's elements, for natives.
pub fn items(v: &Value) -> Result<Vec<Value>, crate::vm::Throw> {
    seq::to_vec(v)
}
