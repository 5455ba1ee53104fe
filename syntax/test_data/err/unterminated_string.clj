(a "unterminated
(b)
