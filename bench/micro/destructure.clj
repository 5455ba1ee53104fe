(def pairs [[1 2] [3 4] [5 6]])
(def points [{:x 1 :y 2} {:x 3 :y 4}])
(defn run [] (loop [i 0 acc 0]
           (if (< i 1000000)
             (let [[a b] (nth pairs (mod i 3))
                   {:keys [x y]} (nth points (mod i 2))]
               (recur (inc i) (+ acc a b x y)))
             acc)))
(dotimes [_ 5] (time (run)))
