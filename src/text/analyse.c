/* analyse: tokens, stems, names and sentences of a cleaned article. */
#include "text/analyse.h"

#include <string.h>

#include <libstemmer.h>
#include <utf8proc.h>
/* inlined: the facts' hashes, of a few bytes each */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "common/alloc.h"
#include "common/idset.h"
#include "common/utf8.h"
#include "text/segment.h"
#include "text/textutil.h"
#include "text/wordhash.h"

/* Snowball algorithm names for the languages lang.c can name. */
static const struct {
    const char *code;
    const char *algorithm;
} stemmer_names[] = {
    { "en", "english" }, { "de", "german" }, { "fr", "french" }, { "es", "spanish" },
    { "it", "italian" }, { "pt", "portuguese" }, { "nl", "dutch" }, { "sv", "swedish" },
    { "da", "danish" }, { "ru", "russian" }, { "tr", "turkish" }, { "el", "greek" },
    { "ar", "arabic" }, { "hi", "hindi" }, { "id", "indonesian" }, { "ro", "romanian" },
    { "fi", "finnish" },
    /* no stemmer, a list of stopwords */
    { "pl", NULL }, { "uk", NULL }, { "zh", NULL }, { "ja", NULL }, { "th", NULL }, { "lo", NULL },
    { "km", NULL }, { "my", NULL }, { "ko", NULL }, { "he", NULL },
};
enum { N_STEMMERS = sizeof stemmer_names / sizeof *stemmer_names };

/* English stopwords: function words, auxiliaries and reporting fillers. */
static const char english_stopwords[] =
    "a about above after again against all also am an and any are as at be because been "
    "before being below between both but by can could did do does doing down during each "
    "few for from further had has have having he her here hers herself him himself his how "
    "i if in into is it its itself just me more most my myself no nor not now of off on "
    "once only or other our ours ourselves out over own same she should so some such than "
    "that the their theirs them themselves then there these they this those through to too "
    "under until up very was we were what when where which while who whom why will with "
    "would you your yours yourself yourselves said says say told mr mrs ms s t don't it's "
    "he's she's they're we're i'm isn't wasn't aren't weren't can't won't didn't doesn't "
    "hasn't haven't hadn't would've could've should've there's that's what's let's us "
    "one two may might must shall upon since though although however yet still even ever "
    "per via among within without around across along toward towards onto";

/* Function words of the other languages with a stemmer and a list here
 * (articles, pronouns, prepositions, conjunctions, auxiliaries): without
 * them two unrelated reports in German share "der", "und", "ist" as
 * terms.  Each is asked only for its own language (stop_mix); a language
 * without a list keeps the English one. */
static const char german_stopwords[] =
    "der die das den dem des ein eine einer eines einem einen und oder aber sondern denn "
    "doch als wie wenn weil dass ob da zu zum zur im in an am auf aus bei beim mit nach von "
    "vom vor \xc3\xbc" "ber unter durch f\xc3\xbcr gegen ohne um bis seit w\xc3\xa4hrend "
    "zwischen hinter neben ich du er sie es wir ihr mich mir dich dir sich uns euch ihn ihm "
    "ihnen ihre ihrer ihren ihrem ihres sein seine seiner seinen seinem seines mein meine "
    "meinen dein unser unsere euer dieser diese dieses diesen diesem jener jene welche "
    "welcher welches welchen ist sind war waren bin bist sei seien wird werden wurde wurden "
    "worden hat haben hatte hatten habe hast kann k\xc3\xb6nnen konnte konnten muss "
    "m\xc3\xbcssen musste soll sollen sollte will wollen wollte nicht kein keine keinen "
    "keiner auch noch schon nur sehr so mehr man hier dort dann nun jetzt immer wieder etwa "
    "bereits sagte sagt sowie damit dabei dazu davon darauf";

static const char french_stopwords[] =
    "le la les l un une des du de d au aux et ou mais donc or ni car que qu qui quoi dont "
    "o\xc3\xb9 ce c cet cette ces \xc3\xa7" "a il elle ils elles on nous vous je j tu me m "
    "te t se s lui leur leurs son sa ses mon ma mes ton ta tes notre nos votre vos y en ne n "
    "pas plus est sont \xc3\xa9tait \xc3\xa9taient \xc3\xa9t\xc3\xa9 \xc3\xaatre a ont avait "
    "avaient avoir fait sur sous dans par pour avec sans entre vers chez apr\xc3\xa8s avant "
    "pendant depuis comme si aussi tr\xc3\xa8s tout tous toute toutes m\xc3\xaame autre "
    "autres selon d\xc3\xa9j\xc3\xa0 encore dit";

static const char spanish_stopwords[] =
    "el la los las lo un una unos unas y o u e pero sino que de del a al en con por para sin "
    "sobre entre hasta desde durante seg\xc3\xban hacia como si no ni ya muy m\xc3\xa1s "
    "menos tambi\xc3\xa9n es son era eran fue fueron ser sido estar est\xc3\xa1 est\xc3\xa1n "
    "estaba estaban ha han hab\xc3\xad" "a hab\xc3\xad" "an haber se le les su sus mi mis tu "
    "tus nuestro nuestra nuestros nuestras este esta estos estas ese esa esos esas aquel "
    "aquella qu\xc3\xa9 quien quienes cual cuales cuando donde porque yo t\xc3\xba \xc3\xa9l "
    "ella ellos ellas nosotros usted ustedes me te nos os dijo todo todos toda todas otro "
    "otra otros otras";

static const char italian_stopwords[] =
    "il lo la i gli le l un uno una di del dello della dei degli delle d a al allo alla ai "
    "agli alle da dal dallo dalla dai dagli dalle in nel nello nella nei negli nelle su sul "
    "sullo sulla sui sugli sulle con per tra fra e ed o ma che chi cui non pi\xc3\xb9 anche "
    "come se gi\xc3\xa0 \xc3\xa8 sono era erano stato stata stati state essere ha hanno "
    "aveva avevano avere si ci ne mi ti vi lui lei loro suo sua suoi sue mio mia questo "
    "questa questi queste quello quella quelli quelle molto tutto tutti dopo prima durante "
    "secondo detto";

static const char portuguese_stopwords[] =
    "o a os as um uma uns umas de do da dos das em no na nos nas por pelo pela pelos pelas "
    "para com sem sob sobre entre at\xc3\xa9 desde e ou mas que se n\xc3\xa3o mais j\xc3\xa1 "
    "tamb\xc3\xa9m como quando onde porque muito \xc3\xa9 s\xc3\xa3o era eram foi foram ser "
    "ter tem t\xc3\xaam tinha havia h\xc3\xa1 seu sua seus suas ele ela eles elas eu "
    "voc\xc3\xaa n\xc3\xb3s me te lhe lhes este esta estes estas esse essa esses essas isso "
    "isto aquele aquela ao aos \xc3\xa0 \xc3\xa0s disse todo todos toda todas outro outra";

static const char dutch_stopwords[] =
    "de het een en of maar dat die dit deze der van in op aan te met voor door naar bij uit "
    "over onder tot om als dan ook niet geen wel nog al er hij zij ze wij we jij je u ik hem "
    "haar hun zijn was waren is wordt worden werd werden heeft hebben had hadden kan kunnen "
    "moet moeten zal zullen zou zouden wat wie waar hoe zo meer veel zei";

/* Swedish, Danish, Russian, Ukrainian, Polish, Turkish, Finnish,
 * Indonesian and Romanian (its "and" written with a comma below and, as
 * older encodings had it, a cedilla): their commonest function words and
 * a reporting verb or two.  Without them, Russian "v" and "i" were a
 * Russian story's keywords: rare in a corpus of other languages, they
 * weighed as names would. */
static const char swedish_stopwords[] =
    "och i att det som en ett p\xc3\xa5 \xc3\xa4r av f\xc3\xb6r med till den de har hade "
    "inte om han hon men var jag sig fr\xc3\xa5n vi s\xc3\xa5 kan man n\xc3\xa4r \xc3\xa5r "
    "ocks\xc3\xa5 efter eller nu sin sina d\xc3\xa4r vid mot ska skulle kommer ut "
    "f\xc3\xa5r bara blev mer dem alla vara ha hur vad detta dessa sedan mycket enligt "
    "sade s\xc3\xa4ger";

static const char danish_stopwords[] =
    "og i at det som en et p\xc3\xa5 er af for med til den de har havde ikke om han hun "
    "men var jeg sig fra vi s\xc3\xa5 kan man n\xc3\xa5r \xc3\xa5r ogs\xc3\xa5 efter eller "
    "nu sin sine der ved mod skal skulle kommer ud f\xc3\xa5r kun blev mere dem alle "
    "v\xc3\xa6re have hvordan hvad dette disse siden meget if\xc3\xb8lge sagde siger";

static const char russian_stopwords[] =
    "\xd0\xb8 \xd0\xb2 \xd0\xb2\xd0\xbe \xd0\xbd\xd0\xb0 \xd1\x81 \xd1\x81\xd0\xbe "
    "\xd0\xba \xd0\xba\xd0\xbe \xd1\x83 \xd0\xbe \xd0\xbe\xd0\xb1 \xd0\xbe\xd1\x82 "
    "\xd0\xb4\xd0\xbe \xd0\xb8\xd0\xb7 \xd0\xb7\xd0\xb0 \xd0\xbf\xd0\xbe "
    "\xd0\xbf\xd0\xbe\xd0\xb4 \xd0\xbd\xd0\xb0\xd0\xb4 \xd0\xbf\xd1\x80\xd0\xb8 "
    "\xd0\xbf\xd1\x80\xd0\xbe \xd0\xb4\xd0\xbb\xd1\x8f \xd0\xb1\xd0\xb5\xd0\xb7 "
    "\xd1\x87\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb7 \xd0\xbf\xd0\xbe\xd1\x81\xd0\xbb\xd0\xb5 "
    "\xd0\xbf\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb4 \xd0\xbc\xd0\xb5\xd0\xb6\xd0\xb4\xd1\x83 "
    "\xd0\xbd\xd0\xb5 \xd0\xbd\xd0\xb8 \xd0\xbd\xd0\xbe \xd0\xb0 \xd0\xb8\xd0\xbb\xd0\xb8 "
    "\xd0\xbb\xd0\xb8\xd0\xb1\xd0\xbe \xd1\x87\xd1\x82\xd0\xbe "
    "\xd1\x87\xd1\x82\xd0\xbe\xd0\xb1\xd1\x8b \xd0\xba\xd0\xb0\xd0\xba "
    "\xd1\x82\xd0\xb0\xd0\xba \xd0\xb6\xd0\xb5 \xd0\xbb\xd0\xb8 \xd0\xb1\xd1\x8b "
    "\xd1\x82\xd0\xbe \xd1\x8d\xd1\x82\xd0\xbe \xd1\x8d\xd1\x82\xd0\xbe\xd1\x82 "
    "\xd1\x8d\xd1\x82\xd0\xb0 \xd1\x8d\xd1\x82\xd0\xb8 "
    "\xd1\x8d\xd1\x82\xd0\xbe\xd0\xb3\xd0\xbe \xd1\x8d\xd1\x82\xd0\xbe\xd0\xb9 "
    "\xd1\x8d\xd1\x82\xd0\xbe\xd0\xbc \xd1\x82\xd0\xbe\xd1\x82 \xd1\x82\xd0\xb0 "
    "\xd1\x82\xd0\xb5 \xd1\x82\xd0\xbe\xd0\xb3\xd0\xbe \xd0\xbe\xd0\xbd "
    "\xd0\xbe\xd0\xbd\xd0\xb0 \xd0\xbe\xd0\xbd\xd0\xbe \xd0\xbe\xd0\xbd\xd0\xb8 "
    "\xd0\xb5\xd0\xb3\xd0\xbe \xd0\xb5\xd0\xb5 \xd0\xb5\xd1\x91 \xd0\xb8\xd1\x85 "
    "\xd0\xb5\xd0\xbc\xd1\x83 \xd0\xb5\xd0\xb9 \xd0\xb8\xd0\xbc \xd0\xbd\xd0\xb8\xd0\xbc "
    "\xd0\xbd\xd0\xb5\xd0\xb9 \xd0\xbd\xd0\xb8\xd1\x85 \xd0\xbc\xd1\x8b \xd0\xb2\xd1\x8b "
    "\xd1\x8f \xd1\x82\xd1\x8b \xd0\xbd\xd0\xb0\xd1\x81 \xd0\xb2\xd0\xb0\xd1\x81 "
    "\xd0\xb1\xd1\x8b\xd0\xbb \xd0\xb1\xd1\x8b\xd0\xbb\xd0\xb0 "
    "\xd0\xb1\xd1\x8b\xd0\xbb\xd0\xbe \xd0\xb1\xd1\x8b\xd0\xbb\xd0\xb8 "
    "\xd0\xb1\xd1\x8b\xd1\x82\xd1\x8c \xd0\xb1\xd1\x83\xd0\xb4\xd0\xb5\xd1\x82 "
    "\xd0\xb5\xd1\x81\xd1\x82\xd1\x8c \xd1\x83\xd0\xb6\xd0\xb5 \xd0\xb5\xd1\x89\xd0\xb5 "
    "\xd0\xb5\xd1\x89\xd1\x91 \xd1\x82\xd0\xbe\xd0\xbb\xd1\x8c\xd0\xba\xd0\xbe "
    "\xd1\x82\xd0\xb0\xd0\xba\xd0\xb6\xd0\xb5 \xd1\x82\xd0\xbe\xd0\xb6\xd0\xb5 "
    "\xd0\xba\xd0\xbe\xd0\xb3\xd0\xb4\xd0\xb0 \xd0\xb3\xd0\xb4\xd0\xb5 "
    "\xd0\xba\xd0\xbe\xd1\x82\xd0\xbe\xd1\x80\xd1\x8b\xd0\xb9 "
    "\xd0\xba\xd0\xbe\xd1\x82\xd0\xbe\xd1\x80\xd0\xb0\xd1\x8f "
    "\xd0\xba\xd0\xbe\xd1\x82\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb5 "
    "\xd0\xba\xd0\xbe\xd1\x82\xd0\xbe\xd1\x80\xd1\x8b\xd0\xb5 "
    "\xd0\xba\xd0\xbe\xd1\x82\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb3\xd0\xbe "
    "\xd0\xba\xd0\xbe\xd1\x82\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb9 \xd0\xb2\xd1\x81\xd1\x91 "
    "\xd0\xb2\xd1\x81\xd0\xb5 \xd0\xb2\xd1\x81\xd0\xb5\xd1\x85 "
    "\xd0\xb2\xd0\xb5\xd1\x81\xd1\x8c \xd0\xbc\xd0\xbe\xd0\xb6\xd0\xb5\xd1\x82 "
    "\xd0\xbc\xd0\xbe\xd0\xb6\xd0\xbd\xd0\xbe "
    "\xd0\xb7\xd0\xb0\xd1\x8f\xd0\xb2\xd0\xb8\xd0\xbb "
    "\xd1\x81\xd0\xbe\xd0\xbe\xd0\xb1\xd1\x89\xd0\xb8\xd0\xbb "
    "\xd0\xbe\xd0\xba\xd0\xbe\xd0\xbb\xd0\xbe \xd1\x81\xd0\xba\xd0\xb0\xd0\xb7\xd0\xb0\xd0\xbb";

