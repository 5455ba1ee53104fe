#!/usr/bin/env kiln run
(println 1)
