[a: a::b /a]