static const char ukrainian_stopwords[] =
    "\xd1\x96 \xd0\xb9 \xd1\x82\xd0\xb0 \xd0\xb2 \xd1\x83 \xd0\xbd\xd0\xb0 \xd0\xb7 "
    "\xd1\x96\xd0\xb7 \xd0\xb7\xd1\x96 \xd0\xb4\xd0\xbe \xd0\xb2\xd1\x96\xd0\xb4 "
    "\xd0\xb7\xd0\xb0 \xd0\xbf\xd0\xbe \xd0\xbf\xd1\x80\xd0\xbe \xd0\xb4\xd0\xbb\xd1\x8f "
    "\xd0\xbf\xd1\x96\xd0\xb4 \xd0\xbd\xd0\xb0\xd0\xb4 \xd0\xbf\xd1\x80\xd0\xb8 "
    "\xd0\xb1\xd0\xb5\xd0\xb7 \xd1\x87\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb7 "
    "\xd0\xbf\xd1\x96\xd1\x81\xd0\xbb\xd1\x8f \xd0\xbf\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb4 "
    "\xd0\xbc\xd1\x96\xd0\xb6 \xd0\xbd\xd0\xb5 \xd0\xbd\xd1\x96 \xd0\xb0\xd0\xbb\xd0\xb5 "
    "\xd0\xb0 \xd0\xb0\xd0\xb1\xd0\xbe \xd1\x87\xd0\xb8 \xd1\x89\xd0\xbe "
    "\xd1\x89\xd0\xbe\xd0\xb1 \xd1\x8f\xd0\xba \xd1\x82\xd0\xb0\xd0\xba \xd0\xb6\xd0\xb5 "
    "\xd0\xb6 \xd0\xb1\xd0\xbe \xd1\x86\xd0\xb5 \xd1\x86\xd0\xb5\xd0\xb9 \xd1\x86\xd1\x8f "
    "\xd1\x86\xd1\x96 \xd1\x86\xd1\x8c\xd0\xbe\xd0\xb3\xd0\xbe "
    "\xd1\x86\xd1\x96\xd1\x94\xd1\x97 \xd1\x82\xd0\xbe\xd0\xb9 \xd1\x82\xd1\x96 "
    "\xd0\xb2\xd1\x96\xd0\xbd \xd0\xb2\xd0\xbe\xd0\xbd\xd0\xb0 "
    "\xd0\xb2\xd0\xbe\xd0\xbd\xd0\xbe \xd0\xb2\xd0\xbe\xd0\xbd\xd0\xb8 "
    "\xd0\xb9\xd0\xbe\xd0\xb3\xd0\xbe \xd1\x97\xd1\x97 \xd1\x97\xd1\x85 "
    "\xd0\xb9\xd0\xbe\xd0\xbc\xd1\x83 \xd1\x97\xd0\xb9 \xd1\x97\xd0\xbc \xd0\xbc\xd0\xb8 "
    "\xd0\xb2\xd0\xb8 \xd1\x8f \xd1\x82\xd0\xb8 \xd0\xbd\xd0\xb0\xd1\x81 "
    "\xd0\xb2\xd0\xb0\xd1\x81 \xd0\xb1\xd1\x83\xd0\xb2 \xd0\xb1\xd1\x83\xd0\xbb\xd0\xb0 "
    "\xd0\xb1\xd1\x83\xd0\xbb\xd0\xbe \xd0\xb1\xd1\x83\xd0\xbb\xd0\xb8 "
    "\xd0\xb1\xd1\x83\xd1\x82\xd0\xb8 \xd0\xb1\xd1\x83\xd0\xb4\xd0\xb5 \xd1\x94 "
    "\xd0\xb2\xd0\xb6\xd0\xb5 \xd1\x89\xd0\xb5 \xd0\xbb\xd0\xb8\xd1\x88\xd0\xb5 "
    "\xd1\x82\xd1\x96\xd0\xbb\xd1\x8c\xd0\xba\xd0\xb8 "
    "\xd1\x82\xd0\xb0\xd0\xba\xd0\xbe\xd0\xb6 \xd1\x82\xd0\xb5\xd0\xb6 "
    "\xd0\xba\xd0\xbe\xd0\xbb\xd0\xb8 \xd0\xb4\xd0\xb5 \xd1\x8f\xd0\xba\xd0\xb8\xd0\xb9 "
    "\xd1\x8f\xd0\xba\xd0\xb0 \xd1\x8f\xd0\xba\xd0\xb5 \xd1\x8f\xd0\xba\xd1\x96 "
    "\xd1\x8f\xd0\xba\xd0\xbe\xd0\xb3\xd0\xbe \xd1\x8f\xd0\xba\xd0\xbe\xd1\x97 "
    "\xd0\xb2\xd1\x81\xd1\x96 \xd0\xb2\xd1\x81\xd0\xb5 \xd0\xbc\xd0\xbe\xd0\xb6\xd0\xb5 "
    "\xd0\xbc\xd0\xbe\xd0\xb6\xd0\xbd\xd0\xb0 "
    "\xd0\xb7\xd0\xb0\xd1\x8f\xd0\xb2\xd0\xb8\xd0\xb2 "
    "\xd0\xbf\xd0\xbe\xd0\xb2\xd1\x96\xd0\xb4\xd0\xbe\xd0\xbc\xd0\xb8\xd0\xb2 "
    "\xd0\xb1\xd0\xbb\xd0\xb8\xd0\xb7\xd1\x8c\xd0\xba\xd0\xbe \xd1\x81\xd0\xba\xd0\xb0\xd0\xb7\xd0\xb0\xd0\xb2";

static const char polish_stopwords[] =
    "i w we z ze na do od o u za po przez dla przy bez nad pod przed mi\xc4\x99" "dzy a ale "
    "lub albo oraz czy \xc5\xbc" "e i\xc5\xbc si\xc4\x99 nie to ten ta te tego tej tym tych "
    "jest s\xc4\x85 by\xc5\x82 by\xc5\x82" "a by\xc5\x82o byli by\xc5\x82y by\xc4\x87 "
    "b\xc4\x99" "dzie jak jako tak\xc5\xbc" "e te\xc5\xbc ju\xc5\xbc jeszcze tylko kt\xc3\xb3ry "
    "kt\xc3\xb3ra kt\xc3\xb3re kt\xc3\xb3rzy kt\xc3\xb3rych kt\xc3\xb3rym jego jej ich go "
    "mu on ona ono oni one my wy ja co gdzie kiedy tak mo\xc5\xbc" "e mo\xc5\xbcna "
    "wed\xc5\x82ug powiedzia\xc5\x82";

static const char turkish_stopwords[] =
    "ve ile de da bir bu \xc5\x9fu o i\xc3\xa7in gibi kadar daha \xc3\xa7ok en ama fakat "
    "ancak veya ya ki ne mi m\xc4\xb1 mu m\xc3\xbc olarak olan oldu oldu\xc4\x9fu "
    "oldu\xc4\x9funu ise her baz\xc4\xb1 t\xc3\xbcm sonra \xc3\xb6nce g\xc3\xb6re dedi "
    "ayr\xc4\xb1" "ca de\xc4\x9fil var yok bunu buna bunun onun onu ona";

static const char finnish_stopwords[] =
    "ja on ei oli ovat olla ollut olivat se sen sit\xc3\xa4 siit\xc3\xa4 siihen "
    "ett\xc3\xa4 joka jotka jonka mutta tai kuin my\xc3\xb6s vain jo nyt kun sek\xc3\xa4 "
    "h\xc3\xa4n he me te min\xc3\xa4 sin\xc3\xa4 t\xc3\xa4m\xc3\xa4 t\xc3\xa4m\xc3\xa4n "
    "n\xc3\xa4m\xc3\xa4 niin kanssa mukaan j\xc3\xa4lkeen ennen sanoi";

static const char indonesian_stopwords[] =
    "dan di ke dari yang ini itu dengan untuk pada dalam tidak akan juga ada adalah oleh "
    "karena atau tetapi saat sudah telah bisa dapat mereka ia dia kami kita saya lebih "
    "para sebagai seperti bahwa hingga setelah sebelum kata ujar";

static const char romanian_stopwords[] =
    "\xc8\x99i \xc5\x9fi \xc3\xaen la de din pe cu a al ai ale o un unei unui cel cea cei care "
    "c\xc4\x83 ce nu se s\xc4\x83 fost este sunt era au fi fie dup\xc4\x83 pentru prin "
    "despre dar sau mai foarte acest aceast\xc4\x83 acesta aceasta aceste lui lor ei el ea "
    "noi voi eu spus potrivit";

/* Greek, Arabic and Hindi, which Snowball stems: their commonest
 * function words (Arabic's "and" and the article join the word after them,
 * and stay in it). */
static const char greek_stopwords[] =
    "\xce\xba\xce\xb1\xce\xb9 \xcf\x84\xce\xbf \xcf\x84\xce\xb1 \xce\xb7 \xce\xbf "
    "\xce\xbf\xce\xb9 \xce\xbd\xce\xb1 \xcf\x84\xce\xb7\xcf\x82 \xcf\x84\xce\xbf\xcf\x85 "
    "\xcf\x84\xce\xb7\xce\xbd \xcf\x84\xce\xbf\xce\xbd \xcf\x84\xcf\x89\xce\xbd "
    "\xcf\x84\xce\xb7 \xcf\x83\xcf\x84\xce\xbf \xcf\x83\xcf\x84\xce\xb1 "
    "\xcf\x83\xcf\x84\xce\xb7 \xcf\x83\xcf\x84\xce\xb7\xce\xbd "
    "\xcf\x83\xcf\x84\xce\xbf\xce\xbd \xcf\x83\xcf\x84\xce\xb9\xcf\x82 "
    "\xcf\x83\xcf\x84\xce\xbf\xcf\x85\xcf\x82 \xce\xbc\xce\xb5 \xcf\x83\xce\xb5 "
    "\xce\xb3\xce\xb9\xce\xb1 \xce\xb1\xcf\x80\xcf\x8c \xcf\x80\xce\xbf\xcf\x85 "
    "\xce\xb8\xce\xb1 \xce\xb4\xce\xb5\xce\xbd \xce\xb4\xce\xb5 \xcf\x8c\xcf\x84\xce\xb9 "
    "\xce\xb5\xce\xaf\xce\xbd\xce\xb1\xce\xb9 \xce\xae\xcf\x84\xce\xb1\xce\xbd "
    "\xce\xad\xce\xbd\xce\xb1 \xce\xbc\xce\xb9\xce\xb1 \xce\xbc\xce\xaf\xce\xb1 "
    "\xce\xb5\xce\xbd\xcf\x8c\xcf\x82 \xce\xb1\xce\xbb\xce\xbb\xce\xac \xce\xae "
    "\xcf\x8c\xcf\x80\xcf\x89\xcf\x82 \xce\xbc\xce\xb5\xcf\x84\xce\xac "
    "\xcf\x80\xcf\x81\xce\xb9\xce\xbd \xce\xba\xce\xb1\xcf\x84\xce\xac "
    "\xcf\x80\xcf\x81\xce\xbf\xcf\x82 \xce\xb5\xcf\x80\xce\xaf\xcf\x83\xce\xb7\xcf\x82 "
    "\xce\xb5\xce\xaf\xcf\x80\xce\xb5 \xcf\x89\xcf\x82 \xce\xb1\xcf\x85\xcf\x84\xcf\x8c "
    "\xce\xb1\xcf\x85\xcf\x84\xce\xae \xce\xb1\xcf\x85\xcf\x84\xcf\x8c\xcf\x82 "
    "\xce\xb1\xcf\x85\xcf\x84\xce\xac \xce\xad\xcf\x87\xce\xb5\xce\xb9 "
    "\xce\xad\xcf\x87\xce\xbf\xcf\x85\xce\xbd";

