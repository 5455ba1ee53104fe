//! Persistent collections: list, vector, map (array map up to 8 entries, then hash map) and
//! set, each with metadata.
//!
//! Hash maps and sets are rpds HAMTs keyed by Clojure's own `hasheq` with 32-way branching
//! over the low hash bits first, the layout of `PersistentHashMap`, so iteration (and
//! printing) order matches JVM Clojure. Small maps keep insertion order like
//! `PersistentArrayMap`.

use std::hash::{BuildHasher, Hasher};
use std::rc::Rc;

use archery::RcK;

use super::Value;

/// Feeds Clojure's `hasheq` (written as one `i32`) straight through as the hash.
#[derive(Default, Clone, Copy)]
pub struct HashEq(u64);

impl Hasher for HashEq {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _bytes: &[u8]) {
        unreachable!("Value hashes itself with write_i32")
    }
    fn write_i32(&mut self, h: i32) {
        self.0 = u64::from(h as u32);
    }
}

#[derive(Default, Clone, Copy)]
pub struct BuildHashEq;

impl BuildHasher for BuildHashEq {
    type Hasher = HashEq;
    fn build_hasher(&self) -> HashEq {
        HashEq(0)
    }
}

type HashMapImpl = rpds::HashTrieMap<Value, Value, RcK, BuildHashEq>;
type HashSetImpl = rpds::HashTrieSet<Value, RcK, BuildHashEq>;

/// Entries above which an array map becomes a hash map (`HASHTABLE_THRESHOLD / 2`).
pub const ARRAY_MAP_MAX: usize = 8;

/// A persistent list (`PersistentList`): counted, with O(1) `conj` at the front.
#[derive(Clone, Default)]
pub struct List {
    pub items: rpds::List<Value, RcK>,
    pub meta: Option<Value>,
}

