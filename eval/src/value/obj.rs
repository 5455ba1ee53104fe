//! Small reference objects of the core library that are neither collections nor cells of
//! the runtime proper: `reduced` wrappers, volatiles, transients, promises and the instances
//! of `deftype`/`reify`.

use std::cell::RefCell;

use super::Value;

/// An object behind [`Value::Obj`].
pub enum Obj {
    /// `(reduced x)`: ends a `reduce` early with `x`.
    Reduced(Value),
    /// `(volatile! x)`: a mutable box without watches or validation.
    Volatile(RefCell<Value>),
    /// `(transient coll)`: the persistent collection being built, `None` once
    /// `persistent!` was called.
    Transient(RefCell<Option<Value>>),
    /// `(promise)`: delivered at most once.
    Promise(RefCell<Option<Value>>),
    /// An instance of a `deftype` or `reify`: its type name and its fields by keyword.
    Instance {
        tag: std::rc::Rc<str>,
        fields: Value,
    },
    /// `(StringBuilder.)`: a mutable string buffer.
    StringBuilder(RefCell<String>),
    /// `sorted-map`/`sorted-set` (see `core/sorted.rs`).
    Sorted(Sorted),
}

/// A sorted map or set: entries kept in order of a comparator (`compare` when `cmp` is
/// nil); a set's entries have the member as both key and value.
#[derive(Clone)]
pub struct Sorted {
    pub is_map: bool,
    pub entries: std::rc::Rc<Vec<(Value, Value)>>,
    pub cmp: Option<Value>,
    pub meta: Option<Value>,
}

impl Obj {
    /// The JVM class name users see.
    pub fn type_name(&self) -> &'static str {
        match self {
            Obj::Reduced(_) => "clojure.lang.Reduced",
            Obj::Volatile(_) => "clojure.lang.Volatile",
            Obj::Transient(c) => match &*c.borrow() {
                Some(Value::Vector(_)) => "clojure.lang.PersistentVector$TransientVector",
                Some(Value::Set(_)) => "clojure.lang.PersistentHashSet$TransientHashSet",
                _ => "clojure.lang.PersistentArrayMap$TransientArrayMap",
            },
            Obj::Promise(_) => "clojure.core$promise$reify",
            Obj::Instance { .. } => "java.lang.Object",
            Obj::StringBuilder(_) => "java.lang.StringBuilder",
            Obj::Sorted(s) if s.is_map => "clojure.lang.PersistentTreeMap",
            Obj::Sorted(_) => "clojure.lang.PersistentTreeSet",
        }
    }
}