static const char arabic_stopwords[] =
    "\xd9\x88 \xd9\x81\xd9\x8a \xd9\x85\xd9\x86 \xd8\xb9\xd9\x84\xd9\x89 "
    "\xd8\xa5\xd9\x84\xd9\x89 \xd8\xa7\xd9\x84\xd9\x89 \xd8\xb9\xd9\x86 \xd8\xa3\xd9\x86 "
    "\xd8\xa7\xd9\x86 \xd8\xa5\xd9\x86 \xd9\x85\xd8\xb9 \xd9\x87\xd8\xb0\xd8\xa7 "
    "\xd9\x87\xd8\xb0\xd9\x87 \xd8\xa7\xd9\x84\xd8\xaa\xd9\x8a "
    "\xd8\xa7\xd9\x84\xd8\xb0\xd9\x8a \xd8\xa7\xd9\x84\xd8\xb0\xd9\x8a\xd9\x86 "
    "\xd9\x83\xd8\xa7\xd9\x86 \xd9\x83\xd8\xa7\xd9\x86\xd8\xaa \xd9\x82\xd8\xaf "
    "\xd9\x84\xd8\xa7 \xd9\x85\xd8\xa7 \xd8\xa8\xd8\xb9\xd8\xaf \xd9\x82\xd8\xa8\xd9\x84 "
    "\xd8\xa3\xd9\x88 \xd8\xab\xd9\x85 \xd9\x83\xd9\x84 \xd8\xa8\xd9\x8a\xd9\x86 "
    "\xd8\xad\xd9\x8a\xd8\xab \xd8\xb9\xd9\x86\xd8\xaf \xd9\x88\xd9\x82\xd8\xa7\xd9\x84 "
    "\xd9\x82\xd8\xa7\xd9\x84";

static const char hindi_stopwords[] =
    "\xe0\xa4\x95\xe0\xa4\xbe \xe0\xa4\x95\xe0\xa5\x87 \xe0\xa4\x95\xe0\xa5\x80 "
    "\xe0\xa4\xae\xe0\xa5\x87\xe0\xa4\x82 \xe0\xa4\xb9\xe0\xa5\x88 "
    "\xe0\xa4\x94\xe0\xa4\xb0 \xe0\xa4\xb8\xe0\xa5\x87 \xe0\xa4\x95\xe0\xa5\x8b "
    "\xe0\xa4\xaa\xe0\xa4\xb0 \xe0\xa4\xaf\xe0\xa4\xb9 \xe0\xa4\x8f\xe0\xa4\x95 "
    "\xe0\xa4\xa8\xe0\xa5\x87 \xe0\xa4\xad\xe0\xa5\x80 \xe0\xa4\xa5\xe0\xa4\xbe "
    "\xe0\xa4\xa5\xe0\xa5\x87 \xe0\xa4\xa5\xe0\xa5\x80 "
    "\xe0\xa4\xb9\xe0\xa5\x88\xe0\xa4\x82 \xe0\xa4\x95\xe0\xa4\xbf "
    "\xe0\xa4\xb2\xe0\xa4\xbf\xe0\xa4\x8f \xe0\xa4\xa4\xe0\xa5\x8b "
    "\xe0\xa4\xa8\xe0\xa4\xb9\xe0\xa5\x80\xe0\xa4\x82 \xe0\xa4\xb5\xe0\xa4\xb9 "
    "\xe0\xa4\x87\xe0\xa4\xb8 \xe0\xa4\x89\xe0\xa4\xb8 "
    "\xe0\xa4\x95\xe0\xa4\xb9\xe0\xa4\xbe";

/* Chinese and Japanese are read a word at a time, as ICU's dictionary
 * finds them (segment_spaced).  Chinese: particles, pronouns,
 * prepositions, conjunctions, auxiliaries and reporting verbs, of one
 * character (de, le, zai, shi, bei...) and of two (women, yijing, danshi,
 * biaoshi...); not a character that also opens content words (zhong of
 * Zhongguo), which the dictionary keeps inside its word anyway.
 * Japanese: a word of hiragana alone (is_kana_word), the script of its
 * particles and endings (no, ni, wa, wo, shita...); its content is
 * written in kanji and katakana, so its list is empty. */
static const char chinese_stopwords[] =
    "\xe7\x9a\x84 \xe4\xba\x86 \xe7\x9d\x80 \xe8\xbf\x87 \xe5\x9c\xa8 \xe6\x98\xaf \xe5\x92\x8c "
    "\xe4\xb8\x8e \xe5\x8f\x8a \xe6\x88\x96 \xe8\x80\x8c \xe4\xb9\x9f \xe9\x83\xbd \xe5\xb0\xb1 "
    "\xe8\xa2\xab \xe6\x8a\x8a \xe5\xaf\xb9 \xe4\xbb\x8e \xe5\x90\x91 \xe4\xba\x8e \xe4\xb9\x8b "
    "\xe5\x85\xb6 \xe8\xbf\x99 \xe9\x82\xa3 \xe4\xba\x9b \xe4\xb8\xaa \xe4\xbb\xac \xe5\x90\x97 "
    "\xe5\x91\xa2 \xe5\x90\xa7 \xe5\x95\x8a \xe5\xb9\xb6 \xe4\xbd\x86 \xe5\x8f\x88 \xe8\xbf\x98 "
    "\xe8\xaf\xa5 \xe6\xad\xa4 \xe6\x89\x80 \xe7\xad\x89 \xe4\xb8\xba \xe5\xb0\x86 \xe5\xb7\xb2 "
    "\xe6\x9c\x89 \xe4\xb8\x8d \xe4\xbc\x9a \xe8\x83\xbd \xe8\xa6\x81 \xe8\xaf\xb4 \xe7\xa7\xb0 "
    "\xe6\x88\x91 \xe4\xbd\xa0 \xe4\xbb\x96 \xe5\xa5\xb9 \xe5\xae\x83 \xe6\x88\x91\xe4\xbb\xac "
    "\xe4\xbd\xa0\xe4\xbb\xac \xe4\xbb\x96\xe4\xbb\xac \xe5\xa5\xb9\xe4\xbb\xac \xe5\xae\x83\xe4\xbb\xac "
    "\xe8\xbf\x99\xe4\xb8\xaa \xe9\x82\xa3\xe4\xb8\xaa \xe8\xbf\x99\xe4\xba\x9b \xe9\x82\xa3\xe4\xba\x9b "
    "\xe8\xbf\x99\xe6\xa0\xb7 \xe9\x82\xa3\xe6\xa0\xb7 \xe4\xbd\x86\xe6\x98\xaf \xe5\x9b\xa0\xe4\xb8\xba "
    "\xe6\x89\x80\xe4\xbb\xa5 \xe5\xa6\x82\xe6\x9e\x9c \xe8\x99\xbd\xe7\x84\xb6 \xe5\xb7\xb2\xe7\xbb\x8f "
    "\xe5\x8f\xaf\xe4\xbb\xa5 \xe6\xb2\xa1\xe6\x9c\x89 \xe5\xb0\xb1\xe6\x98\xaf \xe8\xbf\x98\xe6\x98\xaf "
    "\xe6\x88\x96\xe8\x80\x85 \xe8\x80\x8c\xe4\xb8\x94 \xe4\xbb\xa5\xe5\x8f\x8a \xe4\xb9\x8b\xe5\x90\x8e "
    "\xe4\xb9\x8b\xe5\x89\x8d \xe4\xbb\xa5\xe5\x90\x8e \xe4\xbb\xa5\xe5\x89\x8d \xe5\x85\xb6\xe4\xb8\xad "
    "\xe5\x85\xb6\xe4\xbb\x96 \xe4\xb8\x80\xe4\xb8\xaa \xe8\x87\xaa\xe5\xb7\xb1 \xe4\xbb\x80\xe4\xb9\x88 "
    "\xe6\x80\x8e\xe4\xb9\x88 \xe9\x80\x9a\xe8\xbf\x87 \xe5\xaf\xb9\xe4\xba\x8e \xe5\x85\xb3\xe4\xba\x8e "
    "\xe7\x94\xb1\xe4\xba\x8e \xe5\xb9\xb6\xe4\xb8\x94 \xe7\x84\xb6\xe5\x90\x8e \xe7\x9b\xae\xe5\x89\x8d "
    "\xe8\xa1\xa8\xe7\xa4\xba \xe8\xbf\x9b\xe8\xa1\x8c ";

static const char japanese_stopwords[] = "";

/* Thai, Lao, Khmer and Burmese, read a word at a time once segment.c has
 * found their words: particles, conjunctions, prepositions, pronouns,
 * auxiliaries, the nominalisers (Thai kan, khwam) and the repetition
 * and abbreviation marks (Thai mai yamok, paiyannoi). */
