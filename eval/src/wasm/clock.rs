//! The epoch clock behind `:timeout-ms`: one background thread advances the engine's epoch
//! every millisecond while at least one call with a deadline runs, and sleeps otherwise, so
//! an idle process (a language server between evaluations) has no timer waking it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::thread::{self, Thread};
use std::time::Duration;

use wasmtime::Engine;

/// Calls with a deadline that are running now.
static TIMED: AtomicUsize = AtomicUsize::new(0);
static TICKER: OnceLock<Thread> = OnceLock::new();
static ENGINE: Mutex<Option<Engine>> = Mutex::new(None);

/// While alive, the epoch advances every millisecond.
pub struct Ticking(());

impl Ticking {
    pub fn start(engine: Engine) -> Ticking {
        if let Ok(mut e) = ENGINE.lock()
            && e.is_none()
        {
            *e = Some(engine);
        }
        TIMED.fetch_add(1, Ordering::SeqCst);
        let ticker = TICKER.get_or_init(|| {
            thread::Builder::new()
                .name("kiln-wasm-clock".into())
                .spawn(tick_loop)
                .expect("spawning the wasm clock thread")
                .thread()
                .clone()
        });
        ticker.unpark();
        Ticking(())
    }
}

impl Drop for Ticking {
    fn drop(&mut self) {
        TIMED.fetch_sub(1, Ordering::SeqCst);
    }
}

fn tick_loop() {
    loop {
        if TIMED.load(Ordering::SeqCst) == 0 {
            thread::park();
            continue;
        }
        thread::sleep(Duration::from_millis(1));
        if let Ok(e) = ENGINE.lock()
            && let Some(e) = e.as_ref()
        {
            e.increment_epoch();
        }
    }
}
