;; 10M `(:k m)` on a map in a var (the keywords workload of bench/runtime, timed in process).
(def m {:a 1 :b 2 :c 3 :k 4})
(defn run [] (loop [i 0 acc 0] (if (< i 10000000) (recur (inc i) (+ acc (:k m))) acc)))
(dotimes [_ 4] (time (run)))