static const char thai_stopwords[] =
    "\xe0\xb8\x97\xe0\xb8\xb5\xe0\xb9\x88 \xe0\xb9\x81\xe0\xb8\xa5\xe0\xb8\xb0 "
    "\xe0\xb8\x82\xe0\xb8\xad\xe0\xb8\x87 \xe0\xb9\x83\xe0\xb8\x99 "
    "\xe0\xb9\x80\xe0\xb8\x9b\xe0\xb9\x87\xe0\xb8\x99 \xe0\xb9\x84\xe0\xb8\x94\xe0\xb9\x89 "
    "\xe0\xb9\x83\xe0\xb8\xab\xe0\xb9\x89 \xe0\xb8\xa7\xe0\xb9\x88\xe0\xb8\xb2 \xe0\xb8\x88\xe0\xb8\xb0 "
    "\xe0\xb8\xa1\xe0\xb8\xb5 \xe0\xb8\x81\xe0\xb8\xb2\xe0\xb8\xa3 "
    "\xe0\xb8\x84\xe0\xb8\xa7\xe0\xb8\xb2\xe0\xb8\xa1 \xe0\xb9\x84\xe0\xb8\xa1\xe0\xb9\x88 "
    "\xe0\xb8\x81\xe0\xb8\xb1\xe0\xb8\x9a \xe0\xb9\x81\xe0\xb8\x95\xe0\xb9\x88 "
    "\xe0\xb8\xab\xe0\xb8\xa3\xe0\xb8\xb7\xe0\xb8\xad \xe0\xb9\x82\xe0\xb8\x94\xe0\xb8\xa2 "
    "\xe0\xb8\x88\xe0\xb8\xb2\xe0\xb8\x81 \xe0\xb8\x8b\xe0\xb8\xb6\xe0\xb9\x88\xe0\xb8\x87 "
    "\xe0\xb8\x99\xe0\xb8\xb5\xe0\xb9\x89 \xe0\xb8\x99\xe0\xb8\xb1\xe0\xb9\x89\xe0\xb8\x99 "
    "\xe0\xb8\xad\xe0\xb8\xa2\xe0\xb8\xb9\xe0\xb9\x88 \xe0\xb9\x84\xe0\xb8\x9b \xe0\xb8\xa1\xe0\xb8\xb2 "
    "\xe0\xb9\x81\xe0\xb8\xa5\xe0\xb9\x89\xe0\xb8\xa7 \xe0\xb8\x81\xe0\xb9\x87 "
    "\xe0\xb8\x96\xe0\xb8\xb6\xe0\xb8\x87 \xe0\xb9\x80\xe0\xb8\x9e\xe0\xb8\xb7\xe0\xb9\x88\xe0\xb8\xad "
    "\xe0\xb8\xa2\xe0\xb8\xb1\xe0\xb8\x87 \xe0\xb8\x84\xe0\xb8\xb7\xe0\xb8\xad "
    "\xe0\xb8\x95\xe0\xb9\x89\xe0\xb8\xad\xe0\xb8\x87 "
    "\xe0\xb9\x80\xe0\xb8\xa1\xe0\xb8\xb7\xe0\xb9\x88\xe0\xb8\xad \xe0\xb8\xab\xe0\xb8\xb2\xe0\xb8\x81 "
    "\xe0\xb8\x96\xe0\xb9\x89\xe0\xb8\xb2 \xe0\xb8\x97\xe0\xb8\xb1\xe0\xb9\x89\xe0\xb8\x87 "
    "\xe0\xb8\xad\xe0\xb8\xb5\xe0\xb8\x81 \xe0\xb8\x82\xe0\xb8\xb6\xe0\xb9\x89\xe0\xb8\x99 "
    "\xe0\xb8\xa5\xe0\xb8\x87 \xe0\xb8\x81\xe0\xb8\xa7\xe0\xb9\x88\xe0\xb8\xb2 "
    "\xe0\xb8\x95\xe0\xb8\xb2\xe0\xb8\xa1 "
    "\xe0\xb8\xa3\xe0\xb8\xb0\xe0\xb8\xab\xe0\xb8\xa7\xe0\xb9\x88\xe0\xb8\xb2\xe0\xb8\x87 "
    "\xe0\xb9\x80\xe0\xb8\x82\xe0\xb8\xb2 \xe0\xb9\x80\xe0\xb8\xa3\xe0\xb8\xb2 "
    "\xe0\xb8\x97\xe0\xb9\x88\xe0\xb8\xb2\xe0\xb8\x99 \xe0\xb8\x9e\xe0\xb8\xa7\xe0\xb8\x81 "
    "\xe0\xb9\x81\xe0\xb8\x81\xe0\xb9\x88 \xe0\xb9\x81\xe0\xb8\x9a\xe0\xb8\x9a "
    "\xe0\xb8\xad\xe0\xb8\xa2\xe0\xb9\x88\xe0\xb8\xb2\xe0\xb8\x87 "
    "\xe0\xb9\x80\xe0\xb8\x8a\xe0\xb9\x88\xe0\xb8\x99 \xe0\xb8\x94\xe0\xb9\x89\xe0\xb8\xa7\xe0\xb8\xa2 "
    "\xe0\xb9\x80\xe0\xb8\xa5\xe0\xb8\xa2 \xe0\xb8\x81\xe0\xb8\xb1\xe0\xb8\x99 "
    "\xe0\xb9\x84\xe0\xb8\xa7\xe0\xb9\x89 \xe0\xb9\x80\xe0\xb8\xad\xe0\xb8\x87 "
    "\xe0\xb8\xad\xe0\xb8\xb2\xe0\xb8\x88 \xe0\xb8\x84\xe0\xb8\xa7\xe0\xb8\xa3 "
    "\xe0\xb8\x81\xe0\xb8\xb3\xe0\xb8\xa5\xe0\xb8\xb1\xe0\xb8\x87 \xe0\xb9\x80\xe0\xb8\x84\xe0\xb8\xa2 "
    "\xe0\xb9\x86 \xe0\xb8\xaf ";

static const char lao_stopwords[] =
    "\xe0\xbb\x81\xe0\xba\xa5\xe0\xba\xb0 \xe0\xba\x82\xe0\xba\xad\xe0\xba\x87 \xe0\xbb\x83\xe0\xba\x99 "
    "\xe0\xba\x97\xe0\xba\xb5\xe0\xbb\x88 \xe0\xbb\x80\xe0\xba\x9b\xe0\xba\xb1\xe0\xba\x99 "
    "\xe0\xbb\x84\xe0\xba\x94\xe0\xbb\x89 \xe0\xba\x88\xe0\xba\xb0 \xe0\xba\xa1\xe0\xba\xb5 "
    "\xe0\xba\x9a\xe0\xbb\x8d\xe0\xbb\x88 \xe0\xba\x81\xe0\xba\xb1\xe0\xba\x9a "
    "\xe0\xbb\x83\xe0\xba\xab\xe0\xbb\x89 \xe0\xba\xa7\xe0\xbb\x88\xe0\xba\xb2 "
    "\xe0\xba\x88\xe0\xba\xb2\xe0\xba\x81 \xe0\xba\x99\xe0\xba\xb5\xe0\xbb\x89 "
    "\xe0\xba\x99\xe0\xba\xb1\xe0\xbb\x89\xe0\xba\x99 \xe0\xbb\x81\xe0\xba\xa1\xe0\xbb\x88\xe0\xba\x99 "
    "\xe0\xbb\x84\xe0\xba\x9b \xe0\xba\xa1\xe0\xba\xb2 \xe0\xbb\x81\xe0\xba\xa5\xe0\xbb\x89\xe0\xba\xa7 "
    "\xe0\xba\x81\xe0\xbb\x8d \xe0\xba\x8d\xe0\xba\xb1\xe0\xba\x87 "
    "\xe0\xbb\x80\xe0\xba\x9e\xe0\xba\xb7\xe0\xbb\x88\xe0\xba\xad \xe0\xba\xab\xe0\xba\xbc\xe0\xba\xb7 "
    "\xe0\xbb\x82\xe0\xba\x94\xe0\xba\x8d \xe0\xba\x8a\xe0\xba\xb6\xe0\xbb\x88\xe0\xba\x87 "
    "\xe0\xba\x95\xe0\xbb\x8d\xe0\xbb\x88 \xe0\xbb\x81\xe0\xba\x95\xe0\xbb\x88 "
    "\xe0\xba\xa2\xe0\xba\xb9\xe0\xbb\x88 \xe0\xba\x81\xe0\xba\xb2\xe0\xba\x99 "
    "\xe0\xba\x84\xe0\xba\xa7\xe0\xba\xb2\xe0\xba\xa1 ";

static const char khmer_stopwords[] =
    "\xe1\x9e\x93\xe1\x9e\xb7\xe1\x9e\x84 \xe1\x9e\x9a\xe1\x9e\x94\xe1\x9e\x9f\xe1\x9f\x8b "
    "\xe1\x9e\x93\xe1\x9f\x85 \xe1\x9e\x80\xe1\x9f\x92\xe1\x9e\x93\xe1\x9e\xbb\xe1\x9e\x84 "
    "\xe1\x9e\x87\xe1\x9e\xb6 \xe1\x9e\x94\xe1\x9e\xb6\xe1\x9e\x93 \xe1\x9e\x8a\xe1\x9f\x82\xe1\x9e\x9b "
    "\xe1\x9e\x93\xe1\x9f\x81\xe1\x9f\x87 \xe1\x9e\x93\xe1\x9f\x84\xe1\x9f\x87 \xe1\x9e\x96\xe1\x9e\xb8 "
    "\xe1\x9e\x91\xe1\x9f\x85 \xe1\x9e\x98\xe1\x9e\xb6\xe1\x9e\x93 \xe1\x9e\x98\xe1\x9e\xb7\xe1\x9e\x93 "
    "\xe1\x9e\x90\xe1\x9e\xb6 \xe1\x9e\xa0\xe1\x9e\xbe\xe1\x9e\x99 "
    "\xe1\x9e\x8a\xe1\x9e\xbe\xe1\x9e\x98\xe1\x9f\x92\xe1\x9e\x94\xe1\x9e\xb8 "
    "\xe1\x9e\x9f\xe1\x9e\x98\xe1\x9f\x92\xe1\x9e\x9a\xe1\x9e\xb6\xe1\x9e\x94\xe1\x9f\x8b \xe1\x9e\xac "
    "\xe1\x9e\x8f\xe1\x9f\x92\xe1\x9e\x9a\xe1\x9e\xbc\xe1\x9e\x9c \xe1\x9e\x93\xe1\x9e\xb9\xe1\x9e\x84 "
    "\xe1\x9e\x82\xe1\x9e\xba \xe1\x9e\x8a\xe1\x9f\x84\xe1\x9e\x99 \xe1\x9e\x91\xe1\x9f\x81 "
    "\xe1\x9e\x95\xe1\x9e\x84 \xe1\x9e\x80\xe1\x9e\xb6\xe1\x9e\x9a ";

static const char burmese_stopwords[] =
    "\xe1\x80\x9e\xe1\x80\x8a\xe1\x80\xba \xe1\x80\x80\xe1\x80\xad\xe1\x80\xaf \xe1\x81\x8f "
    "\xe1\x80\x94\xe1\x80\xbe\xe1\x80\x84\xe1\x80\xb7\xe1\x80\xba \xe1\x80\x99\xe1\x80\xbe "
    "\xe1\x80\x90\xe1\x80\xbd\xe1\x80\x84\xe1\x80\xba \xe1\x81\x8c "
    "\xe1\x80\x99\xe1\x80\xbb\xe1\x80\xac\xe1\x80\xb8 \xe1\x80\x9e\xe1\x80\xb1\xe1\x80\xac "
    "\xe1\x80\x9c\xe1\x80\x8a\xe1\x80\xba\xe1\x80\xb8 \xe1\x80\x95\xe1\x80\xbc\xe1\x80\xae\xe1\x80\xb8 "
    "\xe1\x80\x94\xe1\x80\xb2\xe1\x80\xb7 \xe1\x80\x80 \xe1\x80\x95\xe1\x80\xab ";

/* Korean, a word between spaces (its particles stay on it): conjunctions,
 * determiners, the bound nouns and auxiliaries of its commonest phrases
 * and its reporting verbs ("said": malhaetda, balkhyeotda).  Hebrew: its
 * prepositions, pronouns and conjunctions written as words of their own
 * (those written as a word's first letter stay on it). */
static const char korean_stopwords[] =
    "\xea\xb7\xb8\xeb\xa6\xac\xea\xb3\xa0 \xea\xb7\xb8\xeb\x9f\xac\xeb\x82\x98 "
    "\xed\x95\x98\xec\xa7\x80\xeb\xa7\x8c \xeb\x98\x90\xeb\x8a\x94 \xeb\xb0\x8f \xeb\x93\xb1 "
    "\xec\x9d\xb4 \xea\xb7\xb8 \xec\xa0\x80 \xea\xb2\x83 \xec\x88\x98 \xec\x9e\x88\xeb\x8b\xa4 "
    "\xec\x9e\x88\xeb\x8a\x94 \xec\x9e\x88\xea\xb3\xa0 \xec\x9e\x88\xeb\x8a\x94\xeb\x8d\xb0 "
    "\xec\x97\x86\xeb\x8b\xa4 \xec\x97\x86\xeb\x8a\x94 \xed\x96\x88\xeb\x8b\xa4 \xed\x95\x9c\xeb\x8b\xa4 "
    "\xed\x95\x98\xeb\x8a\x94 \xed\x95\x98\xea\xb3\xa0 \xec\x9c\x84\xed\x95\xb4 \xec\x9c\x84\xed\x95\x9c "
    "\xeb\x8c\x80\xed\x95\x9c \xeb\x8c\x80\xed\x95\xb4 \xed\x86\xb5\xed\x95\xb4 \xeb\x94\xb0\xeb\x9d\xbc "
    "\xeb\x98\x90\xed\x95\x9c \xec\x9d\xb4\xeb\xb2\x88 \xec\xa7\x80\xeb\x82\x9c "
    "\xeb\x95\x8c\xeb\xac\xb8\xec\x97\x90 \xea\xb2\x83\xec\x9c\xbc\xeb\xa1\x9c "
    "\xea\xb2\x83\xec\x9d\xb4\xeb\x8b\xa4 \xea\xb2\x83\xec\x9d\x80 \xea\xb2\x83\xec\x9d\x84 "
    "\xeb\xb0\x9d\xed\x98\x94\xeb\x8b\xa4 \xeb\xa7\x90\xed\x96\x88\xeb\x8b\xa4 "
    "\xec\xa0\x84\xed\x96\x88\xeb\x8b\xa4 \xec\x9d\xb4\xeb\x9d\xbc\xea\xb3\xa0 \xeb\x9d\xbc\xea\xb3\xa0 "
    "\xeb\x93\xb1\xec\x9d\x98 \xeb\x93\xb1\xec\x9d\x84 \xea\xb0\x80\xec\x9a\xb4\xeb\x8d\xb0 \xec\xa4\x91 "
    "\xeb\x8d\x94 \xeb\x98\x90 \xec\x9d\xb4\xed\x9b\x84 \xec\x9d\xb4\xeb\x82\xa0 "
    "\xed\x95\x9c\xed\x8e\xb8 ";

