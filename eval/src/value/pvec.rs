//! The persistent vector behind `Value::Vector`: Clojure's design, a 32-way trie of shared
//! nodes holding every element but the last few, which sit in a separate tail.
//!
//! Elements live inline in 32-slot leaves (not one allocation per element, as in the
//! `rpds` vector this replaced: a `(vec (repeat 1e6 true))` took ~48 MB there). Appending
//! fills the tail; a full tail moves into the trie as a leaf. The `_mut` operations are the
//! transient ones: they edit nodes in place when this vector is their only owner
//! (`Rc::make_mut`) and copy only shared nodes, so a transient built from scratch never
//! copies.
//!
//! Invariants: the tail holds elements `tail_offset()..len` (1 to 32 of them, none only when
//! the vector is empty); the trie holds `0..tail_offset()` in full leaves; `shift` is the
//! level of the root (5 when its children are leaves), and grows as the trie does.

use std::rc::Rc;

use super::Value;

const BITS: u32 = 5;
const WIDTH: usize = 1 << BITS;
const MASK: usize = WIDTH - 1;

#[derive(Clone)]
enum Node {
    Branch(Rc<Vec<Node>>),
    Leaf(Rc<Vec<Value>>),
}

impl Node {
    fn empty_branch() -> Node {
        Node::Branch(Rc::new(Vec::new()))
    }

    /// A chain of single-child branches from `level` down to `leaf`.
    fn path(level: u32, leaf: Rc<Vec<Value>>) -> Node {
        if level == 0 {
            Node::Leaf(leaf)
        } else {
            Node::Branch(Rc::new(vec![Node::path(level - BITS, leaf)]))
        }
    }
}

#[derive(Clone)]
pub struct PVec {
    len: usize,
    shift: u32,
    root: Node,
    tail: Rc<Vec<Value>>,
}

impl Default for PVec {
    fn default() -> PVec {
        PVec {
            len: 0,
            shift: BITS,
            root: Node::empty_branch(),
            tail: Rc::new(Vec::new()),
        }
    }
}

impl PVec {
    pub fn new() -> PVec {
        PVec::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn tail_offset(&self) -> usize {
        if self.len < WIDTH {
            0
        } else {
            ((self.len - 1) >> BITS) << BITS
        }
    }

    /// The leaf (or the tail) holding index `i`, and the index of its first element.
    /// `i` must be below `len`.
    fn leaf(&self, i: usize) -> (&[Value], usize) {
        let offset = self.tail_offset();
        if i >= offset {
            return (&self.tail, offset);
        }
        let mut node = &self.root;
        let mut level = self.shift;
        loop {
            match node {
                Node::Branch(children) => match children.get((i >> level) & MASK) {
                    Some(child) => node = child,
                    None => return (&[], i),
                },
                Node::Leaf(values) => return (values, i & !MASK),
            }
            level = level.saturating_sub(BITS);
        }
    }

    pub fn get(&self, i: usize) -> Option<&Value> {
        if i >= self.len {
            return None;
        }
        let (leaf, start) = self.leaf(i);
        leaf.get(i - start)
    }

    /// The elements from `i` to the end of the leaf holding `i` (empty past the end): lets
    /// seqs and iterators walk a vector a leaf at a time.
    pub fn chunk_from(&self, i: usize) -> &[Value] {
        if i >= self.len {
            return &[];
        }
        let (leaf, start) = self.leaf(i);
        leaf.get(i - start..).unwrap_or(&[])
    }

    pub fn iter(&self) -> Iter<'_> {
        Iter {
            vec: self,
            at: 0,
            chunk: [].iter(),
        }
    }

    pub fn first(&self) -> Option<&Value> {
        self.get(0)
    }

    pub fn last(&self) -> Option<&Value> {
        self.tail.last()
    }

    pub fn push_back(&self, v: Value) -> PVec {
        let mut out = self.clone();
        out.push_back_mut(v);
        out
    }

