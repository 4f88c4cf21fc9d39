/*
 * boilerplate: decides which lines of a scraped article are its body.
 *
 * Plain text has no markup, so each line is judged by shallow features, as
 * boilerpipe and jusText do for HTML blocks (Kohlschuetter et al., WSDM
 * 2010; Pomikalek 2011): its length in words, whether it ends a sentence,
 * cue words of site chrome (share, subscribe, read also, photo credits),
 * repetition within the page, and position (above the headline, after the
 * article's closing credit).  Context then spreads decisions to
 * neighbours: a short line glued to a photo credit is its caption, the
 * lines under "You may also like" are teasers until real prose resumes,
 * and what follows a closing credit is footer unless it is most of the text.
 * Metadata found on the way (dates, sources, credits) goes into the doc.
 * This file holds the cues, each line's kind and the passes' order; the
 * header above the text is boilerplate_head.c's, the closing credits
 * boilerplate_end.c's, what follows them boilerplate_tail.c's
 * (boilerplate_parts.h: what the four share).
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "common/radix.h"
#include "text/date.h"
#include "text/doc.h"
#include "text/textutil.h"
#include "text/boilerplate_parts.h"


/* Cues that open a line of chrome, whatever its length up to PREFIX_MAX_WORDS. */
static const cue prefix_cues[] = {
    CUE("read also", LK_RELATED), CUE("also read", LK_RELATED), CUE("read more", LK_RELATED),
    CUE("read next", LK_RELATED), CUE("see also", LK_RELATED), CUE("related:", LK_RELATED),
    CUE("related article", LK_RELATED), CUE("related story", LK_RELATED),
    CUE("related stories", LK_RELATED), CUE("related news", LK_RELATED),
    CUE("related coverage", LK_RELATED), CUE("related content", LK_RELATED),
    CUE("more:", LK_RELATED), CUE("watch:", LK_RELATED), CUE("listen:", LK_RELATED),
    CUE("recommended:", LK_RELATED), CUE("click here", LK_PROMO), CUE("tap here", LK_PROMO),
    CUE("sign up", LK_PROMO), CUE("subscribe", LK_PROMO), CUE("follow us", LK_PROMO),
    CUE("share this", LK_NAV), CUE("share on", LK_NAV), CUE("share via", LK_NAV),
    CUE("photo:", LK_CAPTION), CUE("photos:", LK_CAPTION), CUE("photo credit", LK_CAPTION),
    CUE("photograph:", LK_CAPTION), CUE("image:", LK_CAPTION), CUE("image credit", LK_CAPTION),
    CUE("picture:", LK_CAPTION), CUE("caption:", LK_CAPTION), CUE("credit:", LK_CAPTION),
    CUE("file photo", LK_CAPTION), CUE("(photo", LK_CAPTION), CUE("(image", LK_CAPTION),
    CUE("(picture", LK_CAPTION), CUE("[photo", LK_CAPTION), CUE("[image", LK_CAPTION),
    CUE("copyright", LK_FOOTER), CUE("\xc2\xa9", LK_FOOTER), CUE("(c) 2", LK_FOOTER),
    CUE("all rights reserved", LK_FOOTER), CUE("advertisement", LK_PROMO),
    CUE("sponsored", LK_PROMO), CUE("story continues below", LK_PROMO),
    CUE("article continues below", LK_PROMO), CUE("continue reading", LK_PROMO),
    CUE("leave a reply", LK_SECTION), CUE("leave a comment", LK_SECTION),
    CUE("post a comment", LK_SECTION), CUE("your email address will not be published", LK_SECTION),
    CUE("required fields are marked", LK_SECTION), CUE("save my name", LK_SECTION),
    CUE("tags:", LK_SECTION), CUE("topics:", LK_SECTION), CUE("filed under:", LK_SECTION),
    CUE("have your say", LK_SECTION), CUE("join the discussion", LK_SECTION),
    CUE("join the conversation", LK_SECTION), CUE("listen to this article", LK_NAV),
    CUE("listen to this story", LK_NAV), CUE("reading time", LK_META), CUE("distributed by", LK_FOOTER),
    /* the same in German, French, Spanish, Italian and Portuguese (after
     * the English: a line is given the first that applies) */
    CUE("lesen sie auch", LK_RELATED), CUE("lesen sie mehr", LK_RELATED), CUE("lire aussi", LK_RELATED),
    CUE("\xc3\xa0 lire aussi", LK_RELATED), CUE("\xc3\x80 lire aussi", LK_RELATED), CUE("a lire aussi", LK_RELATED),
    CUE("voir aussi", LK_RELATED), CUE("lea tambi\xc3\xa9n", LK_RELATED), CUE("lee tambi\xc3\xa9n", LK_RELATED),
    CUE("leer m\xc3\xa1s", LK_RELATED), CUE("leggi anche", LK_RELATED), CUE("leia tamb\xc3\xa9m", LK_RELATED),
    CUE("leia mais", LK_RELATED), CUE("anzeige", LK_PROMO), CUE("werbung", LK_PROMO),
    CUE("publicit\xc3\xa9", LK_PROMO), CUE("publicidad", LK_PROMO), CUE("pubblicit\xc3\xa0", LK_PROMO),
    CUE("publicidade", LK_PROMO), CUE("artikel teilen", LK_NAV), CUE("partager cet article", LK_NAV),
    CUE("partager sur", LK_NAV), CUE("compartir en", LK_NAV), CUE("condividi su", LK_NAV),
    CUE("compartilhe", LK_NAV),
    CUE("foto:", LK_CAPTION), CUE("bild:", LK_CAPTION), CUE("cr\xc3\xa9" "dit photo", LK_CAPTION),
    CUE("alle rechte vorbehalten", LK_FOOTER), CUE("tous droits r\xc3\xa9serv\xc3\xa9s", LK_FOOTER),
    CUE("todos los derechos reservados", LK_FOOTER), CUE("tutti i diritti riservati", LK_FOOTER),
    CUE("todos os direitos reservados", LK_FOOTER), CUE("publi\xc3\xa9 le", LK_META),
    CUE("mis \xc3\xa0 jour le", LK_META), CUE("ver\xc3\xb6" "ffentlicht am", LK_META),
    CUE("aktualisiert am", LK_META), CUE("publicado el", LK_META), CUE("publicado em", LK_META),
    CUE("actualizado", LK_META), CUE("atualizado em", LK_META), CUE("pubblicato il", LK_META),
    CUE("aggiornato il", LK_META), CUE("lees ook", LK_RELATED), CUE("gepubliceerd op", LK_META),
    CUE("bijgewerkt op", LK_META), CUE("advertentie", LK_PROMO), CUE("artikel anh\xc3\xb6ren", LK_NAV),
    CUE("\xc3\x89" "couter cet article", LK_NAV), CUE("escuchar este art\xc3\xad" "culo", LK_NAV),
    /* Swedish, Danish, Polish, Turkish, Russian and Ukrainian (a capital
     * past ASCII as a line writes it) */
    CUE("l\xc3\xa4s ocks\xc3\xa5", LK_RELATED), CUE("l\xc3\xa4s mer", LK_RELATED), CUE("hoppa till", LK_NAV),
    CUE("dela artikeln", LK_NAV), CUE("publicerad", LK_META), CUE("uppdaterad", LK_META),
    CUE("l\xc3\xa6s ogs\xc3\xa5", LK_RELATED), CUE("l\xc3\xa6s mere", LK_RELATED), CUE("g\xc3\xa5 til indhold", LK_NAV),
    CUE("g\xc3\xa5 til hovedindhold", LK_NAV), CUE("del artiklen", LK_NAV), CUE("publiceret", LK_META),
    CUE("opdateret", LK_META), CUE("czytaj te\xc5\xbc", LK_RELATED), CUE("czytaj tak\xc5\xbc" "e", LK_RELATED),
    CUE("przejd\xc5\xba do tre\xc5\x9b" "ci", LK_NAV), CUE("udost\xc4\x99pnij", LK_NAV), CUE("opublikowano", LK_META),
    CUE("aktualizacja", LK_META), CUE("ayr\xc4\xb1" "ca okuyun", LK_RELATED), CUE("payla\xc5\x9f", LK_NAV),
    CUE("yay\xc4\xb1nlanma", LK_META), CUE("g\xc3\xbc" "ncelleme", LK_META),
    CUE("\xd0\xa7\xd0\xb8\xd1\x82\xd0\xb0\xd0\xb9\xd1\x82\xd0\xb5 \xd1\x82\xd0\xb0\xd0\xba\xd0\xb6\xd0\xb5", LK_RELATED),
    CUE("\xd0\xa7\xd0\xb8\xd1\x82\xd0\xb0\xd0\xb9\xd1\x82\xd0\xb5 \xd1\x82\xd0\xb0\xd0\xba\xd0\xbe\xd0\xb6", LK_RELATED),
    CUE("\xd0\x9f\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb9\xd1\x82\xd0\xb8 \xd0\xba \xd1\x81\xd0\xbe\xd0\xb4\xd0\xb5\xd1\x80\xd0\xb6\xd0\xb0\xd0\xbd\xd0\xb8\xd1\x8e", LK_NAV),
    CUE("\xd0\x9f\xd0\xbe\xd0\xb4\xd0\xb5\xd0\xbb\xd0\xb8\xd1\x82\xd1\x8c\xd1\x81\xd1\x8f", LK_NAV),
    CUE("\xd0\x9e\xd0\xbf\xd1\x83\xd0\xb1\xd0\xbb\xd0\xb8\xd0\xba\xd0\xbe\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe", LK_META),
    CUE("\xd0\x9e\xd0\xb1\xd0\xbd\xd0\xbe\xd0\xb2\xd0\xbb\xd0\xb5\xd0\xbd\xd0\xbe", LK_META),
    CUE("source:", LK_META), CUE("source :", LK_META), CUE("quelle:", LK_META), CUE("fuente:", LK_META),
    CUE("fonte:", LK_META), CUE("bron:", LK_META), CUE("published", LK_META), CUE("updated", LK_META),
    CUE("posted", LK_META), CUE("last updated", LK_META), CUE("first published", LK_META),
    CUE("date:", LK_META),
};

