//! Runtime values: immediates (nil, booleans, longs, doubles, chars) inline, everything else
//! behind an `Rc`.
//!
//! Memory: reference counting frees most objects the moment they die (short-lived maps in a
//! loop never accumulate), and the tracing cycle collector in [`crate::gc`] reclaims the
//! cycles that mutable cells (atoms, vars, letfn cells, …) can close. Because every `Rc` a
//! Rust function holds counts as a root, native code needs no rooting discipline, and the
//! runtime stays re-entrant: a value can be handed to a host callback (e.g. a Wasm import)
//! and come back into dialect code without any arena lifetime in the way.

pub mod coll;
pub mod decimal;
pub mod eq;
pub mod hash;
pub mod lazy;
pub mod num;
pub mod obj;
pub mod print;
pub mod pvec;
pub mod seq;
pub mod sym;
pub mod words;

use std::rc::Rc;

use num_bigint::BigInt;
use num_rational::BigRational;

pub use coll::{List, Map, Set, Vector};
pub use seq::{LazySeq, Seq};
pub use sym::{Keyword, Symbol};

use crate::runtime::{Atom, Namespace, Var};
use crate::vm::{Closure, Exception, NativeFn};

/// A dialect value. Cloning is cheap: a copy for immediates, a reference count otherwise.
#[repr(u64)]
pub enum Value {
    Nil,
    Bool(bool),
    Long(i64),
    Double(f64),
    Char(char),
    Str(Rc<str>),
    Keyword(Keyword),
    Symbol(Symbol),
    BigInt(Rc<BigInt>),
    Ratio(Rc<BigRational>),
    BigDec(Rc<bigdecimal::BigDecimal>),
    List(Rc<List>),
    Vector(Rc<Vector>),
    Map(Rc<Map>),
    Set(Rc<Set>),
    /// A non-list seq: cons cells and cursors over vectors and arrays.
    Seq(Rc<Seq>),
    LazySeq(Rc<LazySeq>),
    Fn(Rc<Closure>),
    Native(Rc<NativeFn>),
    Var(Rc<Var>),
    Atom(Rc<Atom>),
    Namespace(Rc<Namespace>),
    Regex(Rc<fancy_regex::Regex>),
    Exception(Rc<Exception>),
    /// A loaded WebAssembly module.
    Wasm(Rc<crate::wasm::WasmModule>),
    Delay(Rc<crate::runtime::Delay>),
    /// Reduced wrappers, volatiles, transients, promises, `deftype`/`reify` instances.
    Obj(Rc<obj::Obj>),
}

impl Clone for Value {
    /// Immediates are copied inline; reference-counted values have their count raised out
    /// of line and are then copied inline too (the derived `clone` was a call per stack push
    /// in the VM's profile).
    #[inline(always)]
    fn clone(&self) -> Value {
        if !self.is_immediate() {
            self.retain();
        }
        // SAFETY: an immediate (nil, a boolean, a long, a double or a char) owns nothing and
        // has no drop glue, so a bitwise copy is a complete, independent clone. Every other
        // variant holds exactly one `Rc`, whose strong count `retain` has just raised: the
        // bitwise copy owns that extra count, which is exactly what `Rc::clone` produces.
        // The copy is one whole-value move; building the result field by field (or in an
        // out-of-line function writing through a return pointer) made the next whole-value
        // load miss store-to-load forwarding on every stack push in the VM's profile.
        unsafe { std::ptr::read(self) }
    }
}

impl Value {
    /// Raises the strong count of the `Rc` a reference value holds (no-op for immediates).
    #[inline(never)]
    fn retain(&self) {
        fn r<T: ?Sized>(x: &Rc<T>) {
            std::mem::forget(Rc::clone(x));
        }
        match self {
            Value::Nil | Value::Bool(_) | Value::Long(_) | Value::Double(_) | Value::Char(_) => {}
            Value::Str(x) => r(x),
            Value::Keyword(x) => std::mem::forget(x.clone()),
            Value::Symbol(x) => std::mem::forget(x.clone()),
            Value::BigInt(x) => r(x),
            Value::Ratio(x) => r(x),
            Value::BigDec(x) => r(x),
            Value::List(x) => r(x),
            Value::Vector(x) => r(x),
            Value::Map(x) => r(x),
            Value::Set(x) => r(x),
            Value::Seq(x) => r(x),
            Value::LazySeq(x) => r(x),
            Value::Fn(x) => r(x),
            Value::Native(x) => r(x),
            Value::Var(x) => r(x),
            Value::Atom(x) => r(x),
            Value::Namespace(x) => r(x),
            Value::Regex(x) => r(x),
            Value::Exception(x) => r(x),
            Value::Wasm(x) => r(x),
            Value::Delay(x) => r(x),
            Value::Obj(x) => r(x),
        }
    }

