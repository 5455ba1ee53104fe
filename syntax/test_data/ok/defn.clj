(defn f
  "doc"
  [x & {:keys [a] :or {a 1}}]
  (let [{:strs [b]} x] (+ a b)))