static const char hebrew_stopwords[] =
    "\xd7\xa9\xd7\x9c \xd7\x90\xd7\xaa \xd7\xa2\xd7\x9c \xd7\xa2\xd7\x9d \xd7\x94\xd7\x95\xd7\x90 "
    "\xd7\x94\xd7\x99\xd7\x90 \xd7\x96\xd7\x94 \xd7\x96\xd7\x95 \xd7\x9b\xd7\x99 \xd7\x9c\xd7\x90 "
    "\xd7\x92\xd7\x9d \xd7\x90\xd7\x91\xd7\x9c \xd7\x90\xd7\x95 \xd7\x90\xd7\x9d \xd7\x9b\xd7\x9c "
    "\xd7\x99\xd7\xa9 \xd7\x90\xd7\x99\xd7\x9f \xd7\x94\xd7\x99\xd7\x94 \xd7\x94\xd7\x99\xd7\xaa\xd7\x94 "
    "\xd7\x94\xd7\x9d \xd7\x94\xd7\x9f \xd7\x90\xd7\xa0\xd7\x99 \xd7\x90\xd7\xa0\xd7\x97\xd7\xa0\xd7\x95 "
    "\xd7\x9e\xd7\x94 \xd7\x9e\xd7\x99 \xd7\x9b\xd7\x9a \xd7\xa8\xd7\xa7 \xd7\xa2\xd7\x95\xd7\x93 "
    "\xd7\x9b\xd7\x91\xd7\xa8 \xd7\x90\xd7\x97\xd7\xa8\xd7\x99 \xd7\x9c\xd7\xa4\xd7\xa0\xd7\x99 "
    "\xd7\x91\xd7\x99\xd7\x9f \xd7\x90\xd7\x9c \xd7\xa2\xd7\x93 \xd7\x9b\xd7\x9e\xd7\x95 "
    "\xd7\x90\xd7\xa9\xd7\xa8 \xd7\xa9\xd7\x9c\xd7\x90 \xd7\x9c\xd7\x95 \xd7\x9c\xd7\x94 "
    "\xd7\x9c\xd7\x94\xd7\x9d \xd7\x91\xd7\x95 \xd7\x91\xd7\x94 \xd7\x9e\xd7\x9f \xd7\x9b\xd7\x9f "
    "\xd7\x90\xd7\x95\xd7\xaa\xd7\x95 \xd7\x90\xd7\x95\xd7\xaa\xd7\x94 \xd7\xa9\xd7\x9d ";

static const struct {
    const char *code;
    const char *words;
} other_stopwords[] = {
    { "de", german_stopwords }, { "fr", french_stopwords }, { "es", spanish_stopwords },
    { "it", italian_stopwords }, { "pt", portuguese_stopwords }, { "nl", dutch_stopwords },
    { "sv", swedish_stopwords }, { "da", danish_stopwords }, { "ru", russian_stopwords },
    { "uk", ukrainian_stopwords }, { "pl", polish_stopwords }, { "tr", turkish_stopwords },
    { "fi", finnish_stopwords }, { "id", indonesian_stopwords }, { "ro", romanian_stopwords },
    { "el", greek_stopwords }, { "ar", arabic_stopwords }, { "hi", hindi_stopwords },
    { "zh", chinese_stopwords }, { "ja", japanese_stopwords }, { "th", thai_stopwords },
    { "lo", lao_stopwords }, { "km", khmer_stopwords }, { "my", burmese_stopwords }, { "ko", korean_stopwords },
    { "he", hebrew_stopwords },
};

/* Words before a full stop that do not end a sentence. */
static const char abbreviations[] =
    " mr mrs ms dr st sr jr prof gen sen rep gov lt col capt sgt maj adm cmdr rev hon pres "
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos vs etc inc ltd co corp dept "
    "est approx mt ft u.s u.k u.n e.g i.e a.m p.m ";

/* English number words as digits: cardinals from two (a lone "one" is
 * mostly "one of them"), ordinals from first. */
#define NUMBER_WORD(word, digits) { word, sizeof word - 1, digits }
static const struct {
    const char *word;
    size_t len;
    const char *digits;
} number_words[] = {
    NUMBER_WORD("two", "2"), NUMBER_WORD("three", "3"), NUMBER_WORD("four", "4"), NUMBER_WORD("five", "5"),
    NUMBER_WORD("six", "6"), NUMBER_WORD("seven", "7"), NUMBER_WORD("eight", "8"), NUMBER_WORD("nine", "9"),
    NUMBER_WORD("ten", "10"), NUMBER_WORD("eleven", "11"), NUMBER_WORD("twelve", "12"),
    NUMBER_WORD("thirteen", "13"), NUMBER_WORD("fourteen", "14"), NUMBER_WORD("fifteen", "15"),
    NUMBER_WORD("sixteen", "16"), NUMBER_WORD("seventeen", "17"), NUMBER_WORD("eighteen", "18"),
    NUMBER_WORD("nineteen", "19"), NUMBER_WORD("twenty", "20"), NUMBER_WORD("thirty", "30"),
    NUMBER_WORD("forty", "40"), NUMBER_WORD("fifty", "50"), NUMBER_WORD("hundred", "100"),
    NUMBER_WORD("first", "1th"), NUMBER_WORD("second", "2th"), NUMBER_WORD("third", "3th"),
    NUMBER_WORD("fourth", "4th"), NUMBER_WORD("fifth", "5th"), NUMBER_WORD("sixth", "6th"),
    NUMBER_WORD("seventh", "7th"), NUMBER_WORD("eighth", "8th"), NUMBER_WORD("ninth", "9th"),
    NUMBER_WORD("tenth", "10th"), NUMBER_WORD("eleventh", "11th"), NUMBER_WORD("twelfth", "12th"),
    NUMBER_WORD("thirteenth", "13th"), NUMBER_WORD("fourteenth", "14th"), NUMBER_WORD("fifteenth", "15th"),
    NUMBER_WORD("twentieth", "20th"),
};
#undef NUMBER_WORD

/* A cache of what a word is: its stem, whether it is a stopword or a
 * number word.  Word forms recur (Zipf), and Snowball is the costliest step
 * of analysis.  Found by a key, the 64-bit word hash mixed with the
 * stemmer's identity; no word is stored, so two words (or one word for two
 * stemmers) with one key would share an entry: a 64-bit hash collision is
 * assumed not to happen, as for the word hashes everywhere else.  Entries
 * are 16 bytes so the table stays near the core: its loads were the most
 * of analysis' time with 40-byte entries holding the word.  At 2 MB it
 * misses fewer words than at 1 MB, which cost more stemming than its size
 * costs cache (g20k: analysis and fingerprints 4% less CPU).  Two ways to
 * a set, the last used first, in one aligned half of a cache line: mapped
 * directly, two frequent words of one entry put each other out (g20k: 115k
 * words stemmed, of 32k words).  Numbers are not cached: a number is more
 * than its folded form shows when that is cut short (MAX_WORD). */
enum { STEM_CACHE = 131072, STEM_WAYS = 2 };

enum { WORD_KNOWN = 0x80 }; /* with TOK_STOP and TOK_NUMBER_WORD, a stem_entry's kind */

typedef struct stem_entry {
    uint64_t key;                   /* the word hash * builder.stemmer_mix: never 0, as a word is not */
    uint32_t stem;                  /* 0 for a stopword */
    uint8_t kind;                   /* 0: empty; else WORD_KNOWN | TOK_* */
    uint8_t unused[3];
} stem_entry;

enum { ABBREV_SLOTS = 128 };
enum { MID_NAMES_KEPT = 512 }; /* slots of the mid-sentence names kept between articles */ /* a power of two, over twice the abbreviations */
struct analyser {
    const np_allocator *allocator; /* borrowed */
    struct sb_stemmer *stemmers[N_STEMMERS]; /* owned, made on first use */
    int stemmer_failed[N_STEMMERS];
    idset stopwords;
    idset number_words;            /* English number words (number_words) */
    idset mid_names;               /* analyse_article's, kept between articles and cleared */
    int decode_all;                /* the plain ways, for tests (analyser_decode_all) */
    uint64_t between[2];           /* bit c: ASCII c is between words and no stop */
    void *stems_block;             /* owned: stems, aligned within it */
    stem_entry *stems;             /* STEM_CACHE entries, STEM_WAYS a set */
    size_t stem_sets;              /* a power of two: STEM_CACHE / STEM_WAYS */
    uint64_t abbrevs[ABBREV_SLOTS]; /* the abbreviations of two to five bytes (abbrev_key), 0 an empty slot */
    segmenter own_words;           /* the words of Chinese, Japanese, Thai, Lao, Khmer, Burmese */
    segmenter *words;              /* own_words, or a cleaner's (analyser_share_words) */
};

/* The part of a stopword's key that names its list's language: 0 for
 * English and for the languages without a list of their own, which share
 * the English list. */
static uint64_t stop_mix_of(size_t which)
{
    for (size_t k = 0; k < sizeof other_stopwords / sizeof *other_stopwords; k++)
        if (strcmp(other_stopwords[k].code, stemmer_names[which].code) == 0)
            return (uint64_t)(which + 1) * 0xD6E8FEB86659FD93u;
    return 0;
}

/* The stemmer_names index of a language code; 0 (English) when unknown. */
static size_t language_index(const char *lang)
{
    for (size_t k = 0; k < N_STEMMERS; k++)
        if (strcmp(stemmer_names[k].code, lang) == 0)
            return k;
    return 0;
}

static np_status add_words(idset *set, const char *list, uint64_t mix)
{
    const char *p = list;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n) {
            int added;
            if (idset_add(set, text_word_hash(p, n) ^ mix, &added) != NP_OK)
                return NP_ENOMEM;
        }
        p += n;
    }
    return NP_OK;
}

/* A word of one to seven bytes as one number, its length in the low byte. */
static uint64_t abbrev_key(const char *w, size_t n)
{
    uint64_t key = n;
    for (size_t i = 0; i < n; i++)
        key |= (uint64_t)(unsigned char)w[i] << (8 * (i + 1));
    return key;
}

/* The slot abbrev_key's probe starts at. */
static size_t abbrev_home(uint64_t key)
{
    return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & (ABBREV_SLOTS - 1);
}

/* The abbreviations is_abbreviation looks up (lengths two to five; one
 * byte is always one, more than five never). */
static void add_abbreviations(analyser *an)
{
    for (const char *p = abbreviations; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n >= 2 && n <= 5) {
            uint64_t key = abbrev_key(p, n);
            size_t at = abbrev_home(key);
            while (an->abbrevs[at] && an->abbrevs[at] != key)
                at = (at + 1) & (ABBREV_SLOTS - 1);
            an->abbrevs[at] = key;
        }
        p += n;
    }
}

np_status analyser_new(analyser **out, const np_allocator *allocator)
{
    *out = NULL;
    if (!allocator)
        allocator = np_default_allocator();
    analyser *an = np_calloc(allocator, 1, sizeof *an);
    if (!an)
        return NP_ENOMEM;
    an->allocator = allocator;
    segmenter_init(&an->own_words, allocator);
    an->words = &an->own_words;
    idset_init(&an->stopwords, allocator);
    idset_init(&an->number_words, allocator);
    idset_init(&an->mid_names, allocator);
    /* aligned, so a cache line holds whole sets; on a huge page, so that
     * the lookup asked for ahead of each word (add_token) seldom waits for
     * a walk of the page tables: its 512 pages of 4 KiB were more than
     * the TLB keeps beside the text's */
    an->stems = np_calloc_huge(allocator, STEM_CACHE * sizeof *an->stems, &an->stems_block);
    an->stem_sets = STEM_CACHE / STEM_WAYS;
    for (unsigned c = 0; c < 128; c++)
        if (!tu_is_alpha((int)c) && !tu_is_digit((int)c) && c != '.' && c != '!' && c != '?')
            an->between[c >> 6] |= 1ULL << (c & 63);
    add_abbreviations(an);
    int added;
    np_status st = an->stems ? add_words(&an->stopwords, english_stopwords, 0) : NP_ENOMEM;
    for (size_t k = 0; k < sizeof other_stopwords / sizeof *other_stopwords && st == NP_OK; k++)
        st = add_words(&an->stopwords, other_stopwords[k].words, stop_mix_of(language_index(other_stopwords[k].code)));
    for (size_t k = 0; k < sizeof number_words / sizeof *number_words && st == NP_OK; k++)
        st = idset_add(&an->number_words, text_word_hash(number_words[k].word, number_words[k].len), &added);
    if (st != NP_OK) {
        analyser_free(an);
        return NP_ENOMEM;
    }
    *out = an;
    return NP_OK;
}

void analyser_decode_all(analyser *an, int on)
{
    an->decode_all = on != 0;
}

void analyser_small_stem_cache(analyser *an, size_t sets)
{
    while (sets & (sets - 1))
        sets &= sets - 1;
    an->stem_sets = sets && sets < STEM_CACHE / STEM_WAYS ? sets : STEM_CACHE / STEM_WAYS;
    memset(an->stems, 0, STEM_CACHE * sizeof *an->stems);
}

