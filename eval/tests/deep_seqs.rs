//! Long realized seqs are dropped without recursion: a chain of a million conses or lazy
//! seqs must not overflow the stack when the last reference to its head goes away (the
//! default drop recursed once per link, and `(count (take 10000000 (filter even?
//! (range))))` aborted the process).

use eval::Runtime;

/// Evaluates each form on a thread with an 8 MiB stack (a main thread's), printing the
/// value.
fn eval_all(forms: &[&'static str]) -> Vec<String> {
    let forms = forms.to_vec();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let rt = Runtime::new().expect("runtime");
            forms
                .iter()
                .map(|src| match rt.eval_str(src, "<t>") {
                    Ok(v) => rt.pr_str(&v),
                    Err(e) => format!("error: {e}"),
                })
                .collect()
        })
        .expect("spawn")
        .join()
        .expect("no stack overflow")
}

#[test]
fn million_link_chains_are_dropped_in_a_loop() {
    let got = eval_all(&[
        // Conses of a dialect `lazy-seq` (filter), over a native `iterate`.
        "(count (take 1000000 (filter even? (iterate inc 0))))",
        // A native `take` over a range, kept alive by a local until the end.
        "(let [s (doall (take 1000000 (filter odd? (range))))] (last s))",
        // A user's own lazy-seq recursion.
        "(defn nums [n] (lazy-seq (cons n (nums (inc n))))) (count (take 1000000 (nums 0)))",
        // Plain conses built by reduce, and a list.
        "(count (reduce (fn [acc x] (cons x acc)) nil (range 1000000)))",
        "(count (into () (range 1000000)))",
        // A shared tail survives the drop of the chain in front of it.
        "(let [tail (doall (take 10 (iterate inc 0)))] (count (take 1000000 (cycle [1]))) (vec tail))",
    ]);
    assert_eq!(
        got,
        [
            "1000000",
            "1999999",
            "1000000",
            "1000000",
            "1000000",
            "[0 1 2 3 4 5 6 7 8 9]"
        ]
    );
}
