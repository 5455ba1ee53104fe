;; `(transduce (map inc) + 0 (range 1e6))` and `reduce` with a two-argument closure over
;; `(range 1e6)`: best of 10 in process, in ms (the figures session 11 and 12 quote).
(defn t [label thunk] (let [ts (for [_ (range 10)] (let [t0 (System/nanoTime)] (thunk) (/ (- (System/nanoTime) t0) 1e6)))] (println label (apply min ts))))
(t "transduce (map inc) + 0 (range 1e6)" #(transduce (map inc) + 0 (range 1000000)))
(t "reduce closure over (range 1e6)" #(reduce (fn [a x] (+ a x)) 0 (range 1000000)))
