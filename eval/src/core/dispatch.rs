//! Natives behind fast dispatch: protocol method lookup (`-find-impl`, with a per-class
//! cache) and the method cache of multimethods (`-mm-cached`, `-mm-cache!`). The dialect
//! side (`defprotocol`, `defmulti`) lives in `types.clj`.

use std::rc::Rc;

use super::objects::{class_str, type_chain, volatile_cell};
use crate::value::Value;
use crate::value::obj::Obj;
use crate::vm::{Interp, NativeImpl, Throw};

use super::objects::arity;

type R = Result<Value, Throw>;

/// Address of a protocol's impls map → (that map, kept alive; class name → the impls of the
/// first type in the class chain that has any). Two levels, so a hit looks the class up by
/// a borrowed name, without allocating.
type ImplCache =
    rustc_hash::FxHashMap<usize, (Value, rustc_hash::FxHashMap<Box<str>, Option<Value>>)>;

thread_local! {
    /// Protocol dispatch cache: (address of a protocol's impls map, class) → the impls of the
    /// first type in the class's chain that has any. The map is kept alive in the entry, so
    /// its address is not reused while cached; `extend` replaces the map, which makes old
    /// entries unreachable (the cache is cleared when it grows large).
    static IMPL_CACHE: std::cell::RefCell<ImplCache> = std::cell::RefCell::new(ImplCache::default());
}

thread_local! {
    /// The keywords dispatch reads on every call, interned once per thread (interning looks
    /// the name up in the keyword table: a string hash per call otherwise).
    static KEYS: [Value; 4] = [
        Value::keyword("name"),
        Value::keyword("impls"),
        Value::keyword("hierarchy"),
        Value::Keyword(crate::value::Keyword::intern(Some("clojure.core"), "methods")),
    ];
}

const NAME: usize = 0;
const IMPLS: usize = 1;
const HIERARCHY: usize = 2;
const METHODS: usize = 3;

fn key(i: usize) -> Value {
    KEYS.with(|k| k[i].clone())
}

/// `(-find-impl protocol x method-keyword)`: the fn implementing a protocol method for `x`:
/// `reify`'s own methods first, then the impls of the first type in `x`'s class chain
/// (its class, interfaces, `Object`) that extends the protocol.
fn n_find_impl(_: &Interp, a: &[Value]) -> R {
    arity(a, 3..=3, "-find-impl")?;
    let (proto, x, mk) = (&a[0], &a[1], &a[2]);
    if let Value::Obj(o) = x
        && let Obj::Instance { fields, .. } = &**o
    {
        let name = crate::core::get(proto, &key(NAME)).unwrap_or(Value::Nil);
        let own = crate::core::get(fields, &key(METHODS))
            .and_then(|m| crate::core::get(&m, &name))
            .and_then(|m| crate::core::get(&m, mk));
        if let Some(f) = own {
            return Ok(f);
        }
    }
    let impls = match crate::core::get(proto, &key(IMPLS)) {
        Some(Value::Atom(at)) => at.deref(),
        _ => return Err(Throw::illegal_argument("-find-impl: not a protocol")),
    };
    let address = match &impls {
        Value::Map(m) => Rc::as_ptr(m) as usize,
        _ => 0,
    };
    // `nil`'s class name is "nil" (its `type_name`).
    let class = class_str(x);
    let cached = IMPL_CACHE.with(|c| {
        c.borrow()
            .get(&address)
            .and_then(|(_, by_class)| by_class.get(class).cloned())
    });
    let type_impls = match cached {
        Some(m) => m,
        None => {
            let found = type_chain(x)
                .iter()
                .find_map(|t| crate::core::get(&impls, &Value::str(t)));
            IMPL_CACHE.with(|c| {
                let mut c = c.borrow_mut();
                if c.len() > 256 {
                    c.clear();
                }
                let (_, by_class) = c
                    .entry(address)
                    .or_insert_with(|| (impls.clone(), Default::default()));
                if by_class.len() > 4096 {
                    by_class.clear();
                }
                by_class.insert(class.into(), found.clone());
            });
            found
        }
    };
    if let Some(f) = type_impls.and_then(|m| crate::core::get(&m, mk)) {
        return Ok(f);
    }
    // A type earlier in the chain may extend the protocol without this method: look on.
    if let Some(f) = type_chain(x).iter().find_map(|t| {
        crate::core::get(&impls, &Value::str(t)).and_then(|m| crate::core::get(&m, mk))
    }) {
        return Ok(f);
    }
    let mname = crate::value::print::display(mk);
    let name = crate::core::get(proto, &key(NAME)).unwrap_or(Value::Nil);
    Err(Throw::illegal_argument(format!(
        "No implementation of method: {mname} of protocol: #'{} found for class: {}",
        crate::value::print::pr_str(&name),
        if x.is_nil() { "nil" } else { class }
    )))
}