/* Cues that mark a short line (<= SHORT_WORDS) as chrome anywhere in it. */
static const cue short_cues[] = {
    CUE("newsletter", LK_PROMO), CUE("subscribe", LK_PROMO), CUE("sign up", LK_PROMO),
    CUE("getty images", LK_CAPTION), CUE("all rights reserved", LK_FOOTER),
    CUE("cookie policy", LK_PROMO), CUE("use cookies", LK_PROMO), CUE("accept cookies", LK_PROMO),
    CUE("cookie settings", LK_PROMO), CUE("advertisement", LK_PROMO), CUE("click here", LK_PROMO),
    CUE("share this", LK_NAV), CUE("share on", LK_NAV), CUE("follow us", LK_PROMO),
    CUE("terms of use", LK_FOOTER), CUE("privacy policy", LK_FOOTER),
    CUE("see below", LK_RELATED), CUE("see the list below", LK_RELATED),
    CUE("read more", LK_RELATED), CUE("read the full", LK_RELATED),
    CUE("full story", LK_RELATED), CUE("skip to", LK_NAV), CUE("accessibility", LK_NAV),
    CUE("download the app", LK_PROMO), CUE("our app", LK_PROMO), CUE("enter your email", LK_PROMO),
    CUE("send us a tip", LK_PROMO), CUE("report an error", LK_FOOTER), CUE("report a typo", LK_FOOTER),
    CUE("min read", LK_META), CUE("minute read", LK_META),
    /* skip links and the rest in German, French, Spanish, Italian,
     * Portuguese and Dutch */
    CUE("zum inhalt", LK_NAV), CUE("zur navigation", LK_NAV), CUE("aller au contenu", LK_NAV),
    CUE("passer au contenu", LK_NAV), CUE("aller au menu", LK_NAV), CUE("saltar al contenido", LK_NAV),
    CUE("ir al contenido", LK_NAV), CUE("vai al contenuto", LK_NAV), CUE("salta al contenuto", LK_NAV),
    CUE("pular para o conte\xc3\xba" "do", LK_NAV), CUE("ir para o conte\xc3\xba" "do", LK_NAV),
    CUE("saltar para o conte\xc3\xba" "do", LK_NAV), CUE("naar de inhoud", LK_NAV),
    CUE("naar inhoud", LK_NAV), CUE("deel dit artikel", LK_NAV), CUE("compartir este art\xc3\xad", LK_NAV),
    CUE("alle rechten voorbehouden", LK_FOOTER), CUE("suscr\xc3\xad" "bete", LK_PROMO),
    CUE("nieuwsbrief", LK_PROMO), CUE("abonnieren", LK_PROMO), CUE("abonnez-vous", LK_PROMO),
    CUE("iscriviti", LK_PROMO), CUE("inscreva-se", LK_PROMO), CUE("assine", LK_PROMO),
    CUE("schrijf je in", LK_PROMO), CUE("lesezeit", LK_META), CUE("temps de lecture", LK_META),
    CUE("tiempo de lectura", LK_META), CUE("tempo di lettura", LK_META), CUE("tempo de leitura", LK_META),
    CUE("leestijd", LK_META), CUE("nyhetsbrev", LK_PROMO), CUE("nyhedsbrev", LK_PROMO),
};

