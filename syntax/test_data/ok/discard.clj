#_ a b #_ #_ c d e #_(f)
