/*
 * particles: what follows a word's stem in the languages written without
 * such breaks: Korean particles (josa), cut from a word of Hangul for its
 * stem, and Japanese words of hiragana alone (particles, endings,
 * auxiliaries), taken as stopwords.  For the analyser (analyse.c) and the
 * story keywords' display forms, which reach it through analyse.h.
 */
#ifndef NP_PARTICLES_H
#define NP_PARTICLES_H

#include <stddef.h>

/* The length of a Korean word's stem: the word less its particle (or
 * plural 들), the longest that leaves two syllables or more, twice at most
 * (민주주의는, "democracy" and a topic particle, loses 는 and then 의, as
 * 민주주의 loses 의: the two stay one stem).  Only a word of Hangul
 * syllables alone has one; other words, and words of two syllables, are
 * n (most nouns are two syllables, and many end as a particle does: 속도,
 * 회의, 결과).  The stem is for matching alone: it can cut a name
 * (김정은 -> 김정), so story keywords show a word as written. */
size_t text_korean_stem_len(const char *w, size_t n);

/* 1 for a word of Hangul alone with no particle to take off (정부, not
 * 정부는): as a display form, it ranks above the forms with particles
 * (engine_form_rank). */
int text_korean_bare(const char *w, size_t n);

/* Whether w[0..n) is written in hiragana alone (U+3041..U+309F): in
 * Japanese, a particle, an ending or an auxiliary. */
int text_is_kana_word(const char *w, size_t n);

#endif
