^:kw a ^Type b ^{:m 1} c #^String d ^:a ^:b e
