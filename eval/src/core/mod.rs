//! The core library: natives written in Rust (this module and its siblings) and
//! `core.clj`, the macros and functions written in the dialect itself, embedded in the
//! binary and loaded at start-up.

mod budget;
mod chunks;
mod dispatch;
pub use dispatch::ProtoCache;
pub(crate) use dispatch::proto_forward_target;
pub mod docs;
mod host;
mod natives;
mod numbers;
mod objects;
mod reflect;
mod regex;
mod sorted;
mod text;
mod xf;

pub use natives::compare_strings as compare_strs;
pub(crate) use natives::{
    n_array_map as native_array_map, n_get as native_get, n_nth as native_nth,
};
pub(crate) use numbers::unary_slow;
pub(crate) use objects::transient_inner;

use std::rc::Rc;

use crate::value::{Value, seq};
use crate::vm::{Interp, NativeFn, NativeImpl};

/// The dialect half of `clojure.core`.
pub const CORE_CLJ: &str = include_str!("core.clj");
/// More of `clojure.core`, loaded after `core.clj`: sequences and transducers, collection
/// and higher-order helpers.
pub const SEQS_CLJ: &str = include_str!("seqs.clj");
/// Protocols, records, types, multimethods and hierarchies, refs and agents.
pub const TYPES_CLJ: &str = include_str!("types.clj");
/// The rest: dynamic vars, `use`, `with-redefs`, taps, host-flavoured macros, casts.
pub const EXTRAS_CLJ: &str = include_str!("extras.clj");

/// Namespaces embedded in the binary, loaded by `require` when no source root has them.
pub const BUNDLED: &[(&str, &str)] = &[
    ("clojure.string", include_str!("string.clj")),
    ("clojure.set", include_str!("set.clj")),
    ("clojure.walk", include_str!("walk.clj")),
    ("clojure.template", include_str!("template.clj")),
    ("clojure.test", include_str!("test.clj")),
    ("clojure.edn", include_str!("edn.clj")),
    ("clojure.math", include_str!("math.clj")),
    ("clojure.data", include_str!("data.clj")),
    ("clojure.zip", include_str!("zip.clj")),
    ("clojure.pprint", include_str!("pprint.clj")),
];

/// The embedded source of a bundled namespace.
pub fn bundled_source(ns: &str) -> Option<&'static str> {
    BUNDLED.iter().find(|(n, _)| *n == ns).map(|(_, src)| *src)
}

/// Whether `v` is a sorted map or set.
pub fn sorted_coll(v: &Value) -> bool {
    sorted::as_sorted(v).is_some()
}

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
        Value::Obj(_) if objects::is_transient(coll) => get(&objects::transient_inner(coll)?, k),
        Value::Obj(_) => {
            let s = sorted::as_sorted(coll)?;
            let interp = crate::vm::current_rc().ok()?;
            sorted::lookup(&interp, s, k).ok().flatten()
        }
        _ => None,
    }
}

/// Registers every native in `clojure.core`.
pub fn install(interp: &Interp) {
    let core = interp.ns("clojure.core");
    for (id, (home, name, f)) in native_table().iter().enumerate() {
        let make = || {
            Value::Native(Rc::new(NativeFn {
                name,
                f: *f,
                id: id as u32,
            }))
        };
        match home {
            Home::Core => core.intern(name).set_root(make()),
            Home::Class(class) => {
                for ns_name in [class.to_string(), format!("java.lang.{class}")] {
                    interp.ns(&ns_name).intern(name).set_root(make());
                }
            }
            Home::Eval => interp.ns("cljw.eval").intern(name).set_root(make()),
            Home::Wasm => {
                for ns_name in ["wasm", "cljw.wasm"] {
                    interp.ns(ns_name).intern(name).set_root(make());
                }
            }
        }
    }
    for (class, name, value) in host::static_fields() {
        for ns_name in [class.to_string(), format!("java.lang.{class}")] {
            interp.ns(&ns_name).intern(name).set_root(value.clone());
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
        "*file*",
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

/// The namespace(s) a native is installed in.
#[derive(Debug, Clone, Copy)]
pub enum Home {
    /// `clojure.core`.
    Core,
    /// A host class's statics (`Math/abs`): the class's namespace, also under `java.lang.`.
    Class(&'static str),
    /// `cljw.eval`.
    Eval,
    /// `wasm` and `cljw.wasm`.
    Wasm,
}

/// Every native the runtime installs, in a fixed order; a native's index here is its
/// [`NativeFn::id`], by which start-up images ([`crate::snapshot`]) name it. Later entries
/// replace earlier ones of the same name and home.
pub fn native_table() -> &'static [(Home, &'static str, NativeImpl)] {
    type Table = Vec<(Home, &'static str, NativeImpl)>;
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut all = Table::new();
        let mut add = |home: Home, t: &[(&'static str, NativeImpl)]| {
            all.extend(t.iter().map(|(n, f)| (home, *n, *f as NativeImpl)));
        };
        for t in [
            natives::NATIVES,
            natives::MORE_NATIVES,
            natives::STATE_NATIVES,
            regex::NATIVES,
            numbers::NATIVES,
            objects::NATIVES,
            text::NATIVES,
            reflect::NATIVES,
            sorted::NATIVES,
            chunks::NATIVES,
            xf::NATIVES,
            dispatch::NATIVES,
            crate::runtime::load::NATIVES,
            host::NATIVES,
        ] {
            add(Home::Core, t);
        }
        for (class, members) in host::STATICS {
            add(Home::Class(class), members);
        }
        add(Home::Eval, budget::NATIVES);
        add(Home::Wasm, crate::wasm::natives::NATIVES);
        add(Home::Wasm, crate::wasm::memory::NATIVES);
        all
    })
}

/// A seq's elements, for natives.
pub fn items(v: &Value) -> Result<Vec<Value>, crate::vm::Throw> {
    seq::to_vec(v)
}

/// A pseudo-random double in [0, 1) (xorshift64*, seeded from the clock once per thread).
pub fn random_f64() -> f64 {
    use std::cell::Cell;
    thread_local! {
        static STATE: Cell<u64> = Cell::new(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0x9E37_79B9_7F4A_7C15)
                | 1,
        );
    }
    STATE.with(|s| {
        let mut x = s.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        s.set(x);
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    })
}
