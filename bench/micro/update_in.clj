(defn run [] (loop [i 0 m {:a {:b {:c 0}} :x 1}] (if (< i 100000) (recur (inc i) (update-in m [:a :b :c] inc)) (get-in m [:a :b :c]))))
(dotimes [_ 5] (time (run)))