void analyser_share_words(analyser *an, segmenter *sg)
{
    an->words = sg ? sg : &an->own_words;
    if (sg)
        segment_keep(sg);
}

void analyser_free(analyser *an)
{
    if (!an)
        return;
    for (size_t i = 0; i < N_STEMMERS; i++)
        if (an->stemmers[i])
            sb_stemmer_delete(an->stemmers[i]);
    idset_free(&an->stopwords);
    idset_free(&an->number_words);
    idset_free(&an->mid_names);
    segmenter_free(&an->own_words);
    np_free(an->allocator, an->stems_block);
    np_free(an->allocator, an);
}

/* The stemmer for lang (NULL if it could not be made); *which gets its
 * index in stemmer_names, its identity in the stem cache. */
static struct sb_stemmer *stemmer_for(analyser *an, const char *lang, size_t *which)
{
    size_t k = language_index(lang); /* undetermined: English rules do least harm to names and numbers */
    if (!an->stemmers[k] && !an->stemmer_failed[k]) {
        an->stemmers[k] = stemmer_names[k].algorithm ? sb_stemmer_new(stemmer_names[k].algorithm, "UTF_8") : NULL;
        an->stemmer_failed[k] = an->stemmers[k] == NULL;
    }
    *which = k;
    return an->stemmers[k];
}

/* Korean particles (josa), which follow a noun in the same word: 정부는,
 * 정부가, 정부의 are one word, the government, as subject, topic and
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

/* analyse.h */
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

/* Whether w[0..n) is written in hiragana alone (U+3041..U+309F): in
 * Japanese, a particle, an ending or an auxiliary. */
static int is_kana_word(const char *w, size_t n)
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

int analyser_is_stopword(const analyser *an, const char *lang, const char *word, size_t len)
{
    if (lang && strcmp(lang, "ja") == 0 && is_kana_word(word, len))
        return 1;
    return idset_has(&an->stopwords, text_word_hash(word, len) ^ stop_mix_of(language_index(lang ? lang : "en")));
}

/* Whether the word before a full stop is an abbreviation: " word " in
 * abbreviations, looked up in the analyser's table; searched for in the
 * string (the plain way) by a decode_all analyser, and for a word of a
 * space or NUL, whose key could span entries or end early. */
static int is_abbreviation(const analyser *an, const char *folded, size_t n)
{
    if (n == 1)
        return 1; /* an initial: "J. Smith" */
    if (n > 5)
        return 0;
    int plain = an->decode_all || n == 0;
    for (size_t i = 0; i < n; i++)
        plain |= folded[i] == ' ' || folded[i] == '\0';
    if (!plain) {
        uint64_t want = abbrev_key(folded, n);
        for (size_t at = abbrev_home(want); an->abbrevs[at]; at = (at + 1) & (ABBREV_SLOTS - 1))
            if (an->abbrevs[at] == want)
                return 1;
        return 0;
    }
    char key[8];
    key[0] = ' ';
    memcpy(key + 1, folded, n);
    key[n + 1] = ' ';
    key[n + 2] = '\0';
    return strstr(abbreviations, key) != NULL;
}

static int is_opening(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x2018 || cp == '(' || cp == 0xAB ||
           cp == '`';
}

static int is_closing(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0x201D || cp == 0x2019 || cp == ')' || cp == 0xBB;
}

static uint32_t decode_at(const char *s, size_t len, size_t i, size_t *n)
{
    uint32_t cp = (unsigned char)s[i];
    *n = 1;
    if (cp >= 0x80 && !(*n = utf8_decode_any((const unsigned char *)s + i, len - i, &cp))) {
        *n = 1;
        cp = 0xFFFD;
    }
    return cp;
}

/* Does the stop at s[i] end a sentence?  Looks past closing quotes and
 * spaces for a capital, digit or opening quote. */
static int ends_sentence(const char *s, size_t len, size_t i)
{
    size_t n;
    size_t j = i + 1;
    while (j < len && (s[j] == '.' || s[j] == '!' || s[j] == '?'))
        j++;
    int spaces = 0;
    while (j < len) {
        uint32_t cp = decode_at(s, len, j, &n);
        if (cp == ' ') {
            spaces = 1;
        } else if (!is_closing(cp) || spaces) {
            break;
        }
        j += n;
    }
    if (j >= len)
        return 1;
    if (!spaces)
        return 0;
    uint32_t cp = decode_at(s, len, j, &n);
    return tu_is_upper(cp) || tu_is_digit((int)cp) || is_opening(cp) || tu_is_cjk(cp) || segment_is_unspaced(cp);
}

/* Words' stems and kinds are looked up once UNRESOLVED_MOST words wait
 * (all but the last PENDING of them) and at the article's end, not as
 * each is read: the loads of their cache entries, asked for then, have
 * arrived, and no queue is kept word by word.  A power of two. */
enum { PENDING = 8, UNRESOLVED_MOST = 64, ANALYSE_MOST_WORDS = 1 << 20 }; /* more words than that grow the arrays */

enum { MAX_WORD = 64 }; /* bytes of a folded word kept; a longer one is cut */

typedef struct builder {
    analyser *an;
    struct sb_stemmer *stemmer;
    uint64_t stemmer_mix; /* the stemmer's part of a stem cache key: odd, a factor */
    uint64_t stop_mix;    /* the language's part of a stopword's key (stop_mix_of) */
    int kana_stops;       /* Japanese: a word of hiragana alone is a stopword */
    stem_entry *stems;    /* an->stems, and */
    uint64_t stem_mask;   /* an->stem_sets - 1, for add_token's prefetch without a load of an */
    size_t resolved; /* the tokens before it have their stems and kinds */
    int number_words;  /* English: mark number words TOK_NUMBER_WORD */
    int decimal_comma; /* the language writes 3,5 for 3.5 and 2.400 for 2,400 */
    arena *arena;
    token *tokens;
    uint64_t *words; /* the tokens' words side by side, as cap_tokens */
    size_t n_tokens, cap_tokens;
    sentence_span *sentences;
    size_t n_sentences, cap_sentences;
    size_t sentence_first;
    idset *mid_names; /* words seen capitalised inside a sentence */
} builder;

static np_status grow(builder *b, void **array, size_t *cap, size_t elem)
{
    size_t ncap = *cap ? *cap * 2 : 256;
    void *p = arena_alloc(b->arena, ncap * elem);
    if (!p)
        return NP_ENOMEM;
    if (*array)
        memcpy(p, *array, *cap * elem);
    *array = p;
    *cap = ncap;
    return NP_OK;
}

/* Room for twice the tokens, and their words. */
static np_status grow_tokens(builder *b)
{
    size_t cap = b->cap_tokens;
    if (grow(b, (void **)&b->words, &cap, sizeof *b->words) != NP_OK)
        return NP_ENOMEM;
    return grow(b, (void **)&b->tokens, &b->cap_tokens, sizeof *b->tokens);
}

static np_status close_sentence(builder *b)
{
    if (b->n_tokens == b->sentence_first)
        return NP_OK;
    if (b->n_sentences == b->cap_sentences &&
        grow(b, (void **)&b->sentences, &b->cap_sentences, sizeof *b->sentences) != NP_OK)
        return NP_ENOMEM;
    b->sentences[b->n_sentences++] = (sentence_span){
        (uint32_t)b->sentence_first, (uint32_t)(b->n_tokens - b->sentence_first) };
    b->sentence_first = b->n_tokens;
    return NP_OK;
}

/* What read_word learns of a word besides its folded form. */
typedef struct word_shape {
    unsigned letters; /* read_block_word counts them to two only */
    uint64_t lowers, digits; /* nonzero if it has a letter not upper case, a digit */
    int first_upper; /* -1 before the first letter */
} word_shape;

/* One character of a word: in *shape, appended to folded. */
static void take_char(uint32_t cp, char *folded, size_t *fn, word_shape *shape)
{
    if (tu_is_digit((int)cp)) {
        shape->digits = 1;
    } else {
        shape->letters++;
        int up = tu_is_upper(cp);
        shape->lowers |= (uint64_t)!up;
        if (shape->first_upper < 0)
            shape->first_upper = up;
    }
    uint32_t lower = cp < 0x80 ? (uint32_t)tu_lower((int)cp)
                               : (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
    char enc[4];
    size_t m = utf8_encode(lower, enc);
    if (*fn + m <= MAX_WORD) {
        memcpy(folded + *fn, enc, m);
        *fn += m;
    }
}

/* What the byte loop of read_word does with the ASCII letters and digits
 * at s[*j], eight bytes at a time while eight are left and folded has room
 * for eight more (MAX_WORD): lowered into folded[*k..] (the bytes past
 * the word too, which nothing reads), the letters counted in shape[0],
 * the lower-case ones and the digits marked in shape[1] and shape[2] (top
 * bits of their bytes), *first_upper set at the first letter.  Stops at
 * the first byte that is neither.  returns: 1 if it found that byte (s[*j]
 * is it), 0 if it stopped for want of eight bytes or of room. */
static int read_ascii8(const char *s, size_t len, size_t *j, char *folded, size_t *k, uint64_t shape[3],
                       int *first_upper)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x80 * ones;
    while (*j + 8 <= len && *k + 8 <= MAX_WORD) {
        uint64_t x;
        memcpy(&x, s + *j, 8);
        uint64_t low = x & 0x7f * ones; /* bytes of 0x80 and over are neither: & ~x */
        uint64_t alpha = tu_bytes_within(low | 0x20 * ones, 'a', 'z') & ~x;
        uint64_t digit = tu_bytes_within(low, '0', '9') & ~x;
        uint64_t stop = ~(alpha | digit) & highs;
        size_t take = stop ? (size_t)__builtin_ctzll(stop) / 8 : 8;
        uint64_t in = take == 8 ? ~0ULL : (1ULL << (8 * take)) - 1;
        alpha &= in;
        digit &= in;
        uint64_t upper = alpha & ~(x << 2); /* a letter's case bit (0x20) clear */
        if (*first_upper < 0 && alpha)
            *first_upper = (int)(upper >> __builtin_ctzll(alpha) & 1);
        shape[0] += tu_count_tops(alpha);
        shape[1] |= alpha & (x << 2); /* the case bit set */
        shape[2] |= digit;
        x |= alpha >> 2; /* lowercase */
        memcpy(folded + *k, &x, 8);
        *k += take;
        *j += take;
        if (take < 8)
            return 1;
    }
    return 0;
}

/* Reads the word at s[i]; returns its end.  folded gets the casefolded
 * form.  ASCII letters and digits, most of any text, take a path of their
 * own that gives what take_char would; the rest is decoded (an analyser
 * made with `decode_all` decodes everything, to test the two agree). */
static inline __attribute__((always_inline)) size_t read_word(const char *s, size_t len, size_t i, char *folded, size_t *fn,
                        word_shape *shape, int decode_all)
{
    size_t n, j = i, k = 0;
    unsigned letters = 0;
    uint64_t lowers = 0, digits = 0;
    int first_upper = -1;
    for (;;) {
        int stopped = 0; /* at a byte no ASCII letter or digit: the byte loop would only look at it */
        if (!decode_all) {
            uint64_t eight[3] = { 0, 0, 0 };
            stopped = read_ascii8(s, len, &j, folded, &k, eight, &first_upper);
            letters += (unsigned)eight[0];
            lowers |= eight[1];
            digits |= eight[2];
        }
        /* locals, not *shape: folded is a char array that may alias it */
        while (!decode_all && !stopped && j < len) {
            unsigned char c = (unsigned char)s[j], lower = c | 0x20;
            if ((unsigned)(lower - 'a') < 26) { /* an ASCII letter; no other byte passes */
                unsigned up = !(c & 0x20);
                letters++;
                lowers |= !up;
                if (first_upper < 0)
                    first_upper = (int)up;
                c = lower;
            } else if (tu_is_digit(c)) {
                digits = 1;
            } else {
                break;
            }
            if (k < MAX_WORD)
                folded[k++] = (char)c;
            j++;
        }
        if (j >= len || (!decode_all && s[j] == ' '))
            break; /* a space, where most words end: no wordchar, no connector */
        uint32_t cp = decode_at(s, len, j, &n);
        if (!tu_is_wordchar(cp)) {
            /* inner connectors: don't, 90,000, 3.5 (most words end at
             * none: a space) */
            int connector = cp == '\'' || cp == 0x2019 || cp == ',' || cp == '.';
            if (connector && j + n < len && k) {
                size_t m;
                uint32_t next = decode_at(s, len, j + n, &m);
                int prev_digit = tu_is_digit((unsigned char)folded[k - 1]);
                if (((cp == '\'' || cp == 0x2019) && tu_is_wordchar(next) && !tu_is_digit((int)next)) ||
                    ((cp == ',' || cp == '.') && prev_digit && tu_is_digit((int)next))) {
                    if (k < MAX_WORD)
                        folded[k++] = cp == ',' ? ',' : cp == '.' ? '.' : '\'';
                    j += n;
                    continue;
                }
            }
            break;
        }
        word_shape one = { letters, lowers, digits, first_upper };
        take_char(cp, folded, &k, &one);
        letters = one.letters;
        lowers = one.lowers;
        digits = one.digits;
        first_upper = one.first_upper;
        j += n;
    }
    *fn = k;
    *shape = (word_shape){ letters, lowers, digits, first_upper };
    return j;
}