/* Headings that open a teaser list or a comment form. */
static const sized section_cues[] = {
    SIZED("you may also like"), SIZED("you might also like"), SIZED("you may like"),
    SIZED("you might like"), SIZED("related stories"), SIZED("related articles"),
    SIZED("related posts"), SIZED("related news"), SIZED("related"), SIZED("more stories"),
    SIZED("more from"), SIZED("more news"), SIZED("more on this"), SIZED("most read"),
    SIZED("most popular"), SIZED("popular stories"), SIZED("popular now"), SIZED("trending"),
    SIZED("recommended"), SIZED("recommended for you"), SIZED("read next"),
    SIZED("what to read next"), SIZED("leave a reply"), SIZED("leave a comment"), SIZED("comments"),
    SIZED("latest news"), SIZED("latest stories"), SIZED("top stories"), SIZED("editor's picks"),
    SIZED("also on"), SIZED("around the web"), SIZED("from around the web"),
    SIZED("promoted stories"), SIZED("tags"), SIZED("topics"), SIZED("mehr zum thema"),
    SIZED("das k\xc3\xb6nnte sie auch interessieren"), SIZED("sur le m\xc3\xaa" "me sujet"),
    SIZED("\xc3\xa0 lire \xc3\xa9" "galement"), SIZED("noticias relacionadas"), SIZED("te puede interesar"),
    SIZED("ti potrebbe interessare"), SIZED("articoli correlati"), SIZED("not\xc3\xad" "cias relacionadas"),
    SIZED("veja tamb\xc3\xa9m"), SIZED("voc\xc3\xaa pode gostar"),
    SIZED("voc\xc3\xaa tamb\xc3\xa9m pode gostar"), SIZED("vous aimerez aussi"),
    SIZED("vous pourriez aimer"), SIZED("auch interessant"),
    SIZED("potrebbe interessarti"), SIZED("tambi\xc3\xa9n te puede interesar"),
    SIZED("quiz\xc3\xa1s te interese"), SIZED("dit vind je misschien ook leuk"),
    SIZED("meer over dit onderwerp"), SIZED("kommentar schreiben"), SIZED("kommentare"),
    SIZED("laisser un commentaire"), SIZED("commentaires"), SIZED("deja un comentario"),
    SIZED("comentarios"), SIZED("lascia un commento"), SIZED("commenti"),
    SIZED("deixe um coment\xc3\xa1rio"), SIZED("coment\xc3\xa1rios"),
    SIZED("laat een reactie achter"), SIZED("reacties"), SIZED("weitere artikel"),
    SIZED("weitere nachrichten"), SIZED("meistgelesen"), SIZED("les plus lus"),
    SIZED("sur le m\xc3\xaa" "me th\xc3\xa8me"), SIZED("lo m\xc3\xa1s le\xc3\xad" "do"), SIZED("m\xc3\xa1s noticias"),
    SIZED("i pi\xc3\xb9 letti"), SIZED("notizie correlate"), SIZED("mais lidas"),
    SIZED("mais not\xc3\xad" "cias"), SIZED("meest gelezen"), SIZED("meer nieuws"),
    SIZED("gerelateerde artikelen"), SIZED("relaterade artiklar"), SIZED("mest l\xc3\xa4st"),
    SIZED("relaterede artikler"), SIZED("mest l\xc3\xa6ste"), SIZED("powi\xc4\x85zane artyku\xc5\x82y"),
    SIZED("najcz\xc4\x99\xc5\x9b" "ciej czytane"), SIZED("ilgili haberler"), SIZED("en \xc3\xa7ok okunanlar"),
    SIZED("\xd0\x9f\xd0\xbe\xd1\x85\xd0\xbe\xd0\xb6\xd0\xb8\xd0\xb5 \xd0\xbd\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd0\xb8"),
};

