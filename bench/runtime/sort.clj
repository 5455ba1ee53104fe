;; Sorting 1,000,000 longs (a deterministic pseudo-random sequence).
(def xs (vec (take 1000000 (iterate (fn [x] (mod (+ (* x 1103515245) 12345) 2147483648)) 42))))
(let [s (sort xs)] (println (first s) (last s) (count s)))
