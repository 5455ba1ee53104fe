;; Calls of a global fn: (fib 27), timed in process.
(defn fib [n] (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
(dotimes [_ 5] (time (fib 27)))
