(ns clojure.math
  "Functions for double math (java.lang.Math), returning doubles.")

(def E "Euler's number e" Math/E)
(def PI "The ratio of a circle's circumference to its diameter" Math/PI)

(defn sin "Returns the sine of an angle." [a] (Math/sin a))
(defn cos "Returns the cosine of an angle." [a] (Math/cos a))
(defn tan "Returns the tangent of an angle." [a] (Math/tan a))
(defn asin "Returns the arc sine of an angle, in the range -pi/2 to pi/2." [a] (Math/asin a))
(defn acos "Returns the arc cosine of a, in the range 0.0 to pi." [a] (Math/acos a))
(defn atan "Returns the arc tangent of a, in the range of -pi/2 to pi/2." [a] (Math/atan a))
(defn atan2 "Returns the angle theta from the conversion of rectangular coordinates (x, y) to
  polar coordinates (r, theta)." [y x] (Math/atan2 y x))
(defn to-radians "Converts an angle in degrees to an approximate equivalent angle in radians."
  [deg] (Math/toRadians deg))
(defn to-degrees "Converts an angle in radians to an approximate equivalent angle in degrees."
  [r] (Math/toDegrees r))
(defn exp "Returns Euler's number e raised to the power of a." [a] (Math/exp a))
(defn expm1 "Returns e^x - 1." [x] (- (Math/exp x) 1.0))
(defn log "Returns the natural logarithm (base e) of a." [a] (Math/log a))
(defn log10 "Returns the logarithm (base 10) of a." [a] (Math/log10 a))
(defn log1p "Returns ln(1+x)." [x] (Math/log (+ 1.0 x)))
(defn sqrt "Returns the positive square root of a." [a] (Math/sqrt a))
(defn cbrt "Returns the cube root of a." [a] (Math/cbrt a))
(defn pow "Returns the value of a raised to the power of b." [a b] (Math/pow a b))
(defn hypot "Returns sqrt(x^2 + y^2) without intermediate underflow or overflow." [x y]
  (Math/hypot x y))
(defn floor "Returns the largest double less than or equal to a, and equal to a mathematical
  integer." [a] (Math/floor a))
(defn ceil "Returns the smallest double greater than or equal to a, and equal to a
  mathematical integer." [a] (Math/ceil a))
(defn rint "Returns the double closest to a and equal to a mathematical integer (ties to
  even)." [a] (Math/rint a))
(defn round "Returns the closest long to a (ties round toward positive infinity)." [a]
  (Math/round a))
(defn signum "Returns the signum function of d: 0.0, 1.0 or -1.0." [d] (Math/signum d))
(defn sinh "Returns the hyperbolic sine of x." [x] (/ (- (Math/exp x) (Math/exp (- x))) 2.0))
(defn cosh "Returns the hyperbolic cosine of x." [x] (/ (+ (Math/exp x) (Math/exp (- x))) 2.0))
(defn tanh "Returns the hyperbolic tangent of x." [x]
  (let [a (Math/exp x) b (Math/exp (- x))] (/ (- a b) (+ a b))))
(defn floor-div "Integer division that rounds to negative infinity." [x y] (Math/floorDiv x y))
(defn floor-mod "Integer modulus x - (floorDiv(x, y) * y)." [x y] (Math/floorMod x y))
(defn add-exact "Returns the sum of x and y, throws ArithmeticException on overflow." [x y] (+ x y))
(defn subtract-exact "Returns the difference of x and y, throws ArithmeticException on
  overflow." [x y] (- x y))
(defn multiply-exact "Returns the product of x and y, throws ArithmeticException on overflow."
  [x y] (* x y))
(defn increment-exact "Returns a incremented by 1, throws ArithmeticException on overflow." [a]
  (inc a))
(defn decrement-exact "Returns a decremented by 1, throws ArithmeticException on overflow." [a]
  (dec a))
(defn negate-exact "Returns the negation of a, throws ArithmeticException on overflow." [a]
  (- a))
(defn copy-sign "Returns a double with the magnitude of the first argument and the sign of the
  second." [magnitude sign]
  (let [m (Math/abs (double magnitude))]
    (if (or (neg? sign) (and (zero? sign) (= "-0.0" (str sign)))) (- m) m)))
(defn random "Returns a positive double between 0.0 and 1.0, chosen pseudorandomly." []
  (rand))
