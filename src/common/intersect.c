#include "common/intersect.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

size_t intersect_count_plain(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t i = 0, j = 0, n = 0;
    while (i < na && j < nb) {
        uint32_t x = a[i], y = b[j];
        n += x == y;
        i += x <= y;
        j += y <= x;
    }
    return n;
}

size_t intersect_count(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t i = 0, j = 0, n = 0;
#if defined(__SSE2__)
    while (i + 4 <= na && j + 4 <= nb) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(a + i));
        __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(b + j));
        __m128i same = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi32(x, y), _mm_cmpeq_epi32(x, _mm_shuffle_epi32(y, _MM_SHUFFLE(0, 3, 2, 1)))),
            _mm_or_si128(_mm_cmpeq_epi32(x, _mm_shuffle_epi32(y, _MM_SHUFFLE(1, 0, 3, 2))),
                         _mm_cmpeq_epi32(x, _mm_shuffle_epi32(y, _MM_SHUFFLE(2, 1, 0, 3)))));
        static const uint8_t ones[16] = { 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4 };
        n += ones[_mm_movemask_ps(_mm_castsi128_ps(same))];
        uint32_t last_a = a[i + 3], last_b = b[j + 3];
        i += last_a <= last_b ? 4 : 0;
        j += last_b <= last_a ? 4 : 0;
    }
#endif
    return n + intersect_count_plain(a + i, na - i, b + j, nb - j);
}
