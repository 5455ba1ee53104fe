//! Runtime start-up: booting `clojure.core` from the bundled sources against restoring a
//! start-up image of the same state (what `Runtime::new` does once an image exists), in the
//! same run, plus making the image. `cargo bench -p eval --bench startup`. Uses the `kiln`
//! binary's allocator (mimalloc behind the counting wrapper); dropping the runtimes is not
//! timed.

use criterion::{Criterion, criterion_group, criterion_main};
use eval::Runtime;

#[global_allocator]
static GLOBAL: eval::alloc::CountingAlloc<mimalloc::MiMalloc> =
    eval::alloc::CountingAlloc(mimalloc::MiMalloc);

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.sample_size(20);
    let image = Runtime::from_source().unwrap().image().unwrap();
    eprintln!("image: {} bytes", image.len());
    g.bench_function("boot from source", |b| {
        b.iter_with_large_drop(|| Runtime::from_source().unwrap())
    });
    g.bench_function("restore the image", |b| {
        b.iter_with_large_drop(|| Runtime::from_image(&image).unwrap())
    });
    let rt = Runtime::from_source().unwrap();
    g.bench_function("make the image", |b| b.iter(|| rt.image().unwrap()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