/// Classes a protocol method's inline cache remembers before it starts over.
const PROTO_CACHE_CLASSES: usize = 8;

/// `(-proto-target ctx x)`: the fn implementing a protocol method for `x`, where `ctx` is
/// the method's `[protocol impls-atom method-keyword cache]` (built once by `defprotocol`).
/// The cache (a volatile) holds `[impls c1 f1 c2 f2 …]`: the impls map it was built from
/// (compared by address; `extend` replaces the map, which empties the cache) and up to
/// eight classes with their fns, compared by name. A miss, and `reify`/`deftype`
/// instances, go through `-find-impl`.
fn n_proto_target(i: &Interp, a: &[Value]) -> R {
    arity(a, 2..=2, "-proto-target")?;
    proto_target(i, &a[0], &a[1])
}

/// The key a protocol method's inline cache files `x` under: a record's own tag (the same
/// `Rc` each time, so a hit compares one pointer) or the name of its class.
fn class_key(x: &Value) -> Value {
    match x {
        Value::Map(m) if m.tag.is_some() => Value::Str(m.tag.clone().unwrap_or_else(|| "".into())),
        _ => Value::str(class_str(x)),
    }
}

/// Is the cache key `k` (see [`class_key`]) the one for class `class`?
fn key_is(k: &Value, class: &str) -> bool {
    match k {
        Value::Str(s) => std::ptr::eq(s.as_ptr(), class.as_ptr()) || **s == *class,
        _ => false,
    }
}

/// What `-proto-target` computes (see [`n_proto_target`]), for the VM's `ProtoForward`,
/// which dispatches a protocol method without a native call.
pub(crate) fn proto_target(i: &Interp, ctx: &Value, x: &Value) -> R {
    let Value::Vector(ctx) = ctx else {
        return Err(Throw::illegal_argument(
            "-proto-target expects the protocol method context",
        ));
    };
    // The context and the cache are short vectors: one leaf each, read as slices.
    let [proto, Value::Atom(impls), mk, cache] = ctx.items.chunk_from(0) else {
        return Err(Throw::illegal_argument(
            "-proto-target: malformed protocol method context",
        ));
    };
    let instance = matches!(x, Value::Obj(o) if matches!(&**o, Obj::Instance { .. }));
    if instance {
        return n_find_impl(i, &[proto.clone(), x.clone(), mk.clone()]);
    }
    let class = class_str(x);
    let cell = volatile_cell(cache)?;
    if let Value::Vector(c) = &*cell.borrow()
        && let [Value::Map(built), entries @ ..] = c.items.chunk_from(0)
        && impls.with_value(|m| matches!(m, Value::Map(m) if Rc::ptr_eq(m, built)))
    {
        for pair in entries.chunks_exact(2) {
            if key_is(&pair[0], class) {
                return Ok(pair[1].clone());
            }
        }
    }
    let f = n_find_impl(i, &[proto.clone(), x.clone(), mk.clone()])?;
    let current = impls.deref();
    let mut entries: Vec<Value> = match &*cell.borrow() {
        Value::Vector(c)
            if c.get(0).and_then(Value::ref_addr) == current.ref_addr()
                && c.len() < 1 + 2 * PROTO_CACHE_CLASSES =>
        {
            c.iter().cloned().collect()
        }
        _ => vec![current],
    };
    entries.push(class_key(x));
    entries.push(f.clone());
    *cell.borrow_mut() = Value::Vector(Rc::new(crate::value::Vector::from_vec(entries)));
    Ok(f)
}

/// Classes a protocol method fn's own cache remembers before it starts over.
const FN_CACHE_CLASSES: usize = 8;

/// The inline cache a protocol method fn keeps on its prototype, for `ProtoForward`: for
/// the method context `ctx` and the impls map `built` (both kept alive and compared by
/// address, so `extend` or a new `defprotocol` empties it), the implementing fn per class,
/// keyed by the address of the class name (a record's tag, or a static class name) with a
/// name comparison as the fallback. Reached in two loads from the fn on the stack, where
/// the context's own cache (see [`proto_target`]) is five dependent loads away.
pub struct ProtoCache {
    ctx: Value,
    impls: Rc<crate::runtime::Atom>,
    built: Value,
    entries: Vec<CacheEntry>,
}

struct CacheEntry {
    /// The address of the class name (`class_str(x).as_ptr()`).
    key: *const u8,
    /// The class name; for a record, its tag, which keeps `key` from being reused.
    name: Rc<str>,
    f: Value,
}

