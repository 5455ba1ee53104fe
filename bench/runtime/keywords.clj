;; Keyword lookup: 10,000,000 (:k m) calls on a small map.
(def m {:a 1 :b 2 :c 3 :d 4})
(println (loop [i 0 acc 0] (if (< i 10000000) (recur (inc i) (+ acc (:c m))) acc)))
