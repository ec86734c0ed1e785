#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

/// A PEM passphrase callback that supplies none: OpenSSL's default would prompt on the terminal,
/// which a service must never do. An encrypted key therefore fails to load with a clear error.
static inline int ccrypto_no_passphrase(char *buffer, int size, int rwflag, void *userdata) {
    (void)buffer; (void)size; (void)rwflag; (void)userdata;
    return 0;
}
