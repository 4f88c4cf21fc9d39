/*
 * floor: the least a MinHash deduplicator does to a directory of text
 * files, for bench/run.sh to time beside newsprint's dedup-only mode.
 * Issue 6 calls "tokenising + shingling + 128-hash MinHash" the ceiling to
 * approach; this program is that and nothing else: each file opened from
 * its directory, read by one read, its words (runs of ASCII letters and
 * digits, lowercased, and of bytes of 0x80 or over) hashed, 5-word
 * shingles hashed, and a 128-value one-permutation MinHash signature made
 * with the empty bins filled from the next full one.  No cleaning, no
 * language, no sentences, no index, no pairs, no output but a checksum of
 * the signatures (so that no work can be left out by the compiler).
 *
 * usage: floor DIR   (its *.txt files, in name order; a file's first MiB)
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xxhash.h>

enum { SHINGLE = 5, BINS = 128, BIN_BITS = 7, MAX_WORD = 64 };

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_text_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".txt") == 0;
}

/* The words of text[0..len) hashed into words (room for len / 2 + 1).
 * returns: how many. */
static size_t hash_words(const unsigned char *text, size_t len, uint64_t *words)
{
    size_t n = 0, i = 0;
    char word[MAX_WORD];
    while (i < len) {
        size_t k = 0;
        for (; i < len; i++) {
            unsigned char c = text[i];
            unsigned char low = (unsigned char)(c | 0x20);
            if (!((low >= 'a' && low <= 'z') || (c >= '0' && c <= '9') || c >= 0x80))
                break;
            if (k < MAX_WORD)
                word[k++] = (char)(c >= 'A' && c <= 'Z' ? low : c);
        }
        if (k)
            words[n++] = XXH3_64bits(word, k);
        else
            i++;
    }
    return n;
}

/* A one-permutation MinHash of the shingles of words[0..n): a shingle's
 * hash picks its bin by its top bits and competes there with the rest;
 * an empty bin takes the next full bin's value, mixed with its distance. */
static void sign(const uint64_t *words, size_t n, uint64_t sig[BINS])
{
    for (int b = 0; b < BINS; b++)
        sig[b] = UINT64_MAX;
    for (size_t j = 0; j + SHINGLE <= n; j++) {
        uint64_t h = XXH3_64bits(words + j, SHINGLE * sizeof *words);
        unsigned bin = (unsigned)(h >> (64 - BIN_BITS));
        uint64_t v = h << BIN_BITS;
        if (v < sig[bin])
            sig[bin] = v;
    }
    uint64_t full[BINS];
    memcpy(full, sig, sizeof full);
    for (int b = 0; b < BINS; b++)
        for (int d = 1; sig[b] == UINT64_MAX && d < BINS; d++)
            if (full[(b + d) % BINS] != UINT64_MAX)
                sig[b] = full[(b + d) % BINS] + (uint64_t)d;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: floor DIR\n");
        return 2;
    }
    DIR *dir = opendir(argv[1]);
    if (!dir) {
        perror(argv[1]);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (!is_text_name(e->d_name))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            char **grown = realloc(names, cap * sizeof *names);
            if (!grown)
                return 1;
            names = grown;
        }
        if (!(names[n++] = strdup(e->d_name)))
            return 1;
    }
    qsort(names, n, sizeof *names, cmp_names);
    size_t room = 1 << 20;
    unsigned char *text = malloc(room);
    uint64_t *words = malloc((room / 2 + 1) * sizeof *words);
    if (!text || !words)
        return 1;
    uint64_t sum = 0, bytes = 0, sig[BINS];
    for (size_t f = 0; f < n; f++) {
        int fd = openat(dirfd(dir), names[f], O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            perror(names[f]);
            return 1;
        }
        ssize_t len = read(fd, text, room);
        close(fd);
        if (len < 0) {
            perror(names[f]);
            return 1;
        }
        bytes += (uint64_t)len;
        sign(words, hash_words(text, (size_t)len, words), sig);
        for (int b = 0; b < BINS; b++)
            sum += sig[b];
        free(names[f]);
    }
    closedir(dir);
    free(names);
    free(text);
    free(words);
    printf("%zu files, %llu bytes, checksum %016llx\n", n, (unsigned long long)bytes, (unsigned long long)sum);
    return 0;
}