impl ProtoCache {
    /// The fn cached for `x` if the cache is current for `ctx`; `None` on a miss and for
    /// deftype/reify instances (which `-find-impl` always handles).
    #[inline]
    fn get(&self, ctx: &Value, x: &Value) -> Option<Value> {
        if ctx.ref_addr() != self.ctx.ref_addr()
            || matches!(x, Value::Obj(o) if matches!(&**o, Obj::Instance { .. }))
            || !self
                .impls
                .with_value(|m| m.ref_addr() == self.built.ref_addr())
        {
            return None;
        }
        let class = class_str(x);
        let key = class.as_ptr();
        let e = match self.entries.iter().find(|e| e.key == key) {
            Some(e) => e,
            None => self.entries.iter().find(|e| *e.name == *class)?,
        };
        Some(e.f.clone())
    }
}

/// What `ProtoForward` dispatches to: the fn implementing the protocol method `method`
/// (whose prototype holds a [`ProtoCache`]) with context `ctx` for first argument `x`. A
/// miss goes through [`proto_target`] and is remembered.
pub(crate) fn proto_forward_target(
    i: &Interp,
    method: &crate::vm::FnProto,
    ctx: &Value,
    x: &Value,
) -> R {
    if let Some(pc) = &*method.dispatch_cache.borrow()
        && let Some(f) = pc.get(ctx, x)
    {
        return Ok(f);
    }
    let f = proto_target(i, ctx, x)?;
    remember(method, ctx, x, &f);
    Ok(f)
}

/// Files `f` as `x`'s implementation in `method`'s cache (see [`ProtoCache`]).
fn remember(method: &crate::vm::FnProto, ctx: &Value, x: &Value, f: &Value) {
    if matches!(x, Value::Obj(o) if matches!(&**o, Obj::Instance { .. })) {
        return;
    }
    let Value::Vector(v) = ctx else { return };
    let [_, Value::Atom(impls), _, _] = v.items.chunk_from(0) else {
        return;
    };
    let built = impls.deref();
    let class = class_str(x);
    let name: Rc<str> = match x {
        Value::Map(m) if m.tag.is_some() => m.tag.clone().unwrap_or_else(|| "".into()),
        _ => Rc::from(class),
    };
    let entry = CacheEntry {
        key: class.as_ptr(),
        name,
        f: f.clone(),
    };
    let mut slot = method.dispatch_cache.borrow_mut();
    match &mut *slot {
        Some(pc)
            if pc.ctx.ref_addr() == ctx.ref_addr()
                && pc.built.ref_addr() == built.ref_addr()
                && pc.entries.len() < FN_CACHE_CLASSES =>
        {
            pc.entries.push(entry)
        }
        _ => {
            *slot = Some(Box::new(ProtoCache {
                ctx: ctx.clone(),
                impls: impls.clone(),
                built,
                entries: vec![entry],
            }))
        }
    }
}

/// A multimethod's hierarchy reference: `(:hierarchy state)` read through its var, so an
/// atom or the hierarchy map itself.
fn mm_hierarchy_ref(i: &Interp, state: &Value) -> R {
    match KEYS.with(|k| crate::core::get(state, &k[HIERARCHY])) {
        Some(Value::Var(v)) => i.var_value(&v),
        h => Ok(h.unwrap_or(Value::Nil)),
    }
}

/// A multimethod's hierarchy value: `(:hierarchy state)`, through its var and atom.
fn mm_hierarchy(i: &Interp, state: &Value) -> R {
    Ok(match mm_hierarchy_ref(i, state)? {
        Value::Atom(at) => at.deref(),
        h => h,
    })
}

/// The address of the value [`mm_hierarchy`] returns (`None` for nil), read in place.
fn mm_hierarchy_addr(i: &Interp, state: &Value) -> Result<Option<*const ()>, Throw> {
    Ok(match &mm_hierarchy_ref(i, state)? {
        Value::Atom(at) => at.with_value(Value::ref_addr),
        h => h.ref_addr(),
    })
}

/// The cached method table in a multimethod's cache volatile (`[state hierarchy {dv f}]`)
/// when it was built for this `state` and hierarchy value, else `None`.
fn mm_valid_table(
    cache: &Value,
    state: &Value,
    h: &Value,
) -> Result<Option<Rc<crate::value::Map>>, Throw> {
    let c = volatile_cell(cache)?.borrow().clone();
    let Value::Vector(c) = c else {
        return Ok(None);
    };
    let same = |i: usize, x: &Value| {
        c.get(i)
            .is_some_and(|y| match (y.ref_addr(), x.ref_addr()) {
                (Some(p), Some(q)) => p == q,
                (None, None) => y.is_nil() && x.is_nil(),
                _ => false,
            })
    };
    Ok(match c.get(2) {
        Some(Value::Map(t)) if same(0, state) && same(1, h) => Some(t.clone()),
        _ => None,
    })
}

