;; A 10M-iteration loop that reads a var and drops it each time (the stack-top drop and the
;; long arithmetic's result store of session 10).
(def v [1 2])
(defn run [] (loop [i 0 acc 0] (if (< i 10000000) (recur (inc i) (+ acc (do v 1))) acc)))
(dotimes [_ 3] (time (run)))
