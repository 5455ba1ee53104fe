(defn f [x]
  (inc x)
