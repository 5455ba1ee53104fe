;; clojure.core, second part: sequence functions with transducer arities, reduce with
;; `reduced`, collection helpers, higher-order functions, text and namespace helpers. Loaded
;; right after core.clj, in clojure.core; definitions here replace core.clj's simpler
;; bootstrap versions (callers go through the vars, so they see these).
(declare sequence nthrest find)
(def ^:private -xf-samples
  "Replaced, once map, filter, remove and keep are defined, by instances of their
  transducers and of comp: how -xf-fold recognizes a pipeline it runs as one loop."
  nil)


(defn ensure-reduced "If x is already reduced?, returns it, else returns (reduced x)." [x]
  (if (reduced? x) x (reduced x)))

(defn completing
  "Takes a reducing function f of 2 args and returns a fn suitable for transduce by adding an
  arity-1 signature that calls cf (default - identity) on the result argument."
  ([f] (completing f identity))
  ([f cf] (fn ([] (-forward f)) ([x] (-forward cf)) ([x y] (-forward f)))))

(defn transduce
  "reduce with a transformation of f (xf). If init is not supplied, (f) will be called to
  produce it."
  ([xform f coll] (transduce xform f (f) coll))
  ([xform f init coll]
   ;; Pipelines of map/filter/remove/keep run as one native loop (core/xf.rs), making the
   ;; same calls in the same order; anything else through the closure chain.
   (let [r (-xf-fold -xf-samples xform f init coll)]
     (if (identical? r -xf-samples)
       (let [f (xform f)]
         (f (reduce f init coll)))
       r))))

(defn into
  "Returns a new coll consisting of to-coll with all of the items of from-coll conjoined. A
  transducer may be supplied."
  ([] [])
  ([to] to)
  ([to from] (reduce conj to from))
  ([to xform from] (transduce xform conj to from)))

