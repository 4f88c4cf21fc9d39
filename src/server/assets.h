/*
 * assets: the files of web/ compiled into the binary (scripts/embed.sh
 * writes the table at build time), so `newsprint serve` needs no files
 * beside it and serves nothing from the file system.
 */
#ifndef NP_ASSETS_H
#define NP_ASSETS_H

typedef struct web_asset {
    const char *path;          /* "/index.html" */
    const char *type;          /* Content-Type */
    const unsigned char *data;
    unsigned long size;
} web_asset;

extern const web_asset web_assets[];   /* ends with a { 0 } entry */
extern const unsigned long n_web_assets;

#endif