    /// The address of the object a reference value points to (`None` for immediates, and
    /// for keywords and symbols, which compare by their own rules): `identical?` of two
    /// references is equality of these addresses.
    pub fn ref_addr(&self) -> Option<*const ()> {
        fn a<T: ?Sized>(r: &Rc<T>) -> Option<*const ()> {
            Some(Rc::as_ptr(r) as *const ())
        }
        match self {
            Value::Str(x) => a(x),
            Value::BigInt(x) => a(x),
            Value::Ratio(x) => a(x),
            Value::BigDec(x) => a(x),
            Value::List(x) => a(x),
            Value::Vector(x) => a(x),
            Value::Map(x) => a(x),
            Value::Set(x) => a(x),
            Value::Seq(x) => a(x),
            Value::LazySeq(x) => a(x),
            Value::Fn(x) => a(x),
            Value::Native(x) => a(x),
            Value::Var(x) => a(x),
            Value::Atom(x) => a(x),
            Value::Namespace(x) => a(x),
            Value::Regex(x) => a(x),
            Value::Exception(x) => a(x),
            Value::Wasm(x) => a(x),
            Value::Delay(x) => a(x),
            Value::Obj(x) => a(x),
            _ => None,
        }
    }

    /// Is this an immediate (no reference count: dropping it is a no-op)?
    #[inline(always)]
    pub fn is_immediate(&self) -> bool {
        matches!(
            self,
            Value::Nil | Value::Bool(_) | Value::Long(_) | Value::Double(_) | Value::Char(_)
        )
    }

    /// Drops a value, skipping the out-of-line drop glue for immediates.
    #[inline(always)]
    pub fn discard(self) {
        if self.is_immediate() {
            std::mem::forget(self);
        } else {
            drop(self);
        }
    }

    /// Stores `v` in `slot`, dropping the old value (inline when it is an immediate).
    #[inline(always)]
    pub fn store(slot: &mut Value, v: Value) {
        std::mem::replace(slot, v).discard();
    }

    /// Clojure truthiness: everything but `nil` and `false`.
    #[inline]
    pub fn truthy(&self) -> bool {
        !matches!(self, Value::Nil | Value::Bool(false))
    }

    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    pub fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    pub fn keyword(name: &str) -> Value {
        Value::Keyword(Keyword::intern(None, name))
    }

    pub fn symbol(name: &str) -> Value {
        Value::Symbol(Symbol::parse(name))
    }

