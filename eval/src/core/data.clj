(ns clojure.data
  "Non-core data functions: diff."
  (:require [clojure.set :as set]))

(declare diff)

(defn- equality-partition [x]
  (cond (set? x) :set
        (map? x) :map
        (sequential? x) :sequential
        :else :atom))

(defn- atom-diff [a b]
  (if (= a b) [nil nil a] [a b nil]))

(defn- diff-associative-key
  "Diff of the values at key k in a and b, as three maps (or nils)."
  [a b k]
  (let [va (get a k)
        vb (get b k)
        [a* b* ab] (diff va vb)
        in-a (contains? a k)
        in-b (contains? b k)
        same (and in-a in-b (or (not (nil? ab)) (and (nil? va) (nil? vb))))]
    [(when (and in-a (or (not (nil? a*)) (not same))) {k a*})
     (when (and in-b (or (not (nil? b*)) (not same))) {k b*})
     (when same {k ab})]))

(defn- diff-associative [a b ks]
  (reduce (fn [acc d] (doall (map merge acc d)))
          [nil nil nil]
          (map (fn [k] (diff-associative-key a b k)) ks)))

(defn- vectorize
  "A map of index -> value as a vector with nils in the gaps."
  [m]
  (when (seq m)
    (reduce (fn [result [k v]] (assoc result k v))
            (vec (repeat (inc (apply max (keys m))) nil))
            m)))

(defn- diff-similar [kind a b]
  (case kind
    :set [(not-empty (set/difference a b))
          (not-empty (set/difference b a))
          (not-empty (set/intersection a b))]
    :map (diff-associative a b (distinct (concat (keys a) (keys b))))
    :sequential (vec (map vectorize
                          (diff-associative (vec a) (vec b)
                                            (range (max (count a) (count b))))))
    (atom-diff a b)))

(defn diff
  "Recursively compares a and b, returning a tuple of [things-only-in-a things-only-in-b
  things-in-both]. Maps are subdiffed where keys match and values differ; sets are never
  subdiffed; all sequential things are treated as associative collections by their indexes,
  with results as vectors."
  [a b]
  (if (= a b)
    [nil nil a]
    (let [pa (equality-partition a)]
      (if (= pa (equality-partition b))
        (diff-similar pa a b)
        (atom-diff a b)))))
