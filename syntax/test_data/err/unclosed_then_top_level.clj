(defn f [x]
  (let [y x]

(defn g [] 1)