/* Words that make up navigation bars and media placeholders. */
static const char *const nav_words[] = {
    "menu", "home", "search", "sign", "in", "log", "out", "login", "register", "subscribe",
    "share", "print", "email", "e-mail", "facebook", "twitter", "x", "whatsapp", "linkedin",
    "pinterest", "reddit", "telegram", "copy", "link", "links", "comments", "comment",
    "advertisement", "breaking", "news", "live", "more", "next", "previous", "back", "to",
    "top", "accessibility", "skip", "content", "main", "image", "images", "video", "videos",
    "photo", "photos", "gallery", "listen", "watch", "close", "open", "follow", "us",
    "tweet", "save", "bookmark", "reply", "like", "16x9", "4x3", "1x1", "3x2", "icon",
    "logo", "embed", "audio", "play", "pause", "mute", "loading", "ad", "sections",
    "the", "on", "this", "article", "story", "page",
    /* German, French, Spanish, Italian, Portuguese, Dutch */
    "men\xc3\xbc", "men\xc3\xba", "startseite", "accueil", "inicio", ("in\xc3\xad" "cio"), "suche",
    "recherche", "rechercher", "buscar", "cerca", "pesquisar", "zoeken",
};

/* Words in a photo credit. */
static const char *const credit_words[] = {
    "getty", "images", "image", "photo", "photos", "photograph", "reuters", "ap", "afp",
    "epa", "pool", "shutterstock", "agency", "press", "credit", "courtesy", "handout",
    "afp/getty", "file", "efe", "xinhua", "anadolu", "sputnik", "bloomberg", "associated",
};

/* Parenthesised positions of captions, and the words of captions (looked
 * for in lines of up to 40 words). */
static const sized caption_marks[] = {
    SIZED("(left)"), SIZED("(right)"), SIZED("(center)"), SIZED("(centre)"), SIZED("(l)"),
    SIZED("(r)"), SIZED("(c)"), SIZED("(front)"), SIZED("(back)"), SIZED("(top)"),
    SIZED("(bottom)"), SIZED("(file)"), SIZED("(l-r)"), SIZED("(from left)"),
};
static const sized caption_words[] = { SIZED("pictured"), SIZED("above,") };

/* The text after the line's last sentence end: "... 2021. Jane Roe/AP". */
static const char *tail_after_sentence(const line *l, size_t *tail_len)
{
    for (size_t i = l->len; i-- > 1;) {
        char c = l->s[i - 1];
        if ((c == '.' || c == '!' || c == '?') && (l->s[i] == ' ' || tu_is_upper((unsigned char)l->s[i]))) {
            /* "U.S. Army": a single capital before the stop is an initial */
            if (c == '.' && i >= 2 && tu_is_upper((unsigned char)l->s[i - 2]) &&
                (i < 3 || !tu_is_alpha((unsigned char)l->s[i - 3])))
                continue;
            size_t start = i;
            while (start < l->len && l->s[start] == ' ')
                start++;
            *tail_len = l->len - start;
            return l->s + start;
        }
    }
    *tail_len = 0;
    return NULL;
}

/* A photo credit at the end of a line or making up the whole line. */
static int has_credit_tail(const line *l)
{
    if (l->terminal)
        return 0;
    size_t n;
    const char *tail = tail_after_sentence(l, &n);
    if (!tail) {
        tail = l->s;
        n = l->len;
    }
    unsigned words = (unsigned)tu_count_words(tail, n);
    if (words == 0 || words > 10)
        return 0;
    /* "AP/Getty", "Jo Lee / Reuters"; not the slashes of a web address */
    return any_word(tail, n, credit_words, COUNT(credit_words)) ||
           (memchr(tail, '/', n) != NULL && !memmem(tail, n, "://", 3));
}

int boilerplate_caption_mark(const char *lower, size_t len, unsigned words, int plain)
{
    const char *end = lower + len;
    if (plain) {
        int paren = memchr(lower, '(', len) != NULL;
        for (size_t k = 0; k < COUNT(caption_marks); k++)
            if (paren && memmem(lower, len, caption_marks[k].text, caption_marks[k].len))
                return 1;
        for (size_t k = 0; k < COUNT(caption_words); k++)
            if (words <= 40 && memmem(lower, len, caption_words[k].text, caption_words[k].len))
                return 1;
        return 0;
    }
    /* the marks are looked for at each '(' of the line, not each searched
     * for in all of it */
    for (const char *p = memchr(lower, '(', len); p; p = memchr(p + 1, '(', (size_t)(end - p - 1))) {
        for (size_t k = 0; k < COUNT(caption_marks); k++) {
            size_t n = caption_marks[k].len;
            /* the byte after '(' first: most marks differ there */
            if ((size_t)(end - p) >= n && p[1] == caption_marks[k].text[1] && memcmp(p, caption_marks[k].text, n) == 0)
                return 1;
        }
    }
    for (size_t k = 0; k < COUNT(caption_words) && words <= 40; k++)
        if (tu_contains(lower, len, caption_words[k].text, caption_words[k].len))
            return 1;
    return 0;
}

static int is_caption_like(const line *l)
{
    if (l->words > 80)
        return 0;
    if (has_credit_tail(l))
        return 1;
    return boilerplate_caption_mark(l->lower, l->len, l->words, 0);
}

static int is_section_heading(const line *l)
{
    if (l->words > 6 || l->terminal)
        return 0;
    size_t n = l->len;
    /* "Comments (29)", "Related:", "You may also like..." */
    for (;;) {
        if (n && (l->s[n - 1] == ':' || l->s[n - 1] == ')' || tu_is_digit((unsigned char)l->s[n - 1]) ||
                  l->s[n - 1] == '(' || l->s[n - 1] == ' ' || (l->ellipsis && l->s[n - 1] == '.')))
            n--;
        else if (l->ellipsis && n >= 3 && memcmp(l->s + n - 3, "\xe2\x80\xa6", 3) == 0)
            n -= 3;
        else
            break;
    }
    for (size_t k = 0; k < COUNT(section_cues); k++) {
        size_t c = section_cues[k].len;
        if (n == c && tu_starts_ci(l->s, n, section_cues[k].text))
            return 1;
        /* "More from Sport", "Most read in Business" */
        if (n > c && l->s[c] == ' ' && c >= 9 && tu_starts_ci(l->s, n, section_cues[k].text) && l->words <= 5)
            return 1;
    }
    return 0;
}

