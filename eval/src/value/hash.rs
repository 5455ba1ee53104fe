//! Clojure's `hasheq`, bit for bit: Murmur3 as in `clojure.lang.Murmur3`, Java's
//! `String.hashCode`, `Double.hashCode` and `BigInteger.hashCode`.
//!
//! Matching the JVM's hashes matters beyond `(hash x)`: the iteration (and so printing)
//! order of hash maps and hash sets follows the hash bits, and users compare printed output.

const C1: u32 = 0xcc9e_2d51;
const C2: u32 = 0x1b87_3593;

fn mix_k1(k1: u32) -> u32 {
    k1.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2)
}

fn mix_h1(h1: u32, k1: u32) -> u32 {
    (h1 ^ k1)
        .rotate_left(13)
        .wrapping_mul(5)
        .wrapping_add(0xe654_6b64)
}

fn fmix(mut h1: u32, length: u32) -> u32 {
    h1 ^= length;
    h1 ^= h1 >> 16;
    h1 = h1.wrapping_mul(0x85eb_ca6b);
    h1 ^= h1 >> 13;
    h1 = h1.wrapping_mul(0xc2b2_ae35);
    h1 ^= h1 >> 16;
    h1
}

/// `Murmur3.hashInt`.
pub fn hash_int(input: i32) -> i32 {
    if input == 0 {
        return 0;
    }
    fmix(mix_h1(0, mix_k1(input as u32)), 4) as i32
}

/// `Murmur3.hashLong`.
pub fn hash_long(input: i64) -> i32 {
    if input == 0 {
        return 0;
    }
    let low = input as u32;
    let high = ((input as u64) >> 32) as u32;
    let h1 = mix_h1(0, mix_k1(low));
    let h1 = mix_h1(h1, mix_k1(high));
    fmix(h1, 8) as i32
}

/// `Murmur3.hashUnencodedChars` over the UTF-16 code units of `s`.
pub fn hash_unencoded_chars(s: &str) -> i32 {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut h1 = 0u32;
    let mut i = 1;
    while i < units.len() {
        let k1 = u32::from(units[i - 1]) | (u32::from(units[i]) << 16);
        h1 = mix_h1(h1, mix_k1(k1));
        i += 2;
    }
    if units.len() & 1 == 1 {
        h1 ^= mix_k1(u32::from(units[units.len() - 1]));
    }
    fmix(h1, 2 * units.len() as u32) as i32
}

/// `Murmur3.mixCollHash`.
pub fn mix_coll_hash(hash: i32, count: u32) -> i32 {
    fmix(mix_h1(0, mix_k1(hash as u32)), count) as i32
}

/// `Murmur3.hashOrdered` from the element hashes.
pub fn hash_ordered(hashes: impl IntoIterator<Item = i32>) -> i32 {
    let mut n = 0u32;
    let mut hash = 1i32;
    for h in hashes {
        hash = hash.wrapping_mul(31).wrapping_add(h);
        n += 1;
    }
    mix_coll_hash(hash, n)
}

/// `Murmur3.hashUnordered` from the element hashes.
pub fn hash_unordered(hashes: impl IntoIterator<Item = i32>) -> i32 {
    let mut n = 0u32;
    let mut hash = 0i32;
    for h in hashes {
        hash = hash.wrapping_add(h);
        n += 1;
    }
    mix_coll_hash(hash, n)
}

/// Java's `String.hashCode`.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, u| h.wrapping_mul(31).wrapping_add(i32::from(u)))
}

/// `Util.hashCombine`.
pub fn hash_combine(seed: i32, hash: i32) -> i32 {
    let s = seed;
    s ^ hash
        .wrapping_add(0x9e37_79b9u32 as i32)
        .wrapping_add(s << 6)
        .wrapping_add(s >> 2)
}

/// `Symbol.hasheq`: the name's Murmur3 combined with the namespace's `String.hashCode`.
pub fn symbol_hash(ns: Option<&str>, name: &str) -> i32 {
    hash_combine(hash_unencoded_chars(name), ns.map_or(0, java_string_hash))
}

/// `Keyword.hasheq`.
pub fn keyword_hash(ns: Option<&str>, name: &str) -> i32 {
    symbol_hash(ns, name).wrapping_add(0x9e37_79b9u32 as i32)
}

/// Java's `Double.hashCode` (with Clojure's rule that `-0.0` hashes like `0.0`).
pub fn double_hash(d: f64) -> i32 {
    if d == 0.0 {
        return 0;
    }
    let bits = if d.is_nan() {
        0x7ff8_0000_0000_0000u64
    } else {
        d.to_bits()
    };
    (bits ^ (bits >> 32)) as i32
}

/// Java's `BigInteger.hashCode`.
pub fn big_integer_hash(n: &num_bigint::BigInt) -> i32 {
    use num_bigint::Sign;
    let (sign, digits) = n.to_u32_digits();
    let mut h = 0i32;
    for d in digits.iter().rev() {
        h = h.wrapping_mul(31).wrapping_add(*d as i32);
    }
    match sign {
        Sign::Minus => h.wrapping_neg(),
        Sign::NoSign => 0,
        Sign::Plus => h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from JVM Clojure 1.11: (hash x).
    #[test]
    fn matches_the_jvm() {
        assert_eq!(hash_long(1), 1_392_991_556);
        assert_eq!(hash_long(42), 1_871_679_806);
        assert_eq!(hash_long(-1), 1_651_860_712);
        assert_eq!(hash_int(java_string_hash("a")), 1_455_541_201);
        assert_eq!(hash_int(java_string_hash("héllo😀")), 2_034_669_091);
        assert_eq!(keyword_hash(None, "a"), -2_123_407_586);
        assert_eq!(keyword_hash(Some("a"), "b"), 1_482_224_565);
        assert_eq!(symbol_hash(None, "a"), -482_876_059);
        assert_eq!(hash_ordered([]), -2_017_569_654);
        assert_eq!(hash_unordered([]), -15_128_758);
        assert_eq!(double_hash(1.5), 1_073_217_536);
        let big: num_bigint::BigInt = "100000000000000000000".parse().unwrap();
        assert_eq!(big_integer_hash(&big), 1_882_487_352);
        assert_eq!(hash_ordered([hash_long(1), hash_long(2)]), 156_247_261);
        assert_eq!(hash_unordered([hash_long(1), hash_long(2)]), 460_223_544);
        let entry = hash_ordered([keyword_hash(None, "a"), hash_long(1)]);
        assert_eq!(hash_unordered([entry]), 1_772_842_048);
    }
}
