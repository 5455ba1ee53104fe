;; 10M calls of a global closure from a loop (CallVar placing a closure callee below its
;; arguments).
(def rf2 (fn [acc x] (+ acc x)))
(defn run [] (loop [i 0 acc 0] (if (< i 10000000) (recur (inc i) (rf2 acc i)) acc)))
(dotimes [_ 3] (time (run)))