_Static_assert(COUNT(prefix_cues) <= 192 && COUNT(short_cues) <= 64, "cue sets are 192- and 64-bit masks");

void boilerplate_cues_make(boilerplate_cues *x)
{
    memset(x, 0, sizeof *x);
    for (size_t k = 0; k < COUNT(prefix_cues); k++) {
        x->prefix[(unsigned char)prefix_cues[k].text[0] & 31][k / 64] |= 1ull << (k % 64);
        x->prefix_second[(unsigned char)prefix_cues[k].text[1] & 31][k / 64] |= 1ull << (k % 64);
    }
    for (size_t k = 0; k < COUNT(short_cues); k++) {
        unsigned char c = (unsigned char)short_cues[k].text[0];
        if (tu_is_alpha(c)) {
            x->word[c & 31] |= 1ull << k;
            x->word_second[(unsigned char)short_cues[k].text[1] & 31] |= 1ull << k;
        } else
            x->other_short |= 1ull << k;
    }
    bp_end_words_make(&x->end_words);
    bp_disclaimers_make(&x->disclaimers);
}

/* Cues that are a noun or a participle, not a call to the reader: they
 * also open sentences of news ("Sponsored by the council, the scheme will
 * ...", "Distributed by hand, the leaflets ...", "Werbung f\xc3\xbcr ..."). */
static const char *const noun_cues[] = {
    "sponsored", "distributed by", "advertisement", "newsletter", "anzeige", "werbung",
    "publicit\xc3\xa9", "publicidad", "pubblicit\xc3\xa0", "publicidade", "advertentie",
};

/* The line speaks to the reader: "you", "your", "our", "us", "we". */
static int to_the_reader(const line *l)
{
    static const sized reader[] = { SIZED("you"), SIZED("your"), SIZED("our"), SIZED("us"), SIZED("we") };
    for (size_t k = 0; k < COUNT(reader); k++)
        if (line_has_word(l, reader[k].text, reader[k].len))
            return 1;
    return 0;
}

/* A line that reads as a sentence of news, not chrome: longer than a
 * label, a finished sentence, and not speaking to the reader. */
static int news_sentence(const line *l)
{
    return l->words > SHORT_WORDS && l->terminal && !to_the_reader(l);
}

/* A short line that reads as a sentence of news though it holds a word of
 * chrome ("Members who subscribe to the union's newsletter got the
 * details first.", "The full story of the talks has not been told."): a
 * finished sentence of six words or more that does not speak to the
 * reader and does not open with a call ("Click here to read more about
 * the plans."). */
static int short_news_sentence(const line *l)
{
    static const char *const calls[] = {
        "read", "see", "click", "tap", "share", "follow", "subscribe", "sign", "download", "enter",
        "send", "report", "skip", "get", "join", "listen", "watch",
    };
    if (l->words < 6 || !l->terminal || to_the_reader(l))
        return 0;
    size_t n = 0;
    while (n < l->len && tu_is_alpha((unsigned char)l->lower[n]))
        n++;
    return !matches_word_list(l->lower, n, calls, COUNT(calls));
}

/* A short cue's kind gives way in a sentence of news (short_news_sentence)
 * unless it is a notice's or a caption's ("All rights reserved", "Getty
 * Images"). */
static int short_cue_gives_way(unsigned char kind, int news)
{
    return news && kind != LK_FOOTER && kind != LK_CAPTION;
}

/* The prefix cue k opens the line as a whole word and gives its kind. */
static int prefix_cue_applies(const line *l, size_t k)
{
    if (!tu_starts_ci(l->s, l->len, prefix_cues[k].text))
        return 0;
    size_t c = prefix_cues[k].len;
    /* a whole word: "Updated" yes, "Updates to the law" no */
    if (c < l->len && tu_is_alpha((unsigned char)l->s[c]) && tu_is_alpha((unsigned char)l->s[c - 1]))
        return 0;
    /* "Copyright 2024 Wirepress", "Copyright (c) ...", "Copyright Press
     * Association", "... All rights reserved" are notices; "Copyright
     * lawyers said the ruling ..." is prose */
    if (c == 9 && memcmp(prefix_cues[k].text, "copyright", 9) == 0 && l->words > SHORT_WORDS &&
        !tu_contains(l->lower, l->len, "rights reserved", 15)) {
        size_t at = c;
        while (at < l->len && l->s[at] == ' ')
            at++;
        unsigned char next = at < l->len ? (unsigned char)l->s[at] : 0;
        if (!(tu_is_digit(next) || next == 0xC2 || next == '(' || next == ':'))
            return 0;
    }
    if (news_sentence(l))
        for (size_t n = 0; n < COUNT(noun_cues); n++)
            if (strcmp(prefix_cues[k].text, noun_cues[n]) == 0)
                return 0;
    /* "Updated 14:05" is a meta line; "Updated figures show..." is prose */
    if (prefix_cues[k].kind == LK_META &&
        (l->words > SHORT_WORDS ||
         (prefix_cues[k].text[c - 1] != ':' && l->terminal && !memchr(l->s, ':', l->len) &&
          strcspn(l->s, "0123456789") >= l->len) ||
         bp_meta_verb_opens_prose(l, prefix_cues[k].text, c)))
        return 0;
    return 1;
}

