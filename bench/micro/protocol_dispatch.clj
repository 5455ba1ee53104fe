;; The cost of protocol dispatch alone: 1M calls of a protocol method on one record,
;; against 1M calls of the implementing fn itself (taken from the method's cache) in the
;; same loop. Best of 8 in process, in ms.
(defprotocol Shape (area [s]))
(defrecord Rect [w h] Shape (area [_] (* w h)))
(def r (->Rect 2 3))
(area r)
(def meth (-proto-target (-proto-ctx Shape :area) r))
(defn t [label thunk] (let [ts (for [_ (range 8)] (let [t0 (System/nanoTime)] (thunk) (/ (- (System/nanoTime) t0) 1e6)))] (println label (apply min ts))))
(t "implementing fn" #(loop [i 0 acc 0] (if (< i 1000000) (recur (inc i) (+ acc (meth r))) acc)))
(t "protocol method" #(loop [i 0 acc 0] (if (< i 1000000) (recur (inc i) (+ acc (area r))) acc)))
