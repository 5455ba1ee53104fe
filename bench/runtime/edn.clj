;; read-string / pr-str round trip of a ~1 MB EDN value.
(require '[clojure.edn :as edn])
(def data (vec (for [i (range 12000)] {:id i :name (str "item-" i) :tags [:a :b (keyword (str "t" (mod i 7)))] :score (+ i 0.25) :ok (even? i)})))
(let [text (pr-str data)
      back (edn/read-string text)]
  (println (count text) (= back data) (count back)))
