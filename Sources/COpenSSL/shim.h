#ifndef GONGKAI_COPENSSL_SHIM_H
#define GONGKAI_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/sha.h>
#endif