/* The short cues found in the line as words (line_has_word of each), as a
 * mask: one pass over the line's word starts, each asked for the cues
 * opening with its first letter. */
static uint64_t short_cues_found(const line *l, const boilerplate_cues *x)
{
    uint64_t found = 0;
    const unsigned char *p = (const unsigned char *)l->lower;
    for (size_t i = 0; i < l->len; i++) {
        if (!tu_is_alpha(p[i]) || (i > 0 && tu_is_alpha(p[i - 1])) || i + 1 == l->len)
            continue;
        for (uint64_t m = x->word[p[i] & 31] & x->word_second[p[i + 1] & 31] & ~found; m; m &= m - 1) {
            size_t k = (size_t)__builtin_ctzll(m), n = short_cues[k].len;
            const char *text = short_cues[k].text;
            if (n <= l->len - i && memcmp(p + i, text, n) == 0 &&
                (i + n == l->len || !tu_is_alpha(p[i + n]) || !tu_is_alpha((unsigned char)text[n - 1])))
                found |= 1ull << k;
        }
    }
    for (uint64_t m = x->other_short; m; m &= m - 1) {
        const cue *c = &short_cues[__builtin_ctzll(m)];
        if (line_has_word(l, c->text, c->len))
            found |= m & -m;
    }
    return found;
}

/* 1 for a menu bar or a breadcrumb trail: three or more items of at most
 * four words each, set apart by "|", "·" or "•", or by " > ", "›" or "»"
 * ("Home | World | Business | Sport", "Home > Sport > Tennis"). */
static int menu_like(const line *l)
{
    if (!memchr(l->s, '|', l->len) && !memchr(l->s, '>', l->len) && !memchr(l->s, 0xc2, l->len) &&
        !memchr(l->s, 0xe2, l->len))
        return 0;
    unsigned items = 0;
    for (size_t i = 0; i <= l->len;) {
        size_t j = i, sep = 0;
        for (; j < l->len; j++) {
            /* bars: | · •; breadcrumbs: " > " › » */
            sep = l->s[j] == '|' ? 1
                  : (l->s[j] == '>' && j && l->s[j - 1] == ' ' && j + 1 < l->len && l->s[j + 1] == ' ') ? 1
                  : (j + 1 < l->len && (memcmp(l->s + j, "\xc2\xb7", 2) == 0 || memcmp(l->s + j, "\xc2\xbb", 2) == 0)) ? 2
                  : (j + 2 < l->len && (memcmp(l->s + j, "\xe2\x80\xa2", 3) == 0 || memcmp(l->s + j, "\xe2\x80\xba", 3) == 0)) ? 3
                  : 0;
            if (sep)
                break;
        }
        size_t words = tu_count_words(l->s + i, j - i);
        /* an empty item only before the first separator or after the last */
        if (words > 4 || (words == 0 && i != 0 && j != l->len))
            return 0;
        items += words != 0;
        if (j == l->len)
            break;
        i = j + sep;
    }
    /* two items only in a line of a few words ("Home > Sport", "The
     * Harbor Daily | Business") */
    return items >= 3 || (items == 2 && l->words <= 6);
}

/* "Follow The Harbor Daily on Facebook and Instagram for updates": a short
 * line that opens with "follow" and names a social network. */
static int follow_line(const line *l)
{
    static const char *const networks[] = { "facebook", "twitter", "instagram", "linkedin", "tiktok",
                                            "youtube", "whatsapp", "bluesky", "mastodon", "telegram" };
    if (l->words > SHORT_WORDS + 4 || !tu_starts_ci(l->s, l->len, "follow "))
        return 0;
    for (size_t k = 0; k < COUNT(networks); k++)
        if (memmem(l->lower, l->len, networks[k], strlen(networks[k])))
            return 1;
    return 0;
}

/* "Tags stock car 2018, stock car brasil, interlagos": a page's tags run
 * after the word without a colon ("Tags:" is a prefix cue); a list of three
 * or more items, no sentence. */
static int tag_line(const line *l)
{
    if (l->terminal || l->len < 6 || !(tu_starts_ci(l->s, l->len, "tags ") || tu_starts_ci(l->s, l->len, "tagged ")))
        return 0;
    size_t commas = 0;
    for (const char *p = l->s, *end = l->s + l->len; (p = memchr(p, ',', (size_t)(end - p))) != NULL; p++)
        commas++;
    return commas >= 2 && l->words <= 16 * (commas + 1);
}

/* A cookie notice runs longer than the short cues' lines; it says so in
 * its first words ("We use cookies", "This website uses cookies", "Wir
 * verwenden Cookies", "Questo sito utilizza cookie"). */
static int cookie_notice(const line *l)
{
    static const char *const uses[] = {
        "use cookies", "uses cookies", "verwenden cookies", "nutzen cookies", "setzen cookies",
        "utilisons des cookies", "utilise des cookies", "utilizamos cookies", "utiliza cookies",
        "usamos cookies", "usa cookie", "utilizza cookie", "utilizziamo cookie", "gebruik van cookies",
        "gebruikt cookies", "gebruiken cookies", "anv\xc3\xa4nder cookies", "bruger cookies",
        "plik\xc3\xb3w cookie",
    };
    /* a notice is a sentence or two opening with one of a few words (We,
     * This, Our, Wir, Diese, Nous, Ce, Utilizamos, Usamos, Este, Questo,
     * Deze, Wij, Vi, Den, Ta, Używamy...): the letters they open with first */
    static const char openers[] = "wtodncueqv";
    if (l->words < 4 || !l->len || !memchr(openers, l->lower[0], sizeof openers - 1))
        return 0;
    size_t head = l->len < COOKIE_HEAD ? l->len : COOKIE_HEAD;
    if (!tu_contains(l->lower, head, "cookie", 6))
        return 0;
    for (size_t k = 0; k < COUNT(uses); k++)
        if (tu_contains(l->lower, head, uses[k], strlen(uses[k])))
            return 1;
    return 0;
}

