/* particles: Korean particles and Japanese kana words (particles.h). */
#include "text/particles.h"

#include <stdint.h>
#include <string.h>

/* Korean particles (josa), which follow a noun in the same word: 정부는,
 * 정부가, 정부의 are one word, the government, as topic, subject and
 * owner; and the plural 들 (주민들이, residents: 주민 + 들 + 이). */
static const char *const korean_particles[] = {
    "\xec\x97\x90\xec\x84\x9c\xeb\x8a\x94", "\xec\x97\x90\xea\xb2\x8c\xec\x84\x9c",
    "\xec\x9c\xbc\xeb\xa1\x9c\xeb\x8a\x94", "\xec\x9c\xbc\xeb\xa1\x9c\xeb\x8f\x84",
    "\xec\x97\x90\xec\x84\x9c\xeb\x8f\x84", "\xea\xb9\x8c\xec\xa7\x80\xeb\x8a\x94",
    "\xeb\xb6\x80\xed\x84\xb0\xeb\x8a\x94", "\xec\x9d\xb4\xeb\x9d\xbc\xea\xb3\xa0",
    "\xec\x9d\xb4\xeb\x9d\xbc\xeb\x8a\x94", "\xec\x97\x90\xec\x84\x9c", "\xec\x97\x90\xea\xb2\x8c",
    "\xea\xbb\x98\xec\x84\x9c", "\xeb\xb6\x80\xed\x84\xb0", "\xea\xb9\x8c\xec\xa7\x80",
    "\xec\x9c\xbc\xeb\xa1\x9c", "\xec\xb2\x98\xeb\x9f\xbc", "\xeb\xb3\xb4\xeb\x8b\xa4",
    "\xeb\xa7\x88\xeb\x8b\xa4", "\xeb\xa7\x8c\xed\x81\xbc", "\xec\x97\x90\xeb\x8a\x94",
    "\xec\x97\x90\xeb\x8f\x84", "\xea\xb3\xbc\xeb\x8a\x94", "\xec\x99\x80\xeb\x8a\x94",
    "\xec\x9d\xb4\xeb\x82\x98", "\xeb\x9d\xbc\xea\xb3\xa0", "\xeb\x9d\xbc\xeb\x8a\x94",
    "\xed\x95\x9c\xed\x85\x8c", "\xec\x9d\xb4\xeb\xa9\xb0", "\xec\x9d\x80", "\xeb\x8a\x94", "\xec\x9d\xb4",
    "\xea\xb0\x80", "\xec\x9d\x84", "\xeb\xa5\xbc", "\xec\x9d\x98", "\xec\x97\x90", "\xec\x99\x80",
    "\xea\xb3\xbc", "\xeb\x8f\x84", "\xeb\xa7\x8c", "\xeb\xa1\x9c", "\xeb\x93\xa4"
};

/* Whether w[0..n) is Hangul syllables alone (U+AC00..U+D7A3, three bytes
 * each). */
static int is_hangul_word(const unsigned char *w, size_t n)
{
    if (!n || n % 3)
        return 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t cp = (uint32_t)(w[i] & 0x0F) << 12 | (uint32_t)(w[i + 1] & 0x3F) << 6 | (w[i + 2] & 0x3Fu);
        if ((w[i] & 0xF0) != 0xE0 || (w[i + 1] & 0xC0) != 0x80 || (w[i + 2] & 0xC0) != 0x80 || cp < 0xAC00 ||
            cp > 0xD7A3)
            return 0;
    }
    return 1;
}

size_t text_korean_stem_len(const char *w, size_t n)
{
    if (!n || (unsigned char)w[0] < 0xEA || (unsigned char)w[0] > 0xED || !is_hangul_word((const unsigned char *)w, n))
        return n;
    for (int round = 0; round < 2; round++) {
        size_t cut = 0;
        for (size_t k = 0; k < sizeof korean_particles / sizeof *korean_particles; k++) {
            size_t pn = strlen(korean_particles[k]);
            if (pn > cut && n >= pn + 6 && memcmp(w + n - pn, korean_particles[k], pn) == 0)
                cut = pn;
        }
        if (!cut)
            break;
        n -= cut;
    }
    return n;
}

int text_korean_bare(const char *w, size_t n)
{
    return n && (unsigned char)w[0] >= 0xEA && (unsigned char)w[0] <= 0xED &&
           is_hangul_word((const unsigned char *)w, n) && text_korean_stem_len(w, n) == n;
}

int text_is_kana_word(const char *w, size_t n)
{
    const unsigned char *p = (const unsigned char *)w;
    if (!n || n % 3)
        return 0;
    for (size_t i = 0; i < n; i += 3)
        if (p[i] != 0xE3 || !((p[i + 1] == 0x81 && p[i + 2] >= 0x81 && p[i + 2] <= 0xBF) ||
                              (p[i + 1] == 0x82 && p[i + 2] >= 0x80 && p[i + 2] <= 0x9F)))
            return 0;
    return 1;
}
