;; Protocol dispatch: 1,000,000 calls alternating over two record types.
(defprotocol Shape (area [s]))
(defrecord Rect [w h] Shape (area [_] (* w h)))
(defrecord Square [s] Shape (area [_] (* s s)))
(def shapes [(->Rect 2 3) (->Square 4)])
(println (loop [i 0 acc 0] (if (< i 1000000) (recur (inc i) (+ acc (area (nth shapes (mod i 2))))) acc)))