/* Kind from cue words alone, or LK_BODY; x NULL: every cue asked in turn. */
static unsigned char cue_kind(const line *l, const boilerplate_cues *x)
{
    if (l->words <= 4 && all_words(l->s, l->len, nav_words, COUNT(nav_words)))
        return LK_NAV;
    char first = l->len ? l->lower[0] : 0;
    if (!l->terminal && l->words <= 24 && menu_like(l))
        return LK_NAV;
    if (l->words <= PREFIX_MAX_WORDS && cookie_notice(l))
        return LK_PROMO;
    /* a line that is only a web address is a link, not text */
    if (((first == 'h' && tu_starts_ci(l->s, l->len, "http")) || (first == 'w' && tu_starts_ci(l->s, l->len, "www."))) &&
        !memchr(l->s, ' ', l->len))
        return LK_RELATED;
    if (first == 'f' && follow_line(l))
        return LK_PROMO;
    if (first == 't' && tag_line(l))
        return LK_SECTION;
    if (l->words <= PREFIX_MAX_WORDS) {
        if (x) {
            /* in list order: the first cue that applies gives the kind; a
             * cue's second byte turns most away before the comparison, and
             * the low bits of its first two most before their loads */
            for (size_t w = 0; w < 3 && l->len >= 2; w++)
                for (uint64_t m = x->prefix[(unsigned char)l->lower[0] & 31][w] &
                                  x->prefix_second[(unsigned char)l->lower[1] & 31][w];
                     m; m &= m - 1) {
                    size_t k = w * 64 + (size_t)__builtin_ctzll(m);
                    if (prefix_cues[k].text[1] == l->lower[1] && prefix_cue_applies(l, k))
                        return prefix_cues[k].kind;
                }
        } else {
            for (size_t k = 0; k < COUNT(prefix_cues); k++)
                if (prefix_cue_applies(l, k))
                    return prefix_cues[k].kind;
        }
    }
    if (l->words <= SHORT_WORDS && !body_like(l)) {
        int news = -1; /* short_news_sentence, once a cue is found */
        if (x) {
            for (uint64_t found = short_cues_found(l, x); found; found &= found - 1) {
                unsigned char kind = short_cues[__builtin_ctzll(found)].kind;
                if (news < 0)
                    news = short_news_sentence(l);
                if (!short_cue_gives_way(kind, news))
                    return kind;
            }
        } else {
            for (size_t k = 0; k < COUNT(short_cues); k++)
                if (line_has_word(l, short_cues[k].text, short_cues[k].len)) {
                    if (news < 0)
                        news = short_news_sentence(l);
                    if (!short_cue_gives_way(short_cues[k].kind, news))
                        return short_cues[k].kind;
                }
        }
    }
    return LK_BODY;
}

unsigned char boilerplate_cue_kind(const line *l, int plain)
{
    boilerplate_cues x;
    if (!plain)
        boilerplate_cues_make(&x);
    return cue_kind(l, plain ? NULL : &x);
}

/* 1 if line i is a question put again to each of several people, as in a
 * survey of candidates or a series of interviews: a sentence of some words
 * ending with "?" and answered by the paragraph after it. */
static int asked_again(const doc *d, size_t i)
{
    const line *l = &d->lines[i];
    if (l->words < 6 || !l->len || l->s[l->len - 1] != '?' || i + 1 >= d->n_lines)
        return 0;
    const line *answer = &d->lines[i + 1];
    return answer->occurrences < 2 && answer->words >= BODY_MIN_WORDS;
}

static void mark_repeats(doc *d)
{
    for (size_t i = 0; i < d->n_lines; i++) {
        line *l = &d->lines[i];
        if (l->occurrences < 2 || l->kind == LK_TITLE)
            continue;
        int caption = is_caption_like(l) || l->kind == LK_CAPTION;
        if (caption)
            l->kind = LK_CAPTION;
        else if (!l->first_printing && !asked_again(d, i))
            l->kind = LK_REPEAT;
    }
}

/* 1 if line j, near the caption i, is short body text of its block (an
 * item of a bulleted list is not a caption's).  A caption's own sentence,
 * shorter than a paragraph, stands right before its credit ("The pier in
 * January." then "Photo: ..."); after a credit, or further away, or as
 * long as a paragraph, a sentence is the article's (text scraped with one
 * newline a paragraph is one block), and only a line without a full stop,
 * a caption's headline or its words written without one, goes with the
 * caption. */
static int caption_glued(const doc *d, size_t i, size_t j)
{
    const line *n = &d->lines[j];
    if (n->kind != LK_BODY || n->block != d->lines[i].block || is_end_marker(n) || n->bullet)
        return 0;
    return n->terminal ? j + 1 == i && !body_like(n) : n->words <= 40;
}

static void mark_captions(doc *d)
{
    for (size_t i = 0; i < d->n_lines; i++) {
        line *l = &d->lines[i];
        if (l->kind == LK_BODY && !is_end_marker(l) && !l->bullet && is_caption_like(l))
            l->kind = LK_CAPTION;
    }
    /* a short line glued to a caption is part of it (its headline or text,
     * its credit): up to CAPTION_GLUE lines on either side, not from line
     * to line down a block, where a list of short lines would go whole
     * for one of them with a "/" or a credit word.  The lines after each
     * caption are glued in a walk from the last line back, so a line glued
     * has been passed already and glues nothing; then the lines before
     * each caption in a walk from the first line (a line glued after a
     * caption meets that caption first and stops there). */
    for (size_t i = d->n_lines; i-- > 0;)
        if (d->lines[i].kind == LK_CAPTION)
            for (size_t j = i + 1; j < d->n_lines && j <= i + CAPTION_GLUE && caption_glued(d, i, j); j++)
                d->lines[j].kind = LK_CAPTION;
    for (size_t i = 0; i < d->n_lines; i++)
        if (d->lines[i].kind == LK_CAPTION)
            for (size_t j = i; j-- > 0 && j + CAPTION_GLUE >= i && caption_glued(d, i, j);)
                d->lines[j].kind = LK_CAPTION;
}