/* The text's bytes from *base as masks (tu_classify64), 64 at a time,
 * kept by analyse_text while its words fall within them. */
typedef struct word_block {
    size_t base; /* the offset in the text of the block's first byte */
    tu_block bits;
} word_block;

/* Classifies the 64 bytes at s[i] (the text's end and past it as zero
 * bytes, between words) into blk; the text's end, when within them, kept
 * (so that a word's *next in read_block_word is never past it). */
static void classify_at(const char *s, size_t len, size_t i, word_block *blk)
{
    blk->base = i;
    if (len - i >= 64) {
        tu_classify64_wide(s + i, &blk->bits);
        return;
    }
    char tail[64] = { 0 };
    memcpy(tail, s + i, len - i);
    tu_classify64_wide(tail, &blk->bits);
    blk->bits.kept |= 1ULL << (len - i);
}

/* read_word for the most common word, by the masks of the text's block
 * around it (word_block): ASCII letters and digits ended by a byte that
 * ends a word whatever comes next, a space, ASCII punctuation but an
 * apostrophe, a comma or full stop only after a letter (after a digit
 * they may join a number: "90,000", "3.5"), or the text's end.  Its end is
 * the first clear bit of the block's word mask; the block is classified
 * again from s[i] when the word runs past it.  s[i] is an ASCII letter or
 * digit.  returns: the word's end, as read_word's; 0 for any other word
 * (non-ASCII, an apostrophe, 64 bytes or more), which read_word then
 * reads from its start.  *folded: its folded form, borrowed from the
 * block (valid until it is classified again).  *next: past the bytes
 * between words after it
 * within the block (analyse_text's loop would pass over each);
 * *word_next: 1 if s[*next] is known to be an ASCII letter or digit, so
 * that analyse_text reads the next word at once. */
static inline __attribute__((always_inline)) size_t read_block_word(const char *s, size_t len, size_t i,
                                                                    word_block *blk, const char **folded, size_t *fn,
                                                                    word_shape *shape, size_t *next,
                                                                    int *word_next)
{
    size_t off = i - blk->base;
    *word_next = 0;
    if (off >= 64 || !(~blk->bits.word >> off)) {
        classify_at(s, len, i, blk);
        off = 0;
        if (!~blk->bits.word)
            return 0; /* 64 bytes or more: past MAX_WORD */
    }
    const tu_block *b = &blk->bits;
    size_t n = (size_t)__builtin_ctzll(~b->word >> off), j = i + n;
    if (b->joins >> (off + n) & 1) /* the byte after it: off + n < 64, and the word's last byte is in the block */
        return 0;
    uint64_t in = ((1ULL << n) - 1) << off;
    uint64_t alpha = b->alpha & in;
    unsigned char first = (unsigned char)s[i];
    int first_upper = first >= 'A' ? !(first & 0x20) /* a letter is past the digits */
                      : alpha ? !(b->lower >> __builtin_ctzll(alpha) & 1) : -1;
    *folded = b->folded + off;
    *fn = n;
    /* the letters counted to two, all that analyse_text asks (no call to
     * a popcount without -mpopcnt) */
    *shape = (word_shape){ (unsigned)(alpha != 0) + ((alpha & (alpha - 1)) != 0), alpha & b->lower,
                           b->word & ~b->alpha & in, first_upper };
    uint64_t kept = b->kept >> (off + n);
    *word_next = (kept & -kept & b->word >> (off + n)) != 0;
    size_t to = kept ? j + (size_t)__builtin_ctzll(kept) : blk->base + 64;
    *next = to;
    return j;
}

/* A number's digits as English writes them, into out (room for n): the
 * thousands' separators dropped, the decimal mark a point.  In a language
 * that writes 3,5 and 2.400 (decimal_comma) the two marks swap, so that
 * "2.400 Hafenarbeiter" and "2,400 dockworkers" give one number, and
 * "3,5 Prozent" is 3.5, not 35. */
static size_t number_digits(const char *s, size_t n, int decimal_comma, char *out)
{
    size_t dn = 0;
    if (!decimal_comma) {
        for (size_t k = 0; k < n; k++)
            if (s[k] != ',')
                out[dn++] = s[k];
        return dn;
    }
    for (size_t k = 0; k < n; k++)
        if (s[k] != '.')
            out[dn++] = s[k] == ',' ? '.' : s[k];
    return dn;
}

/* A number's stem: its digits ("90,000" and "90000" are the same number). */
static uint32_t number_stem(const char *folded, size_t fn, int decimal_comma)
{
    char digits[MAX_WORD];
    size_t dn = number_digits(folded, fn, decimal_comma, digits);
    return (uint32_t)text_word_hash(digits, dn) | 1u;
}

/* resolve_tokens for a word in neither way of its cache set (set: NULL
 * for none, decode_all): its kind from the word lists and its stem from
 * the stemmer, then cached first in its set, the least recently used put
 * out. */
static void resolve_uncached(builder *b, token *t, const char *folded, size_t fn, unsigned shown,
                             stem_entry *set, uint64_t key)
{
    unsigned kind = WORD_KNOWN;
    if (idset_has(&b->an->stopwords, t->word ^ b->stop_mix) || (b->kana_stops && is_kana_word(folded, fn)))
        kind |= TOK_STOP;
    if (idset_has(&b->an->number_words, t->word))
        kind |= TOK_NUMBER_WORD;
    t->flags |= (uint8_t)(kind & shown);
    if (!(kind & TOK_STOP)) {
        const sb_symbol *stem = NULL;
        int stem_len = 0;
        if (b->stemmer) {
            stem = sb_stemmer_stem(b->stemmer, (const sb_symbol *)folded, (int)fn);
            stem_len = stem ? sb_stemmer_length(b->stemmer) : 0;
        }
        /* a word of Hangul is stemmed as Korean whatever the article's
         * language (no Snowball stemmer reads Korean) */
        size_t kn = text_korean_stem_len(folded, fn);
        if (!stem || kn != fn) {
            stem = (const sb_symbol *)folded;
            stem_len = (int)kn;
        }
        t->stem = (uint32_t)text_word_hash((const char *)stem, (size_t)stem_len) | 1u;
    }
    if (set) {
        set[1] = set[0];
        set[0] = (stem_entry){ key, t->stem, (uint8_t)kind, { 0, 0, 0 } };
    }
}

/* A token's folded form, read again from its surface as read_word reads
 * it (which gives what read_block_word gave: text_analyse_block_edges_agree)
 * or, decode_all, decoding every byte; a word ends at no byte that joins
 * it to the next, so the surface alone tells it.  returns: its length. */
static __attribute__((noinline)) size_t fold_again(const token *t, char folded[MAX_WORD], int decode_all)
{
    size_t fn = 0;
    word_shape shape;
    read_word(t->surface, t->len, 0, folded, &fn, &shape, decode_all);
    return fn;
}

/* resolve_tokens' loop over the words in the cache, in a function of its
 * own so that its values stay in registers (a miss's call needs others).
 * returns: the first word of [t, end) not in the cache, or end. */
static inline token *resolve_cached(token *t, token *end, const stem_entry *stems, uint64_t mix, uint64_t sets,
                                    unsigned shown)
{
    for (; t < end; t++) {
        if (t->flags & TOK_NUMBER)
            continue;
        uint64_t key = t->word * mix;
        const stem_entry *set = &stems[(key & sets) * STEM_WAYS];
        if (set[0].key != key)
            return t;
        t->stem = set[0].stem;
        t->flags |= (uint8_t)(set[0].kind & shown);
    }
    return end;
}

/* Gives the words of tokens [b->resolved, upto) their stems and tells
 * whether each is a stopword or a number word: from the cache, else from
 * the word lists and the stemmer (then cached) with the word folded again
 * (fold_again: most words are in the cache, so analyse_text keeps no
 * folded form).  Numbers have theirs (add_token). */
static void resolve_tokens(builder *b, size_t upto)
{
    char folded[MAX_WORD];
    unsigned shown = TOK_STOP | (b->number_words ? TOK_NUMBER_WORD : 0);
    int decode_all = b->an->decode_all;
    /* read once: the flags' byte stores may alias anything */
    const uint64_t mix = b->stemmer_mix, sets = b->an->stem_sets - 1;
    stem_entry *stems = b->an->stems;
    token *t = b->tokens + b->resolved, *end = b->tokens + upto;
    if (decode_all) { /* no cache: every word from the lists and the stemmer */
        for (; t < end; t++) {
            if (!(t->flags & TOK_NUMBER)) {
                size_t fn = fold_again(t, folded, 1);
                resolve_uncached(b, t, folded, fn, shown, NULL, t->word * mix);
            }
        }
    }
    while ((t = resolve_cached(t, end, stems, mix, sets, shown)) < end) {
        uint64_t key = t->word * mix;
        stem_entry *set = &stems[(key & sets) * STEM_WAYS];
        if (set[1].key == key) { /* the second way made the first, the word not folded again */
            stem_entry hit = set[1];
            set[1] = set[0];
            set[0] = hit;
            t->stem = hit.stem;
            t->flags |= (uint8_t)(hit.kind & shown);
        } else {
            size_t fn = fold_again(t, folded, 0);
            resolve_uncached(b, t, folded, fn, shown, set, key);
        }
        t++;
    }
    b->resolved = upto;
}

/* A token; a word's stem and kind are looked up later (resolve_tokens),
 * its cache entry asked for now; a number's stem made now. */
static np_status add_token(builder *b, const char *surface, size_t slen, const char *folded,
                           size_t fn, unsigned flags)
{
    size_t at = b->n_tokens;
    if (at == b->cap_tokens && grow_tokens(b) != NP_OK)
        return NP_ENOMEM;
    uint64_t word = text_word_hash(folded, fn);
    b->words[at] = word;
    token *t = &b->tokens[at];
    /* one store of the whole token, not a load of each field's base after
     * the stores before it (the folded bytes may alias the builder) */
    *t = (token){ .word = word, .surface = surface, .len = (uint16_t)(slen > 65535 ? 65535 : slen),
                  .sentence = (uint32_t)b->n_sentences, .stem = 0, .flags = (uint8_t)flags };
    b->n_tokens = at + 1;
    if (!(flags & TOK_NUMBER)) /* a hint, harmless to a decode_all analyser, which reads no cache */
        __builtin_prefetch(&b->stems[((word * b->stemmer_mix) & b->stem_mask) * STEM_WAYS]);
    if (flags & TOK_NUMBER) {
        if (idset_has(&b->an->stopwords, t->word ^ b->stop_mix))
            t->flags |= TOK_STOP;
        else
            t->stem = number_stem(folded, fn, b->decimal_comma);
    }
    return NP_OK;
}