/// `(-mm-cached cache state dv)`: the method cached for dispatch value `dv`, or nil when the
/// cache is stale (the method table or the hierarchy changed) or has no entry for `dv`.
fn n_mm_cached(i: &Interp, a: &[Value]) -> R {
    arity(a, 3..=3, "-mm-cached")?;
    let h = mm_hierarchy(i, &a[1])?;
    Ok(mm_valid_table(&a[0], &a[1], &h)?
        .and_then(|t| t.get(&a[2]).cloned())
        .unwrap_or(Value::Nil))
}

/// `(-mm-cache! cache state dv f)`: records `f` as the method for `dv`, starting a fresh
/// table when the cache was built for another state or hierarchy; returns `f`.
fn n_mm_cache(i: &Interp, a: &[Value]) -> R {
    arity(a, 4..=4, "-mm-cache!")?;
    let h = mm_hierarchy(i, &a[1])?;
    let table = match mm_valid_table(&a[0], &a[1], &h)? {
        Some(t) => t.assoc(a[2].clone(), a[3].clone()),
        None => crate::value::Map::default().assoc(a[2].clone(), a[3].clone()),
    };
    *volatile_cell(&a[0])?.borrow_mut() =
        Value::Vector(Rc::new(crate::value::Vector::from_vec(vec![
            a[1].clone(),
            h,
            Value::Map(Rc::new(table)),
        ])));
    Ok(a[3].clone())
}

/// `(-mm-target ctx & args)`, the whole dispatch of a multimethod call in one native step:
/// `ctx` is the multimethod's `[qname cell cache miss dispatch-fn hierarchy-ref]` (the
/// dispatch fn and the hierarchy reference are fixed at creation, as in Clojure's
/// `MultiFn`); the dispatch fn is applied to `args` once, and the method comes from the
/// cache or, on a miss, from `(miss qname state cache dv)` (`-mm-method`: finds, caches or
/// reports it).
fn n_mm_target(i: &Interp, a: &[Value]) -> R {
    let Some((Value::Vector(ctx), args)) = a.split_first() else {
        return Err(Throw::illegal_argument(
            "-mm-target expects the multimethod context",
        ));
    };
    let (Some(qname), Some(Value::Atom(cell)), Some(cache), Some(miss), Some(dispatch), Some(h)) = (
        ctx.get(0),
        ctx.get(1),
        ctx.get(2),
        ctx.get(3),
        ctx.get(4),
        ctx.get(5),
    ) else {
        return Err(Throw::illegal_argument(
            "-mm-target: malformed multimethod context",
        ));
    };
    // The dispatch value: borrowed from the argument for the common keyword-of-a-map
    // dispatch (no call, no clone), else the dispatch fn's result.
    let nil = Value::Nil;
    let owned;
    let dv: &Value = match (dispatch, args) {
        (Value::Keyword(_), [Value::Map(m)]) => m.get(dispatch).unwrap_or(&nil),
        _ => {
            owned = i.apply(dispatch, args)?;
            &owned
        }
    };
    // The hit path borrows: the cache is valid when it was built for this very state map and
    // hierarchy value (compared by address; the cache keeps both alive, so an equal address
    // is the same object), and then only the method is cloned.
    let state_addr = cell.with_value(Value::ref_addr);
    let h_addr = match h {
        Value::Var(v) => match v.with_static_root(|r| {
            r.map(|r| match r {
                Value::Atom(at) => at.with_value(Value::ref_addr),
                h => h.ref_addr(),
            })
        }) {
            Some(Some(addr)) => addr,
            _ => mm_hierarchy_addr(i, &cell.deref())?,
        },
        _ => mm_hierarchy_addr(i, &cell.deref())?,
    };
    let hit = {
        let cached = volatile_cell(cache)?.borrow();
        match &*cached {
            Value::Vector(c) => match (c.get(0), c.get(1), c.get(2)) {
                (Some(s0), Some(h0), Some(Value::Map(t)))
                    if s0.ref_addr().is_some()
                        && s0.ref_addr() == state_addr
                        && h0.ref_addr() == h_addr
                        && (h_addr.is_some() || h0.is_nil()) =>
                {
                    t.get(dv).filter(|f| !f.is_nil()).cloned()
                }
                _ => None,
            },
            _ => None,
        }
    };
    match hit {
        Some(f) => Ok(f),
        None => i.apply(
            miss,
            &[qname.clone(), cell.deref(), cache.clone(), dv.clone()],
        ),
    }
}

pub const NATIVES: &[(&str, NativeImpl)] = &[
    ("-mm-target", n_mm_target),
    ("-find-impl", n_find_impl),
    ("-proto-target", n_proto_target),
    ("-mm-cached", n_mm_cached),
    ("-mm-cache!", n_mm_cache),
];
