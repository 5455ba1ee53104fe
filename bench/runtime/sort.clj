;; Sorting 1,000,000 longs (a Park–Miller pseudo-random sequence, exact in JavaScript numbers too).
(def xs (vec (take 1000000 (iterate (fn [x] (mod (* x 16807) 2147483647)) 42))))
(let [s (sort xs)] (println (first s) (last s) (count s)))
