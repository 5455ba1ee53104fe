//! Wasm bridge hot paths, each against its floor in the same run: 1M `(wasm/call m "add" i
//! i)` from a dialect loop vs the same 1M calls made from Rust through wasmtime (typed and
//! untyped `Func::call`), and vs the dialect loop alone; the same calls through `wasm/fn`; 100k `write-i32`/`read-i32` round
//! trips; loading the same module 100 times (compilations are cached by content). The
//! dialect loop is measured twice: in the interpreter alone, and with the Wasm tier
//! (`eval::wasm::tier`), which is how kiln runs it by default.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use eval::Runtime;
use eval::wasm::tier;
use wasmtime::{Engine, Instance, Module, Store, TypedFunc, Val};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/wasm")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

const N: i64 = 1_000_000;

/// `N` calls of a typed `add`, summing the results (so none is optimised away).
fn typed_calls(add: &TypedFunc<(i32, i32), i32>, store: &mut Store<()>) -> i32 {
    let mut acc = 0i32;
    for i in 0..N as i32 {
        acc = acc.wrapping_add(add.call(&mut *store, (i, i)).unwrap());
    }
    acc
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("wasm");
    g.sample_size(10);

    let engine = Engine::default();
    let module = Module::from_file(&engine, fixture("add.wat")).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let typed = instance
        .get_typed_func::<(i32, i32), i32>(&mut store, "add")
        .unwrap();
    let untyped = instance.get_func(&mut store, "add").unwrap();
    g.bench_function("1M add, Rust → wasmtime typed", |b| {
        b.iter(|| typed_calls(&typed, &mut store))
    });
    g.bench_function("1M add, Rust → wasmtime untyped", |b| {
        let mut out = [Val::I32(0)];
        b.iter(|| {
            for i in 0..N as i32 {
                untyped
                    .call(&mut store, &[Val::I32(i), Val::I32(i)], &mut out)
                    .unwrap();
            }
        })
    });

    // The same typed calls on an engine configured as kiln's (fuel metering and epoch
    // interruption compiled into the guest, which costs in the guest's own code).
    let mut config = wasmtime::Config::new();
    config.consume_fuel(true);
    config.epoch_interruption(true);
    let metered = Engine::new(&config).unwrap();
    let module = Module::from_file(&metered, fixture("add.wat")).unwrap();
    let mut mstore = Store::new(&metered, ());
    mstore.set_fuel(u64::MAX).unwrap();
    mstore.set_epoch_deadline(u64::MAX / 2);
    let instance = Instance::new(&mut mstore, &module, &[]).unwrap();
    let mtyped = instance
        .get_typed_func::<(i32, i32), i32>(&mut mstore, "add")
        .unwrap();
    g.bench_function("1M add, Rust → wasmtime typed, fuel + epochs", |b| {
        b.iter(|| typed_calls(&mtyped, &mut mstore))
    });

    let rt = Runtime::new().unwrap();
    rt.eval_str(
        &format!("(def m (wasm/load {:?}))", fixture("add.wat")),
        "<bench>",
    )
    .unwrap();
    rt.eval_str(
        "(defn calls [n] (loop [i 0] (when (< i n) (wasm/call m \"add\" i i) (recur (inc i)))))
         (def add (wasm/fn m \"add\"))
         (defn fn-calls [n] (loop [i 0] (when (< i n) (add i i) (recur (inc i)))))
         (defn empty-loop [n] (loop [i 0] (when (< i n) (+ i i) (recur (inc i)))))
         (defn round-trips [n] (loop [i 0] (when (< i n) (wasm/write-i32 m 0 i) (wasm/read-i32 m 0) (recur (inc i)))))",
        "<bench>",
    )
    .unwrap();
    // add.wat has no memory: the round trips use the array module.
    rt.eval_str(
        &format!(
            "(def a (wasm/load {:?} {{:imports {{\"env\" {{\"log\" (fn [x] nil)}}}}}}))
             (defn round-trips [n] (loop [i 0] (when (< i n) (wasm/write-i32 a 0 i) (wasm/read-i32 a 0) (recur (inc i)))))",
            fixture("array.wat")
        ),
        "<bench>",
    )
    .unwrap();
    let calls = rt.eval_str("calls", "<bench>").unwrap();
    let fn_calls = rt.eval_str("fn-calls", "<bench>").unwrap();
    let empty = rt.eval_str("empty-loop", "<bench>").unwrap();
    let trips = rt.eval_str("round-trips", "<bench>").unwrap();
    // The interpreter alone first, then with the Wasm tier (the default), which runs
    // `calls` as a Wasm function calling `add` directly from its second call on.
    tier::set_mode(tier::Mode::Off);
    g.bench_function(
        "1M add, dialect loop → wasm/call, interpreter only",
        |b| b.iter(|| rt.call(&calls, &[eval::Value::Long(N)]).unwrap()),
    );
    g.bench_function(
        "1M add, dialect loop → (wasm/fn m \"add\"), interpreter only",
        |b| b.iter(|| rt.call(&fn_calls, &[eval::Value::Long(N)]).unwrap()),
    );
    tier::set_mode(tier::Mode::Lazy);
    let before = tier::runs();
    g.bench_function("1M add, dialect loop → wasm/call", |b| {
        b.iter(|| rt.call(&calls, &[eval::Value::Long(N)]).unwrap())
    });
    assert!(tier::runs() > before, "the Wasm tier did not run `calls`");
    let before = tier::runs();
    g.bench_function("1M add, dialect loop → (wasm/fn m \"add\")", |b| {
        b.iter(|| rt.call(&fn_calls, &[eval::Value::Long(N)]).unwrap())
    });
    assert!(
        tier::runs() > before,
        "the Wasm tier did not run `fn-calls`"
    );
    g.bench_function("1M iterations, dialect loop alone", |b| {
        b.iter(|| rt.call(&empty, &[eval::Value::Long(N)]).unwrap())
    });
    g.bench_function("100k write-i32/read-i32 round trips", |b| {
        b.iter(|| rt.call(&trips, &[eval::Value::Long(100_000)]).unwrap())
    });
    let load100 = format!("(dotimes [_ 100] (wasm/load {:?}))", fixture("add.wat"));
    g.bench_function("load add.wat 100 times (cached compilation)", |b| {
        b.iter(|| rt.eval_str(&load100, "<bench>").unwrap())
    });
    g.bench_function("compile add.wat once, uncached (wasmtime)", |b| {
        b.iter(|| Module::from_file(&engine, fixture("add.wat")).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