(defmacro -xf-stateless
  "A stateless transducer whose step arity is body, with rf, result and input bound by the
  names given (written out in place: one closure call per element and stage)."
  [[rf result input] body]
  `(fn [~rf] (fn ([] (~rf)) ([~result] (~rf ~result)) ([~result ~input] ~body))))

(defn map
  "Returns a lazy sequence consisting of the result of applying f to the first items of
  each coll, then the second, until any coll is exhausted. Returns a transducer when no
  collection is provided."
  ([f] (fn [rf]
         (fn ([] (rf))
           ([result] (rf result))
           ([result input] (rf result (f input)))
           ([result input & inputs] (rf result (apply f input inputs))))))
  ([f coll] (-lazy-map f coll))
  ([f c1 c2]
   (lazy-seq
    (let [s1 (seq c1) s2 (seq c2)]
      (when (and s1 s2)
        (cons (f (first s1) (first s2)) (map f (rest s1) (rest s2)))))))
  ([f c1 c2 c3]
   (lazy-seq
    (let [s1 (seq c1) s2 (seq c2) s3 (seq c3)]
      (when (and s1 s2 s3)
        (cons (f (first s1) (first s2) (first s3))
              (map f (rest s1) (rest s2) (rest s3)))))))
  ([f c1 c2 c3 & colls]
   (let [step (fn step [cs]
                (lazy-seq
                 (let [ss (map seq cs)]
                   (when (every? identity ss)
                     (cons (map first ss) (step (map rest ss)))))))]
     (map (fn [args] (apply f args)) (step (list* c1 c2 c3 colls))))))

(defn filter
  "Returns a lazy sequence of the items in coll for which (pred item) returns logical true.
  Returns a transducer when no collection is provided."
  ([pred] (-xf-stateless [rf result input] (if (pred input) (rf result input) result)))
  ([pred coll]
   (lazy-seq
    (loop [s (seq coll)]
      (when s
        (if (chunked-seq? s)
          (let [c (-filter-chunk pred s)]
            (if c (chunk-cons c (filter pred (chunk-rest s))) (recur (chunk-next s))))
          (let [x (first s)]
            (if (pred x) (cons x (filter pred (rest s))) (recur (next s))))))))))

(defn remove
  "Returns a lazy sequence of the items in coll for which (pred item) returns logical false.
  Returns a transducer when no collection is provided."
  ([pred] (-xf-stateless [rf result input] (if (pred input) result (rf result input))))
  ([pred coll] (filter (complement pred) coll)))

(defn keep
  "Returns a lazy sequence of the non-nil results of (f item). Returns a transducer when no
  collection is provided."
  ([f] (-xf-stateless [rf result input] (let [v (f input)] (if (nil? v) result (rf result v)))))
  ([f coll]
   (lazy-seq
    (loop [s (seq coll)]
      (when s
        (if (chunked-seq? s)
          (let [c (-keep-chunk f s)]
            (if c (chunk-cons c (keep f (chunk-rest s))) (recur (chunk-next s))))
          (let [v (f (first s))]
            (if (nil? v) (recur (next s)) (cons v (keep f (rest s)))))))))))

;; See -xf-fold (core/xf.rs): the transducer prototypes, found by identity of the markers.
(def ^:private -xf-samples
  (let [a (fn [x] x) b (fn [x] x)]
    [a b (map a) (filter a) (remove a) (keep a) (comp a b)]))

(defmacro vswap!
  "Non-atomically swaps the value of the volatile as if: (apply f current-value-of-vol args)."
  [vol f & args]
  `(let [v# ~vol] (vreset! v# (~f (deref v#) ~@args))))

(defn map-indexed
  "Returns a lazy sequence of (f 0 item0), (f 1 item1), ... Returns a transducer when no
  collection is provided."
  ([f] (fn [rf]
         (let [i (volatile! -1)]
           (fn ([] (rf)) ([result] (rf result))
             ([result input] (rf result (f (vswap! i inc) input)))))))
  ([f coll] (map f (iterate inc 0) coll)))

(defn keep-indexed
  "Returns a lazy sequence of the non-nil results of (f index item). Returns a transducer
  when no collection is provided."
  ([f] (fn [rf]
         (let [i (volatile! -1)]
           (fn ([] (rf)) ([result] (rf result))
             ([result input]
              (let [v (f (vswap! i inc) input)]
                (if (nil? v) result (rf result v))))))))
  ([f coll] (remove nil? (map-indexed f coll))))

(defn take
  "Returns a lazy sequence of the first n items in coll, or all items if there are fewer than
  n. Returns a transducer when no collection is provided."
  ([n] (fn [rf]
         (let [nv (volatile! n)]
           (fn ([] (rf)) ([result] (rf result))
             ([result input]
              (let [n @nv
                    nn (vreset! nv (dec n))
                    result (if (pos? n) (rf result input) result)]
                (if (not (pos? nn)) (ensure-reduced result) result)))))))
  ([n coll] (-lazy-take n coll)))

(defn drop
  "Returns a lazy sequence of all but the first n items in coll. Returns a transducer when no
  collection is provided."
  ([n] (fn [rf]
         (let [nv (volatile! n)]
           (fn ([] (rf)) ([result] (rf result))
             ([result input]
              (let [n @nv]
                (vswap! nv dec)
                (if (pos? n) result (rf result input))))))))
  ([n coll]
   (lazy-seq
    (loop [n n s (seq coll)]
      (if (and (pos? n) s) (recur (dec n) (next s)) s)))))

(defn take-while
  "Returns a lazy sequence of successive items from coll while (pred item) returns logical
  true. Returns a transducer when no collection is provided."
  ([pred] (-xf-stateless [rf result input] (if (pred input) (rf result input) (reduced result))))
  ([pred coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (when (pred (first s)) (cons (first s) (take-while pred (rest s))))))))

(defn drop-while
  "Returns a lazy sequence of the items in coll starting from the first item for which
  (pred item) returns logical false. Returns a transducer when no collection is provided."
  ([pred] (fn [rf]
            (let [dv (volatile! true)]
              (fn ([] (rf)) ([result] (rf result))
                ([result input]
                 (if (and @dv (pred input))
                   result
                   (do (vreset! dv nil) (rf result input))))))))
  ([pred coll]
   (lazy-seq
    (loop [s (seq coll)]
      (if (and s (pred (first s))) (recur (next s)) s)))))

(defn take-nth
  "Returns a lazy seq of every nth item in coll. Returns a transducer when no collection is
  provided."
  ([n] (fn [rf]
         (let [iv (volatile! -1)]
           (fn ([] (rf)) ([result] (rf result))
             ([result input]
              (let [i (vswap! iv inc)]
                (if (zero? (rem i n)) (rf result input) result)))))))
  ([n coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (cons (first s) (take-nth n (drop n s)))))))

(defn cat
  "A transducer which concatenates the contents of each input, which must be a collection,
  into the reduction."
  [rf]
  (let [rrf (fn [result input] (let [r (rf result input)] (if (reduced? r) (reduced r) r)))]
    (fn ([] (rf)) ([result] (rf result))
      ([result input] (reduce rrf result input)))))

(defn mapcat
  "Returns the result of applying concat to the result of applying map to f and colls.
  Returns a transducer when no collections are provided."
  ([f] (comp (map f) cat))
  ([f coll] (-mapcat1 f coll))
  ([f c1 & colls] (-mapcat1 identity (apply map f c1 colls))))

(defn distinct
  "Returns a lazy sequence of the elements of coll with duplicates removed. Returns a
  transducer when no collection is provided."
  ([] (fn [rf]
        (let [seen (volatile! #{})]
          (fn ([] (rf)) ([result] (rf result))
            ([result input]
             (if (contains? @seen input)
               result
               (do (vswap! seen conj input) (rf result input))))))))
  ([coll]
   (let [step (fn step [xs seen]
                (lazy-seq
                 (loop [s (seq xs)]
                   (when s
                     (let [x (first s)]
                       (if (contains? seen x)
                         (recur (next s))
                         (cons x (step (rest s) (conj seen x)))))))))]
     (step coll #{}))))

(defn dedupe
  "Returns a lazy sequence removing consecutive duplicates in coll. Returns a transducer when
  no collection is provided."
  ([] (fn [rf]
        (let [pv (volatile! ::none)]
          (fn ([] (rf)) ([result] (rf result))
            ([result input]
             (let [prior @pv]
               (vreset! pv input)
               (if (= prior input) result (rf result input))))))))
  ([coll] (sequence (dedupe) coll)))

(defn partition
  "Returns a lazy sequence of lists of n items each, at offsets step apart. If step is not
  supplied, defaults to n. A pad collection fills the last partition when given."
  ([n coll] (partition n n coll))
  ([n step coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (let [p (doall (take n s))]
        (when (= n (count p))
          (cons p (partition n step (nthrest s step))))))))
  ([n step pad coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (let [p (doall (take n s))]
        (if (= n (count p))
          (cons p (partition n step pad (nthrest s step)))
          (list (take n (concat p pad)))))))))

(defn partition-all
  "Returns a lazy sequence of lists like partition, but may include partitions with fewer
  than n items at the end. Returns a transducer when no collection is provided."
  ([n] (fn [rf]
         (let [a (volatile! [])]
           (fn ([] (rf))
             ([result]
              (let [result (if (empty? @a)
                             result
                             (let [v @a] (vreset! a []) (unreduced (rf result v))))]
                (rf result)))
             ([result input]
              (vswap! a conj input)
              (if (= n (count @a))
                (let [v @a] (vreset! a []) (rf result v))
                result))))))
  ([n coll] (partition-all n n coll))
  ([n step coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (let [seg (doall (take n s))]
        (cons seg (partition-all n step (nthrest s step))))))))

(defn partition-by
  "Applies f to each value in coll, splitting it each time f returns a new value. Returns a
  lazy seq of partitions, or a transducer when no collection is provided."
  ([f] (fn [rf]
         (let [a (volatile! []) pv (volatile! ::none)]
           (fn ([] (rf))
             ([result]
              (let [result (if (empty? @a)
                             result
                             (let [v @a] (vreset! a []) (unreduced (rf result v))))]
                (rf result)))
             ([result input]
              (let [pval @pv val (f input)]
                (vreset! pv val)
                (if (or (identical? pval ::none) (= val pval))
                  (do (vswap! a conj input) result)
                  (let [v @a]
                    (vreset! a [])
                    (let [ret (rf result v)]
                      (when-not (reduced? ret) (vswap! a conj input))
                      ret)))))))))
  ([f coll]
   (lazy-seq
    (when-let [s (seq coll)]
      (let [fst (first s)
            fv (f fst)
            run (cons fst (take-while (fn [x] (= fv (f x))) (next s)))]
        (cons run (partition-by f (lazy-seq (drop (count run) s)))))))))

(defn interpose
  "Returns a lazy seq of the elements of coll separated by sep. Returns a transducer when no
  collection is provided."
  ([sep] (fn [rf]
           (let [started (volatile! false)]
             (fn ([] (rf)) ([result] (rf result))
               ([result input]
                (if @started
                  (let [sepr (rf result sep)]
                    (if (reduced? sepr) sepr (rf sepr input)))
                  (do (vreset! started true) (rf result input))))))))
  ([sep coll] (drop 1 (-mapcat1 (fn [x] [sep x]) coll))))

(defn halt-when
  "Returns a transducer that ends the reduction when pred is true for an input, returning
  that input, or (retf result input) when retf is given."
  ([pred] (halt-when pred nil))
  ([pred retf]
   (fn [rf]
     (fn ([] (rf))
       ([result]
        (if (and (map? result) (contains? result ::halt))
          (get result ::halt)
          (rf result)))
       ([result input]
        (if (pred input)
          (reduced {::halt (if retf (retf (rf result) input) input)})
          (rf result input)))))))

(defn sequence
  "Coerces coll to a (possibly empty) sequence, if it is not already one. With a transducer,
  returns the sequence of the transformation's results."
  ([coll] (if (seq? coll) coll (or (seq coll) ())))
  ([xform coll] (or (seq (into [] xform coll)) ()))
  ([xform coll & colls]
   (let [f (xform conj)]
     (or (seq (f (reduce (fn [acc args] (apply f acc args)) [] (apply map vector coll colls))))
         ()))))

(defn eduction
  "Returns the application of the transducers (composed left to right) to coll, as a seq."
  [& xforms]
  (sequence (apply comp (butlast xforms)) (last xforms)))

(defn replace
  "Given a map of replacement pairs and a vector/collection, returns a vector/seq with any
  elements = a key in smap replaced with the corresponding val in smap."
  ([smap] (map (fn [x] (if (contains? smap x) (get smap x) x))))
  ([smap coll]
   (if (vector? coll)
     (reduce (fn [v i] (if (contains? smap (nth v i)) (assoc v i (get smap (nth v i))) v))
             coll (range (count coll)))
     (map (fn [x] (if (contains? smap x) (get smap x) x)) coll))))

(defn nthrest
  "Returns the nth rest of coll, coll when n is 0."
  [coll n]
  (loop [n n xs coll]
    (if-let [xs (and (pos? n) (seq xs))]
      (recur (dec n) (rest xs))
      xs)))

(defn take-last "Returns a seq of the last n items in coll." [n coll]
  (loop [s (seq coll) lead (seq (drop n coll))]
    (if lead (recur (next s) (next lead)) s)))

(defn drop-last "Return a lazy sequence of all but the last n (default 1) items in coll."
  ([coll] (drop-last 1 coll))
  ([n coll] (map (fn [x _] x) coll (drop n coll))))

(defn split-at "Returns a vector of [(take n coll) (drop n coll)]" [n coll]
  [(take n coll) (drop n coll)])

(defn split-with "Returns a vector of [(take-while pred coll) (drop-while pred coll)]"
  [pred coll]
  [(take-while pred coll) (drop-while pred coll)])

(defn cycle "Returns a lazy (infinite!) sequence of repetitions of the items in coll." [coll]
  (lazy-seq (when (seq coll) (concat coll (cycle coll)))))

(defn repeatedly
  "Takes a function of no args, presumably with side effects, and returns an infinite (or
  length n if supplied) lazy sequence of calls to it."
  ([f] (lazy-seq (cons (f) (repeatedly f))))
  ([n f] (take n (repeatedly f))))

(defn reductions
  "Returns a lazy seq of the intermediate values of the reduction (as per reduce) of coll by
  f, starting with init."
  ([f coll]
   (lazy-seq
    (if-let [s (seq coll)]
      (reductions f (first s) (rest s))
      (list (f)))))
  ([f init coll]
   (if (reduced? init)
     (list (unreduced init))
     (cons init
           (lazy-seq
            (when-let [s (seq coll)]
              (reductions f (f init (first s)) (rest s))))))))

(defn tree-seq
  "Returns a lazy sequence of the nodes in a tree, via a depth-first walk."
  [branch? children root]
  (let [walk (fn walk [node]
               (lazy-seq
                (cons node (when (branch? node) (-mapcat1 walk (children node))))))]
    (walk root)))

(defn flatten
  "Takes any nested combination of sequential things (lists, vectors, etc.) and returns their
  contents as a single, flat lazy sequence. (flatten nil) returns an empty sequence."
  [x]
  (filter (complement sequential?) (rest (tree-seq sequential? seq x))))

(defn run! "Runs the supplied procedure (via reduce), for purposes of side effects, on
  successive items in the collection. Returns nil." [proc coll]
  (reduce (fn [_ x] (proc x) nil) nil coll)
  nil)

(defn mapv
  "Returns a vector consisting of the result of applying f to the set of first items of each
  coll, followed by applying f to the set of second items in each coll, until any one of the
  colls is exhausted."
  ([f coll] (reduce (fn [v x] (conj v (f x))) [] coll))
  ([f c1 c2] (into [] (map f c1 c2)))
  ([f c1 c2 c3] (into [] (map f c1 c2 c3)))
  ([f c1 c2 c3 & colls] (into [] (apply map f c1 c2 c3 colls))))

(defn filterv "Returns a vector of the items in coll for which (pred item) returns logical true."
  [pred coll]
  (reduce (fn [v x] (if (pred x) (conj v x) v)) [] coll))

(defn juxt
  "Takes a set of functions and returns a fn that is the juxtaposition of those fns: a vector
  of each fn applied to the args."
  [& fs]
  (fn [& args] (reduce (fn [v f] (conj v (apply f args))) [] fs)))

(defn memoize
  "Returns a memoized version of a referentially transparent function."
  [f]
  (let [mem (atom {})]
    (fn [& args]
      (if-let [e (find @mem args)]
        (val e)
        (let [ret (apply f args)]
          (swap! mem assoc args ret)
          ret)))))

(defn fnil
  "Takes a function f, and returns a function that calls f, replacing a nil first (second,
  third) argument with the supplied value."
  ([f x] (fn [a & more] (apply f (if (nil? a) x a) more)))
  ([f x y] (fn [a b & more] (apply f (if (nil? a) x a) (if (nil? b) y b) more)))
  ([f x y z] (fn [a b c & more] (apply f (if (nil? a) x a) (if (nil? b) y b) (if (nil? c) z c) more))))

(defn some-fn
  "Takes a set of predicates and returns a function f that returns the first logical true
  value returned by one of its composing predicates against any of its arguments."
  [& ps]
  (fn [& args]
    (loop [xs (seq args) last-val nil]
      (if xs
        (let [v (loop [qs (seq ps) v nil]
                  (if qs (let [r ((first qs) (first xs))] (if r r (recur (next qs) r))) v))]
          (if v v (recur (next xs) v)))
        last-val))))

(defn every-pred
  "Takes a set of predicates and returns a function f that returns true if all of its
  composing predicates return a logical true value against all of its arguments."
  [& ps]
  (fn [& args] (boolean (every? (fn [p] (every? p args)) ps))))

(defn trampoline
  "Calls f with supplied args, then, while the result is a fn, calls it with no args."
  ([f] (let [ret (f)] (if (fn? ret) (recur ret) ret)))
  ([f & args] (trampoline (fn [] (apply f args)))))

(defn max-key "Returns the x for which (k x), a number, is greatest." 
  ([k x] x)
  ([k x y] (if (> (k x) (k y)) x y))
  ([k x y & more] (reduce (fn [a b] (if (>= (k b) (k a)) b a)) (max-key k x y) more)))

(defn min-key "Returns the x for which (k x), a number, is least."
  ([k x] x)
  ([k x y] (if (< (k x) (k y)) x y))
  ([k x y & more] (reduce (fn [a b] (if (<= (k b) (k a)) b a)) (min-key k x y) more)))

(defn find "Returns the map entry for key, or nil if key not present." [m k]
  (when (contains? m k) [k (get m k)]))

(defn merge-with
  "Returns a map that consists of the rest of the maps conj-ed onto the first. If a key
  occurs in more than one map, the mapping(s) from the latter (left-to-right) will be
  combined with the mapping in the result by calling (f val-in-result val-in-latter)."
  [f & maps]
  (when (some identity maps)
    (reduce (fn [acc m]
              (reduce (fn [acc [k v]] (if (contains? acc k) (assoc acc k (f (get acc k) v)) (assoc acc k v)))
                      (or acc {}) m))
            maps)))

(defn distinct? "Returns true if no two of the arguments are =" [& xs]
  (= (count xs) (count (set xs))))
(defn not-any? "Returns false if (pred x) is logical true for any x in coll, else true."
  [pred coll] (not (some pred coll)))
(defn not-every? "Returns false if (pred x) is logical true for every x in coll, else true."
  [pred coll] (not (every? pred coll)))
(defn any? "Returns true given any argument." [x] true)
(defn update-keys "m f => {(f k) v ...}" [m f]
  (with-meta (reduce (fn [acc [k v]] (assoc acc (f k) v)) {} m) (meta m)))
(defn update-vals "m f => {k (f v) ...}" [m f]
  (with-meta (reduce (fn [acc [k v]] (assoc acc k (f v))) {} m) (meta m)))
(defn seqable? "Return true if the seq function is supported for x." [x]
  (or (nil? x) (coll? x) (string? x) (seq? x)))
(defn ident? "Return true if x is a symbol or keyword" [x] (or (keyword? x) (symbol? x)))
(defn simple-ident? [x] (and (ident? x) (nil? (namespace x))))
(defn qualified-ident? [x] (boolean (and (ident? x) (namespace x) true)))
(defn simple-symbol? [x] (and (symbol? x) (nil? (namespace x))))
(defn qualified-symbol? [x] (boolean (and (symbol? x) (namespace x) true)))
(defn simple-keyword? [x] (and (keyword? x) (nil? (namespace x))))
(defn qualified-keyword? [x] (boolean (and (keyword? x) (namespace x) true)))
(defn pos-int? [x] (and (int? x) (pos? x)))
(defn neg-int? [x] (and (int? x) (neg? x)))
(defn nat-int? [x] (and (int? x) (not (neg? x))))
(defn associative? [coll] (or (map? coll) (vector? coll)))
(defn reversible? [coll] (or (vector? coll) (sorted? coll)))
(defn indexed? [coll] (vector? coll))
(defn inc' "Returns a number one greater than num. Supports arbitrary precision." [x] (+' x 1))
(defn dec' "Returns a number one less than num. Supports arbitrary precision." [x] (-' x 1))
(defn rand-int "Returns a random integer between 0 (inclusive) and n (exclusive)." [n]
  (long (rand n)))
