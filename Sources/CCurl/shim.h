// Typed wrappers for libcurl's variadic functions, which Swift cannot call directly.
#include <curl/curl.h>

static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_str(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_ptr(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_read_cb(CURL *h, curl_read_callback cb) { return curl_easy_setopt(h, CURLOPT_READFUNCTION, cb); }
static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode ccurl_getinfo_socket(CURL *h, CURLINFO i, curl_socket_t *v) { return curl_easy_getinfo(h, i, v); }

// A write callback that drops what the server answers (webhook endpoints' bodies are not read; without
// a callback libcurl would write them to stdout, where nothing of Herald's belongs).
static size_t ccurl_discard(char *data, size_t size, size_t count, void *user) { (void)data; (void)user; return size * count; }
static inline CURLcode ccurl_setopt_discard_body(CURL *h) { return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, ccurl_discard); }