    /// Appends in place, copying only shared nodes.
    pub fn push_back_mut(&mut self, v: Value) {
        if self.tail.len() < WIDTH {
            Rc::make_mut(&mut self.tail).push(v);
            self.len += 1;
            return;
        }
        // The tail is full: it becomes the trie's next leaf.
        let full = std::mem::replace(&mut self.tail, Rc::new(Vec::with_capacity(WIDTH)));
        let tail_start = self.len - WIDTH;
        if (tail_start >> BITS) >= (1usize << self.shift) {
            // The root is full: grow a level.
            let old = std::mem::replace(&mut self.root, Node::empty_branch());
            self.root = Node::Branch(Rc::new(vec![old, Node::path(self.shift, full)]));
            self.shift += BITS;
        } else {
            push_leaf(&mut self.root, self.shift, tail_start, full);
        }
        Rc::make_mut(&mut self.tail).push(v);
        self.len += 1;
    }

    pub fn set(&self, i: usize, v: Value) -> Option<PVec> {
        let mut out = self.clone();
        out.set_mut(i, v).then_some(out)
    }

    /// Replaces element `i` in place, copying only shared nodes; false when out of range.
    pub fn set_mut(&mut self, i: usize, v: Value) -> bool {
        if i >= self.len {
            return false;
        }
        let offset = self.tail_offset();
        if i >= offset {
            Rc::make_mut(&mut self.tail)[i - offset] = v;
            return true;
        }
        let mut node = &mut self.root;
        let mut level = self.shift;
        loop {
            match node {
                Node::Branch(children) => {
                    match Rc::make_mut(children).get_mut((i >> level) & MASK) {
                        Some(child) => node = child,
                        None => return false,
                    }
                }
                Node::Leaf(values) => {
                    return match Rc::make_mut(values).get_mut(i & MASK) {
                        Some(slot) => {
                            *slot = v;
                            true
                        }
                        None => false,
                    };
                }
            }
            level = level.saturating_sub(BITS);
        }
    }

    /// Without its last element; `None` when empty.
    pub fn drop_last(&self) -> Option<PVec> {
        if self.len == 0 {
            return None;
        }
        if self.len == 1 {
            return Some(PVec::new());
        }
        let mut out = self.clone();
        if out.tail.len() > 1 {
            Rc::make_mut(&mut out.tail).pop();
            out.len -= 1;
            return Some(out);
        }
        // The tail empties: the trie's last leaf becomes the tail.
        let last_leaf_start = out.len - 1 - WIDTH;
        let (leaf, _) = out.leaf(last_leaf_start);
        out.tail = Rc::new(leaf.to_vec());
        pop_leaf(&mut out.root, out.shift, last_leaf_start);
        out.len -= 1;
        // A root with a single branch child gives way to that child.
        while out.shift > BITS {
            let Node::Branch(children) = &out.root else {
                break;
            };
            if children.len() != 1 {
                break;
            }
            let child = children[0].clone();
            out.root = child;
            out.shift -= BITS;
        }
        Some(out)
    }
}

/// Adds `leaf` (holding the elements from `start`) under the branch `node` at `level`.
fn push_leaf(node: &mut Node, level: u32, start: usize, leaf: Rc<Vec<Value>>) {
    let Node::Branch(children) = node else {
        return;
    };
    let children = Rc::make_mut(children);
    let at = (start >> level) & MASK;
    if level == BITS {
        children.push(Node::Leaf(leaf));
    } else if let Some(child) = children.get_mut(at) {
        push_leaf(child, level - BITS, start, leaf);
    } else {
        children.push(Node::path(level - BITS, leaf));
    }
}

/// Removes the last leaf (holding the elements from `start`) from the branch `node` at
/// `level`, and any branch left empty.
fn pop_leaf(node: &mut Node, level: u32, start: usize) {
    let Node::Branch(children) = node else {
        return;
    };
    let children = Rc::make_mut(children);
    let at = (start >> level) & MASK;
    if level > BITS
        && let Some(child) = children.get_mut(at)
    {
        pop_leaf(child, level - BITS, start);
        if matches!(child, Node::Branch(c) if c.is_empty()) {
            children.truncate(at);
        }
    } else {
        children.truncate(at);
    }
}