    /// The JVM class name users see in errors and in `(type x)`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "java.lang.Boolean",
            Value::Long(_) => "java.lang.Long",
            Value::Double(_) => "java.lang.Double",
            Value::Char(_) => "java.lang.Character",
            Value::Str(_) => "java.lang.String",
            Value::Keyword(_) => "clojure.lang.Keyword",
            Value::Symbol(_) => "clojure.lang.Symbol",
            Value::BigInt(_) => "clojure.lang.BigInt",
            Value::Ratio(_) => "clojure.lang.Ratio",
            Value::BigDec(_) => "java.math.BigDecimal",
            Value::List(l) if l.is_empty() => "clojure.lang.PersistentList$EmptyList",
            Value::List(_) => "clojure.lang.PersistentList",
            Value::Vector(_) => "clojure.lang.PersistentVector",
            Value::Map(m) if m.tag.is_some() => "clojure.lang.IRecord",
            Value::Map(m) if m.is_array() => "clojure.lang.PersistentArrayMap",
            Value::Map(_) => "clojure.lang.PersistentHashMap",
            Value::Set(_) => "clojure.lang.PersistentHashSet",
            Value::Seq(s) => s.type_name(),
            Value::LazySeq(_) => "clojure.lang.LazySeq",
            Value::Fn(_) => "clojure.lang.AFunction",
            Value::Native(_) => "clojure.lang.AFunction",
            Value::Var(_) => "clojure.lang.Var",
            Value::Atom(_) => "clojure.lang.Atom",
            Value::Namespace(_) => "clojure.lang.Namespace",
            Value::Regex(_) => "java.util.regex.Pattern",
            Value::Exception(e) => e.class_name(),
            Value::Wasm(_) => "cljw.wasm.Module",
            Value::Delay(_) => "clojure.lang.Delay",
            Value::Obj(o) => o.type_name(),
        }
    }

    /// Metadata, for the values that carry it.
    pub fn meta(&self) -> Option<&Value> {
        match self {
            Value::Symbol(s) => s.meta(),
            Value::List(l) => l.meta.as_ref(),
            Value::Vector(v) => v.meta.as_ref(),
            Value::Map(m) => m.meta.as_ref(),
            Value::Set(s) => s.meta.as_ref(),
            Value::Seq(s) => s.meta(),
            Value::Fn(f) => f.meta.as_ref(),
            Value::Obj(o) => match &**o {
                obj::Obj::Sorted(s) => s.meta.as_ref(),
                _ => None,
            },
            _ => None,
        }
    }

    /// The same value with new metadata; `None` for values that cannot carry metadata.
    pub fn with_meta(&self, meta: Option<Value>) -> Option<Value> {
        Some(match self {
            Value::Symbol(s) => Value::Symbol(s.with_meta(meta)),
            Value::List(l) => Value::List(Rc::new(List {
                meta,
                ..(**l).clone()
            })),
            Value::Vector(v) => Value::Vector(Rc::new(Vector {
                meta,
                ..(**v).clone()
            })),
            Value::Map(m) => {
                let mut m = (**m).clone();
                m.meta = meta;
                Value::Map(Rc::new(m))
            }
            Value::Set(s) => {
                let mut s = (**s).clone();
                s.meta = meta;
                Value::Set(Rc::new(s))
            }
            Value::Seq(s) => Value::Seq(Rc::new(s.with_meta(meta))),
            // Like Clojure's LazySeq (an IObj): realized, with the metadata on the result.
            Value::LazySeq(_) => {
                let items = seq::to_vec(self).ok()?;
                Value::List(Rc::new(List {
                    meta,
                    ..List::from_vec(items)
                }))
            }
            Value::Fn(f) => Value::Fn(Rc::new(Closure {
                meta,
                ..(**f).clone()
            })),
            Value::Obj(o) => match &**o {
                obj::Obj::Sorted(s) => {
                    Value::Obj(Rc::new(obj::Obj::Sorted(obj::Sorted { meta, ..s.clone() })))
                }
                _ => return None,
            },
            _ => return None,
        })
    }

    /// Number of elements for counted collections, strings and nil.
    pub fn count_fast(&self) -> Option<usize> {
        Some(match self {
            Value::Nil => 0,
            Value::Str(s) => s.encode_utf16().count(),
            Value::List(l) => l.len(),
            Value::Vector(v) => v.len(),
            Value::Map(m) => m.len(),
            Value::Set(s) => s.len(),
            Value::Obj(o) => match &**o {
                obj::Obj::Sorted(s) => s.entries.len(),
                _ => return None,
            },
            _ => return None,
        })
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&print::pr_str(self))
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Long(n)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}

#[cfg(test)]
mod layout_tests {
    use super::Value;

    /// The VM moves values by whole words: a value is three words, and `Option<Value>` (a
    /// var's root, a popped slot) still fits in them through the tag's niche.
    #[test]
    fn a_value_is_three_words() {
        assert_eq!(std::mem::size_of::<Value>(), 24);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 24);
    }

    #[test]
    fn clone_of_immediates_is_a_copy() {
        for v in [
            Value::Nil,
            Value::Bool(true),
            Value::Long(-7),
            Value::Double(0.5),
            Value::Char('λ'),
        ] {
            let c = v.clone();
            assert!(crate::value::eq::equiv(&v, &c));
            assert_eq!(
                crate::value::print::pr_str(&v),
                crate::value::print::pr_str(&c)
            );
        }
    }
}