impl List {
    pub fn from_vec(items: Vec<Value>) -> List {
        let mut list = rpds::List::new_with_ptr_kind();
        for v in items.into_iter().rev() {
            list.push_front_mut(v);
        }
        List {
            items: list,
            meta: None,
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn first(&self) -> Option<&Value> {
        self.items.first()
    }

    pub fn rest(&self) -> List {
        List {
            items: self.items.drop_first().unwrap_or_default(),
            meta: None,
        }
    }

    pub fn cons(&self, v: Value) -> List {
        List {
            items: self.items.push_front(v),
            meta: self.meta.clone(),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Value> {
        self.items.iter()
    }
}

/// A persistent vector.
#[derive(Clone, Default)]
pub struct Vector {
    pub items: super::pvec::PVec,
    pub meta: Option<Value>,
}

impl Vector {
    pub fn from_vec(items: Vec<Value>) -> Vector {
        Vector {
            items: items.into_iter().collect(),
            meta: None,
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<&Value> {
        self.items.get(i)
    }

    pub fn conj(&self, v: Value) -> Vector {
        Vector {
            items: self.items.push_back(v),
            meta: self.meta.clone(),
        }
    }

    pub fn assoc(&self, i: usize, v: Value) -> Option<Vector> {
        if i == self.len() {
            return Some(self.conj(v));
        }
        Some(Vector {
            items: self.items.set(i, v)?,
            meta: self.meta.clone(),
        })
    }

    /// Sets index `i` (or appends at `len`) in place, copying only shared nodes: the
    /// transient `assoc!`. False when `i` is out of range.
    pub fn assoc_mut(&mut self, i: usize, v: Value) -> bool {
        if i == self.len() {
            self.items.push_back_mut(v);
            true
        } else {
            self.items.set_mut(i, v)
        }
    }

    /// Appends in place, copying only shared nodes: the transient `conj!`.
    pub fn push_mut(&mut self, v: Value) {
        self.items.push_back_mut(v);
    }

    pub fn pop(&self) -> Option<Vector> {
        Some(Vector {
            items: self.items.drop_last()?,
            meta: self.meta.clone(),
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = &Value> {
        self.items.iter()
    }
}

#[derive(Clone)]
enum MapImpl {
    /// Insertion-ordered pairs, at most [`ARRAY_MAP_MAX`].
    Array(Rc<Vec<(Value, Value)>>),
    Hash(HashMapImpl),
}

/// A persistent map.
#[derive(Clone)]
pub struct Map {
    imp: MapImpl,
    pub meta: Option<Value>,
    /// A record's type name (`user.Point`): records are maps that print with their type
    /// and equal only records of the same type.
    pub tag: Option<Rc<str>>,
}

impl Default for Map {
    fn default() -> Map {
        Map {
            imp: MapImpl::Array(Rc::new(Vec::new())),
            meta: None,
            tag: None,
        }
    }
}

impl Map {
    /// A map from pairs; later duplicates win (callers that must reject duplicates check
    /// first). Up to 8 entries it is an array map, as a `{…}` literal is in Clojure.
    pub fn from_pairs(pairs: Vec<(Value, Value)>) -> Map {
        let mut m = Map::default();
        for (k, v) in pairs {
            m = m.assoc(k, v);
        }
        m
    }

    /// An array map holding `pairs` as they are, in order (the caller guarantees distinct
    /// keys; start-up images restore array maps with it).
    pub fn array_from_entries(pairs: Vec<(Value, Value)>) -> Map {
        Map {
            imp: MapImpl::Array(Rc::new(pairs)),
            meta: None,
            tag: None,
        }
    }

    /// A hash map regardless of size (`hash-map`).
    pub fn hash_from_pairs(pairs: Vec<(Value, Value)>) -> Map {
        let mut h = HashMapImpl::new_with_hasher_and_degree_and_ptr_kind(BuildHashEq, 32);
        for (k, v) in pairs {
            h.insert_mut(k, v);
        }
        Map {
            imp: MapImpl::Hash(h),
            meta: None,
            tag: None,
        }
    }

    pub fn is_array(&self) -> bool {
        matches!(self.imp, MapImpl::Array(_))
    }

    pub fn len(&self) -> usize {
        match &self.imp {
            MapImpl::Array(a) => a.len(),
            MapImpl::Hash(h) => h.size(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, k: &Value) -> Option<&Value> {
        match &self.imp {
            // Keywords are interned: one equals another only when it is the same keyword.
            MapImpl::Array(a) if let Value::Keyword(kw) = k => a
                .iter()
                .find(|(key, _)| matches!(key, Value::Keyword(x) if x.ptr_eq(kw)))
                .map(|(_, v)| v),
            MapImpl::Array(a) => a.iter().find(|(key, _)| key == k).map(|(_, v)| v),
            MapImpl::Hash(h) => h.get(k),
        }
    }

    pub fn contains_key(&self, k: &Value) -> bool {
        self.get(k).is_some()
    }

    pub fn assoc(&self, k: Value, v: Value) -> Map {
        let imp = match &self.imp {
            MapImpl::Array(a) => {
                if let Some(i) = a.iter().position(|(key, _)| *key == k) {
                    let mut pairs = (**a).clone();
                    pairs[i].1 = v;
                    MapImpl::Array(Rc::new(pairs))
                } else if a.len() < ARRAY_MAP_MAX {
                    let mut pairs = (**a).clone();
                    pairs.push((k, v));
                    MapImpl::Array(Rc::new(pairs))
                } else {
                    let mut h =
                        HashMapImpl::new_with_hasher_and_degree_and_ptr_kind(BuildHashEq, 32);
                    for (key, val) in a.iter() {
                        h.insert_mut(key.clone(), val.clone());
                    }
                    h.insert_mut(k, v);
                    MapImpl::Hash(h)
                }
            }
            MapImpl::Hash(h) => MapImpl::Hash(h.insert(k, v)),
        };
        Map {
            imp,
            meta: self.meta.clone(),
            tag: self.tag.clone(),
        }
    }

    /// Associates in place, copying only shared structure: the transient `assoc!` of a
    /// hash map (array maps take the persistent path).
    pub fn assoc_mut(&mut self, k: Value, v: Value) {
        match &mut self.imp {
            MapImpl::Hash(h) => h.insert_mut(k, v),
            MapImpl::Array(_) => *self = self.assoc(k, v),
        }
    }

    pub fn dissoc(&self, k: &Value) -> Map {
        let imp = match &self.imp {
            MapImpl::Array(a) => {
                let pairs: Vec<_> = a.iter().filter(|(key, _)| key != k).cloned().collect();
                MapImpl::Array(Rc::new(pairs))
            }
            MapImpl::Hash(h) => MapImpl::Hash(h.remove(k)),
        };
        Map {
            imp,
            meta: self.meta.clone(),
            tag: self.tag.clone(),
        }
    }

    /// Entries in Clojure's iteration order: insertion order for array maps; for hash maps,
    /// the `nil` key first, then by hash bits (the HAMT's own order).
    pub fn entries(&self) -> Vec<(Value, Value)> {
        match &self.imp {
            MapImpl::Array(a) => (**a).clone(),
            MapImpl::Hash(h) => {
                let mut out: Vec<(Value, Value)> = Vec::with_capacity(h.size());
                if let Some(v) = h.get(&Value::Nil) {
                    out.push((Value::Nil, v.clone()));
                }
                out.extend(
                    h.iter()
                        .filter(|(k, _)| !k.is_nil())
                        .map(|(k, v)| (k.clone(), v.clone())),
                );
                out
            }
        }
    }
}

/// A persistent hash set.
#[derive(Clone)]
pub struct Set {
    items: HashSetImpl,
    pub meta: Option<Value>,
}

impl Default for Set {
    fn default() -> Set {
        Set {
            items: HashSetImpl::new_with_hasher_and_degree_and_ptr_kind(BuildHashEq, 32),
            meta: None,
        }
    }
}

impl Set {
    pub fn from_vec(items: Vec<Value>) -> Set {
        let mut s = Set::default();
        for v in items {
            s.items.insert_mut(v);
        }
        s
    }

    pub fn len(&self) -> usize {
        self.items.size()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn contains(&self, v: &Value) -> bool {
        self.items.contains(v)
    }

    pub fn get(&self, v: &Value) -> Option<&Value> {
        self.items.get(v)
    }

    pub fn conj(&self, v: Value) -> Set {
        Set {
            items: self.items.insert(v),
            meta: self.meta.clone(),
        }
    }

    pub fn disj(&self, v: &Value) -> Set {
        Set {
            items: self.items.remove(v),
            meta: self.meta.clone(),
        }
    }

    /// Members in Clojure's iteration order (`nil` first, then by hash bits).
    pub fn items(&self) -> Vec<Value> {
        let mut out = Vec::with_capacity(self.len());
        if self.items.contains(&Value::Nil) {
            out.push(Value::Nil);
        }
        out.extend(self.items.iter().filter(|v| !v.is_nil()).cloned());
        out
    }
}