/* Tokens of one paragraph (or the title); sentence boundaries inside it. */
static np_status analyse_text(builder *b, const char *s, size_t len, unsigned extra)
{
    int sentence_start = 1;
    size_t i = 0, n;
    /* the word read: its folded form in the block (read_block_word) or
     * in own (read_word); the last word's, for abbreviations */
    char own[MAX_WORD];
    const char *folded = own, *last_folded = own;
    size_t fn = 0, last_fn = 0;
    int decode_all = b->an->decode_all;
    const uint64_t between[2] = { decode_all ? 0 : b->an->between[0], decode_all ? 0 : b->an->between[1] };
    word_block blk;
    blk.base = 0;
    blk.bits.word = ~0ULL; /* no word ends in it: the first word classifies */
    memset(blk.bits.folded + 64, 0, 16);
    int word_next = 0; /* s[i] is an ASCII letter or digit (read_block_word) */
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        /* ASCII between words: spaces and punctuation, only a stop
         * matters (one test of a bit; decode_all clears them) */
        if (!word_next && c < 0x80 && (between[c >> 6] >> (c & 63) & 1)) {
            i++;
            continue;
        }
        word_shape shape;
        size_t end = 0, next = 0;
        uint32_t cp = c;
        n = 1;
        /* an ASCII byte not between words is a letter, a digit or one of
         * the stops ".!?", of which only '?' is past '0' */
        if (word_next || (!decode_all && c < 0x80 && c >= '0' && c != '?'))
            end = read_block_word(s, len, i, &blk, &folded, &fn, &shape, &next, &word_next);
        if (!end) {
            cp = decode_at(s, len, i, &n);
            if (tu_is_wordchar(cp)) {
                folded = own;
                end = read_word(s, len, i, own, &fn, &shape, decode_all);
                next = end + (!decode_all && end < len && s[end] == ' ');
            }
        }
        if (end) {
            unsigned flags = extra;
            int first_upper = shape.first_upper;
            if (shape.digits)
                flags |= TOK_NUMBER;
            else if (first_upper == 1 &&
                     (!sentence_start || (shape.letters >= 2 && !shape.lowers)))
                flags |= TOK_NAME;
            else if (first_upper == 1 && sentence_start)
                flags |= 0x80; /* capitalised at a sentence start: decided later */
            if (add_token(b, s + i, end - i, folded, fn, flags) != NP_OK)
                return NP_ENOMEM;
            size_t n_tokens = b->n_tokens;
            if ((flags & TOK_NAME) && !(extra & TOK_TITLE)) {
                int added;
                if (idset_add(b->mid_names, b->words[n_tokens - 1], &added) != NP_OK)
                    return NP_ENOMEM;
            }
            last_folded = folded;
            last_fn = fn;
            if (n_tokens - b->resolved >= UNRESOLVED_MOST)
                resolve_tokens(b, n_tokens - PENDING);
            sentence_start = 0;
            /* the space after most words passed over here, not in a turn of
             * the loop that would only do that */
            i = next;
            continue;
        }
        if ((cp == '.' || cp == '!' || cp == '?') && !sentence_start &&
            !(cp == '.' && is_abbreviation(b->an, last_folded, last_fn)) && ends_sentence(s, len, i)) {
            if (close_sentence(b) != NP_OK)
                return NP_ENOMEM;
            sentence_start = 1;
        }
        i += n;
    }
    return close_sentence(b);
}

/* How a language's words are found: between spaces, or by their
 * dictionary (segment_spaced): Chinese and Japanese, Thai, Lao, Khmer and
 * Burmese. */
enum { READ_SPACED, READ_CJK, READ_UNSPACED };

static int reading_of(const char *lang)
{
    if (!lang)
        return READ_SPACED;
    if (strcmp(lang, "zh") == 0 || strcmp(lang, "ja") == 0)
        return READ_CJK;
    if (strcmp(lang, "th") == 0 || strcmp(lang, "lo") == 0 || strcmp(lang, "km") == 0 || strcmp(lang, "my") == 0)
        return READ_UNSPACED;
    return READ_SPACED;
}

/* analyse_text of the string s, read as `reading` says; the spaced form
 * is made in mem (tokens point into it: it lives as long as the
 * analysis). */
static np_status analyse_text_as(builder *b, const char *s, unsigned extra, int reading, arena *mem)
{
    size_t len = strlen(s);
    if (reading == READ_SPACED)
        return analyse_text(b, s, len, extra);
    char *spaced = arena_alloc(mem, 2 * len + 1);
    if (!spaced)
        return NP_ENOMEM;
    size_t n = segment_spaced(b->an->words, s, len, spaced, reading == READ_CJK);
    if (n == (size_t)-1)
        return NP_ENOMEM;
    return analyse_text(b, spaced, n, extra);
}

/* Languages whose numbers are written 3,5 and 2.400 (of those lang.c
 * names); English's 3.5 and 2,400 for the others and undetermined text. */
static int writes_decimal_comma(const char *lang)
{
    static const char codes[] = "de fr es it pt nl sv da pl tr ru uk el id ro fi";
    return lang && strlen(lang) == 2 && strstr(codes, lang) != NULL;
}

np_status analyse_article(analyser *an, const np_article *article, int include_title,
                          arena *mem, analysis *out)
{
    memset(out, 0, sizeof *out);
    idset *mid_names = &an->mid_names; /* empty: cleared after each article */
    builder b = { .an = an, .arena = mem, .mid_names = mid_names };
    size_t which;
    b.stemmer = stemmer_for(an, article->lang ? article->lang : "en", &which);
    /* odd, so that a word's key (its hash times this) is a bijection of
     * it and 0 only for 0, which no word is; one for each stemmer (the
     * index times an odd number, distinct below 2^63, shifted) */
    b.stemmer_mix = (uint64_t)(which + 1) * 0x9E3779B97F4A7C15u << 1 | 1;
    b.stop_mix = stop_mix_of(which);
    b.stems = an->stems;
    b.stem_mask = an->stem_sets - 1;
    b.number_words = !article->lang || strcmp(article->lang, "en") == 0 || strcmp(article->lang, "und") == 0;
    b.decimal_comma = writes_decimal_comma(article->lang);
    /* room for the words the cleaner counted (those of a language written
     * without spaces found as segment_spaced finds them), a title and a
     * sentence in ten words, so that the arrays seldom grow (a growth
     * copies them) */
    int reading = reading_of(article->lang);
    b.kana_stops = article->lang && strcmp(article->lang, "ja") == 0;
    size_t words = article->words < ANALYSE_MOST_WORDS ? article->words : ANALYSE_MOST_WORDS;
    b.cap_tokens = words + words / 4 + 64;
    b.cap_sentences = words / 10 + 16;
    b.tokens = arena_alloc(mem, b.cap_tokens * sizeof *b.tokens);
    b.words = arena_alloc(mem, b.cap_tokens * sizeof *b.words);
    b.sentences = arena_alloc(mem, b.cap_sentences * sizeof *b.sentences);
    np_status st = b.tokens && b.words && b.sentences ? NP_OK : NP_ENOMEM;
    if (st == NP_OK && include_title && article->title) {
        st = analyse_text_as(&b, article->title, TOK_TITLE, reading, mem);
        out->n_title_tokens = b.n_tokens;
    }
    for (size_t p = 0; st == NP_OK && p < article->n_paragraphs; p++)
        st = analyse_text_as(&b, article->paragraphs[p], 0, reading, mem);
    /* the words left, once an article, not at each text's end: their
     * surfaces, the article's, are there still */
    if (st == NP_OK)
        resolve_tokens(&b, b.n_tokens);
    if (st == NP_OK) {
        /* a capitalised sentence opener is a name if the text also writes it
         * capitalised mid-sentence ("Russia began..." ... "with Russia");
         * only a sentence's first token can be one, and only the title's
         * are TOK_TITLE */
        for (size_t s = 0; s < b.n_sentences; s++) {
            token *t = &b.tokens[b.sentences[s].first];
            if (t->flags & 0x80) {
                t->flags &= (uint8_t)~0x80;
                if (!(t->flags & TOK_STOP) && idset_has(mid_names, t->word))
                    t->flags |= TOK_NAME;
            }
        }
        /* title-case headlines capitalise everything: names there are the
         * words the body also capitalises */
        for (size_t i = 0; i < out->n_title_tokens && article->n_paragraphs; i++) {
            token *t = &b.tokens[i];
            if ((t->flags & TOK_NAME) && !idset_has(mid_names, t->word))
                t->flags &= (uint8_t)~TOK_NAME;
        }
    }
    /* a large article's table is let go, not cleared for every article after */
    if (mid_names->cap > MID_NAMES_KEPT)
        idset_free(mid_names);
    else
        idset_clear(mid_names);
    if (st != NP_OK)
        return st;
    out->tokens = b.tokens;
    out->words = b.words;
    out->n_tokens = b.n_tokens;
    out->sentences = b.sentences;
    out->n_sentences = b.n_sentences;
    out->decimal_comma = b.decimal_comma;
    return NP_OK;
}


enum { NUMBER_MAX = 24 };

/* The number a token writes, as digits ("90,000" -> "90000", "7th" and
 * "seventh" -> "7th"); 0 when it is none.  A digit run with other letters
 * ("AK47", "1990s", "2bn") is a name or a span, not a count. */
static size_t token_number(const token *t, int decimal_comma, char out[NUMBER_MAX])
{
    char low[NUMBER_MAX];
    if (t->len >= NUMBER_MAX || !(t->flags & (TOK_NUMBER | TOK_NUMBER_WORD)))
        return 0;
    size_t n = number_digits(t->surface, t->len, decimal_comma, low);
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(low[i] >= 'A' && low[i] <= 'Z' ? low[i] + 32 : low[i]);
    if (t->flags & TOK_NUMBER) {
        size_t d = 0;
        while (d < n && ((low[d] >= '0' && low[d] <= '9') || low[d] == '.'))
            d++;
        if (d == 0 || low[d - 1] == '.')
            return 0;
        if (d < n && !(n - d == 2 && (memcmp(low + d, "st", 2) == 0 || memcmp(low + d, "nd", 2) == 0 ||
                                      memcmp(low + d, "rd", 2) == 0 || memcmp(low + d, "th", 2) == 0)))
            return 0;
        size_t zeros = 0; /* "June 06" is June 6 */
        while (zeros + 1 < d && low[zeros] == '0' && low[zeros + 1] != '.')
            zeros++;
        memmove(low, low + zeros, n - zeros);
        d -= zeros;
        n -= zeros;
        memcpy(out, low, d);
        if (d < n) {
            memcpy(out + d, "th", 2); /* 1st, 2nd and 3rd as "first" etc. are */
            d += 2;
        }
        return d;
    }
    for (size_t k = 0; k < sizeof number_words / sizeof *number_words; k++) {
        if (number_words[k].len == n && memcmp(low, number_words[k].word, n) == 0) {
            size_t m = strlen(number_words[k].digits);
            memcpy(out, number_words[k].digits, m);
            return m;
        }
    }
    return 0;
}

/* Are tokens a and a + 1 side by side: one sentence, nothing but spaces or
 * a hyphen between ("23 pirates", "6.1-magnitude")? */
static int adjacent(const analysis *an, size_t a)
{
    if (a + 1 >= an->n_tokens)
        return 0;
    const token *x = &an->tokens[a], *y = &an->tokens[a + 1];
    if (x->sentence != y->sentence)
        return 0;
    const char *from = x->surface + x->len, *to = y->surface;
    if (to < from || to - from > 3)
        return 0;
    for (const char *p = from; p < to; p++)
        if (*p != ' ' && *p != '-')
            return 0;
    return 1;
}

/* A word a number can count: no stopword, no number. */
static int countable(const analysis *an, size_t t)
{
    const token *x = &an->tokens[t];
    return x->stem && !(x->flags & (TOK_NUMBER | TOK_NUMBER_WORD));
}

static fact make_fact(const char *number, size_t n, uint32_t noun, uint32_t first, uint32_t last)
{
    /* NUMBER_MAX + 4 bytes used; the room above is for gcc -O3, whose
     * bounds check follows the inlined hash into its paths for keys of up
     * to 128 bytes, which a key this short never takes */
    char key[128];
    memcpy(key, number, n);
    memcpy(key + n, &noun, 4);
    /* an ordinal ranks ("seventh round"), a cardinal counts ("7 rounds"):
     * two facts about a word, not two numbers for one */
    unsigned char word[5];
    memcpy(word, &noun, 4);
    word[4] = n >= 2 && memcmp(number + n - 2, "th", 2) == 0;
    fact f = { (uint32_t)XXH3_64bits(key, n + 4) | 1u, (uint32_t)XXH3_64bits(word, 5) | 1u,
               (uint32_t)XXH3_64bits(number, n) | 1u, first, last };
    return f;
}

size_t analysis_facts(const analysis *an, fact *out)
{
    size_t n = 0;
    char number[NUMBER_MAX];
    const token *tokens = an->tokens;
    const unsigned numbers = TOK_NUMBER | TOK_NUMBER_WORD;
    for (size_t t = 0; t < an->n_tokens; t++) {
        /* most words: token_number's first test, without the call, four
         * words at once */
        while (t + 4 <= an->n_tokens &&
               !((tokens[t].flags | tokens[t + 1].flags | tokens[t + 2].flags | tokens[t + 3].flags) & numbers))
            t += 4;
        if (t == an->n_tokens)
            break;
        if (!(tokens[t].flags & numbers))
            continue;
        size_t len = token_number(&an->tokens[t], an->decimal_comma, number);
        if (!len)
            continue;
        /* the words it counts: the next one or two, side by side */
        size_t k = 0;
        for (size_t w = t; k < 2 && w + 1 < an->n_tokens && adjacent(an, w) && countable(an, w + 1);
             w++, k++)
            out[n++] = make_fact(number, len, an->tokens[w + 1].stem, (uint32_t)t, (uint32_t)(w + 1));
        if (k || (t + 1 < an->n_tokens && adjacent(an, t)))
            continue;
        /* a number that ends a phrase names the word before it:
         * "magnitude 6.1.", "round 7," */
        if (t > 0 && adjacent(an, t - 1) && countable(an, t - 1))
            out[n++] = make_fact(number, len, an->tokens[t - 1].stem, (uint32_t)(t - 1), (uint32_t)t);
    }
    return n;
}
