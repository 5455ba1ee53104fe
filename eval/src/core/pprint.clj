(ns clojure.pprint
  "A pretty printer for data: pprint breaks collections that do not fit in
  *print-right-margin* columns over several lines, aligned like Clojure's pprint;
  print-table prints maps as a text table.")

(def ^:dynamic *print-right-margin* 72)

(declare -pp)

(defn- -pp-coll [out open close items indent]
  (let [inner (+ indent (count open))]
    (swap! out conj open)
    (loop [xs (seq items) first? true]
      (when xs
        (when-not first? (swap! out conj (apply str "\n" (repeat inner " "))))
        (-pp out (first xs) inner)
        (recur (next xs) false)))
    (swap! out conj close)))

(defn- -pp-map [out m indent]
  (let [inner (+ indent 1)]
    (swap! out conj "{")
    (loop [es (seq m) first? true]
      (when es
        (let [[k v] (first es)
              ks (pr-str k)]
          (when-not first? (swap! out conj (str ",\n" (apply str (repeat inner " ")))))
          (swap! out conj ks)
          (let [flat (pr-str v)]
            (if (<= (+ inner (count ks) 1 (count flat)) *print-right-margin*)
              (swap! out conj (str " " flat))
              (do (swap! out conj (str "\n" (apply str (repeat (inc inner) " "))))
                  (-pp out v (inc inner))))))
        (recur (next es) false)))
    (swap! out conj "}")))

(defn- -pp [out x indent]
  (let [flat (pr-str x)]
    (if (or (<= (+ indent (count flat)) *print-right-margin*)
            (not (coll? x)))
      (swap! out conj flat)
      (cond
        (and (map? x) (not (record? x))) (-pp-map out x indent)
        (vector? x) (-pp-coll out "[" "]" x indent)
        (set? x) (-pp-coll out "#{" "}" x indent)
        (seq? x) (-pp-coll out "(" ")" x indent)
        :else (swap! out conj flat)))))

(defn pprint
  "Pretty print object to *out*, followed by a newline."
  ([object]
   (let [out (atom [])]
     (-pp out object 0)
     (println (apply str @out))))
  ([object writer] (pprint object)))

(defn print-table
  "Prints a collection of maps in a textual table. Prints table headings ks, and then a line
  of output for each row, corresponding to the keys in ks. If ks are not specified, use the
  keys of the first item in rows."
  ([ks rows]
   (when (seq rows)
     (let [widths (map (fn [k] (apply max (count (str k)) (map #(count (str (get % k))) rows))) ks)
           spacers (map #(apply str (repeat % "-")) widths)
           fmt-row (fn [leader divider trailer row]
                     (str leader
                          (apply str (interpose divider
                                                (for [[col width] (map vector (map #(get row %) ks) widths)]
                                                  (let [s (str col)]
                                                    (str (apply str (repeat (- width (count s)) " ")) s)))))
                          trailer))]
       (println)
       (println (fmt-row "| " " | " " |" (zipmap ks ks)))
       (println (fmt-row "|-" "-+-" "-|" (zipmap ks spacers)))
       (doseq [row rows]
         (println (fmt-row "| " " | " " |" row))))))
  ([rows] (print-table (keys (first rows)) rows)))
