;; 1M calls of a `completing` fn against 1M calls of the fn it wraps (completing forwards).
(def rf (completing (fn [acc x] (+ acc x))))
(def rf2 (fn [acc x] (+ acc x)))
(defn r1 [] (loop [i 0 acc 0] (if (< i 1000000) (recur (inc i) (rf acc i)) acc)))
(defn r2 [] (loop [i 0 acc 0] (if (< i 1000000) (recur (inc i) (rf2 acc i)) acc)))
(dotimes [_ 3] (time (r1)))
(dotimes [_ 3] (time (r2)))