(defn rand-nth "Return a random element of the (sequential) collection." [coll]
  (nth coll (rand-int (count coll))))
(defn shuffle "Return a random permutation of coll" [coll]
  (vec (-sort-by (fn [_] (rand)) nil coll)))
(defn random-sample "Returns items from coll with random probability of prob (0.0 - 1.0)."
  ([prob] (filter (fn [_] (< (rand) prob))))
  ([prob coll] (filter (fn [_] (< (rand) prob)) coll)))
(defn rseq "Returns, in constant time, a seq of the items in rev (a vector), in reverse order."
  [rev] (seq (reverse rev)))
(defn comparator "Returns an implementation of java.util.Comparator based upon pred." [pred]
  (fn [x y] (cond (pred x y) -1 (pred y x) 1 :else 0)))
(defn sort-by
  "Returns a sorted sequence of the items in coll, where the sort order is determined by
  comparing (keyfn item). Comp can be a boolean-valued comparison function, or a -/0/+
  valued comparator. Comp defaults to compare."
  ([keyfn coll] (-sort-by keyfn nil coll))
  ([keyfn comp coll] (-sort-by keyfn comp coll)))
(defn ffirst [x] (first (first x)))
(defn printf "Prints formatted output, as per format" [fmt & args] (print (apply format fmt args)))
(defmacro with-out-str
  "Evaluates exprs in a context in which *out* is bound to a fresh string writer. Returns the
  string created by any nested printing calls."
  [& body]
  `(-with-out-str (fn [] ~@body)))
(defn prn-str "prn to a string, returning it" [& xs] (with-out-str (apply prn xs)))
(defn println-str "println to a string, returning it" [& xs] (with-out-str (apply println xs)))
(defn flush "Flushes the output stream (output is written at once; returns nil)." [] nil)
(defmacro assert
  "Evaluates expression x and throws an AssertionError with optional message if it does not
  evaluate to logical true."
  ([x] `(when-not ~x (throw (-exception "java.lang.AssertionError" (str "Assert failed: " (pr-str '~x))))))
  ([x message] `(when-not ~x (throw (-exception "java.lang.AssertionError" (str "Assert failed: " ~message "\n" (pr-str '~x)))))))
(defmacro when-first
  "bindings => x xs. Roughly the same as (when (seq xs) (let [x (first xs)] body))"
  [bindings & body]
  (let [[x xs] bindings]
    `(when-let [xs# (seq ~xs)] (let [~x (first xs#)] ~@body))))
(defmacro future
  "Takes a body of expressions and yields a future object. In kiln the body runs at once, on
  the calling thread (dialect code runs on one thread); deref returns its value."
  [& body]
  `(let [p# (promise)] (deliver p# (do ~@body)) p#))
(defn future-call [f] (let [p (promise)] (deliver p (f)) p))
