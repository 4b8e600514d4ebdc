#pragma once

// Words for the search benchmarks: a 5,000-word vocabulary of made-up words drawn with a
// Zipf-like skew, so some words are in most texts and some in a few dozen.

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

namespace tierdesk::bench {

inline constexpr int kVocabulary = 5'000;

// The word of rank `n` (0 is the commonest).
inline std::string Word(int n) {
  static const char* kSyllables[] = {"ka", "ro", "mi",  "tu", "sen", "vel", "dor", "pa",
                                     "li", "ne", "zor", "qu", "ta",  "bri", "on",  "es"};
  std::string w;
  for (int k = n + 16; k > 0; k /= 16) w += kSyllables[k % 16];
  return w;
}

// The Zipf-like rank of the next word: low ranks are common.
inline int NextRank(std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  return std::min(kVocabulary - 1, int(std::pow(kVocabulary, u(rng))) - 1);
}

// `count` words, a sentence's end every twelve.
inline std::string Words(std::mt19937& rng, int count) {
  std::string text;
  for (int w = 0; w < count; ++w)
    text += (w ? (w % 12 == 0 ? ". " : " ") : "") + Word(NextRank(rng));
  return text;
}

}  // namespace tierdesk::bench
