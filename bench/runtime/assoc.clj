(println (count (loop [i 0 m {}] (if (< i 100000) (recur (inc i) (assoc m i i)) m))))
