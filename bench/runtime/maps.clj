(println (loop [i 0 last nil] (if (< i 1000000) (recur (inc i) (assoc {:a i} :b i)) (:b last))))