/// Iterates a vector a leaf at a time.
pub struct Iter<'a> {
    vec: &'a PVec,
    at: usize,
    chunk: std::slice::Iter<'a, Value>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Value;

    #[inline]
    fn next(&mut self) -> Option<&'a Value> {
        if let Some(v) = self.chunk.next() {
            return Some(v);
        }
        let chunk = self.vec.chunk_from(self.at);
        self.at += chunk.len();
        self.chunk = chunk.iter();
        self.chunk.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.vec.len - self.at + self.chunk.len();
        (n, Some(n))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl FromIterator<Value> for PVec {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> PVec {
        let mut v = PVec::new();
        for x in iter {
            v.push_back_mut(x);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn longs(v: &PVec) -> Vec<i64> {
        v.iter()
            .map(|x| match x {
                Value::Long(n) => *n,
                _ => panic!("not a long"),
            })
            .collect()
    }

    /// Every operation against a `Vec` model, across the sizes where the trie changes shape
    /// (tail boundaries, a second and a third level).
    #[test]
    fn behaves_as_a_vec_through_growth_edits_and_shrinking() {
        let mut v = PVec::new();
        let mut model: Vec<i64> = Vec::new();
        let mut snapshots = Vec::new();
        for n in 0..40_000i64 {
            if n % 997 == 0 {
                snapshots.push((v.clone(), model.clone()));
            }
            v = if n % 2 == 0 {
                v.push_back(Value::Long(n))
            } else {
                v.push_back_mut(Value::Long(n));
                v
            };
            model.push(n);
        }
        assert_eq!(v.len(), model.len());
        assert_eq!(longs(&v), model);
        for i in [0, 31, 32, 33, 1023, 1024, 1056, 32_767, 32_768, 39_999] {
            assert!(matches!(v.get(i), Some(Value::Long(n)) if *n == model[i]));
            let w = v.set(i, Value::Long(-1)).unwrap();
            assert!(matches!(w.get(i), Some(Value::Long(-1))));
            assert!(matches!(v.get(i), Some(Value::Long(n)) if *n == model[i]));
        }
        assert!(v.get(40_000).is_none());
        assert!(v.set(40_000, Value::Nil).is_none());
        // Earlier versions are untouched by later edits.
        for (s, m) in &snapshots {
            assert_eq!(&longs(s), m);
        }
        // In-place edits of a unique vector.
        let mut u = v.clone();
        drop(v);
        for i in (0..model.len()).step_by(7) {
            assert!(u.set_mut(i, Value::Long(0)));
            model[i] = 0;
        }
        assert_eq!(longs(&u), model);
        // Shrinking back through every shape.
        let mut shrinking = u;
        while let Some(next) = shrinking.drop_last() {
            model.pop();
            if model.len().is_multiple_of(331) || model.len() < 70 {
                assert_eq!(longs(&next), model, "at {}", model.len());
                if let Some(last) = model.last() {
                    assert!(matches!(next.last(), Some(Value::Long(n)) if n == last));
                }
            }
            shrinking = next;
        }
        assert!(model.is_empty() && shrinking.is_empty());
        // And growing again after shrinking.
        for n in 0..100 {
            shrinking.push_back_mut(Value::Long(n));
        }
        assert_eq!(longs(&shrinking), (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn chunks_cover_the_vector_in_order() {
        let v: PVec = (0..100).map(Value::Long).collect();
        let mut at = 0;
        let mut seen = Vec::new();
        while at < v.len() {
            let c = v.chunk_from(at);
            assert!(!c.is_empty());
            at += c.len();
            seen.extend(c.iter().cloned());
        }
        assert_eq!(seen.len(), 100);
        assert!(v.chunk_from(100).is_empty());
        assert_eq!(v.chunk_from(40).len(), 24);
        assert_eq!(v.iter().len(), 100);
    }
}
