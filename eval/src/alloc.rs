//! Heap accounting: a global-allocator wrapper that counts live bytes, so the runtime can
//! report heap statistics and enforce heap budgets.
//!
//! Binaries opt in by installing it (`kiln` wraps mimalloc with it); without it the counters
//! stay at zero and heap budgets cannot be enforced (`stats().counting` is false).

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicU64, Ordering};

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static COUNTING: AtomicBool = AtomicBool::new(false);

/// How far a thread's unpublished byte count may drift before it is added to the global
/// counters. Atomic read-modify-writes on every allocation cost a fifth of start-up, so each
/// thread batches; the global figures are therefore exact to within this many bytes per
/// thread, far below any heap budget's granularity (megabytes).
const FLUSH_BYTES: isize = 64 * 1024;

thread_local! {
    /// This thread's bytes allocated minus freed since its last flush, and its allocation
    /// count. Const-initialised without a destructor, so reading it never allocates
    /// (it is a plain `#[thread_local]` slot) and is sound inside the allocator.
    static PENDING: Cell<(isize, u64)> = const { Cell::new((0, 0)) };
}

/// Wraps an allocator and counts what goes through it.
pub struct CountingAlloc<A>(pub A);

// SAFETY: every method forwards to the wrapped allocator with the same arguments and
// returns its result unchanged; the counters are only statistics.
unsafe impl<A: GlobalAlloc> GlobalAlloc for CountingAlloc<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is (see the impl's comment).
        let p = unsafe { self.0.alloc(layout) };
        if !p.is_null() {
            note(layout.size() as isize, 1);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is.
        unsafe { self.0.dealloc(ptr, layout) };
        note(-(layout.size() as isize), 0);
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { self.0.alloc_zeroed(layout) };
        if !p.is_null() {
            note(layout.size() as isize, 1);
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { self.0.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            note(new_size as isize - layout.size() as isize, 1);
        }
        p
    }
}

/// Adds `bytes` (negative for a free) and `count` allocations to this thread's pending
/// figures, publishing them once they drift past [`FLUSH_BYTES`].
#[inline]
fn note(bytes: isize, count: u64) {
    // `try_with` fails only while the thread is being torn down; then publish directly.
    let flushed = PENDING.try_with(|cell| {
        let (pending, n) = cell.get();
        let (pending, n) = (pending + bytes, n + count);
        if pending.abs() < FLUSH_BYTES {
            cell.set((pending, n));
            None
        } else {
            cell.set((0, 0));
            Some((pending, n))
        }
    });
    match flushed {
        Ok(None) => {}
        Ok(Some((bytes, n))) => publish(bytes, n),
        Err(_) => publish(bytes, count),
    }
}

#[cold]
fn publish(bytes: isize, count: u64) {
    COUNTING.store(true, Ordering::Relaxed);
    ALLOCATIONS.fetch_add(count, Ordering::Relaxed);
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

/// Heap statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeapStats {
    /// Whether a [`CountingAlloc`] is installed (otherwise the figures are zero).
    pub counting: bool,
    pub live_bytes: usize,
    pub peak_bytes: usize,
    pub allocations: u64,
}

pub fn stats() -> HeapStats {
    HeapStats {
        counting: COUNTING.load(Ordering::Relaxed),
        live_bytes: LIVE.load(Ordering::Relaxed).max(0) as usize,
        peak_bytes: PEAK.load(Ordering::Relaxed).max(0) as usize,
        allocations: ALLOCATIONS.load(Ordering::Relaxed),
    }
}