/* Teaser lists and comment forms: from their heading until prose resumes. */
static void mark_sections(doc *d)
{
    for (size_t i = 0; i < d->n_lines; i++) {
        line *l = &d->lines[i];
        if (l->kind == LK_TITLE || !(is_section_heading(l) || l->kind == LK_SECTION))
            continue;
        l->kind = LK_SECTION;
        size_t j = i + 1;
        for (; j < d->n_lines && !body_like(&d->lines[j]); j++)
            if (d->lines[j].kind == LK_BODY)
                d->lines[j].kind = LK_SECTION;
        i = j - 1;
    }
}

/* A line's key for finding its repeats: its length and its first and last
 * eight bytes, mixed so that the keys spread over their bits.  Lines with
 * one key are compared whole (count_printings): the key only sorts them,
 * and most lines of a text differ in their length already. */
static uint64_t printing_key(const char *s, size_t len)
{
    uint64_t first = 0, last = 0;
    if (len >= 8) {
        memcpy(&first, s, 8);
        memcpy(&last, s + len - 8, 8);
    } else {
        memcpy(&first, s, len);
    }
    uint64_t k = (first ^ last * 0x9E3779B97F4A7C15ull ^ len * 0xC2B2AE3D27D4EB4Full) * 0xBF58476D1CE4E5B9ull;
    return k ^ k >> 31;
}

/* Repetition: (key, index) pairs sorted (a stable sort of pairs made in
 * line order: a radix pass or, for the ten or so lines of most texts,
 * insertion, not qsort's calls through a pointer); of a run of equal
 * keys, the lines the same to the byte are one line printed several
 * times, its smallest index the first printing. */
static void count_printings(doc *d)
{
    radix_item *refs = arena_alloc(d->arena, 2 * (d->n_lines ? d->n_lines : 1) * sizeof *refs);
    for (size_t i = 0; i < d->n_lines; i++) {
        d->lines[i].occurrences = 1;
        d->lines[i].first_printing = 1;
        if (refs)
            refs[i] = (radix_item){ printing_key(d->lines[i].s, d->lines[i].len), (uint32_t)i };
    }
    if (!refs)
        return;
    radix_sort_items_spread(refs, refs + d->n_lines, d->n_lines);
    for (size_t i = 0; i < d->n_lines;) {
        size_t j = i + 1;
        while (j < d->n_lines && refs[j].key == refs[i].key)
            j++;
        /* each line of the run in index order, not yet counted in a
         * printing before it: the lines after it the same as it */
        for (size_t k = i; j - i > 1 && k < j; k++) {
            line *first = &d->lines[refs[k].value];
            if (first->occurrences > 1 || first->words <= 2)
                continue;
            unsigned same = 1;
            for (size_t m = k + 1; m < j; m++) {
                const line *l = &d->lines[refs[m].value];
                same += l->len == first->len && memcmp(l->s, first->s, first->len) == 0;
            }
            if (same < 2)
                continue;
            for (size_t m = k; m < j; m++) {
                line *l = &d->lines[refs[m].value];
                if (l->len == first->len && memcmp(l->s, first->s, first->len) == 0) {
                    l->occurrences = same;
                    l->first_printing = m == k;
                }
            }
        }
        i = j;
    }
}

void boilerplate_classify(doc *d, int have_title)
{
    count_printings(d);
    size_t header = bp_header_block(d, have_title);
    have_title |= header && d->title;
    for (size_t i = header, nonblank = 0; i < d->n_lines && nonblank < 3; i++, nonblank++)
        bp_strip_date_prefix(d, &d->lines[i]);
    for (size_t i = header; i < d->n_lines; i++) {
        line *l = &d->lines[i];
        l->end_marker = (unsigned char)bp_end_marker(l, d->cues);
        l->kind = cue_kind(l, d->cues);
        if (l->kind == LK_META) {
            char date[11];
            size_t ds = 0;
            if (date_parse_whole(l->s, l->len, date) ||
                (l->words <= SHORT_WORDS && date_find(l->s, l->len, date, &ds, &(size_t){ 0 }) &&
                 !bp_fetch_date(l->s, ds)))
                doc_offer_date(d, date, 2);
            meta_source_line(d, l->s, l->len);
        } else if (l->kind == LK_BODY && l->words <= SHORT_WORDS && !l->terminal) {
            char date[11];
            if (date_parse_whole(l->s, l->len, date)) {
                doc_offer_date(d, date, 2);
                l->kind = LK_META;
            }
        }
        if (l->kind == LK_RELATED || l->kind == LK_CAPTION || l->kind == LK_FOOTER)
            meta_source_line(d, l->s, l->len);
        if (l->kind == LK_RELATED)
            meta_from_credit(d, l->s, l->len);
    }
    bp_find_title(d, have_title);
    bp_scan_header(d);
    mark_repeats(d);
    mark_captions(d);
    mark_sections(d);
    bp_mark_end(d);
    bp_mark_trailing(d);
    bp_mark_retold(d);
    /* the author's note, an address for tips and a newsletter's pitch close
     * the text: among its last three lines of body */
    for (size_t i = d->n_lines, seen = 0; i-- > 0 && seen < 3;) {
        line *l = &d->lines[i];
        if (l->kind != LK_BODY)
            continue;
        seen++;
        if (bp_author_note(l) || bp_contact_note(l))
            l->kind = LK_FOOTER;
        else if (bp_promo_note(l))
            l->kind = LK_PROMO;
    }
}
