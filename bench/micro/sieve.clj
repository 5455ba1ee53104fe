;; The sieve workload of bench/runtime (transient vector: `nth` and `assoc!`), timed in process.
(load-file "bench/runtime/sieve.clj")
(dotimes [_ 5] (time (sieve 1000000)))
